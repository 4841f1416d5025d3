package docmeta

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"
)

// The fuzz tests call clean, not Clean: Clean turns a panic into an error,
// which would hide exactly what fuzzing looks for. Their seeds are the test
// documents above, each with the OPD planted in its metadata; `go test` runs
// them, and `go test -fuzz` mutates them (found inputs are kept under
// testdata/fuzz).
//
// What fuzzing found (about 2.5 million executions over 2-3 minute runs per target;
// every finding is kept under testdata/fuzz and fixed):
//   - FuzzCleanPDF: an information dictionary also reached from the catalog
//     was written as "<< >>" and read back as "<<>>", so a copy cleaned
//     again differed (89e377d1); and an oracle false positive, the OPD's
//     name placed in page content (dba916c1), which led to the structural
//     oracle metadataLeft.
//   - FuzzCleanOOXML: corrupt deflate data (ffc450b0) and a ZIP directory
//     sending the reader before the file's start (1381c071) came back as
//     errors not marked as the document's, which a server would answer 500.
//   - FuzzRewriteXML, FuzzCleanJPEG, FuzzCleanPNG: nothing.

// bounded runs fn and fails when it takes longer than any input of the
// fuzzer's size may (Go's fuzzer has no time limit of its own per input, and
// would wait for ever on a hang).
func bounded(t *testing.T, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("cleaning does not finish")
		return nil
	}
}

func docErr(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrEncrypted) {
		t.Fatalf("an error that is not about the document: %v", err)
	}
}

func FuzzCleanPDF(f *testing.F) {
	for _, s := range [][]byte{fpdfDoc(f, 1), incrementalPDF(), objStmPDF(), brokenXrefPDF(), encryptedPDF(), photoPDF(f)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		if err := bounded(t, func() error { return clean(PDF, bytes.NewReader(data), int64(len(data)), &out) }); err != nil {
			docErr(t, err)
			return
		}
		got := out.Bytes()
		// The copy is a well-formed PDF: it reads without repair, holds no
		// metadata structure, and cleaning it again gives the same bytes.
		d, err := openPDF(bytes.NewReader(got), int64(len(got)))
		if err != nil || d.scan != nil {
			t.Fatalf("the copy does not read without repair (%v):\n%q", err, got)
		}
		if what := metadataLeft(d); what != "" {
			t.Fatalf("the copy keeps %s:\n%q", what, got)
		}
		var again bytes.Buffer
		if err := clean(PDF, bytes.NewReader(got), int64(len(got)), &again); err != nil || !bytes.Equal(again.Bytes(), got) {
			t.Fatalf("cleaning the copy again: %v\n%q\n%q", err, got, again.Bytes())
		}
	})
}

// metadataLeft walks every object of a cleaned PDF and names the first
// metadata structure it finds. It is the fuzz tests' oracle: a mutated input
// may well carry the OPD's name in its page content, where it stays, but no
// mutation may bring metadata through. (The first fuzzing run found exactly
// such an input, a name put into a content stream, which the earlier oracle
// "the name never appears" wrongly flagged.)
func metadataLeft(d *pdfDoc) string {
	if d.trailer.get("Info") != nil {
		return "an information dictionary"
	}
	var walk func(o pdfObj) string
	walk = func(o pdfObj) string {
		switch v := o.(type) {
		case pdfArray:
			for _, e := range v {
				if w := walk(e); w != "" {
					return w
				}
			}
		case *pdfDict:
			switch {
			case v.get("Metadata") != nil:
				return "/Metadata"
			case v.get("PieceInfo") != nil:
				return "/PieceInfo"
			case v.name("Type") == "Sig" || v.name("Type") == "DocTimeStamp":
				return "a signature"
			case markup[v.name("Subtype")] && v.get("T") != nil && string(asString(v.get("T"))) != NeutralAuthor:
				return "an annotation's author"
			}
			for _, e := range v.vals {
				if w := walk(e); w != "" {
					return w
				}
			}
		}
		return ""
	}
	for num := range d.xref {
		obj, st, err := d.load(num)
		if err != nil {
			continue
		}
		if dict, ok := obj.(*pdfDict); ok && st != nil {
			switch {
			case (dict.name("Type") == "Metadata" || dict.name("Subtype") == "XML") && st.n > 0:
				return "an XMP stream"
			case dict.name("Type") == "ObjStm" || dict.name("Type") == "XRef":
				return "a copied object stream"
			}
		}
		if w := walk(obj); w != "" {
			return w
		}
	}
	return ""
}

func asString(o pdfObj) pdfString {
	s, _ := o.(pdfString)
	return s
}

