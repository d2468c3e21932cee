package evaluation

import "errors"

// Report is the outcome of evaluating one input: the decoded disclosure,
// its computed figures, the problems that make it invalid and the
// findings of the audit.
type Report struct {
	Disclosure *Disclosure `json:"-"`
	Result     *Result     `json:"result,omitempty"`
	Problems   Problems    `json:"errors"`
	Findings   []Finding   `json:"findings"`
}

// Valid reports whether the input had no problems; findings are allowed.
func (r *Report) Valid() bool { return len(r.Problems) == 0 }

// Evaluate decodes, validates, computes and audits one input. It returns
// an error only when the input cannot be read at all; everything wrong
// with its content is in the report's Problems.
func Evaluate(data []byte, s *Scheme) *Report {
	r := &Report{Problems: Problems{}, Findings: []Finding{}}
	d, err := DecodeBytes(data)
	if err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			r.Problems = ps
		} else {
			r.Problems = Problems{{Code: CodeSyntax, Message: err.Error(), MessageEN: err.Error()}}
		}
		return r
	}
	r.Disclosure = d
	if ps := Validate(d, s); len(ps) > 0 {
		r.Problems = ps
		return r
	}
	r.Result = Compute(d, s)
	r.Findings = Audit(d, r.Result)
	return r
}
