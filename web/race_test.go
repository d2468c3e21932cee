//go:build race

package web_test

func init() { raceEnabled = true }
