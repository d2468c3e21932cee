package jobs

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch"
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

// BenchmarkJob renders 64 disclosures of the usual size, PDF and XLSX,
// as a job on SQLite (submitted, worked by the engine's workers,
// assembled) and, to compare, as a batch.
func BenchmarkJob(b *testing.B) {
	var data bytes.Buffer
	for i := range 64 {
		data.Write(synth.JSON(synth.Default, i))
		data.WriteByte('\n')
	}
	opts := Options{Created: created}
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			_, err := batch.Run(context.Background(), ndjson(data.Bytes()), batch.NewZip(io.Discard, created), batch.Options{Created: created})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("job", func(b *testing.B) {
		e, err := Open(context.Background(), Config{DataDir: b.TempDir(), Logger: quietLogger()})
		if err != nil {
			b.Fatal(err)
		}
		defer e.Close()
		if err := e.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		defer e.Stop(context.Background())
		for b.Loop() {
			j, _, err := e.Submit(context.Background(), "a", "", opts, ndjson(data.Bytes()))
			if err != nil {
				b.Fatal(err)
			}
			for !j.finished() {
				time.Sleep(10 * time.Millisecond)
				if j, err = e.Get(context.Background(), "a", j.ID); err != nil {
					b.Fatal(err)
				}
			}
			if j.State != StateDone {
				b.Fatalf("job %s", j.State)
			}
		}
	})
}
