package ofd_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/jixiao/jixiao/export"
)

// The reader test renders the OFD with an independent reader, ofd.js
// (testdata/ofdjs), in headless Chromium and compares every page with the
// same page of the PDF rasterised by pdftoppm at the same resolution.

// pxPerMM is the resolution of the comparison: ofd.js draws at an integer
// number of pixels per millimetre; 4 px/mm is 101.6 dpi, where a 9 pt
// table character is 13 px high and a 0.6 pt rule 0.85 px wide.
const pxPerMM = 4

// The comparison, per page. Both images are binarised: ink is a pixel
// darker than inkLevel (3/4 of white). Below 9 pt the thin strokes of a
// CJK glyph are narrower than a pixel, and the two rasterisers (poppler's
// Splash, Chromium's Skia) paint them in different greys either side of
// half grey; at 3/4 both count them. An ink pixel of one image matches
// if the other image has ink within one pixel (its 3×3 neighbourhood),
// which absorbs the different sub-pixel rounding of the two.
//
// inkMatch is the share of each image's ink matched in the other (the
// smaller of the two directions); pixelMatch is the share of all pixels
// that agree within the tolerance, the measure the issue suggested, which
// alone would pass a blank page (ink covers a few percent of a page).
// Measured on the reference disclosure (102 pages): inkMatch 0.988 on
// the worst page (a table page of 9 pt text), while any page against the
// next page of the PDF scores at most 0.66; a table's missing line of
// text costs about 2%, hence 0.98.
const (
	inkLevel      = 192
	minInkMatch   = 0.98
	minPixelMatch = 0.995
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
	for _, part := range []string{"table:1", "all"} {
		t.Run(part, func(t *testing.T) {
			start := time.Now()
			ofdData := renderTo(t, rep, export.OFD, part)
			pdfData := renderTo(t, rep, export.PDF, part)
			p := openPackage(t, ofdData)
			// pdftoppm runs while the browser draws.
			pdfDone := make(chan []*grey, 1)
			go func() { pdfDone <- pdfImages(t, pdftoppm, pdfData) }()
			got := readerImages(t, ctx, p, ofdData)
			want := <-pdfDone
			if len(got) != len(want) {
				t.Fatalf("ofd.js drew %d pages, pdftoppm %d", len(got), len(want))
			}
			dir := os.Getenv("JIXIAO_OFD_IMAGES") // to look at the pages
			worstInk, worstPixel, worstPage := 1.0, 1.0, 0
			for i := range got {
				if dir != "" {
					name := strings.ReplaceAll(part, ":", "")
					savePNG(t, filepath.Join(dir, fmt.Sprintf("%s-%03d-ofd.png", name, i+1)), got[i].img)
					savePNG(t, filepath.Join(dir, fmt.Sprintf("%s-%03d-pdf.png", name, i+1)), want[i])
				}
				if wantText := p.pages[i].pageText(t); got[i].text != wantText || wantText == "" {
					t.Errorf("page %d: ofd.js drew the text %q, the page has %q", i+1, trunc(got[i].text), trunc(wantText))
				}
				ink, pixel := compare(got[i].img, want[i])
				if ink < worstInk {
					worstInk, worstPage = ink, i+1
				}
				worstPixel = min(worstPixel, pixel)
				if ink < minInkMatch || pixel < minPixelMatch {
					t.Errorf("page %d: ink match %.4f (min %.2f), pixel match %.4f (min %.3f)", i+1, ink, minInkMatch, pixel, minPixelMatch)
				}
			}
			// The measure tells pages apart: page 1 against page 2 of
			// the PDF fails it.
			if len(got) > 1 {
				if ink, _ := compare(got[0].img, want[1]); ink >= minInkMatch {
					t.Errorf("page 1 against PDF page 2 matches (%.4f): the measure cannot tell pages apart", ink)
				}
			}
			t.Logf("%s: %d pages in %v; worst ink match %.4f (page %d), worst pixel match %.4f",
				part, len(got), time.Since(start).Round(time.Millisecond), worstInk, worstPage, worstPixel)
		})
	}
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
		chromedp.Flag("font-render-hinting", "none"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	if err := chromedp.Do(ctx); err != nil {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, func() { cancelTimeout(); cancelCtx(); cancelAlloc() }
}

type drawn struct {
	img  *grey
	text string // the characters of the page's SVG text, whitespace removed
}

// readerImages opens the package with ofd.js and takes a screenshot of
// each page it draws.
func readerImages(t *testing.T, ctx context.Context, p *pkg, data []byte) []drawn {
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
	mux := http.NewServeMux()
	mux.HandleFunc("/ofd.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(js)
	})
	mux.HandleFunc("/doc.ofd", func(w http.ResponseWriter, r *http.Request) { w.Write(data) })
	mux.HandleFunc("/font/", func(w http.ResponseWriter, r *http.Request) {
		f, ok := p.fonts[strings.TrimPrefix(r.URL.Path, "/font/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "font/ttf")
		w.Write(p.files[f.File])
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, readerPage, css.String(), pxPerMM)
	})
	srv := httptest.NewServer(mux) // 127.0.0.1
	defer srv.Close()

	w, h := int64(210*pxPerMM), int64(297*pxPerMM)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h), chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open the reader: %v", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.opened`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("ofd.js: %v", err)
	}
	var out []drawn
	for i := range n {
		res, err := chromedp.Run(ctx, chromedp.Evaluate[shown](fmt.Sprintf(`show(%d)`, i), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
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
		if len(res.Failed) > 0 {
			t.Fatalf("Chromium rejected the embedded fonts %v", res.Failed)
		}
		img, err := png.Decode(bytes.NewReader(shot.Data))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, drawn{img: toGrey(img), text: stripSpace(res.Text)})
	}
	return out
}

// shown is what show(i) reports.
type shown struct {
	W, H   float64
	Text   string
	Failed []string
}

// readerPage parses the package once and shows one page at a time at the
// top left of the viewport. show(i) resolves when the page's fonts are
// loaded, with the page's size, its drawn text and any font that failed.
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
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  let text = '';
  for (const t of div.querySelectorAll('text')) text += t.textContent;
  return {W: div.offsetWidth, H: div.offsetHeight, Text: text, Failed: failed};
}
</script>
`

// pdfImages rasterises every page of the PDF at pxPerMM, in grey (PGM:
// poppler writes it ten times faster than PNG).
func pdfImages(t *testing.T, bin string, pdf []byte) []*grey {
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
	var imgs []*grey
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Error(err)
			return nil
		}
		g, err := readPGM(b)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			return nil
		}
		imgs = append(imgs, g)
	}
	return imgs
}

// grey is an 8-bit grey image.
type grey struct {
	W, H int
	Pix  []uint8
}

// readPGM reads a binary PGM (P5) with 8-bit samples.
func readPGM(b []byte) (*grey, error) {
	var w, h, maxv int
	var magic string
	n, err := fmt.Sscan(string(b[:min(len(b), 64)]), &magic, &w, &h, &maxv)
	if err != nil || n != 4 || magic != "P5" || maxv != 255 {
		return nil, fmt.Errorf("not an 8-bit binary PGM")
	}
	// The header ends with one whitespace byte after the maximum value.
	off, fields := 0, 0
	for fields < 4 {
		for b[off] == ' ' || b[off] == '\n' || b[off] == '\r' || b[off] == '\t' {
			off++
		}
		for b[off] != ' ' && b[off] != '\n' && b[off] != '\r' && b[off] != '\t' {
			off++
		}
		fields++
	}
	off++
	if len(b)-off < w*h {
		return nil, fmt.Errorf("truncated PGM")
	}
	return &grey{W: w, H: h, Pix: b[off : off+w*h]}, nil
}

// toGrey converts a screenshot to grey (ITU-R 601 luma); the page is
// opaque.
func toGrey(img image.Image) *grey {
	b := img.Bounds()
	g := &grey{W: b.Dx(), H: b.Dy(), Pix: make([]uint8, b.Dx()*b.Dy())}
	switch m := img.(type) {
	case *image.RGBA:
		for y := range g.H {
			row := m.Pix[y*m.Stride:]
			for x := range g.W {
				r, gg, bl := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2])
				g.Pix[y*g.W+x] = uint8((299*r + 587*gg + 114*bl) / 1000)
			}
		}
	case *image.NRGBA:
		for y := range g.H {
			row := m.Pix[y*m.Stride:]
			for x := range g.W {
				r, gg, bl := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2])
				g.Pix[y*g.W+x] = uint8((299*r + 587*gg + 114*bl) / 1000)
			}
		}
	default:
		for y := range g.H {
			for x := range g.W {
				r, gg, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				g.Pix[y*g.W+x] = uint8((299*r + 587*gg + 114*bl) / 1000 >> 8)
			}
		}
	}
	return g
}

// mask binarises g: true where there is ink.
func (g *grey) mask() []bool {
	m := make([]bool, len(g.Pix))
	for i, v := range g.Pix {
		m[i] = v < inkLevel
	}
	return m
}

// dilate returns m with every pixel within one pixel of a true pixel set
// to true (a 3×3 maximum, done as two passes).
func dilate(m []bool, w, h int) []bool {
	rows := make([]bool, len(m))
	for y := range h {
		for x := range w {
			i := y*w + x
			rows[i] = m[i] || x > 0 && m[i-1] || x+1 < w && m[i+1]
		}
	}
	out := make([]bool, len(m))
	for y := range h {
		for x := range w {
			i := y*w + x
			out[i] = rows[i] || y > 0 && rows[i-w] || y+1 < h && rows[i+w]
		}
	}
	return out
}

func not(m []bool) []bool {
	out := make([]bool, len(m))
	for i, v := range m {
		out[i] = !v
	}
	return out
}

// compare returns the ink match and the pixel match of two pages (see
// the thresholds above). Pages of different sizes do not match at all.
func compare(a, b *grey) (inkMatch, pixelMatch float64) {
	if a == nil || b == nil || a.W != b.W || a.H != b.H {
		return 0, 0
	}
	w, h := a.W, a.H
	ma, mb := a.mask(), b.mask()
	// Ink within reach, and paper within reach, in each image.
	inkA, inkB := dilate(ma, w, h), dilate(mb, w, h)
	paperA, paperB := dilate(not(ma), w, h), dilate(not(mb), w, h)
	var nA, nB, okA, okB, agree int
	for i := range ma {
		if ma[i] {
			nA++
			if inkB[i] {
				okA++
			}
		}
		if mb[i] {
			nB++
			if inkA[i] {
				okB++
			}
		}
		aFits := ma[i] && inkB[i] || !ma[i] && paperB[i]
		bFits := mb[i] && inkA[i] || !mb[i] && paperA[i]
		if aFits && bFits {
			agree++
		}
	}
	pixelMatch = float64(agree) / float64(w*h)
	if nA == 0 || nB == 0 {
		return 0, pixelMatch
	}
	return min(float64(okA)/float64(nA), float64(okB)/float64(nB)), pixelMatch
}

func savePNG(t *testing.T, name string, g *grey) {
	img := &image.Gray{Pix: g.Pix, Stride: g.W, Rect: image.Rect(0, 0, g.W, g.H)}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
