//go:build !race

package importer

const raceEnabled = false

const raceAlloc = 1
