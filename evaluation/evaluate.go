package evaluation

import (
	"slices"

	"github.com/jixiao/jixiao/profile"
)

// Report is the outcome of evaluating one input: the decoded disclosure,
// its computed figures, the problems that make it invalid and the
// findings of the audit.
//
// An input with problems can still have parts whose own data is valid
// (PartValid): those are computed and audited, and can be rendered alone
// or, asked for, without the others (InvalidParts).
type Report struct {
	// Disclosure is the decoded input; nil when it is not valid and no
	// part of it is.
	Disclosure *Disclosure `json:"-"`
	// Profile is the profile the report was validated and computed
	// with; nil when the input could not be read far enough to choose.
	Profile *profile.Profile `json:"-"`
	// Result holds the figures of the valid parts (Result.Has); nil when
	// none is.
	Result   *Result   `json:"result,omitempty"`
	Problems Problems  `json:"errors"`
	Findings []Finding `json:"findings"`
	// parts are the parts of an input read far enough to tell them,
	// also when none is valid and Disclosure is nil (InvalidParts).
	parts []Part
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
	// Limits bound the size of the input (zero fields: no limit). They
	// are checked as the input is read, in the same pass: an input over
	// one gives a single problem of code CodeLimit and nothing else.
	Limits Limits
	// NoFindings tells Evaluate that the caller shows no findings (it
	// renders a PDF without their appendix, say). The audit is then left
	// out, unless a rule of the profile has severity error, since only
	// such a rule can make a part invalid: the report's problems, figures
	// and valid parts are those of a full evaluation, and it has no
	// findings.
	NoFindings bool
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
	d, ps := decode(data, cfg.Limits)
	if d == nil {
		r := &Report{Problems: ps, Findings: []Finding{}}
		r.locate(nil)
		return r
	}
	return evaluateDecoded(d, ps, cfg, func(ps Problems) Problems { return inputOrder(data, ps) })
}

// EvaluateDisclosure validates, computes and audits a disclosure that
// was not read from JSON (an imported workbook, say) as Evaluate does
// one read from JSON: its problems are in the order of its fields, as
// its JSON encoding would hold them. d must not be used after; the
// report holds it.
func EvaluateDisclosure(d *Disclosure, cfg *Config) *Report {
	if cfg == nil {
		cfg = &Config{}
	}
	if p := checkValueLimits(d, cfg.Limits); p != nil {
		r := &Report{Problems: Problems{*p}, Findings: []Finding{}}
		r.locate(nil) // from the pointer alone, as Evaluate, which stops reading at a limit
		return r
	}
	return evaluateDecoded(d, nil, cfg, func(ps Problems) Problems { return fieldOrder(d, ps) })
}

// evaluateDecoded goes on from a disclosure d that decode read with problems
// ps; order puts problems in the order of the input. It names the place of
// every problem and finding (Location).
func evaluateDecoded(d *Disclosure, ps Problems, cfg *Config, order func(Problems) Problems) *Report {
	r := evaluateUnlocated(d, ps, cfg, order)
	r.locate(d)
	return r
}

// evaluateUnlocated is evaluateDecoded without the locations.
func evaluateUnlocated(d *Disclosure, ps Problems, cfg *Config, order func(Problems) Problems) *Report {
	r := &Report{Problems: Problems{}, Findings: []Finding{}, parts: d.Parts()}
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
		r.Problems = order(append(ps, Problem{Path: path, Code: CodeProfile,
			Message:   "表单配置不存在：" + err.Error(),
			MessageEN: err.Error()}))
		return r
	}
	r.Profile = p
	ps = append(ps, Validate(d, p)...)
	omitted, ok := validParts(d, ps)
	if !ok {
		r.Problems = order(ps)
		return r
	}
	// The parts whose own data is valid are computed and audited. A rule
	// of severity error the audit finds wrong in a part makes that part
	// invalid too, which can change what the others are checked against:
	// the audit runs again over the parts still valid, at most once more
	// for each part it leaves out.
	var res *Result
	var findings []Finding
	for {
		res = computeParts(d, p, omitted)
		var errs Problems
		if !cfg.NoFindings || p.Audit.HasErrorRule() {
			findings, errs = Audit(d, res, p)
		}
		texts, unfilled := fillPlaceholders(d, res, p)
		res.Texts = texts
		ps = appendNew(ps, append(errs, unfilled...))
		next, ok := validParts(d, ps)
		if !ok {
			r.Problems = order(ps)
			return r
		}
		if len(next) == len(omitted) {
			break
		}
		omitted = next
	}
	r.Disclosure = d // its valid parts are rendered
	if len(ps) > 0 {
		r.Problems = order(ps)
	}
	r.Result, r.Findings = res, findings
	return r
}

// appendNew appends to ps the problems of more it does not hold yet.
func appendNew(ps, more Problems) Problems {
	for _, p := range more {
		if !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	return ps
}
