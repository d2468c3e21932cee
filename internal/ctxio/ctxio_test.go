package ctxio

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestWriter(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	var buf bytes.Buffer
	w := Writer(ctx, &buf)
	if n, err := w.Write([]byte("ab")); n != 2 || err != nil {
		t.Fatalf("before cancel: %d, %v", n, err)
	}
	cause := errors.New("client went away")
	cancel(cause)
	if n, err := w.Write([]byte("cd")); n != 0 || !errors.Is(err, cause) {
		t.Fatalf("after cancel: %d, %v; want the cause", n, err)
	}
	if buf.String() != "ab" {
		t.Errorf("wrote %q", buf.String())
	}
}
