//go:build race

package importer

const raceEnabled = true

// raceAlloc is how many times more the race detector makes a test
// allocate.
const raceAlloc = 3
