package xlsx

import (
	"encoding/json"
	"encoding/xml"
	"testing"
)

func TestAppendSourceText(t *testing.T) {
	for _, s := range []string{
		"",
		`"quotes" and 'apostrophes'`,
		"金融（整体），运转：经费",
		"<b>&amp;</b>",
		"\uFFFE and \uFFFF beside \uFFFD and \uFF0C",
		"tab\tnew line\ncontrol\x01",
	} {
		js, err := json.Marshal(map[string]string{"s": s})
		if err != nil {
			t.Fatal(err)
		}
		part := append([]byte("<x>"), appendSourceText(nil, js)...)
		part = append(part, "</x>"...)
		var text string
		if err := xml.Unmarshal(part, &text); err != nil {
			t.Fatalf("%q: the part is not XML: %v\n%s", s, err, part)
		}
		var got map[string]string
		if err := json.Unmarshal([]byte(text), &got); err != nil {
			t.Fatalf("%q: the text is not the JSON: %v\n%s", s, err, text)
		}
		if got["s"] != s {
			t.Errorf("read back %q, want %q", got["s"], s)
		}
	}
	// Raw, unescaped markup (not what encoding/json writes) is escaped.
	if got := string(appendSourceText(nil, []byte(`"<&>"`))); got != `"&lt;&amp;&gt;"` {
		t.Errorf("got %s", got)
	}
}
