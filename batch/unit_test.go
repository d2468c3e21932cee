package batch

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/export"
)

// TestRenderItemAssemble checks that inputs rendered apart, their entries
// carried as JSON (as the jobs package stores them), and joined by an
// Assembler give Run's archive byte for byte.
func TestRenderItemAssemble(t *testing.T) {
	data := lines(
		synth.JSON(synth.Default, 0),
		synth.Invalid(synth.Table, 0),
		synth.JSON(synth.Table, 1),
		[]byte(`{"department": "甲", "year": 2021}`),
		synth.JSON(synth.Default, 0), // the same again: its files get a suffix
		[]byte(`{"department": `),
	).(*bytes.Reader)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		write   WriteFunc
		summary []*export.Format
	}{{nil, nil}, {fakeRender, nil}, {fakeRender, []*export.Format{export.XLSX, export.PDF}}} {
		write := c.write
		opts := Options{Write: write, Created: created, Workers: 2, Summary: c.summary}
		data.Seek(0, io.SeekStart)
		var want bytes.Buffer
		if _, err := Run(context.Background(), NewNDJSON(data, "body", 1<<20), NewZip(&want, created), opts); err != nil {
			t.Fatal(err)
		}

		data.Seek(0, io.SeekStart)
		src := NewNDJSON(data, "body", 1<<20)
		var got bytes.Buffer
		a, err := NewAssembler(NewZip(&got, created), opts)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			it, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			r := RenderItem(context.Background(), i, it, opts)
			enc, err := json.Marshal(r.Entry)
			if err != nil {
				t.Fatal(err)
			}
			r.Entry = Entry{}
			if err := json.Unmarshal(enc, &r.Entry); err != nil {
				t.Fatal(err)
			}
			if c.summary != nil {
				r.Report = Reevaluate(it, opts)
			}
			if err := a.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Close(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("write %v, summary %v: assembled archive (%d bytes) differs from Run's (%d bytes)", write != nil, c.summary, got.Len(), want.Len())
		}
		if files, _ := readZip(t, got.Bytes()); c.summary != nil && (files[SummaryStem+".xlsx"] == "" || files[SummaryStem+".pdf"] == "") {
			t.Errorf("no summary in the assembled archive")
		}
	}
}

// TestPackedEntries checks the entries of documents packed ahead (Pack)
// against the same batch written to a folder: same contents (archive/zip
// checks each checksum), stored, names flagged UTF-8, dated as the
// manifest is; and that an Assembler writing to a folder writes them as
// they are.
func TestPackedEntries(t *testing.T) {
	data := lines(synth.JSON(synth.Default, 0), synth.JSON(synth.Table, 1), synth.Invalid(synth.Table, 2)).(*bytes.Reader)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	opts := Options{Write: fakeRender, Created: created}

	var archive bytes.Buffer
	if _, err := Run(context.Background(), NewNDJSON(data, "body", 1<<20), NewZip(&archive, created), opts); err != nil {
		t.Fatal(err)
	}
	files, _ := readZip(t, archive.Bytes())
	zr, err := zip.NewReader(bytes.NewReader(archive.Bytes()), int64(archive.Len()))
	if err != nil {
		t.Fatal(err)
	}
	docs := 0
	for _, f := range zr.File {
		if f.Name == ManifestName {
			continue
		}
		// Packed ahead, a document needs no data descriptor (0x8).
		docs++
		if f.Method != zip.Store || f.Flags != 0x800 || !f.Modified.Equal(created) {
			t.Errorf("%s: method %d, flags %#x, modified %v", f.Name, f.Method, f.Flags, f.Modified)
		}
	}
	if docs != 4 {
		t.Errorf("%d documents in the archive, want 4", docs)
	}

	data.Seek(0, io.SeekStart)
	runDir := t.TempDir()
	sink, err := NewDir(runDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), NewNDJSON(data, "body", 1<<20), sink, opts); err != nil {
		t.Fatal(err)
	}
	data.Seek(0, io.SeekStart)
	asmDir := t.TempDir()
	if sink, err = NewDir(asmDir); err != nil {
		t.Fatal(err)
	}
	a, err := NewAssembler(sink, opts)
	if err != nil {
		t.Fatal(err)
	}
	src := NewNDJSON(data, "body", 1<<20)
	for i := 0; ; i++ {
		it, err := src.Next()
		if err == io.EOF {
			break
		}
		if err := a.Add(RenderItem(context.Background(), i, it, opts)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Close(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		for _, dir := range []string{runDir, asmDir} {
			got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil || string(got) != body {
				t.Errorf("%s in %s: %q, %v; the archive holds %q", name, dir, got, err, body)
			}
		}
	}
}

func TestPack(t *testing.T) {
	doc := bytes.Repeat([]byte("绩效评价 "), 1000)
	p := Pack(doc)
	if p.Size != int64(len(doc)) || p.CRC32 != crc32.ChecksumIEEE(doc) || !bytes.Equal(p.Data, doc) || p.Deflated {
		t.Fatalf("size %d crc %08x data %d bytes, deflated %v", p.Size, p.CRC32, len(p.Data), p.Deflated)
	}
}

// TestDeflatedEntry checks that a document packed deflated (the units of
// jobs stored by earlier versions) is written as a deflated entry, which
// reads back as the document, and inflated into a folder.
func TestDeflatedEntry(t *testing.T) {
	doc := bytes.Repeat([]byte("绩效评价 "), 1000)
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestSpeed)
	fw.Write(doc)
	fw.Close()
	packed := Packed{Data: z.Bytes(), Deflated: true, CRC32: crc32.ChecksumIEEE(doc), Size: int64(len(doc))}
	r := Rendered{Entry: Entry{Index: 0, Source: "a.json", Status: StatusOK}, Stem: "a",
		Docs: []Document{{Format: "pdf", Pages: 1, Packed: packed}}}
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	var archive bytes.Buffer
	a, err := NewAssembler(NewZip(&archive, created), Options{Created: created})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Add(r); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Close(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(archive.Bytes()), int64(archive.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f := zr.File[0]
	got, err := fs.ReadFile(zr, f.Name)
	if f.Method != zip.Deflate || err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("%s: method %d, %d bytes, %v", f.Name, f.Method, len(got), err)
	}

	dir := t.TempDir()
	sink, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a, err = NewAssembler(sink, Options{Created: created}); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(r); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Close(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name))); err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("%s in the folder: %d bytes, %v", f.Name, len(got), err)
	}
}
