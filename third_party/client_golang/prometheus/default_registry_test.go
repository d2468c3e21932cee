// Copyright 2026 The Prometheus Authors
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package prometheus

import (
	"runtime"
	"testing"
)

// Patched for Jixiao: the default registry registers its collectors at
// first use, and then has the ones it had when the package's
// initialisation registered them.
func TestDefaultRegistryAtFirstUse(t *testing.T) {
	defaultRegistry.mtx.RLock()
	n := len(defaultRegistry.collectorsByID)
	defaultRegistry.mtx.RUnlock()
	if n != 0 {
		t.Fatalf("the default registry has %d collectors before its first use", n)
	}
	if err := Register(NewGoCollector()); err == nil {
		t.Error("a second Go collector registered: the default one is missing")
	}
	mfs, err := DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	want := []string{"go_goroutines", "go_memstats_alloc_bytes"}
	if runtime.GOOS == "linux" {
		want = append(want, "process_cpu_seconds_total")
	}
	for _, name := range want {
		if !names[name] {
			t.Errorf("the default registry gathers no %s", name)
		}
	}
}
