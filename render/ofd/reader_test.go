package ofd_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
)

// The reader test renders the OFD with an independent reader, ofd.js
// (testdata/ofdjs), in headless Chromium and compares every page with the
// same page of the PDF rasterised by pdftoppm at the same resolution.
//
// The pixel work (decoding the screenshots, binarising, comparing) runs
// in the browser's JavaScript: in Go it would run race-instrumented under
// go test -race, as CI runs it, and take minutes instead of seconds.

// pxPerMM is the resolution of the comparison: ofd.js draws at an integer
// number of pixels per millimetre; 4 px/mm is 101.6 dpi, where a 9 pt
// table character is 13 px high and a 0.6 pt rule 0.85 px wide.
const pxPerMM = 4

// The comparison, per page. Both images are binarised: ink is a pixel
// darker than inkLevel (3/4 of white). At 9 pt the thin strokes of a CJK
// glyph are narrower than a pixel, and the two rasterisers (poppler's
// Splash, Chromium's Skia) paint them in different greys either side of
// half grey; at 3/4 both count them. An ink pixel of one image matches
// if the other image has ink within one pixel (its 3×3 neighbourhood),
// which absorbs the different sub-pixel rounding of the two. Three
// measures, each with a threshold:
//
//   - ink match: the share of each image's ink matched in the other (the
//     smaller of the two directions). A wrong font, size or position
//     loses most of it.
//   - pixel match: the share of all pixels that agree within the
//     tolerance, the measure the issue suggested; alone it would pass a
//     blank page, as ink covers a few percent of a page.
//   - tile: the most unmatched ink pixels, of either image, in one
//     tilePx×tilePx square (8 mm). The shares above hardly move for a
//     missing word on a full page, while a 9 pt hanzi has some 50 to 80
//     ink pixels at this resolution, all in one or two tiles.
//
// Measured on the reference disclosure (98 pages): ink match at worst
// 0.9888 (page 19), pixel match at worst 0.9988, at most 36 unmatched
// ink pixels in a tile. Page 1 against page 2 of the
// PDF: ink match at most 0.66. table:1 less its shortest line (the six
// characters 填报注意事项：): ink match 0.992 and pixel match 0.9988, which
// pass, but 167 unmatched ink pixels in a tile, which does not. The test
// checks both counter-examples.
const (
	tilePx        = 32
	inkLevel      = 192
	minInkMatch   = 0.98
	minPixelMatch = 0.995
	maxTileMiss   = 60
)

