package api

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "region.json"), []byte(`{"extends": "national", "title": "某地表单", "money": {"unit": "元", "units": ["元"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{ProfilesDir: dir})

	resp, body := ts.do(t, http.MethodGet, pathProfiles, "", nil)
	var list profileList
	if resp.StatusCode != 200 || json.Unmarshal(body, &list) != nil || list.Default != "national" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	names := map[string]string{}
	for _, p := range list.Profiles {
		names[p.Name] = p.Title + "/" + p.Unit
	}
	if names["region"] != "某地表单/元" || names["beijing-2021"] == "" || len(names) != 7 {
		t.Errorf("profiles %v", names)
	}

	// The synthetic tables name beijing-2021 (they have its 项目负责人 row).
	for _, tt := range []struct {
		name, query string
		status      int
		slug, code  string
		profile     string
	}{
		{"the input's profile", "", 200, "", "", "beijing-2021"},
		{"an override the input fits", "?profile=beijing-2021", 200, "", "", "beijing-2021"},
		{"an override the input does not fit", "?profile=national", 422, "validation-failed", evaluation.CodeNotOnForm, ""},
		{"an operator's profile", "?profile=region", 422, "validation-failed", evaluation.CodeOneOf, ""}, // 万元 on a form in 元
		{"an unknown profile", "?profile=mars", 400, "bad-parameter", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.post(t, pathValidate+tt.query, table(0))
			if tt.status == 200 {
				var rep validationReport
				if resp.StatusCode != 200 || json.Unmarshal(body, &rep) != nil || rep.Profile != tt.profile {
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				return
			}
			p := problem(t, resp, body, tt.status, tt.slug)
			if tt.code != "" && (len(p.Errors) == 0 || p.Errors[0].Code != tt.code) {
				t.Errorf("errors %+v, want %s", p.Errors, tt.code)
			}
			if tt.status == 400 && !strings.Contains(p.Detail, "national") {
				t.Errorf("detail %q does not list the profiles", p.Detail)
			}
		})
	}
	for _, path := range []string{pathRender, pathBatch} {
		resp, body := ts.post(t, path+"?profile=mars", table(0))
		problem(t, resp, body, 400, "bad-parameter")
	}
	resp, body = ts.post(t, pathRender+"?format=pdf&profile=beijing-2021", table(0))
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "FAKE|pdf") {
		t.Errorf("render with a profile: %d", resp.StatusCode)
	}

	if _, err := New(Config{ProfilesDir: filepath.Join(dir, "missing")}); err == nil {
		t.Error("a server started on a profiles folder that does not exist")
	}
}
