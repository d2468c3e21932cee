// Patched for Jixiao: tests of huffmanCounts.

package flate

import (
	"bytes"
	stdflate "compress/flate"
	"io"
	"math/rand"
	"slices"
	"testing"
)

// sortedList returns n literals with random frequencies, sorted as
// generate sorts them.
func sortedList(r *rand.Rand, n int, skew float64) []literalNode {
	list := make([]literalNode, n, n+1)
	for i := range list {
		list[i] = literalNode{uint16(i), uint16(min(1+int(r.ExpFloat64()*skew), 65535))}
	}
	slices.SortStableFunc(list, func(a, b literalNode) int { return int(a.freq) - int(b.freq) })
	return list
}

// codeCost is the number of bits the literals of list take with the
// lengths of bitCount, assigned as assignEncodingAndSize assigns them,
// and the Kraft sum of those lengths, scaled by 1<<maxBitsLimit.
func codeCost(list []literalNode, bitCount []int32) (cost, kraft int) {
	i := 0
	for bits := len(bitCount) - 1; bits > 0; bits-- {
		for range bitCount[bits] {
			cost += int(list[i].freq) * bits
			i++
		}
		kraft += int(bitCount[bits]) << (maxBitsLimit - bits)
	}
	if i != len(list) {
		return -1, -1
	}
	return cost, kraft
}

// TestHuffmanCounts checks huffmanCounts against bitCounts: whenever it
// gives counts, a complete prefix code of the same, optimal, cost. (When
// it refuses, generate uses bitCounts itself.)
func TestHuffmanCounts(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	h := newHuffmanEncoder(literalCount)
	fitted, refused := 0, 0
	for range 50000 {
		skew := []float64{1, 3, 10, 50, 300, 3000}[r.Intn(6)]
		for _, maxBits := range []int32{15, 7} {
			n := 3 + r.Intn(literalCount-2)
			if maxBits == 7 {
				n = 3 + r.Intn(codegenCodeCount-2)
			}
			list := sortedList(r, n, skew)
			limited := slices.Clone(h.bitCounts(append(make([]literalNode, 0, n+1), list...), maxBits))
			wantCost, _ := codeCost(list, limited)
			got, ok := h.huffmanCounts(list, maxBits)
			if !ok {
				refused++
				continue
			}
			fitted++
			cost, kraft := codeCost(list, got)
			if cost != wantCost || kraft != 1<<maxBitsLimit {
				t.Fatalf("n=%d maxBits=%d: counts %v cost %d kraft %d; bitCounts %v cost %d", n, maxBits, got, cost, kraft, limited, wantCost)
			}
		}
	}
	if fitted == 0 || refused == 0 {
		t.Fatalf("fitted %d, refused %d: both paths should be taken", fitted, refused)
	}
}

// TestRoundTrip checks that what every level writes is read back by the
// standard library's reader.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	inputs := [][]byte{nil, []byte("a"), bytes.Repeat([]byte("ab"), 100000)}
	for range 20 {
		b := make([]byte, r.Intn(200000))
		alphabet := 2 + r.Intn(255)
		for i := range b {
			// Skewed bytes with repeats, as text and PDF content are.
			if i > 8 && r.Intn(3) == 0 {
				b[i] = b[i-1-r.Intn(8)]
			} else {
				b[i] = byte(int(r.ExpFloat64()*float64(alphabet)/4) % alphabet)
			}
		}
		inputs = append(inputs, b)
	}
	for _, level := range []int{HuffmanOnly, NoCompression, 1, 2, 3, 4, 5, 6, 7, 8, 9} {
		for i, in := range inputs {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, level)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(in); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			out, err := io.ReadAll(stdflate.NewReader(&buf))
			if err != nil || !bytes.Equal(out, in) {
				t.Fatalf("level %d, input %d (%d bytes): read back %d bytes, %v", level, i, len(in), len(out), err)
			}
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	list := sortedList(rand.New(rand.NewSource(3)), 200, 50)
	freq := make([]uint16, literalCount)
	for _, n := range list {
		freq[n.literal] = n.freq
	}
	h := newHuffmanEncoder(literalCount)
	for b.Loop() {
		h.generate(freq, 15)
	}
}
