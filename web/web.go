// Package web is the page finance officers use in the browser: they drop
// their files, see what is wrong and where, preview the documents and
// download them, one file or a batch. It is a single static page (plain
// HTML, CSS and JavaScript, no build step) that calls the service's own
// API, embedded in the binary so that it works with no internet access.
//
// The page's files are public: API keys protect only the API calls the
// page makes, which send the key the user typed.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/examples"
	"github.com/jixiao/jixiao/export"
)

//go:embed static
var static embed.FS

// Paths the page is served under.
const (
	IndexPath  = "/"
	AssetsPath = "/assets/"
	// ExamplePath serves the reference example for the page's one-click
	// load.
	ExamplePath = AssetsPath + "examples/" + examples.ReferenceName
)

// The page's policy: everything from this origin, PDF previews from blob
// URLs, no framing by other sites.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; frame-src 'self' blob:; object-src 'self' blob:; " +
	"connect-src 'self' blob:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// asset is one file, ready to serve: hashed for ETag and compressed once.
type asset struct {
	body  []byte
	gz    []byte // nil when compression does not pay
	ctype string
	etag  string
}

func newAsset(name string, body []byte) *asset {
	sum := sha256.Sum256(body)
	a := &asset{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	a.ctype = mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) { // the system's MIME table may lack these
	case ".html":
		a.ctype = "text/html; charset=utf-8"
	case ".js":
		a.ctype = "text/javascript; charset=utf-8"
	case ".css":
		a.ctype = "text/css; charset=utf-8"
	case ".json":
		a.ctype = "application/json"
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	if buf.Len() < len(body)*9/10 {
		a.gz = buf.Bytes()
	}
	return a
}

// loadAssets reads the embedded files, ready to serve by path.
func loadAssets() (map[string]*asset, error) {
	assets := map[string]*asset{}
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		if name == "index.html" {
			if body, err = page(body); err != nil {
				return err
			}
			assets[IndexPath] = newAsset(name, body)
		} else {
			assets[AssetsPath+name] = newAsset(name, body)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	assets[ExamplePath] = newAsset(examples.ReferenceName, examples.Reference)
	return assets, nil
}

// page fills the page's template with the formats the service offers
// (export.Formats), a download button and a batch choice for each.
func page(text []byte) ([]byte, error) {
	tmpl, err := template.New("index.html").Parse(string(text))
	if err != nil {
		return nil, err
	}
	type format struct {
		*export.Format
		Alias string // the extension, where the label is not it
		Batch bool   // chosen for a batch unless the user unticks it
	}
	var data struct{ Formats []format }
	for _, f := range export.Formats() {
		alias := strings.ToUpper(f.Name)
		if alias == f.Label {
			alias = ""
		}
		data.Formats = append(data.Formats, format{f, alias, slices.Contains(batch.DefaultFormats(), f)})
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sharedAssets compresses the files once per process, however many
// servers are made (the tests make many).
var sharedAssets = sync.OnceValues(loadAssets)

// Handler serves the page at IndexPath and its files under AssetsPath;
// any other path is not found.
func Handler() http.Handler {
	assets, err := sharedAssets()
	if err != nil { // the files are embedded: only a broken build gets here
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "网页文件缺失，请重新构建程序："+err.Error(), http.StatusInternalServerError)
		})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := assets[r.URL.Path]
		if a == nil {
			http.Error(w, "没有这个文件："+r.URL.Path, http.StatusNotFound)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "只支持 GET 方法", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		// Revalidate every time: the files change with the binary, and a
		// 304 on loopback or an intranet costs next to nothing.
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", a.etag)
		h.Set("Vary", "Accept-Encoding")
		if r.URL.Path == IndexPath {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("Referrer-Policy", "no-referrer")
		}
		body := a.body
		if a.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = a.gz
			h.Set("Content-Encoding", "gzip")
		}
		// ServeContent answers If-None-Match with 304 and Range requests.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}
