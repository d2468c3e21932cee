package gopdf

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// TestAppendF2 checks appendF2 against fmt's %.2f (Patched for Jixiao).
func TestAppendF2(t *testing.T) {
	check := func(x float64) {
		if got, want := string(appendF2(nil, x)), fmt.Sprintf("%.2f", x); got != want {
			t.Fatalf("appendF2(%v) = %s, want %s", x, got, want)
		}
	}
	for _, x := range []float64{0, -0.0, 0.001, -0.001, 0.004999, 0.005, -0.005, 0.015, 1.005, 2.675,
		110.865, 841.89, -28.99, 1e14, 1e16, -1e16, math.Inf(1), math.NaN(), 0.125, 0.375} {
		check(x)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 1000000; i++ {
		check((r.Float64() - 0.2) * 1200)
		check(float64(r.Intn(120000)-10000)/100 + float64(r.Intn(3))*0.005)
	}
}

// TestAppendFloatTrim checks appendFloatTrim against FormatFloatTrim's
// way, strconv's shortest decimal of x rounded to thousandths (Patched
// for Jixiao).
func TestAppendFloatTrim(t *testing.T) {
	check := func(x float64) {
		want := strconv.FormatFloat(math.Round(1000*x)/1000, 'f', -1, 64)
		if got := string(appendFloatTrim(nil, x)); got != want {
			t.Fatalf("appendFloatTrim(%v) = %s, want %s", x, got, want)
		}
	}
	for _, x := range []float64{0, -0.0, 0.0004, -0.0004, 0.0005, 9, 15.75, 10.5, -0.393750000001, 0.1, 0.7,
		1e11, 1e12 - 0.001, 1e13, -1e16, math.Inf(1), math.Inf(-1), math.NaN(), 999999999999.9995} {
		check(x)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 1000000; i++ {
		check((r.Float64() - 0.3) * 40)
		check(float64(r.Intn(200000)-50000) / 1000)
		check((r.Float64() - 0.5) * 1e13)
	}
}