func TestReaderMatchesPDF(t *testing.T) {
	chromium := needTool(t, "chromium", "chromium-browser", "google-chrome")
	pdftoppm := needTool(t, "pdftoppm")
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser test; not in -short")
	}
	rep := reference(t)
	ctx, cancel := browser(t, chromium)
	defer cancel()
	// The measure sees a missing line: table:1 with its shortest line of
	// text taken out of the OFD must fail it.
	t.Run("table:1 less a line", func(t *testing.T) {
		ofdData := dropLine(t, renderTo(t, rep, export.OFD, "table:1"), "填报注意事项")
		pdfData := renderTo(t, rep, export.PDF, "table:1")
		p := openPackage(t, ofdData)
		r := newReader(t, p, ofdData)
		defer r.srv.Close()
		r.pdf = pdfImages(t, pdftoppm, pdfData)
		close(r.pdfReady)
		r.draw(t, ctx)
		m := r.compare(t, ctx, 0, 0)
		if m.ok() {
			t.Errorf("a page less a line matches the PDF's: %v", m)
		}
		t.Logf("table:1 less a line: %v", m)
	})
	// A sealed table: ofd.js draws the seal's picture where the signed
	// PDF stamps it, and the page matches the signed PDF's, not the
	// unsigned one's.
	t.Run("table:1 sealed", func(t *testing.T) {
		ofdData := renderSigned(t, rep, export.OFD, sign.SM2, "table:1")
		p := openPackage(t, ofdData)
		r := newReader(t, p, ofdData)
		defer r.srv.Close()
		r.pdf = append(pdfImages(t, pdftoppm, renderSigned(t, rep, export.PDF, sign.ECDSA, "table:1")), pdfImages(t, pdftoppm, renderTo(t, rep, export.PDF, "table:1"))...)
		close(r.pdfReady)
		r.draw(t, ctx)
		if m := r.compare(t, ctx, 0, 0); !m.ok() {
			t.Errorf("the sealed page against the signed PDF's: %v", m)
		} else {
			t.Logf("table:1 sealed: %v", m)
		}
		r.queue(t, ctx, 0, 1)
		if m := r.compare(t, ctx, 0, 1); m.ok() {
			t.Errorf("the sealed page matches the unsigned PDF's (%v): ofd.js drew no seal", m)
		}
		if dir := os.Getenv("JIXIAO_OFD_IMAGES"); dir != "" {
			r.save(t, dir, "table1-sealed")
		}
	})
	// A sealed report: the seal over the unit's name that closes it, on
	// its last page, where the signed PDF stamps it.
	t.Run("department sealed", func(t *testing.T) {
		ofdData := renderSigned(t, rep, export.OFD, sign.SM2, "department")
		p := openPackage(t, ofdData)
		r := newReader(t, p, ofdData)
		defer r.srv.Close()
		signed := pdfImages(t, pdftoppm, renderSigned(t, rep, export.PDF, sign.ECDSA, "department"))
		r.pdf = append(signed, pdfImages(t, pdftoppm, renderTo(t, rep, export.PDF, "department"))...)
		close(r.pdfReady)
		drawn := r.draw(t, ctx)
		last := len(drawn) - 1
		if len(drawn) != len(signed) {
			t.Fatalf("ofd.js drew %d pages, pdftoppm %d", len(drawn), len(signed))
		}
		r.queue(t, ctx, last, last)
		if m := r.compare(t, ctx, last, last); !m.ok() {
			t.Errorf("the sealed last page against the signed PDF's: %v", m)
		} else {
			t.Logf("department sealed, last page: %v", m)
		}
		r.queue(t, ctx, last, last+len(signed))
		if m := r.compare(t, ctx, last, last+len(signed)); m.ok() {
			t.Errorf("the sealed last page matches the unsigned PDF's (%v): ofd.js drew no seal", m)
		}
		if dir := os.Getenv("JIXIAO_OFD_IMAGES"); dir != "" {
			r.save(t, dir, "department-sealed")
		}
	})
	// The reference disclosure, and the table of every other profile's
	// example (its own columns, units and scales).
	type doc struct {
		name, part string
		rep        *evaluation.Report
	}
	docs := []doc{{"table:1", "table:1", rep}, {"all", "all", rep}}
	for _, f := range []string{"minimal", "yuan", "integer", "extended-columns", "execution-20"} {
		docs = append(docs, doc{f, "table:1", example(t, "../../examples/"+f+"-self-assessment.json")})
	}
	for _, dc := range docs {
		part, rep := dc.part, dc.rep
		t.Run(dc.name, func(t *testing.T) {
			start := time.Now()
			ofdData := renderTo(t, rep, export.OFD, part)
			pdfData := renderTo(t, rep, export.PDF, part)
			p := openPackage(t, ofdData)
			r := newReader(t, p, ofdData)
			defer r.srv.Close()
			// pdftoppm runs while the browser draws.
			go func() {
				imgs := pdfImages(t, pdftoppm, pdfData)
				r.mu.Lock()
				r.pdf = imgs
				r.mu.Unlock()
				close(r.pdfReady)
			}()
			defer func() { <-r.pdfReady }() // pdftoppm reports to t
			drawn := r.draw(t, ctx)
			if len(drawn) > 1 {
				r.queue(t, ctx, 0, 1)
			}
			<-r.pdfReady
			if len(drawn) != len(r.pdf) {
				t.Fatalf("ofd.js drew %d pages, pdftoppm %d", len(drawn), len(r.pdf))
			}
			worstInk, worstPixel, worstPage, worstTile := 1.0, 1.0, 0, 0
			for i, text := range drawn {
				if wantText := p.pages[i].pageText(t); text != wantText || wantText == "" {
					t.Errorf("page %d: ofd.js drew the text %q, the page has %q", i+1, trunc(text), trunc(wantText))
				}
				m := r.compare(t, ctx, i, i)
				if m.Ink < worstInk {
					worstInk, worstPage = m.Ink, i+1
				}
				worstPixel = min(worstPixel, m.Pixel)
				worstTile = max(worstTile, m.Tile)
				if !m.ok() {
					t.Errorf("page %d: %v; want ink match ≥ %.2f, pixel match ≥ %.3f, at most %d unmatched ink pixels in a tile",
						i+1, m, minInkMatch, minPixelMatch, maxTileMiss)
				}
			}
			// The measure tells pages apart: page 1 against page 2 of
			// the PDF fails it.
			if len(drawn) > 1 {
				if m := r.compare(t, ctx, 0, 1); m.ok() {
					t.Errorf("page 1 against PDF page 2 matches (%v): the measure cannot tell pages apart", m)
				}
			}
			if dir := os.Getenv("JIXIAO_OFD_IMAGES"); dir != "" { // to look at the pages
				r.save(t, dir, strings.ReplaceAll(dc.name, ":", ""))
			}
			t.Logf("%s: %d pages in %v; worst ink match %.4f (page %d), worst pixel match %.4f, worst tile %d unmatched ink pixels",
				dc.name, len(drawn), time.Since(start).Round(time.Millisecond), worstInk, worstPage, worstPixel, worstTile)
		})
	}
}

