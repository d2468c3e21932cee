// Package ctxio makes writing honour a context: a render that is
// canceled stops while it writes its output too, not only between pages.
package ctxio

import (
	"context"
	"io"
)

// Writer returns a writer that writes to w until ctx is done, then fails
// every write with the context's cause.
func Writer(ctx context.Context, w io.Writer) io.Writer { return writer{ctx, w} }

type writer struct {
	ctx context.Context
	w   io.Writer
}

func (c writer) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.w.Write(p)
}
