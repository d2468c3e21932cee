package fonts_test

import (
	"fmt"
	"log"

	"github.com/jixiao/jixiao/fonts"
)

func ExampleSet_Resolve() {
	set, err := fonts.Default()
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range "标题𠮷😀" {
		f, ok := set.Resolve(fonts.RoleTitle, r)
		if !ok {
			fmt.Printf("%c: missing from every face\n", r)
			continue
		}
		fmt.Printf("%c: %s, advance %d/%d\n", r, f.Name, f.Advance(r), f.UnitsPerEm())
	}
	// Output:
	// 标: NotoSerifSC-Bold, advance 1000/1000
	// 题: NotoSerifSC-Bold, advance 1000/1000
	// 𠮷: LXGWWenKai-Regular, advance 1000/1000
	// 😀: missing from every face
}
