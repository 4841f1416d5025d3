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
	f.Fuzz(func(t *testing.T, data []byte, chunk int) {
		if chunk <= 0 {
			chunk = 1
		}
		whole := detect(data, len(data)+1)
		if got := detect(data, chunk); got != whole {
			t.Fatalf("chunking changes the answer: %q vs %q", got, whole)
		}
	})
}
