package xlsx

import "context"

// checkRows looks at the context every thousand rows of a sheet, so that
// a canceled render stops within a thousand rows.
func (w *writer) checkRows(k int) error {
	if k%1000 == 999 {
		if err := w.ctx.Err(); err != nil {
			return context.Cause(w.ctx)
		}
	}
	return nil
}
