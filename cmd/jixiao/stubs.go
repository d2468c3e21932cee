package main

import (
	"fmt"
	"io"
)

func runBatch(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "jixiao batch: not available yet")
	return 2
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "jixiao serve: not available yet")
	return 2
}
