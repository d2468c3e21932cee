package evaluation

import (
	"github.com/jixiao/jixiao/profile"
)

// Report is the outcome of evaluating one input: the decoded disclosure,
// its computed figures, the problems that make it invalid and the
// findings of the audit.
type Report struct {
	Disclosure *Disclosure `json:"-"`
	// Profile is the profile the report was validated and computed
	// with; nil when the input could not be read far enough to choose.
	Profile  *profile.Profile `json:"-"`
	Result   *Result          `json:"result,omitempty"`
	Problems Problems         `json:"errors"`
	Findings []Finding        `json:"findings"`
}

// Valid reports whether the input had no problems; findings are allowed.
func (r *Report) Valid() bool { return len(r.Problems) == 0 }

// MoneyUnit returns the unit of the disclosure's amounts: its own, or the
// profile's default.
func (r *Report) MoneyUnit() string {
	if r.Disclosure != nil && r.Disclosure.Unit != "" {
		return r.Disclosure.Unit
	}
	return r.Profile.Money.Unit
}

// Config is how inputs are evaluated. A nil *Config means the built-in
// profiles and the profile each input names.
type Config struct {
	// Profiles are the profiles inputs may name; nil means the built-in
	// set.
	Profiles *profile.Set
	// Profile, when set, overrides the profile the input names.
	Profile string
}

// profileFor chooses the profile of d: the override, else the input's,
// else the default.
func (c *Config) profileFor(d *Disclosure) (*profile.Profile, error) {
	set := c.Profiles
	if set == nil {
		var err error
		if set, err = profile.Builtin(); err != nil {
			return nil, err
		}
	}
	name := c.Profile
	if name == "" {
		name = d.Profile
	}
	return set.Get(name)
}

// Evaluate decodes, validates, computes and audits one input with the
// profile that cfg and the input choose. Everything wrong with the input,
// an unknown profile included, is in the report's Problems, in the order
// of the input.
//
// A value decode cannot read is reported and left out, and validation
// goes on over the rest, so that one run reports all that is wrong; only
// text that is not JSON at all, or an unreadable profile, stops it early.
func Evaluate(data []byte, cfg *Config) *Report {
	if cfg == nil {
		cfg = &Config{}
	}
	r := &Report{Problems: Problems{}, Findings: []Finding{}}
	d, ps := decode(data)
	if d == nil {
		r.Problems = ps
		return r
	}
	if len(ps) == 0 {
		r.Disclosure = d // read whole, as it is rendered
	}
	if cfg.Profile == "" && d.unread.covers("/profile") {
		// Every rule depends on the profile: nothing more can be said.
		r.Problems = ps
		return r
	}
	p, err := cfg.profileFor(d)
	if err != nil {
		path := "/profile"
		if cfg.Profile != "" {
			path = "" // the caller's choice, not the input's
		}
		r.Problems = inputOrder(data, append(ps, Problem{Path: path, Code: CodeProfile,
			Message:   "表单配置不存在：" + err.Error(),
			MessageEN: err.Error()}))
		return r
	}
	r.Profile = p
	if ps = append(ps, Validate(d, p)...); len(ps) > 0 {
		r.Problems = inputOrder(data, ps)
		return r
	}
	res := Compute(d, p)
	findings, errs := Audit(d, res, p)
	if len(errs) > 0 {
		// The form's rules of severity error: the input is invalid.
		r.Problems = inputOrder(data, errs)
		return r
	}
	res.Texts = fillPlaceholders(d, res, p)
	r.Result, r.Findings = res, findings
	return r
}
