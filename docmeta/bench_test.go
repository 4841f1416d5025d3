package docmeta

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// uploadCap is Juri's default largest upload (JURI_MAX_UPLOAD_MB).
const uploadCap = 25 << 20

// bigPDF is a PDF of about size bytes: pages whose images are incompressible
// data, as a scanned proposal's are, with metadata naming the OPD.
func bigPDF(size int, broken bool) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	const img = 256 << 10
	pages := size / img
	b := newPDFBuilder()
	kids := ""
	for i := 0; i < pages; i++ {
		kids += fmt.Sprintf("%d 0 R ", 10+2*i)
	}
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>")
	b.obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, pages))
	b.stream(3, " /Type /Metadata /Subtype /XML", []byte(xmpPacket))
	b.obj(4, "<< /Author ("+opd+") >>")
	data := make([]byte, img)
	nums := []int{1, 2, 3, 4}
	for i := 0; i < pages; i++ {
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		b.obj(10+2*i, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >> >>", 11+2*i))
		b.stream(11+2*i, " /Type /XObject /Subtype /Image /Width 256 /Height 1024 /ColorSpace /DeviceGray /BitsPerComponent 8", data)
		nums = append(nums, 10+2*i, 11+2*i)
	}
	if broken {
		b.buf.WriteString("trailer\n<< /Root 1 0 R /Info 4 0 R >>\n%%EOF\n")
	} else {
		b.table(nums, fmt.Sprintf(" /Size %d /Root 1 0 R /Info 4 0 R", 12+2*pages))
	}
	return b.buf.Bytes()
}

// bigDOCX is a Word document of about size bytes, mostly photos.
func bigDOCX(tb testing.TB, size int) []byte {
	photo := exifJPEG(tb)
	parts := docxParts(tb, docXML)
	for i := 0; len(photo)*i < size; i++ {
		parts = append(parts, zipPart{name: fmt.Sprintf("word/media/photo%d.jpeg", i), method: zip.Store, body: string(photo)})
	}
	return makeZip(tb, parts)
}

// bigJPEG is a JPEG of about size bytes: EXIF, then scan data.
func bigJPEG(tb testing.TB, size int) []byte {
	j := exifJPEG(tb)
	eoi := bytes.LastIndex(j, []byte{0xFF, 0xD9})
	rng := rand.New(rand.NewPCG(3, 4))
	body := make([]byte, size)
	for i := range body {
		body[i] = byte(rng.Uint32())
		if body[i] == 0xFF {
			body[i] = 0xFE // no markers inside the scan
		}
	}
	out := append([]byte{}, j[:eoi]...)
	out = append(out, body...)
	return append(out, 0xFF, 0xD9)
}

// BenchmarkClean25MB cleans documents of the largest allowed upload. Its B/op
// is everything allocated while cleaning one, so it bounds the peak memory a
// cleaning needs (the input is read from a reader, as from a blob file).
func BenchmarkClean25MB(b *testing.B) {
	for _, tc := range []struct {
		name, typ string
		data      []byte
	}{
		{"pdf", PDF, bigPDF(uploadCap, false)},
		{"pdf-rebuilt-xref", PDF, bigPDF(uploadCap, true)},
		{"docx", DOCX, bigDOCX(b, uploadCap)},
		{"jpeg", JPEG, bigJPEG(b, uploadCap)},
	} {
		// The least any copy costs: reading the blob through once.
		b.Run(tc.name+"/copy-baseline", func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := io.Copy(io.Discard, io.NewSectionReader(bytes.NewReader(tc.data), 0, int64(len(tc.data)))); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/clean", func(b *testing.B) {
			r := bytes.NewReader(tc.data)
			b.SetBytes(int64(len(tc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Clean(tc.typ, r, int64(len(tc.data)), io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBigDocumentsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 25 MB documents")
	}
	for name, in := range map[string][]byte{"pdf": bigPDF(4<<20, false), "pdf-rebuilt": bigPDF(4<<20, true)} {
		var out bytes.Buffer
		if err := Clean(PDF, bytes.NewReader(in), int64(len(in)), &out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if leaks(out.Bytes()[:min(out.Len(), 4096)], opd) || bytes.Contains(out.Bytes(), []byte(opd)) {
			t.Errorf("%s: the copy names the OPD", name)
		}
		if got, want := pageCount(t, out.Bytes()), (4<<20)/(256<<10); got != want {
			t.Errorf("%s: %d pages, want %d", name, got, want)
		}
	}
}
