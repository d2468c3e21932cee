package export

import (
	"context"
	"errors"
	"io"

	"github.com/jixiao/jixiao/evaluation"
)

var errNoBackend = errors.New("backend not built in")

func renderPDF(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options) (Stats, error) {
	return Stats{}, errNoBackend
}

func renderXLSX(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options) (Stats, error) {
	return Stats{}, errNoBackend
}
