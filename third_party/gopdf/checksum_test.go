package gopdf

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// byteCheckSum is upstream's CheckSum, which summed the four byte lanes
// separately, for whole words.
func byteCheckSum(data []byte) uint {
	var b3, b2, b1, b0 uint64
	for i := 0; i+3 < len(data); i += 4 {
		b3 += uint64(data[i])
		b2 += uint64(data[i+1])
		b1 += uint64(data[i+2])
		b0 += uint64(data[i+3])
	}
	return uint(uint32(b3<<24) + uint32(b2<<16) + uint32(b1<<8) + uint32(b0))
}

func TestCheckSum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 4, 8, 400, 1 << 16} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		if got, want := CheckSum(data), byteCheckSum(data); got != want {
			t.Errorf("%d bytes: %#x, want %#x", n, got, want)
		}
	}
	// A short last word counts as padded with zeros.
	if got, want := CheckSum([]byte{1, 2, 3, 4, 5, 6}), byteCheckSum([]byte{1, 2, 3, 4, 5, 6, 0, 0}); got != want {
		t.Errorf("6 bytes: %#x, want %#x", got, want)
	}
}

// TestWriteSfntCheckSum checks head.checkSumAdjustment: the whole font
// then sums to 0xB1B0AFBA.
func TestWriteSfntCheckSum(t *testing.T) {
	head := make([]byte, 54)
	binary.BigEndian.PutUint32(head[12:], 0x5F0F3CF5)
	font := writeSfnt(map[string][]byte{
		"head": head,
		"glyf": {1, 2, 3, 4, 5},
		"loca": {0, 0, 0, 3},
		"hmtx": {9, 9, 9},
	})
	if got := CheckSum(font); got != 0xB1B0AFBA {
		t.Errorf("font checksum %#x, want 0xB1B0AFBA", got)
	}
}
