package sniff

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

func detect(data []byte, chunk int) string {
	var d Detector
	for len(data) > 0 {
		n := min(chunk, len(data))
		d.Write(data[:n])
		data = data[n:]
	}
	return d.Type()
}

func office(t *testing.T, parts ...string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := z.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<xml>"+p+"</xml>")
	}
	z.Close()
	return buf.Bytes()
}

func TestTypes(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
	cases := map[string]struct {
		data []byte
		want string
	}{
		"pdf":             {pdf, PDF},
		"pdf with junk":   {append([]byte("\r\n\r\n"), pdf...), PDF},
		"truncated pdf":   {pdf[:20], Unknown},
		"png":             {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), PNG},
		"jpeg":            {[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, JPEG},
		"docx":            {office(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), DOCX},
		"xlsx":            {office(t, "[Content_Types].xml", "xl/workbook.xml"), XLSX},
		"pptx":            {office(t, "[Content_Types].xml", "ppt/presentation.xml"), PPTX},
		"plain zip":       {office(t, "a.txt", "word/x.txt"), Unknown},
		"mixed office":    {office(t, "[Content_Types].xml", "word/a.xml", "xl/b.xml"), Unknown},
		"text named .pdf": {[]byte("Ini bukan PDF, hanya teks biasa.\n"), Unknown},
		"html":            {[]byte("<!doctype html><script>alert(1)</script>"), Unknown},
		"empty":           {nil, Unknown},
		"exe":             {[]byte("MZ\x90\x00\x03"), Unknown},
	}
	for name, tc := range cases {
		for _, chunk := range []int{1, 7, 64, 1 << 20} {
			if got := detect(tc.data, chunk); got != tc.want {
				t.Errorf("%s in chunks of %d: %q, want %q", name, chunk, got, tc.want)
			}
		}
	}
}

func TestLargeFileKeepsLittleMemory(t *testing.T) {
	var d Detector
	d.Write([]byte("%PDF-1.7\n"))
	block := bytes.Repeat([]byte("x"), 32<<10)
	for i := 0; i < 100; i++ {
		d.Write(block)
	}
	d.Write([]byte("\n%%EOF"))
	if d.Type() != PDF || d.Size() != int64(9+100*len(block)+6) {
		t.Fatalf("type %q size %d", d.Type(), d.Size())
	}
	if cap(d.tail) > 2*(tailSize+len(block)) || len(d.head) > headSize {
		t.Fatalf("buffers grew: head %d tail cap %d", len(d.head), cap(d.tail))
	}
}

func FuzzDetector(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n%%EOF"), 3)
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xml"), 5)
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 4)
	f.Add([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), 2)
	f.Add([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EO"), 7)
	f.Fuzz(func(t *testing.T, data []byte, chunk int) {
		if chunk <= 0 {
			chunk = 1
		}
		whole := detect(data, len(data)+1)
		if got := detect(data, chunk); got != whole {
			t.Fatalf("chunking changes the answer: %q vs %q", got, whole)
		}
		// The rule, read again from the whole file: a PDF has its header in
		// the first 1024 bytes and %%EOF in the last 2048; PNG and JPEG
		// start with their signatures; an Office document is a ZIP naming
		// [Content_Types].xml and the parts of its family.
		head, tail := data[:min(len(data), headSize)], data[max(0, len(data)-tailSize):]
		isPDF := bytes.Contains(head, []byte("%PDF-")) && bytes.Contains(tail, []byte("%%EOF"))
		if (whole == PDF) != isPDF {
			t.Fatalf("type %q, the PDF rule says %v", whole, isPDF)
		}
		if !isPDF {
			if want := bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")); (whole == PNG) != want {
				t.Fatalf("type %q, the PNG rule says %v", whole, want)
			}
			if want := bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}); (whole == JPEG) != want {
				t.Fatalf("type %q, the JPEG rule says %v", whole, want)
			}
		}
		family := map[string]string{DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
		if pre, office := family[whole]; office && (!bytes.HasPrefix(data, []byte("PK\x03\x04")) ||
			!bytes.Contains(data, []byte("[Content_Types].xml")) || !bytes.Contains(data, []byte(pre))) {
			t.Fatalf("type %q for a file that is not such a ZIP", whole)
		}
	})
}
