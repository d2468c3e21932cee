// Package evaltest helps tests compare evaluations: two reports that say
// the same (every figure, finding and problem, and the profile) give the
// same JSON.
package evaltest

import (
	"encoding/json"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

// JSON is what rep says — its profile, every figure, finding and problem
// — as JSON to compare.
func JSON(tb testing.TB, rep *evaluation.Report) string {
	tb.Helper()
	b, err := json.Marshal(struct {
		Profile  string
		Result   *evaluation.Result
		Findings []evaluation.Finding
		Problems evaluation.Problems
	}{rep.Profile.Name, rep.Result, rep.Findings, rep.Problems})
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
