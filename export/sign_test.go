package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/ofd/seal"
	"github.com/jixiao/jixiao/render/pdf/pades"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/tsa"
	"github.com/jixiao/jixiao/sign/tsa/tsatest"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func signing(t testing.TB, alg sign.Algorithm) (*Signing, *smx509.CertPool) {
	t.Helper()
	k, err := keygen.New(keygen.Options{Algorithm: alg, Name: "北京市地方金融监督管理局"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSigning(context.Background(), k.Signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	roots := smx509.NewCertPool()
	roots.AddCert(k.CA)
	return s, roots
}

// TestSignedRender signs the reference disclosure as PDF and OFD: the
// signatures verify, the seal is stamped on every self-assessment table
// and at the end of every report and nowhere else, and the pages print
// the same text as unsigned.
func TestSignedRender(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(t)
	// A seal on each 自评表 and at the signature (落款) of each report.
	tables := len(rep.Disclosure.SelfAssessments) + 1 + len(rep.Disclosure.ProjectReports)

	pdfSigning, pdfRoots := signing(t, sign.ECDSA)
	plain, _ := renderBytes(t, rep, Options{Format: PDF})
	signed, _ := renderBytes(t, rep, Options{Format: PDF, Sign: pdfSigning})
	if !bytes.HasPrefix(signed, plain) {
		t.Error("the signed PDF is not the unsigned one with an update appended")
	}
	sigs, err := pades.Verify(signed, pdfRoots)
	if err != nil || len(sigs) != 1 || sigs[0].Err != nil || !sigs[0].Whole {
		t.Fatalf("pades.Verify: %v %+v", err, sigs)
	}
	if n := bytes.Count(signed[len(plain):], []byte("/AP << /N")); n != tables {
		t.Errorf("%d seal appearances in the PDF, want one per table and report (%d)", n, tables)
	}
	samePDFText(t, plain, signed)
	validatePDF(t, signed)

	ofdSigning, ofdRoots := signing(t, sign.SM2)
	pkg, _ := renderBytes(t, rep, Options{Format: OFD, Sign: ofdSigning})
	seals, err := seal.Verify(pkg, ofdRoots)
	if err != nil || len(seals) != 1 || seals[0].Err != nil {
		t.Fatalf("seal.Verify: %v %+v", err, seals)
	}
	if seals[0].Stamps != tables {
		t.Errorf("%d stamps in the OFD, want one per table and report (%d)", seals[0].Stamps, tables)
	}
}

// samePDFText checks that two PDFs print the same text, page by page.
func samePDFText(t *testing.T, a, b []byte) {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found: CI must install poppler-utils (scripts/ci-deps.sh)")
		}
		t.Skip("pdftotext not found")
	}
	text := func(data []byte) string {
		p := filepath.Join(t.TempDir(), "x.pdf")
		os.WriteFile(p, data, 0o644)
		out, err := exec.Command(pdftotext, "-layout", p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if ta, tb := text(a), text(b); ta != tb || !strings.Contains(ta, "项目支出绩效自评表") {
		t.Error("the signed PDF prints other text than the unsigned one")
	}
}

// TestSignedRenderErrors: a key that cannot sign the format fails the
// render before anything is written.
func TestSignedRenderErrors(t *testing.T) {
	rep := reference(t)
	sm2, _ := signing(t, sign.SM2)
	ec, _ := signing(t, sign.ECDSA)
	for _, tc := range []struct {
		format *Format
		s      *Signing
	}{{PDF, sm2}, {OFD, ec}, {XLSX, ec}} {
		var buf bytes.Buffer
		_, err := Render(context.Background(), &buf, rep, Options{Format: tc.format, Part: mustPart("table:1"), Sign: tc.s})
		var oe *OptionError
		if tc.format == XLSX {
			// A workbook is written unsigned.
			if err != nil || buf.Len() == 0 {
				t.Errorf("xlsx with a signing: %v, %d bytes", err, buf.Len())
			}
			continue
		}
		if !errors.As(err, &oe) || buf.Len() != 0 {
			t.Errorf("%s with a %v key: %v, %d bytes written", tc.format, tc.s.alg, err, buf.Len())
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	k, err := keygen.New(keygen.Options{Algorithm: sign.ECDSA, NotAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	expired, err := NewSigning(context.Background(), k.Signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Render(context.Background(), &buf, rep, Options{Format: PDF, Part: mustPart("table:1"), Sign: expired}); err == nil || !strings.Contains(err.Error(), "expired") || buf.Len() != 0 {
		t.Errorf("expired certificate: %v, %d bytes written", err, buf.Len())
	}
}

// BenchmarkSignedRender measures what signing adds to the reference
// render: compare Plain and Signed of a format with benchstat.
func BenchmarkSignedRender(b *testing.B) {
	b.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(b)
	ec, _ := signing(b, sign.ECDSA)
	sm2, _ := signing(b, sign.SM2)
	for _, tc := range []struct {
		name   string
		format *Format
		s      *Signing
	}{{"pdf", PDF, ec}, {"ofd", OFD, sm2}} {
		for _, signed := range []bool{false, true} {
			name := tc.name + "/plain"
			opts := Options{Format: tc.format}
			if signed {
				name, opts.Sign = tc.name+"/signed", tc.s
			}
			b.Run(name, func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					if _, err := Render(context.Background(), &bytes.Buffer{}, rep, opts); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}

// BenchmarkSignPages measures the signing step alone on the reference
// render (a seal on each of its 35 tables and at the end of its two
// reports): what a signed
// render adds to the render, measured apart from the render, whose time
// varies far more on a busy machine than the signing takes.
func BenchmarkSignPages(b *testing.B) {
	b.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(b)
	for _, tc := range []struct {
		name   string
		format *Format
		alg    sign.Algorithm
	}{{"pdf-ecdsa", PDF, sign.ECDSA}, {"pdf-rsa", PDF, sign.RSA}, {"ofd-sm2", OFD, sign.SM2}} {
		s, _ := signing(b, tc.alg)
		p, err := NewPlan(rep, Options{Format: tc.format})
		if err != nil {
			b.Fatal(err)
		}
		// The digests the OFD writer takes for a signed render.
		var sums map[string][sm3.Size]byte
		if tc.format == OFD {
			sums = map[string][sm3.Size]byte{}
			p.ofdDigests = sums
		}
		var buf bytes.Buffer
		if _, err := Write(context.Background(), &buf, p, nil); err != nil {
			b.Fatal(err)
		}
		p.ofdDigests = nil
		res, _ := p.Pages(context.Background())
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			start := cpuTime()
			for b.Loop() {
				if _, err := s.signPages(context.Background(), tc.format, buf.Bytes(), res, &rep.Profile.Layout.Seal, sums); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// cpuTime is the process's CPU time, user and system: on a machine shared
// with other work, the wall time of an operation varies with the load,
// its CPU time much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestSignedRenderConcurrent: one Signing serves concurrent renders, as
// the service's does, and each gives the same bytes.
func TestSignedRenderConcurrent(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(t)
	for _, tc := range []struct {
		format *Format
		alg    sign.Algorithm
	}{{PDF, sign.ECDSA}, {OFD, sign.SM2}} {
		s, _ := signing(t, tc.alg)
		want, _ := renderBytes(t, rep, Options{Format: tc.format, Part: mustPart("table:1"), Sign: s})
		var wg sync.WaitGroup
		outs := make([][]byte, 4)
		for i := range outs {
			wg.Go(func() {
				var buf bytes.Buffer
				if _, err := Render(context.Background(), &buf, rep, Options{Format: tc.format, Part: mustPart("table:1"), Sign: s}); err != nil {
					t.Error(err)
				}
				outs[i] = buf.Bytes()
			})
		}
		wg.Wait()
		for i, out := range outs {
			if !bytes.Equal(out, want) {
				t.Errorf("%s: render %d differs from the first", tc.format, i)
			}
		}
	}
}

// TestSignsTimestamp: a time-stamp is for PDF signatures; an OFD seal
// asked to carry one is an option error, not a seal without it.
func TestSignsTimestamp(t *testing.T) {
	s, _ := signing(t, sign.SM2)
	s.TSA = &tsa.Client{URL: "http://127.0.0.1:1/"}
	var oe *OptionError
	if err := s.Signs(OFD); !errors.As(err, &oe) || oe.Name != "tsa" || !strings.Contains(oe.Message, "时间戳") {
		t.Errorf("Signs(OFD) with a TSA: %v", err)
	}
	p, _ := signing(t, sign.ECDSA)
	p.TSA = s.TSA
	if err := p.Signs(PDF); err != nil {
		t.Errorf("Signs(PDF) with a TSA: %v", err)
	}
}

// TestStampPlaces: the seal goes over the 实施单位 of each 自评表 and over
// the unit's name that closes each report (the profile's layout.seal),
// once on each such page.
func TestStampPlaces(t *testing.T) {
	rep := reference(t)
	plan, err := NewPlan(rep, Options{Format: PDF})
	if err != nil {
		t.Fatal(err)
	}
	res, err := plan.Pages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Disclosure
	centres := stampCentres(res, &rep.Profile.Layout.Seal)
	var onTables, onReports int
	for _, c := range centres {
		var at *layout.LineBox
		for i := range res.Pages[c.page].Lines {
			l := &res.Pages[c.page].Lines[i]
			if c.x > l.X && c.x < l.X+l.Width && c.y > l.Y && c.y < l.Y+l.Height {
				at = l
			}
		}
		switch {
		case at == nil:
			t.Errorf("page %d: a seal over no line", c.page+1)
		case strings.HasSuffix(at.Path, "/implementingUnit"):
			onTables++
		case strings.HasSuffix(at.Path, "/closing") && at.Text == d.Department:
			onReports++
			// The closing line is the report's last.
			last := res.Pages[c.page].Lines[len(res.Pages[c.page].Lines)-1]
			if last.Kind == layout.KindPageNumber {
				last = res.Pages[c.page].Lines[len(res.Pages[c.page].Lines)-2]
			}
			if last.Path != at.Path {
				t.Errorf("page %d: the report's signature is followed by %q", c.page+1, last.Text)
			}
		default:
			t.Errorf("page %d: a seal over %q (%s)", c.page+1, at.Text, at.Path)
		}
	}
	if onTables != len(d.SelfAssessments) || onReports != 1+len(d.ProjectReports) {
		t.Errorf("%d seals on tables, %d on reports; want %d and %d", onTables, onReports, len(d.SelfAssessments), 1+len(d.ProjectReports))
	}
}

// TestSignedPDFArchival: a signed and time-stamped tagged PDF/A-3a stays
// one: the signature is an incremental update that leaves the writer's
// bytes as they were, and the last catalog keeps the tags, the metadata,
// the output intent and the embedded data.
func TestSignedPDFArchival(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(t)
	s, roots := signing(t, sign.ECDSA)
	authority := tsatest.Start(t)
	s.TSA = &tsa.Client{URL: authority.URL}
	roots.AddCert(authority.CA)
	plain, _ := renderBytes(t, rep, Options{Format: PDF})
	signed, _ := renderBytes(t, rep, Options{Format: PDF, Sign: s})
	if !bytes.HasPrefix(signed, plain) {
		t.Fatal("the signed PDF is not the writer's with an update appended")
	}
	plan, err := NewPlan(rep, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.sourceLater()(); err != nil {
		t.Fatal(err)
	}
	f := checkArchival(t, signed, plan.Document.Source)
	out, _ := exec.Command(needTool(t, "pdfsig"), "-nocert", f).CombinedOutput()
	for _, want := range []string{"Signature is Valid", "Total document signed"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdfsig does not say %q:\n%s", want, out)
		}
	}
	sigs, err := pades.Verify(signed, roots)
	if err != nil || len(sigs) != 1 || sigs[0].Err != nil || !sigs[0].Whole || sigs[0].Timestamp == nil || !sigs[0].Timestamp.Trusted {
		t.Fatalf("pades.Verify: %v %+v", err, sigs)
	}
	validatePDF(t, signed)
	ctx, err := api.ReadContext(bytes.NewReader(signed), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	root, err := ctx.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"StructTreeRoot", "MarkInfo", "Metadata", "OutputIntents", "AF", "Names", "Lang", "AcroForm"} {
		if _, ok := root[key]; !ok {
			t.Errorf("the signed PDF's catalog lacks /%s", key)
		}
	}

	// The signature field and the stamps are tagged (PDF/UA-1 §7.18.1):
	// poppler's structure tree shows a Form element and an Annot element
	// for each other stamp, each holding its annotation.
	stamps := len(rep.Disclosure.SelfAssessments) + 1 + len(rep.Disclosure.ProjectReports)
	tree := run(t, "pdfinfo", "-struct", f)
	forms := regexp.MustCompile(`(?m)^  Form\n    Object \d+ 0$`).FindAllString(tree, -1)
	annots := regexp.MustCompile(`(?m)^  Annot(?: \(inline\))?\n    Object \d+ 0$`).FindAllString(tree, -1)
	if len(forms) != 1 || len(annots) != stamps-1 {
		t.Errorf("pdfinfo -struct shows %d Form and %d Annot elements holding objects, want 1 and %d", len(forms), len(annots), stamps-1)
	}
	// Each annotation's /StructParent leads, through the parent tree, to
	// the element that holds it, and it has an alternative description.
	str := root.DictEntry("StructTreeRoot")
	if str == nil {
		if d, err := ctx.DereferenceDict(root["StructTreeRoot"]); err == nil {
			str = d
		}
	}
	ptree, err := ctx.DereferenceDict(str["ParentTree"])
	if err != nil {
		t.Fatal(err)
	}
	parentOf := map[int]types.Object{}
	numberTree(t, ctx, ptree, parentOf)
	if err := ctx.EnsurePageCount(); err != nil {
		t.Fatal(err)
	}
	tagged := 0
	for i := 1; i <= ctx.PageCount; i++ {
		page, _, _, err := ctx.PageDict(i, false)
		if err != nil {
			t.Fatal(err)
		}
		annots, _ := ctx.DereferenceArray(page["Annots"])
		for _, a := range annots {
			ref := a.(types.IndirectRef)
			d, err := ctx.DereferenceDict(ref)
			if err != nil {
				t.Fatal(err)
			}
			key := d.IntEntry("StructParent")
			if key == nil {
				t.Errorf("page %d: an annotation without /StructParent", i)
				continue
			}
			el, err := ctx.DereferenceDict(parentOf[*key])
			if err != nil || el == nil {
				t.Errorf("page %d: /StructParent %d leads to no element", i, *key)
				continue
			}
			objr := el.DictEntry("K")
			if obj, ok := objr["Obj"].(types.IndirectRef); !ok || obj.ObjectNumber != ref.ObjectNumber || el.StringEntry("Alt") == nil && el["Alt"] == nil {
				t.Errorf("page %d: the element of /StructParent %d is %v", i, *key, el)
			}
			if page.NameEntry("Tabs") == nil || *page.NameEntry("Tabs") != "S" {
				t.Errorf("page %d has annotations but no /Tabs /S", i)
			}
			tagged++
		}
	}
	if tagged != stamps {
		t.Errorf("%d tagged annotations, want %d", tagged, stamps)
	}
}

// numberTree adds the entries of the number tree whose node is d, its
// leaves under /Kids included, to out.
func numberTree(t *testing.T, ctx *model.Context, d types.Dict, out map[int]types.Object) {
	t.Helper()
	nums := d.ArrayEntry("Nums")
	for i := 0; i+1 < len(nums); i += 2 {
		out[int(nums[i].(types.Integer))] = nums[i+1]
	}
	for _, kid := range d.ArrayEntry("Kids") {
		k, err := ctx.DereferenceDict(kid)
		if err != nil {
			t.Fatal(err)
		}
		numberTree(t, ctx, k, out)
	}
}
