package zipstamp_test

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"

	"github.com/jixiao/jixiao/internal/zipstamp"
)

func TestSet(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want time.Time
	}{
		{time.Time{}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)},
		{time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC), time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		// CreateRaw, as the backends write entries compressed ahead,
		// takes the MS-DOS fields as they are.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		h := &zip.FileHeader{Name: "a.txt", Method: zip.Store}
		zipstamp.Set(h, tt.at)
		if _, err := zw.CreateRaw(h); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		f := zr.File[0]
		if month := f.ModifiedDate >> 5 & 0xf; month < 1 || month > 12 {
			t.Errorf("%v: DOS date %#x has month %d", tt.at, f.ModifiedDate, month)
		}
		if !f.Modified.UTC().Equal(tt.want) {
			t.Errorf("%v: entry dated %v, want %v", tt.at, f.Modified, tt.want)
		}
	}
}
