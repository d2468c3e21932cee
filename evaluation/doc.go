// Package evaluation is Jixiao's domain: the input types of a budget
// performance disclosure, their decoding and validation, the computation
// of every derivable figure (rates, scores, totals, grades) and the audit
// of figures the user declared. It knows nothing of rendering.
//
// Data flows one way: Decode → Validate → Compute → Audit. Evaluate runs
// the whole pipeline on one input.
package evaluation
