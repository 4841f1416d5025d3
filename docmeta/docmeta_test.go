package docmeta

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func cleaned(t *testing.T, typ string, in []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Clean(typ, bytes.NewReader(in), int64(len(in)), &out); err != nil {
		t.Fatalf("Clean: %v", err)
	}
	return out.Bytes()
}

// pdfcpuConf validates strictly, without pdfcpu's configuration directory.
func pdfcpuConf() *model.Configuration {
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	return conf
}

func pageCount(t *testing.T, data []byte) int {
	t.Helper()
	n, err := api.PageCount(bytes.NewReader(data), pdfcpuConf())
	if err != nil {
		t.Fatalf("pdfcpu cannot count the pages: %v", err)
	}
	return n
}

func TestCleanPDF(t *testing.T) {
	cases := []struct {
		name  string
		in    []byte
		pages int
	}{
		{"fpdf with Info and XMP", fpdfDoc(t, 3), 3},
		{"incremental update", incrementalPDF(), 1},
		{"object and xref streams", objStmPDF(), 1},
		{"broken cross-reference", brokenXrefPDF(), 1},
		{"photo with EXIF", photoPDF(t), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !leaks(pdfText(tc.in), opd) {
				t.Fatal("the test document does not name the OPD: the test proves nothing")
			}
			out := cleaned(t, PDF, tc.in)
			if leaks(pdfText(out), opd) {
				t.Errorf("the cleaned PDF still names the OPD:\n%s", pdfText(out))
			}
			if err := api.Validate(bytes.NewReader(out), pdfcpuConf()); err != nil {
				t.Errorf("pdfcpu finds the cleaned PDF invalid: %v\n%s", err, out)
			}
			if got := pageCount(t, out); got != tc.pages {
				t.Errorf("pages: %d, want %d", got, tc.pages)
			}
			if !bytes.Contains(pdfText(out), []byte(visible)) {
				t.Error("the page text is gone")
			}
			// The copy is well-formed enough to be read without repair and
			// cleaning it again changes nothing.
			d, err := openPDF(bytes.NewReader(out), int64(len(out)))
			if err != nil || d.scan != nil {
				t.Errorf("the copy needed repair to be read: %v", err)
			}
			if again := cleaned(t, PDF, out); !bytes.Equal(again, out) {
				t.Error("cleaning the copy again changes it")
			}
		})
	}
}

func TestCleanPDFPhoto(t *testing.T) {
	out := cleaned(t, PDF, photoPDF(t))
	m := regexp.MustCompile(`(?s)/DCTDecode/Length (\d+) 0 R>>\nstream\n(.*?)\nendstream`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no image stream with an indirect length:\n%q", out)
	}
	img, err := jpeg.Decode(bytes.NewReader(m[2]))
	if err != nil || img.Bounds() != testImage().Bounds() {
		t.Errorf("the photo does not decode: %v", err)
	}
	if !bytes.Contains(out, []byte(fmt.Sprintf("%s 0 obj\n%d\nendobj", m[1], len(m[2])))) {
		t.Errorf("the length object does not hold the photo's length %d", len(m[2]))
	}
}

func TestCleanPDFAnnotations(t *testing.T) {
	out := cleaned(t, PDF, incrementalPDF())
	if !bytes.Contains(out, []byte("/T ("+NeutralAuthor+")")) {
		t.Errorf("the comment's author is not neutral:\n%s", out)
	}
	if !bytes.Contains(out, []byte("/T (nama_field)")) {
		t.Error("a form field lost its name")
	}
	if bytes.Contains(out, []byte("/PieceInfo")) || bytes.Contains(out, []byte("/Metadata")) || bytes.Contains(out, []byte("/Info")) {
		t.Errorf("metadata keys remain:\n%s", out)
	}
}

func TestCleanPDFRefuses(t *testing.T) {
	var out bytes.Buffer
	enc := encryptedPDF()
	if err := Clean(PDF, bytes.NewReader(enc), int64(len(enc)), &out); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted: %v, want ErrEncrypted", err)
	}
	for name, in := range map[string][]byte{
		"not a PDF":  []byte("%PDF-1.4\nhello\n%%EOF"),
		"no catalog": []byte("%PDF-1.4\n1 0 obj\n<< /Type /Page >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF"),
		"empty":      nil,
	} {
		out.Reset()
		if err := Clean(PDF, bytes.NewReader(in), int64(len(in)), &out); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
	if err := Clean("text/plain", bytes.NewReader(nil), 0, &out); !errors.Is(err, ErrUnsupported) {
		t.Errorf("text: %v, want ErrUnsupported", err)
	}
}

// zipParts opens a ZIP and returns its parts' contents, checking that every
// XML part is well-formed.
func zipParts(t *testing.T, data []byte) (map[string][]byte, *zip.Reader) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the copy is not a ZIP: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = b
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("%s is not well-formed: %v\n%s", f.Name, err, b)
					break
				}
			}
		}
	}
	return parts, zr
}

