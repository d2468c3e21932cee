package jobs

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
)

// BenchmarkAssemble joins the stored units of a job of 40 disclosures of
// the usual size (synth.Default), PDF and XLSX, into its ZIP: the work
// left after the last unit.
func BenchmarkAssemble(b *testing.B) {
	e, err := Open(context.Background(), Config{DataDir: b.TempDir(), Workers: -1, Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	opts := Options{Created: created}
	var data bytes.Buffer
	for i := range 40 {
		data.Write(synth.JSON(synth.Default, i))
		data.WriteByte('\n')
	}
	j, _, err := e.Submit(context.Background(), "a", "", opts, ndjson(data.Bytes()))
	if err != nil {
		b.Fatal(err)
	}
	j.options = opts
	units, err := e.units(context.Background(), j.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range units {
		if _, err := e.renderUnit(context.Background(), j, u); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.writeZip(context.Background(), j, units, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
