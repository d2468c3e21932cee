package pdf

import (
	"bytes"
	"encoding/binary"
	"math"
	"sync"
)

// sRGBDescription names the output condition of the output intent and
// the profile below.
const sRGBDescription = "sRGB IEC61966-2.1"

// sRGBProfile is an ICC version 2 display profile of sRGB (IEC 61966-2-1),
// made here from the standard's primaries and transfer function so that
// the PDF's output intent carries a profile with no licence of its own:
// primaries adapted to D50 with the Bradford transform, as ICC.1 asks
// of the colorant tags, and the transfer function sampled at 1024 points.
var sRGBProfile = sync.OnceValue(func() []byte {
	type tag struct {
		sig  string
		data []byte
	}
	xyz := func(x, y, z float64) []byte {
		b := []byte("XYZ \x00\x00\x00\x00")
		for _, v := range []float64{x, y, z} {
			b = binary.BigEndian.AppendUint32(b, uint32(int32(math.Round(v*65536))))
		}
		return b
	}
	curve := []byte("curv\x00\x00\x00\x00")
	const n = 1024
	curve = binary.BigEndian.AppendUint32(curve, n)
	for i := range n {
		v := float64(i) / (n - 1)
		if v <= 0.04045 {
			v /= 12.92
		} else {
			v = math.Pow((v+0.055)/1.055, 2.4)
		}
		curve = binary.BigEndian.AppendUint16(curve, uint16(math.Round(v*65535)))
	}
	desc := []byte("desc\x00\x00\x00\x00")
	desc = binary.BigEndian.AppendUint32(desc, uint32(len(sRGBDescription)+1))
	desc = append(desc, sRGBDescription+"\x00"...)
	desc = append(desc, make([]byte, 4+4+2+1+67)...) // no Unicode or ScriptCode description
	tags := []tag{
		{"desc", desc},
		{"cprt", []byte("text\x00\x00\x00\x00No copyright, use freely\x00")},
		{"wtpt", xyz(0.9642, 1, 0.8249)},
		{"rXYZ", xyz(0.4360747, 0.2225045, 0.0139322)},
		{"gXYZ", xyz(0.3850649, 0.7168786, 0.0971045)},
		{"bXYZ", xyz(0.1430804, 0.0606169, 0.7141733)},
		{"rTRC", curve}, {"gTRC", curve}, {"bTRC", curve}, // one curve, stored once
	}
	var body bytes.Buffer
	table := binary.BigEndian.AppendUint32(nil, uint32(len(tags)))
	offset := 128 + 4 + 12*len(tags)
	var curveAt int
	for _, t := range tags {
		at := offset + body.Len()
		if t.sig[1:] == "TRC" && curveAt != 0 {
			at = curveAt
		} else {
			if t.sig[1:] == "TRC" {
				curveAt = at
			}
			body.Write(t.data)
			for body.Len()%4 != 0 {
				body.WriteByte(0)
			}
		}
		table = append(table, t.sig...)
		table = binary.BigEndian.AppendUint32(table, uint32(at))
		table = binary.BigEndian.AppendUint32(table, uint32(len(t.data)))
	}
	size := 128 + len(table) + body.Len()
	h := make([]byte, 0, 128)
	h = binary.BigEndian.AppendUint32(h, uint32(size))
	h = append(h, 0, 0, 0, 0)                         // preferred CMM: none
	h = append(h, 0x02, 0x10, 0, 0)                   // version 2.1
	h = append(h, "mntrRGB XYZ "...)                  // display device, RGB data, XYZ connection space
	for _, v := range []uint16{2026, 1, 1, 0, 0, 0} { // fixed, for the same bytes every time
		h = binary.BigEndian.AppendUint16(h, v)
	}
	h = append(h, "acsp"...)
	h = append(h, make([]byte, 4+4+4+4+8+4)...)  // platform, flags, manufacturer, model, attributes, perceptual intent
	h = append(h, xyz(0.9642, 1, 0.8249)[8:]...) // PCS illuminant D50
	h = append(h, make([]byte, 128-len(h))...)   // creator, ID and reserved
	return append(append(h, table...), body.Bytes()...)
})