func TestCleanDOCX(t *testing.T) {
	in := makeZip(t, docxParts(t, docXML))
	out := cleaned(t, DOCX, in)
	parts, zr := zipParts(t, out)
	orig, origZip := zipParts(t, in)
	for name, b := range parts {
		if leaks(b, opd) {
			t.Errorf("%s still names the OPD:\n%s", name, b)
		}
	}
	if _, ok := parts["docProps/custom.xml"]; ok {
		t.Error("docProps/custom.xml is still there")
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels"} {
		if bytes.Contains(parts[name], []byte("custom.xml")) {
			t.Errorf("%s still refers to custom.xml:\n%s", name, parts[name])
		}
	}
	if !bytes.Contains(parts["_rels/.rels"], []byte(`Target="docProps/core.xml"`)) || !bytes.Contains(parts["[Content_Types].xml"], []byte(`PartName="/docProps/app.xml"`)) {
		t.Error("the package lost entries it needs")
	}
	// The body is copied as it was stored: same bytes, same compressed bytes.
	if !bytes.Equal(parts["word/document.xml"], orig["word/document.xml"]) {
		t.Error("word/document.xml changed")
	}
	if a, b := rawPart(t, zr, "word/document.xml"), rawPart(t, origZip, "word/document.xml"); !bytes.Equal(a, b) {
		t.Error("word/document.xml was recompressed")
	}
	if len(parts) != len(orig)-1 {
		t.Errorf("%d parts, want %d", len(parts), len(orig)-1)
	}
	want := strings.NewReplacer(`w:author="`+opd+`"`, `w:author="Anonim"`, `w:initials="DK"`, `w:initials="A"`).Replace(string(orig["word/comments.xml"]))
	if string(parts["word/comments.xml"]) != want {
		t.Errorf("comments.xml:\n%s\nwant\n%s", parts["word/comments.xml"], want)
	}
	img, err := jpeg.Decode(bytes.NewReader(parts["word/media/image1.jpeg"]))
	if err != nil || img.Bounds() != testImage().Bounds() {
		t.Errorf("the embedded photo does not decode: %v", err)
	}
}

func rawPart(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.OpenRaw()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

func TestCleanDOCXTrackedChanges(t *testing.T) {
	in := makeZip(t, docxParts(t, trackedXML))
	parts, _ := zipParts(t, cleaned(t, DOCX, in))
	want := strings.Replace(trackedXML, `w:author="`+opd+`"`, `w:author="Anonim"`, 1)
	if string(parts["word/document.xml"]) != want {
		t.Errorf("document.xml:\n%s\nwant only the author changed:\n%s", parts["word/document.xml"], want)
	}
}

func TestCleanXLSXAndPPTX(t *testing.T) {
	for typ, ps := range map[string][]zipPart{XLSX: xlsxParts(), PPTX: pptxParts()} {
		in := makeZip(t, ps)
		parts, _ := zipParts(t, cleaned(t, typ, in))
		for name, b := range parts {
			if leaks(b, opd) {
				t.Errorf("%s still names the OPD:\n%s", name, b)
			}
		}
		if len(parts) != len(ps) {
			t.Errorf("%d parts, want %d", len(parts), len(ps))
		}
	}
}

func TestCleanOOXMLRefusesBrokenXML(t *testing.T) {
	in := makeZip(t, []zipPart{{name: "[Content_Types].xml", body: "<Types>"}, {name: "word/document.xml", body: `<w:document xmlns:w="x"><w:p w:author="a></w:document>`}})
	var out bytes.Buffer
	if err := Clean(DOCX, bytes.NewReader(in), int64(len(in)), &out); !errors.Is(err, ErrDamaged) {
		t.Errorf("%v, want ErrDamaged", err)
	}
}

func samePixels(t *testing.T, a, b image.Image) {
	t.Helper()
	if a.Bounds() != b.Bounds() {
		t.Fatalf("bounds %v, want %v", b.Bounds(), a.Bounds())
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				t.Fatalf("pixel %d,%d differs", x, y)
			}
		}
	}
}

func TestCleanJPEG(t *testing.T) {
	in := exifJPEG(t)
	out := cleaned(t, JPEG, in)
	if leaks(out, opd) {
		t.Errorf("the JPEG still names the OPD")
	}
	a, err1 := jpeg.Decode(bytes.NewReader(in))
	b, err2 := jpeg.Decode(bytes.NewReader(out))
	if err1 != nil || err2 != nil {
		t.Fatalf("decode: %v, %v", err1, err2)
	}
	samePixels(t, a, b)
	if !bytes.HasSuffix(out, []byte{0xFF, 0xD9}) {
		t.Error("the copy does not end at EOI")
	}
}

func TestCleanPNG(t *testing.T) {
	in := textPNG(t)
	out := cleaned(t, PNG, in)
	if leaks(out, opd) {
		t.Errorf("the PNG still names the OPD")
	}
	a, err1 := png.Decode(bytes.NewReader(in))
	b, err2 := png.Decode(bytes.NewReader(out))
	if err1 != nil || err2 != nil {
		t.Fatalf("decode: %v, %v", err1, err2)
	}
	samePixels(t, a, b)
}

// failWriter fails after n bytes, as a blob store that runs out of space.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestCleanReportsWriteErrors(t *testing.T) {
	inputs := map[string][]byte{PDF: fpdfDoc(t, 40), DOCX: makeZip(t, docxParts(t, docXML)), JPEG: exifJPEG(t), PNG: textPNG(t)}
	for typ, in := range inputs {
		err := Clean(typ, bytes.NewReader(in), int64(len(in)), &failWriter{n: 100})
		if !errors.Is(err, errFull) {
			t.Errorf("%s: %v, want the writer's error", typ, err)
		}
	}
}
