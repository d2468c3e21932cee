package xlsx

import "strings"

// fill executes one of the profile's sheet templates with the data given
// as pairs: w.fill(s, "year", "2021", ...) sets {{.Year}}.
func (w *writer) fill(tmpl string, kv ...string) string {
	data := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		data[strings.ToUpper(kv[i][:1])+kv[i][1:]] = kv[i+1]
	}
	return w.rep.Profile.Fill(tmpl, data)
}