// dropLine returns the package with the text code that starts with
// prefix taken out of its page, and its text object with it when it held
// only that code.
func dropLine(t *testing.T, data []byte, prefix string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	dropped := false
	code := `<ofd:TextCode [^>]*>` + regexp.QuoteMeta(prefix) + `[^<]*</ofd:TextCode>`
	line := regexp.MustCompile(`<ofd:TextObject [^>]*>` + code + `</ofd:TextObject>|` + code)
	for _, f := range zr.File {
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if loc := line.FindIndex(b); loc != nil && !dropped {
			b = append(b[:loc[0]:loc[0]], b[loc[1]:]...)
			dropped = true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !dropped {
		t.Fatalf("no line starts with %q", prefix)
	}
	return out.Bytes()
}

func trunc(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// browser starts headless Chromium with a fresh profile and nothing that
// reaches the network on its own.
func browser(t *testing.T, bin string) (context.Context, context.CancelFunc) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("font-render-hinting", "none"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	if err := chromedp.Do(ctx); err != nil {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, func() { cancelTimeout(); cancelCtx(); cancelAlloc() }
}

// reader serves the reader page, ofd.js, the package, its fonts, the
// screenshots taken so far and the PDF's page images to the browser, on
// 127.0.0.1.
type reader struct {
	srv   *httptest.Server
	mu    sync.Mutex
	shots [][]byte // PNG screenshots of the pages ofd.js drew
	pdf   []string // the PDF's page images (PGM files), once pdfReady is closed
	// pdfReady is closed when pdftoppm is done: the worker's requests for
	// the PDF's pages wait for it.
	pdfReady chan struct{}
}

func newReader(t *testing.T, p *pkg, data []byte) *reader {
	js, err := os.ReadFile("testdata/ofdjs/ofd.umd.min.js")
	if err != nil {
		t.Fatal(err)
	}
	// ofd.js asks the browser for the FontName as a CSS family (or, for
	// names it recognises as a Chinese system face, for that face: any
	// name containing "Kai" becomes 楷体); the page supplies the embedded
	// subsets under those names.
	var css strings.Builder
	ids := make([]string, 0, len(p.fonts))
	for id := range p.fonts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := p.fonts[id]
		families := []string{f.Name}
		if strings.Contains(strings.ToLower(f.Name), "kai") {
			families = append(families, "楷体")
		}
		for _, fam := range families {
			fmt.Fprintf(&css, "@font-face{font-family:%q;src:url(/font/%s)}\n", fam, id)
		}
	}
	r := &reader{pdfReady: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/ofd.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(js)
	})
	mux.HandleFunc("/doc.ofd", func(w http.ResponseWriter, _ *http.Request) { w.Write(data) })
	mux.HandleFunc("/font/", func(w http.ResponseWriter, req *http.Request) {
		f, ok := p.fonts[strings.TrimPrefix(req.URL.Path, "/font/")]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "font/ttf")
		w.Write(p.files[f.File])
	})
	mux.HandleFunc("/shot/", func(w http.ResponseWriter, req *http.Request) {
		i, err := strconv.Atoi(strings.TrimPrefix(req.URL.Path, "/shot/"))
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil || i < 0 || i >= len(r.shots) {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(r.shots[i])
	})
	mux.HandleFunc("/pdf/", func(w http.ResponseWriter, req *http.Request) {
		i, err := strconv.Atoi(strings.TrimPrefix(req.URL.Path, "/pdf/"))
		select {
		case <-r.pdfReady:
		case <-req.Context().Done():
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil || i < 0 || i >= len(r.pdf) {
			http.NotFound(w, req)
			return
		}
		http.ServeFile(w, req, r.pdf[i])
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, readerPage, css.String(), pxPerMM, inkLevel, tilePx)
	})
	r.srv = httptest.NewServer(mux) // 127.0.0.1
	return r
}

// draw opens the package with ofd.js and takes a screenshot of each page
// it draws; it returns the characters of each page's SVG text, whitespace
// removed.
func (r *reader) draw(t *testing.T, ctx context.Context) []string {
	w, h := int64(210*pxPerMM), int64(297*pxPerMM)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h), chromedp.Navigate(r.srv.URL+"/")); err != nil {
		t.Fatalf("open the reader: %v", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.opened`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("ofd.js: %v", err)
	}
	var texts []string
	for i := range n {
		res, err := chromedp.Run(ctx, chromedp.Evaluate[shown](fmt.Sprintf(`show(%d)`, i), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		if len(res.Failed) > 0 {
			t.Fatalf("Chromium rejected the embedded fonts %v", res.Failed)
		}
		fast := true
		shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:           page.CaptureScreenshotFormatPng,
			Clip:             &page.Viewport{Width: res.W, Height: res.H, Scale: 1},
			OptimizeForSpeed: &fast,
		})
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		r.mu.Lock()
		r.shots = append(r.shots, shot.Data)
		r.mu.Unlock()
		r.queue(t, ctx, i, i)
		texts = append(texts, stripSpace(res.Text))
	}
	return texts
}

// shown is what show(i) reports.
type shown struct {
	W, H   float64
	Text   string
	Failed []string
}

// match is what compare(i, j) reports: see the thresholds.
type match struct {
	Ink, Pixel float64
	Tile       int // the most unmatched ink pixels in one tile
}

func (m match) ok() bool {
	return m.Ink >= minInkMatch && m.Pixel >= minPixelMatch && m.Tile <= maxTileMiss
}

func (m match) String() string {
	return fmt.Sprintf("ink match %.4f, pixel match %.4f, %d unmatched ink pixels in a tile", m.Ink, m.Pixel, m.Tile)
}

// queue starts comparing screenshot i with the PDF's page j, in a worker
// of the reader page.
func (r *reader) queue(t *testing.T, ctx context.Context, i, j int) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`queue(%d, %d)`, i, j))); err != nil {
		t.Fatalf("compare page %d with PDF page %d: %v", i+1, j+1, err)
	}
}

// compare returns the result of the comparison queue started.
func (r *reader) compare(t *testing.T, ctx context.Context, i, j int) match {
	m, err := chromedp.Run(ctx, chromedp.Evaluate[match](fmt.Sprintf(`result(%d, %d)`, i, j), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("compare page %d with PDF page %d: %v", i+1, j+1, err)
	}
	return m
}

// save writes the screenshots and the PDF's page images to dir.
func (r *reader) save(t *testing.T, dir, name string) {
	for i, shot := range r.shots {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%03d-ofd.png", name, i+1)), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range r.pdf {
		b, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%03d-pdf.pgm", name, i+1)), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// readerPage parses the package once and shows one page at a time at the
// top left of the viewport. show(i) resolves when the page's fonts are
// loaded, with the page's size, its drawn text and any font that failed.
// compare(i, j) binarises screenshot i and the PDF's page j and measures
// how well they match (see the thresholds in reader_test.go).
const readerPage = `<!doctype html>
<meta charset="utf-8">
<style>
html,body{margin:0;padding:0;background:#fff}
%s
</style>
<script src="/ofd.js"></script>
<div id="view"></div>
<script>
let divs = [];
window.opened = fetch('/doc.ofd').then(r => r.arrayBuffer()).then(buf => new Promise((resolve, reject) => {
  ofd.parseOfdDocument({ofd: buf, success(docs) {
    ofd.setPageScale(%d);
    divs = ofd.renderOfdByScale(docs[0]);
    resolve(divs.length);
  }, fail(e) { reject(String(e)); }});
}));
async function show(i) {
  const div = divs[i];
  div.style.marginBottom = '0';
  document.getElementById('view').replaceChildren(div);
  await document.fonts.ready;
  const failed = [];
  for (const f of document.fonts) {
    if (f.status === 'unloaded') { try { await f.load(); } catch (e) {} }
    if (f.status === 'error') failed.push(f.family);
  }
  let text = '';
  for (const t of div.querySelectorAll('text')) text += t.textContent;
  return {W: div.offsetWidth, H: div.offsetHeight, Text: text, Failed: failed};
}
</script>
<script type="text/plain" id="comparer">
let base = '';
const inkLevel = %d, tile = %d;
// ink returns an image's ink mask: {w, h, m} with m[i] = 1 where the
// pixel's luma (ITU-R 601) is below inkLevel.
async function ink(url) {
  const buf = new Uint8Array(await (await fetch(url)).arrayBuffer());
  if (buf[0] === 0x50 && buf[1] === 0x35) { // binary PGM from pdftoppm
    let off = 0;
    const field = () => {
      while (buf[off] <= 32) off++;
      let s = '';
      while (buf[off] > 32) s += String.fromCharCode(buf[off++]);
      return s;
    };
    field();
    const w = +field(), h = +field(), max = +field();
    off++;
    if (max !== 255) throw new Error('PGM is not 8-bit');
    const m = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) m[i] = buf[off + i] < inkLevel ? 1 : 0;
    return {w, h, m};
  }
  const bmp = await createImageBitmap(new Blob([buf], {type: 'image/png'}), {colorSpaceConversion: 'none', premultiplyAlpha: 'none'});
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext('2d');
  g.drawImage(bmp, 0, 0);
  const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
  const m = new Uint8Array(bmp.width * bmp.height);
  for (let i = 0; i < m.length; i++) {
    const y = (299 * d[4*i] + 587 * d[4*i+1] + 114 * d[4*i+2]) / 1000;
    m[i] = y < inkLevel ? 1 : 0;
  }
  return {w: bmp.width, h: bmp.height, m};
}
// near reports whether image m has the value v within one pixel of (x, y).
function near(m, w, h, x, y, v) {
  for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++)
    for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++)
      if (m[yy * w + xx] === v) return true;
  return false;
}
async function compare(i, j) {
  const [a, b] = await Promise.all([ink(base + '/shot/' + i), ink(base + '/pdf/' + j)]);
  if (a.w !== b.w || a.h !== b.h) return {Ink: 0, Pixel: 0, Tile: 1e9};
  const w = a.w, h = a.h, tw = Math.ceil(w / tile);
  const missA = new Int32Array(tw * Math.ceil(h / tile)), missB = new Int32Array(missA.length);
  let nA = 0, nB = 0, okA = 0, okB = 0, agree = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const k = y * w + x, va = a.m[k], vb = b.m[k];
    // A pixel of one image fits if the other has the same value within
    // one pixel; where both agree on the spot, both fit.
    const aFits = va === vb || near(b.m, w, h, x, y, va);
    const bFits = va === vb || near(a.m, w, h, x, y, vb);
    const t = Math.floor(y / tile) * tw + Math.floor(x / tile);
    if (va) { nA++; if (aFits) okA++; else missA[t]++; }
    if (vb) { nB++; if (bFits) okB++; else missB[t]++; }
    if (aFits && bFits) agree++;
  }
  let worst = 0;
  for (let t = 0; t < missA.length; t++) worst = Math.max(worst, missA[t], missB[t]);
  const pixel = agree / (w * h);
  if (!nA || !nB) return {Ink: 0, Pixel: pixel, Tile: worst};
  return {Ink: Math.min(okA / nA, okB / nB), Pixel: pixel, Tile: worst};
}
onmessage = async (e) => {
  base = e.data.base;
  try {
    postMessage({key: e.data.key, result: await compare(e.data.i, e.data.j)});
  } catch (err) {
    postMessage({key: e.data.key, error: String(err)});
  }
};
</script>
<script>
// The comparisons run in a worker, alongside the drawing of the next pages.
const worker = new Worker(URL.createObjectURL(new Blob([document.getElementById('comparer').textContent], {type: 'text/javascript'})));
const pending = {};
worker.onmessage = (e) => {
  const p = pending[e.data.key];
  if (e.data.error) p.reject(new Error(e.data.error)); else p.resolve(e.data.result);
};
function queue(i, j) {
  const key = i + ':' + j;
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  pending[key] = {promise, resolve, reject};
  worker.postMessage({key, i, j, base: location.origin});
}
function result(i, j) { return pending[i + ':' + j].promise; }
</script>
`

// pdfImages rasterises every page of the PDF at pxPerMM, in grey (PGM:
// poppler writes it ten times faster than PNG), and returns the files in
// page order.
func pdfImages(t *testing.T, bin string, pdf []byte) []string {
	dir := t.TempDir()
	f := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Error(err)
		return nil
	}
	cmd := exec.Command(bin, "-gray", "-scale-to-x", fmt.Sprint(210*pxPerMM), "-scale-to-y", fmt.Sprint(297*pxPerMM), f, filepath.Join(dir, "p"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v\n%s", err, out)
		return nil
	}
	names, _ := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	sort.Strings(names) // zero-padded page numbers
	return names
}

// renderSigned renders a part signed with a new key of alg, made out to
// the reference's department, so that every signed render shows the
// same seal.
func renderSigned(t *testing.T, rep *evaluation.Report, format *export.Format, alg sign.Algorithm, part string) []byte {
	t.Helper()
	k, err := keygen.New(keygen.Options{Algorithm: alg, Name: rep.Disclosure.Department})
	if err != nil {
		t.Fatal(err)
	}
	o, err := export.Query{Part: part}.Options()
	if err != nil {
		t.Fatal(err)
	}
	o.Format = format
	if o.Sign, err = export.NewSigning(context.Background(), k.Signer, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := export.Render(context.Background(), &buf, rep, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
