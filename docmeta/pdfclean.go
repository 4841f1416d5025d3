package docmeta

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
)

// cleanPDF writes a new PDF holding only the objects reachable from the
// catalog, renumbered in the order they are reached, with a fresh
// cross-reference table. Nothing of the original file is copied but these
// objects (stream data byte for byte), so the information dictionary, XMP
// packets, earlier revisions of an incrementally updated file and any
// unreferenced object are simply not there.
func cleanPDF(r io.ReaderAt, size int64, w io.Writer) error {
	d, err := openPDF(r, size)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if d.trailer.get("Encrypt") != nil {
		return ErrEncrypted
	}
	root, _ := d.trailer.get("Root").(pdfRef)
	if obj, _, err := d.load(root.num); err != nil {
		return fmt.Errorf("%w: the catalog cannot be read: %v", ErrDamaged, err)
	} else if cat, ok := obj.(*pdfDict); !ok || cat.get("Pages") == nil {
		return fmt.Errorf("%w: the catalog is not a dictionary with pages", ErrDamaged)
	}
	info := int64(-1)
	if ref, ok := d.trailer.get("Info").(pdfRef); ok {
		info = ref.num
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	pw := &pdfWriter{d: d, out: &countWriter{w: bw}, renum: map[int64]int64{}, info: info, lengths: map[int64]int64{}}
	pw.out.str("%PDF-" + pdfVersion(r, size) + "\n%\xE2\xE3\xCF\xD3\n")
	newRoot := pw.ref(root.num)
	for i := 0; i < len(pw.queue); i++ {
		pw.write(pw.queue[i])
		if pw.out.err != nil {
			return pw.out.err
		}
	}
	xrefAt := pw.out.n
	n := int64(len(pw.offsets)) + 1
	pw.out.str("xref\n0 " + itoa(n) + "\n0000000000 65535 f \n")
	for _, off := range pw.offsets {
		pw.out.str(fmt.Sprintf("%010d 00000 n \n", off))
	}
	pw.out.str("trailer\n<< /Size " + itoa(n) + " /Root " + itoa(newRoot) + " 0 R >>\nstartxref\n" + itoa(xrefAt) + "\n%%EOF\n")
	if pw.out.err != nil {
		return pw.out.err
	}
	return bw.Flush()
}

var versionRE = regexp.MustCompile(`%PDF-([12]\.[0-9])`)

// pdfVersion keeps the header's version, so the copy claims the features the
// original used.
func pdfVersion(r io.ReaderAt, size int64) string {
	head := make([]byte, min(size, 1024))
	n, _ := r.ReadAt(head, 0)
	if m := versionRE.FindSubmatch(head[:n]); m != nil {
		return string(m[1])
	}
	return "1.7"
}

type pdfWriter struct {
	d       *pdfDoc
	out     *countWriter
	renum   map[int64]int64 // old object number -> new
	queue   []int64         // old numbers in the order they were reached
	offsets []int64         // offset of each new object, by new number - 1
	info    int64           // the old information dictionary's number
	lengths map[int64]int64 // lengths of cleaned JPEG streams, by new number
}

// ref gives old object num its new number, queueing it on first sight.
func (pw *pdfWriter) ref(num int64) int64 {
	if n, ok := pw.renum[num]; ok {
		return n
	}
	n := int64(len(pw.queue)) + 1
	pw.renum[num] = n
	pw.queue = append(pw.queue, num)
	return n
}

// write writes old object num under its new number. An object that cannot
// be read becomes null, as a reader treats a reference to nothing.
func (pw *pdfWriter) write(num int64) {
	if num < 0 {
		pw.offsets = append(pw.offsets, pw.out.n)
		pw.out.str(itoa(-num) + " 0 obj\n" + itoa(pw.lengths[-num]) + "\nendobj\n")
		return
	}
	obj, st, err := pw.d.load(num)
	if err != nil {
		obj, st = pdfNull{}, nil
	}
	pw.offsets = append(pw.offsets, pw.out.n)
	pw.out.str(itoa(pw.renum[num]) + " 0 obj\n")
	defer pw.out.str("\nendobj\n")
	if num == pw.info {
		// The information dictionary itself, reached through some other key.
		writeObj(pw.out, &pdfDict{})
		return
	}
	if st == nil {
		writeObj(pw.out, pw.scrub(obj))
		return
	}
	dict := obj.(*pdfDict)
	switch {
	case dict.name("Type") == "ObjStm" || dict.name("Type") == "XRef":
		// Their bytes hold other objects, the information dictionary among
		// them: never copied.
		pw.out.str("null")
		return
	case dict.name("Type") == "Metadata" || dict.name("Subtype") == "XML":
		pw.out.str("<< /Type /Metadata /Subtype /XML /Length 0 >>\nstream\n\nendstream")
		return
	}
	// The old /Length may be a reference; it is not followed, so its object
	// is not copied for nothing.
	dict.del("Length")
	clean, ok := pw.scrub(dict).(*pdfDict)
	if !ok {
		pw.out.str("null")
		return
	}
	data := io.NewSectionReader(pw.d.r, st.off, st.n)
	if isJPEG(clean) && cleanJPEG(io.NewSectionReader(pw.d.r, st.off, st.n), io.Discard) == nil {
		// A photo placed as it was shot keeps its EXIF (camera owner, GPS)
		// inside the PDF: it is cleaned like an uploaded JPEG. Its new length
		// is known only once it is written, so it goes in an object after it.
		n := pw.lengthObject()
		clean.set("Length", pdfRef{n, 0})
		writeObj(pw.out, clean)
		pw.out.str("\nstream\n")
		cw := &countWriter{w: pw.out}
		if err := cleanJPEG(data, cw); err != nil && pw.out.err == nil {
			pw.out.err = err
		}
		pw.lengths[n] = cw.n
		pw.out.str("\nendstream")
		return
	}
	clean.set("Length", pdfInt(st.n))
	writeObj(pw.out, clean)
	pw.out.str("\nstream\n")
	if pw.out.err == nil {
		if _, err := io.Copy(pw.out, data); err != nil && pw.out.err == nil {
			pw.out.err = err
		}
	}
	pw.out.str("\nendstream")
}

// isJPEG reports whether a stream's only filter is DCTDecode.
func isJPEG(dict *pdfDict) bool {
	f := dict.get("Filter")
	if arr, ok := f.(pdfArray); ok && len(arr) == 1 {
		f = arr[0]
	}
	return f == pdfName("DCTDecode")
}

// lengthObject reserves the next object number for a stream's length,
// written when the queue reaches it (after the stream).
func (pw *pdfWriter) lengthObject() int64 {
	n := int64(len(pw.queue)) + 1
	pw.queue = append(pw.queue, -n)
	pw.renum[-n] = n
	return n
}

// markup lists the annotation subtypes whose /T is the author's name (a
// widget's /T is a form field's name and stays).
var markup = map[pdfName]bool{
	"Text": true, "FreeText": true, "Line": true, "Square": true, "Circle": true, "Polygon": true,
	"PolyLine": true, "Highlight": true, "Underline": true, "Squiggly": true, "StrikeOut": true,
	"Stamp": true, "Caret": true, "Ink": true, "Popup": true, "FileAttachment": true, "Sound": true,
	"Redact": true, "Projection": true,
}

// scrub returns obj without what identifies its author, with references
// renumbered: no /Metadata (XMP) or /PieceInfo anywhere, annotation authors
// replaced by a neutral name, and digital signatures (which carry the
// signer's name and certificate) dropped; a rewritten file breaks them anyway.
func (pw *pdfWriter) scrub(obj pdfObj) pdfObj {
	switch v := obj.(type) {
	case pdfRef:
		return pdfRef{pw.ref(v.num), 0}
	case pdfArray:
		out := make(pdfArray, len(v))
		for i, e := range v {
			out[i] = pw.scrub(e)
		}
		return out
	case *pdfDict:
		switch v.name("Type") {
		case "Sig", "DocTimeStamp":
			return pdfNull{}
		}
		out := &pdfDict{}
		for i, k := range v.keys {
			switch k {
			case "Metadata", "PieceInfo":
				continue
			case "T":
				if markup[v.name("Subtype")] {
					out.keys, out.vals = append(out.keys, k), append(out.vals, pdfString(NeutralAuthor))
					continue
				}
			}
			out.keys, out.vals = append(out.keys, k), append(out.vals, pw.scrub(v.vals[i]))
		}
		return out
	}
	return obj
}

// countWriter counts what it writes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

func (c *countWriter) str(s string) { _, _ = io.WriteString(c, s) }

// writeObj writes obj in PDF syntax.
func writeObj(w *countWriter, obj pdfObj) {
	switch v := obj.(type) {
	case nil, pdfNull:
		w.str("null")
	case pdfBool:
		if v {
			w.str("true")
		} else {
			w.str("false")
		}
	case pdfInt:
		w.str(itoa(int64(v)))
	case pdfReal:
		w.str(string(v))
	case pdfName:
		w.str(encodeName(v))
	case pdfString:
		_, _ = w.Write(encodeString(v))
	case pdfRef:
		w.str(itoa(v.num) + " " + itoa(v.gen) + " R")
	case pdfArray:
		w.str("[")
		for i, e := range v {
			if i > 0 {
				w.str(" ")
			}
			writeObj(w, e)
		}
		w.str("]")
	case *pdfDict:
		w.str("<<")
		for i, k := range v.keys {
			w.str(encodeName(k) + " ")
			writeObj(w, v.vals[i])
		}
		w.str(">>")
	default:
		w.err = errors.New("docmeta: unknown PDF object")
	}
}

func encodeName(n pdfName) string {
	var b bytes.Buffer
	b.WriteByte('/')
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < 0x21 || c > 0x7e || c == '#' || isDelim(c) {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// encodeString writes a literal string; a carriage return is escaped so that
// no reader turns it into a line feed.
func encodeString(s pdfString) []byte {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '(')
	for _, c := range s {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}
