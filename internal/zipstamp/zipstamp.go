// Package zipstamp dates the entries of the ZIP packages Jixiao writes
// (OFD, XLSX). archive/zip fills an entry's MS-DOS date from its Modified
// time in CreateHeader but not in CreateRaw, which the backends use for
// entries they compressed ahead; an entry left undated carries the date
// 0, month 0 of 1980, which archivers show as 1980-00-00 and some refuse.
package zipstamp

import (
	"archive/zip"
	"time"
)

// Epoch is 1980-01-01, the first day an MS-DOS date can hold: day 1 in
// bits 0–4, month 1 in bits 5–8, the year less 1980 above.
const Epoch uint16 = 1<<5 | 1

// Set dates h at t, in its MS-DOS fields and in Modified; at Epoch,
// 00:00, when t is zero or before 1980.
func Set(h *zip.FileHeader, t time.Time) {
	if t.IsZero() || t.Year() < 1980 {
		h.Modified = time.Time{}
		h.ModifiedDate, h.ModifiedTime = Epoch, 0
		return
	}
	h.Modified = t
	h.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	h.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
}
