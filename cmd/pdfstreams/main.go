// Command pdfstreams measures what deflate's levels cost on the streams
// of a PDF: it reads every Flate stream of the file, sorts them into
// page contents, font programs, object streams, embedded files and the
// rest, and compresses each kind, stream by stream as a writer does, at
// each level with the compressor Jixiao links (third_party/compress),
// printing the compressed size and the best time of several rounds.
//
// Usage:
//
//	pdfstreams [-rounds N] [-levels 1,5,6] FILE.pdf
//
// It reads the objects as Jixiao writes them ("N 0 obj << … >> stream"),
// not every PDF: the figures it gives are for choosing Jixiao's levels.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/zlib"
)

func main() {
	rounds := flag.Int("rounds", 15, "rounds per level; the best is printed")
	levels := flag.String("levels", "1,2,4,5,6,9", "deflate levels, comma-separated")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pdfstreams [-rounds N] [-levels 1,5,6] FILE.pdf")
		os.Exit(2)
	}
	if err := run(os.Stdout, flag.Arg(0), *levels, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "pdfstreams:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, name, levelList string, rounds int) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var levels []int
	for _, f := range strings.Split(levelList, ",") {
		l, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || l < 1 || l > 9 {
			return fmt.Errorf("level %q: want 1 to 9", f)
		}
		levels = append(levels, l)
	}
	kinds, err := streams(data)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		raw := 0
		for _, s := range kinds[k] {
			raw += len(s)
		}
		fmt.Fprintf(w, "%s: %d streams, %d bytes\n", k, len(kinds[k]), raw)
		for _, l := range levels {
			size, best, err := measure(kinds[k], l, rounds)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  level %d: %d bytes, %.2f ms\n", l, size, float64(best.Microseconds())/1000)
		}
	}
	return nil
}

// object matches the start of an indirect object.
var (
	object = regexp.MustCompile(`\d+ 0 obj\s*`)
	length = regexp.MustCompile(`/Length (\d+)`)
)

// streams returns the decompressed Flate streams of a PDF by kind.
func streams(data []byte) (map[string][][]byte, error) {
	kinds := map[string][][]byte{}
	for _, m := range object.FindAllIndex(data, -1) {
		// The dictionary runs to the object's "stream" keyword, if it
		// has one before the object ends.
		rest := data[m[1]:]
		at := bytes.Index(rest, []byte("stream"))
		if at < 0 {
			break
		}
		dict := rest[:at]
		if bytes.Contains(dict, []byte("endobj")) || !bytes.Contains(dict, []byte("/FlateDecode")) {
			continue
		}
		start := m[1] + at + len("stream")
		if bytes.HasPrefix(data[start:], []byte("\r")) {
			start++
		}
		start++ // the end of line after the keyword
		lm := length.FindAllSubmatch(dict, -1)
		if len(lm) == 0 {
			continue
		}
		n, _ := strconv.Atoi(string(lm[len(lm)-1][1]))
		if start+n > len(data) {
			return nil, fmt.Errorf("the stream at %d runs past the end", start)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data[start : start+n]))
		if err != nil {
			return nil, fmt.Errorf("stream at %d: %w", start, err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("stream at %d: %w", start, err)
		}
		k := kind(dict)
		kinds[k] = append(kinds[k], raw)
	}
	if len(kinds) == 0 {
		return nil, fmt.Errorf("no Flate streams found")
	}
	return kinds, nil
}

// kind names a stream by its dictionary.
func kind(dict []byte) string {
	for _, k := range []struct{ key, name string }{
		{"/ObjStm", "object streams"},
		{"/XRef", "cross-reference"},
		{"/EmbeddedFile", "embedded files"},
		{"/Length1", "font programs"},
		{"/FontFile", "font programs"},
		{"/Metadata", "metadata"},
		{"/N 3", "colour profile"},
	} {
		if bytes.Contains(dict, []byte(k.key)) {
			return k.name
		}
	}
	return "page contents"
}

// measure compresses each stream at level with one reused compressor,
// as the writers do, and returns their total size and the best time of
// the rounds.
func measure(streams [][]byte, level, rounds int) (int, time.Duration, error) {
	zw, err := zlib.NewWriterLevel(nil, level)
	if err != nil {
		return 0, 0, err
	}
	var out bytes.Buffer
	best, size := time.Duration(1<<63-1), 0
	for range max(rounds, 1) {
		start := time.Now()
		size = 0
		for _, s := range streams {
			out.Reset()
			zw.Reset(&out)
			zw.Write(s)
			if err := zw.Close(); err != nil {
				return 0, 0, err
			}
			size += out.Len()
		}
		best = min(best, time.Since(start))
	}
	return size, best, nil
}
