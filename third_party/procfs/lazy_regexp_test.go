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

package procfs

import (
	"regexp"
	"testing"
)

// Patched for Jixiao: each expression compiles once, to the expression it
// was written as.
func TestLazyRegexps(t *testing.T) {
	for expr, re := range map[string]func() *regexp.Regexp{
		`([\d.]+)`:              cpuinfoClockRegexp,
		`^processor\s+(\d+):.*`: cpuinfoS390XProcessorRegexp,
		`(\d+) blocks .*\[(\d+)/(\d+)\] \[([U_]+)\]`: statusLineRE,
		`\((\d+/\d+)\)`:                    recoveryLineBlocksRE,
		`= (.+)%`:                          recoveryLinePctRE,
		`finish=(.+)min`:                   recoveryLineFinishRE,
		`speed=(.+)[A-Z]`:                  recoveryLineSpeedRE,
		`(.*)\[(\d+)\]((?:\([FJRSW]\))+)?`: componentDeviceRE,
		`^pos:\s+(\d+)$`:                   rPos,
		`^flags:\s+(\d+)$`:                 rFlags,
		`^mnt_id:\s+(\d+)$`:                rMntID,
		`^ino:\s+(\d+)$`:                   rIno,
		`^inotify`:                         rInotify,
		`^inotify\s+wd:([0-9a-f]+)\s+ino:([0-9a-f]+)\s+sdev:([0-9a-f]+)(?:\s+mask:([0-9a-f]+))?`: rInotifyParts,
		`(Max \w+\s??\w*\s?\w*)\s{2,}(\w+)\s+(\w+)`:                                              limitsMatch,
		`^[a-f0-9].*$`: procSMapsHeaderLine,
		`cpu(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)`: cpuLineRE,
		`(\d+) (\d+) (\d+)`:   procLineRE,
		`\s+`:                 slabSpace,
		`slabinfo -`:          slabVer,
		`# name`:              slabHeader,
		`(\d+), zone\s+(\w+)`: nodeZoneRE,
	} {
		if re() != re() {
			t.Errorf("%s compiled twice", expr)
		}
		if re().String() != expr {
			t.Errorf("expression %s, want %s", re(), expr)
		}
	}
}