// authorValues lists what a reader of the XML finds in the places the
// rules blank, judged with Go's own XML parser rather than the rewriter's.
func authorValues(b []byte) ([]string, bool) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var vals []string
	var inAuthor bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return vals, true
		}
		if err != nil {
			return vals, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			el := xname{t.Name.Space, t.Name.Local}
			inAuthor = el == xname{nsS, "author"}
			for _, a := range t.Attr {
				xa := xattr{name: xname{a.Name.Space, a.Name.Local}, value: a.Value}
				if _, ok := ooxmlRules.attr(el, xa, nil); ok && xa.name.local != "Target" {
					vals = append(vals, a.Value)
				}
			}
		case xml.CharData:
			if inAuthor {
				vals = append(vals, string(t))
			}
		case xml.EndElement:
			inAuthor = false
		}
	}
}

func FuzzCleanOOXML(f *testing.F) {
	f.Add(makeZip(f, docxParts(f, docXML)))
	f.Add(makeZip(f, docxParts(f, trackedXML)))
	f.Add(makeZip(f, xlsxParts()))
	f.Add(makeZip(f, pptxParts()))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		if err := bounded(t, func() error { return clean(DOCX, bytes.NewReader(data), int64(len(data)), &out) }); err != nil {
			docErr(t, err)
			return
		}
		zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatalf("the copy is not a ZIP: %v", err)
		}
		for _, f := range zr.File {
			if isPart(f.Name, "docProps/custom.xml") {
				t.Fatal("custom properties survive")
			}
			if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
			rc.Close()
			if (isPart(f.Name, "docProps/core.xml") || isPart(f.Name, "docProps/app.xml")) && leaks(b, opd) {
				t.Fatalf("%s names the OPD", f.Name)
			}
			vals, _ := authorValues(b)
			for _, v := range vals {
				if strings.Contains(v, opd) {
					t.Fatalf("%s keeps the author %q", f.Name, v)
				}
			}
		}
	})
}

func FuzzRewriteXML(f *testing.F) {
	for _, p := range append(append(docxParts(f, trackedXML), xlsxParts()...), pptxParts()...) {
		if strings.HasSuffix(p.name, ".xml") || strings.HasSuffix(p.name, ".rels") {
			f.Add([]byte(p.body))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		err := bounded(t, func() error { _, err := rewriteXML(bytes.NewReader(data), &out, ooxmlRules); return err })
		if err != nil {
			if !errors.Is(err, errXML) {
				t.Fatalf("an error that is not about the XML: %v", err)
			}
			return
		}
		_, inOK := authorValues(data)
		vals, outOK := authorValues(out.Bytes())
		if inOK && !outOK {
			t.Fatalf("well-formed XML came out broken:\n%q\n%q", data, out.Bytes())
		}
		for _, v := range vals {
			if strings.Contains(v, opd) {
				t.Fatalf("the author %q survives:\n%q", v, out.Bytes())
			}
		}
	})
}

// jpegSegments lists the markers before the first scan.
func jpegMarkers(b []byte) []byte {
	var ms []byte
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		m := b[i+1]
		if m == 0xDA || m == 0xD9 {
			break
		}
		ms = append(ms, m)
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return ms
}

func FuzzCleanJPEG(f *testing.F) {
	f.Add(exifJPEG(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		if err := bounded(t, func() error { return clean(JPEG, bytes.NewReader(data), int64(len(data)), &out) }); err != nil {
			docErr(t, err)
			return
		}
		for _, m := range jpegMarkers(out.Bytes()) {
			if (m >= 0xE1 && m <= 0xED) || m == 0xEF || m == 0xFE {
				t.Fatalf("segment %X survives", m)
			}
		}
		if a, err := jpeg.Decode(bytes.NewReader(data)); err == nil {
			b, err := jpeg.Decode(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("the image decoded before cleaning but not after: %v", err)
			}
			samePixels(t, a, b)
		}
	})
}

func FuzzCleanPNG(f *testing.F) {
	f.Add(textPNG(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		if err := bounded(t, func() error { return clean(PNG, bytes.NewReader(data), int64(len(data)), &out) }); err != nil {
			docErr(t, err)
			return
		}
		got := out.Bytes()
		for i := 8; i+8 <= len(got); {
			n := int(binary.BigEndian.Uint32(got[i:]))
			switch string(got[i+4 : i+8]) {
			case "tEXt", "zTXt", "iTXt", "eXIf", "tIME":
				t.Fatalf("chunk %s survives", got[i+4:i+8])
			}
			i += 12 + n
		}
		if a, err := png.Decode(bytes.NewReader(data)); err == nil {
			b, err := png.Decode(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("the image decoded before cleaning but not after: %v", err)
			}
			samePixels(t, a, b)
		}
	})
}
