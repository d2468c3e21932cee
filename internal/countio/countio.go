// Package countio counts the bytes that pass through a reader or a
// writer, for the sizes a render, a batch and the service report.
package countio

import "io"

// Writer writes to W and counts the bytes written in N.
type Writer struct {
	W io.Writer
	N int64
}

func (c *Writer) Write(p []byte) (int, error) {
	n, err := c.W.Write(p)
	c.N += int64(n)
	return n, err
}

// Reader reads from R and counts the bytes read in N.
type Reader struct {
	R io.Reader
	N int64
}

func (c *Reader) Read(p []byte) (n int, err error) { n, err = c.R.Read(p); c.N += int64(n); return }
