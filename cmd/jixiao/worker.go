package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// runWorker renders the units of jobs without serving HTTP: the extra
// hands of a service whose serve processes share a PostgreSQL database
// (--database). It takes serve's flags; on SIGTERM it stops taking units
// and finishes those in hand for up to --shutdown-grace.
func runWorker(args []string, stderr io.Writer) int {
	sc, err := parseServe(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "jixiao worker: %v\n", err)
		return exitUnread
	}
	if sc.cfg.Jobs.Workers < 0 {
		fmt.Fprintln(stderr, "jixiao worker: --job-workers must not be negative")
		return exitUnread
	}
	srv, logger := newServer(&sc, stderr)
	if srv == nil {
		return exitUnread
	}
	defer srv.Close()
	logger.Info("starting jixiao worker", "config", sc.cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Work(ctx); err != nil {
		logger.Error("stopped with an error", "error", err)
		return exitInvalid
	}
	return exitOK
}
