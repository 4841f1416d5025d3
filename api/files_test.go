package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
	"testing"
	"unicode"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// testPDF is a small, well-formed one-page PDF showing text.
func testPDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 18 Tf 20 40 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// paddedPDF is a PDF of exactly size bytes (a comment pads it).
func paddedPDF(size int) []byte {
	head, tail := "%PDF-1.4\n%", "\n%%EOF\n"
	return []byte(head + strings.Repeat("x", size-len(head)-len(tail)) + tail)
}

func testPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range 4 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func testDOCX() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`,
	} {
		w, _ := z.Create(name)
		_, _ = w.Write([]byte(body))
	}
	_ = z.Close()
	return b.Bytes()
}

// part is one part of a multipart body: a form field, or a file when
// filename is set.
type part struct {
	name, filename string
	data           []byte
}

const boundary = "juri-test-boundary-7f3a"

func multipartBody(parts ...part) (string, []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.SetBoundary(boundary)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		params := map[string]string{"name": p.name}
		if p.filename != "" {
			params["filename"] = p.filename
			h.Set("Content-Type", "application/octet-stream")
		}
		h.Set("Content-Disposition", mime.FormatMediaType("form-data", params))
		pw, _ := w.CreatePart(h)
		_, _ = pw.Write(p.data)
	}
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

// upload sends one file with its kind first, as a browser form would.
func upload(s *testenv.Server, tok string, entryID int64, kind, filename string, data []byte) *testenv.Response {
	ct, body := multipartBody(part{name: "kind", data: []byte(kind)}, part{name: "file", filename: filename, data: data})
	return s.Request("POST", entryPath(entryID, "files"), tok, ct, bytes.NewReader(body))
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// onEachBackend runs a file test once with the local blob directory and once
// with an S3 bucket on a real S3 protocol server (testenv.S3Blobs).
func onEachBackend(t *testing.T, test func(t *testing.T, backend ...testenv.Option)) {
	t.Run("local", func(t *testing.T) { test(t) })
	t.Run("s3", func(t *testing.T) { test(t, testenv.S3Blobs(t)) })
}

// blobFiles lists what the blob store holds, asking the store itself so the
// check means the same on each backend: committed blobs by key, unfinished
// uploads (temporary files, incomplete multipart uploads) as ".tmp/<id>".
func blobFiles(t *testing.T, s *testenv.Server) map[string]bool {
	t.Helper()
	ctx := context.Background()
	keys, err := s.Deps.Blobs.Keys(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	temps, err := s.Deps.Blobs.Temps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, k := range keys {
		out[k] = true
	}
	for _, tmp := range temps {
		out[".tmp/"+tmp.ID] = true
	}
	return out
}

func fileRows(t *testing.T, s *testenv.Server) int64 {
	t.Helper()
	var n int64
	if err := s.Store.DB().Model(&models.File{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// noTrace checks that the blob directory and the files table are as before.
func noTrace(t *testing.T, s *testenv.Server, what string, blobs map[string]bool, rows int64) {
	t.Helper()
	now := blobFiles(t, s)
	for p := range now {
		if !blobs[p] {
			t.Errorf("%s left %s in blob storage", what, p)
		}
	}
	if len(now) != len(blobs) {
		t.Errorf("%s: %d blobs stored, want %d", what, len(now), len(blobs))
	}
	if n := fileRows(t, s); n != rows {
		t.Errorf("%s: %d file rows, want %d", what, n, rows)
	}
}

// fileSetup is an open KIPP competition with a draft entry of r.OPD.
func fileSetup(t *testing.T, s *testenv.Server) (testenv.Roles, int64, int64) {
	t.Helper()
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", map[string]any{"max_entries_per_organization": 0})
	return r, comp, testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Si Jempol"})["id"])
}

func TestUploadProposalPDF(t *testing.T) { onEachBackend(t, testUploadProposalPDF) }

func testUploadProposalPDF(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	pdf := testPDF("Proposal Si Jempol")
	res := upload(s, r.ParticipantTok, entry, "proposal", "Proposal Si Jempol.pdf", pdf)
	if res.Code != 201 {
		t.Fatalf("upload: %d %s", res.Code, res.Body)
	}
	f := res.Map(t)
	if f["sha256"] != sha(pdf) || f["size"] != float64(len(pdf)) || f["kind"] != "proposal" ||
		f["content_type"] != "application/pdf" || f["filename"] != "Proposal Si Jempol.pdf" || testenv.ID(t, f["entry_id"]) != entry {
		t.Fatalf("uploaded %v; want sha256 %s, size %d", f, sha(pdf), len(pdf))
	}
	list := testenv.List(t, s.Must(200, "GET", entryPath(entry, "files"), r.ParticipantTok, nil))
	if len(list) != 1 || list[0]["id"] != f["id"] || list[0]["sha256"] != f["sha256"] {
		t.Fatalf("files %v", list)
	}
	if files := s.Must(200, "GET", entryPath(entry), r.OrganizerTok, nil).Map(t)["files"].([]any); len(files) != 1 {
		t.Fatalf("entry files %v", files)
	}
	// The bytes on disk are the bytes sent.
	found := false
	for p := range blobFiles(t, s) {
		if !strings.Contains(p, ".tmp") {
			found = true
		}
	}
	if !found || fileRows(t, s) != 1 {
		t.Fatalf("no committed blob or row")
	}
	body := s.Request("GET", "/api/v1/files/"+itoa(testenv.ID(t, f["id"]))+"/content", r.ParticipantTok, "", nil)
	if body.Code != 200 || !bytes.Equal(body.Body, pdf) {
		t.Fatalf("content: %d, %d bytes", body.Code, len(body.Body))
	}
}

// TestUploadTypeChecks: the bytes decide the type, never the name.
func TestUploadTypeChecks(t *testing.T) { onEachBackend(t, testUploadTypeChecks) }

func testUploadTypeChecks(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	pdf := testPDF("Lampiran")
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	for _, tc := range []struct {
		name, kind, filename string
		data                 []byte
		status               int
		contentType, ext     string
	}{
		{"a PDF proposal", "proposal", "proposal.pdf", pdf, 201, "application/pdf", ".pdf"},
		{"text renamed to .pdf", "proposal", "proposal.pdf", []byte("Ini bukan PDF, hanya teks biasa.\n"), 415, "", ""},
		{"a PNG as proposal", "proposal", "scan.pdf", testPNG(), 415, "", ""},
		{"a PDF cut short", "proposal", "potong.pdf", pdf[:len(pdf)/2], 415, "", ""},
		{"a PNG as supporting", "supporting", "foto kegiatan.png", testPNG(), 201, "image/png", ".png"},
		{"a DOCX as supporting", "supporting", "laporan.docx", testDOCX(), 201, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
		{"a PDF as supporting", "supporting", "sk bupati.pdf", pdf, 201, "application/pdf", ".pdf"},
		{"HTML as supporting", "supporting", "halaman.html", html, 415, "", ""},
		{"HTML named .png", "supporting", "foto.png", html, 415, "", ""},
		{"an empty file", "supporting", "kosong.pdf", nil, 422, "", ""},
		{"an unknown kind", "brosur", "brosur.pdf", pdf, 422, "", ""},
	} {
		runCase(t, s, tc.name, func(t *testing.T) {
			blobs, rows := blobFiles(t, s), fileRows(t, s)
			res := upload(s, r.ParticipantTok, entry, tc.kind, tc.filename, tc.data)
			if res.Code != tc.status {
				t.Errorf("%s: %d %s, want %d", tc.name, res.Code, res.Body, tc.status)
				return
			}
			if tc.status != 201 {
				noTrace(t, s, tc.name, blobs, rows)
				return
			}
			f := res.Map(t)
			if f["content_type"] != tc.contentType || !strings.HasSuffix(f["filename"].(string), tc.ext) || f["sha256"] != sha(tc.data) {
				t.Errorf("%s: %v", tc.name, f)
			}
		})
	}
	if res := upload(s, r.ParticipantTok, entry, "supporting", "halaman.html", html); res.ErrorCode() != "unsupported_media_type" {
		t.Errorf("error code %q", res.ErrorCode())
	}
	// Not multipart at all.
	expect(t, s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, "application/pdf", bytes.NewReader(pdf)), 415, "unsupported_media_type", "raw PDF body")
}

// TestUploadOverTheCap runs with a 64 KiB cap.
func TestUploadOverTheCap(t *testing.T) { onEachBackend(t, testUploadOverTheCap) }

func testUploadOverTheCap(t *testing.T, backend ...testenv.Option) {
	const limit = 64 << 10
	s := testenv.NewServer(t, append(backend, func(d *apiDeps) { d.MaxUploadBytes = limit })...)
	r, _, entry := fileSetup(t, s)
	// Exactly at the cap is fine, and leaves one committed file.
	if res := upload(s, r.ParticipantTok, entry, "proposal", "pas.pdf", paddedPDF(limit)); res.Code != 201 {
		t.Fatalf("file at the cap: %d %s", res.Code, res.Body)
	}
	blobs, rows := blobFiles(t, s), fileRows(t, s)
	if len(blobs) != 1 || rows != 1 {
		t.Fatalf("after one upload: %d blobs, %d rows", len(blobs), rows)
	}

	over := paddedPDF(limit + 1)
	huge := paddedPDF(3 << 20)
	for _, tc := range []struct {
		name string
		body func() (string, io.Reader)
	}{
		{"one byte over the cap", func() (string, io.Reader) {
			ct, b := multipartBody(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "besar.pdf", data: over})
			return ct, bytes.NewReader(b)
		}},
		{"far over, kind after the file", func() (string, io.Reader) {
			ct, b := multipartBody(part{name: "file", filename: "besar.pdf", data: huge}, part{name: "kind", data: []byte("proposal")})
			return ct, bytes.NewReader(b)
		}},
		{"far over, length unknown", func() (string, io.Reader) {
			ct, b := multipartBody(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "besar.pdf", data: huge})
			return ct, io.MultiReader(bytes.NewReader(b)) // hides the length
		}},
		{"envelope over its cap, length unknown", func() (string, io.Reader) {
			ct, b := multipartBody(part{name: "kind", data: []byte("proposal")}, part{name: "catatan", data: bytes.Repeat([]byte("a"), 2<<20)},
				part{name: "file", filename: "kecil.pdf", data: testPDF("kecil")})
			return ct, io.MultiReader(bytes.NewReader(b))
		}},
	} {
		runCase(t, s, tc.name, func(t *testing.T) {
			ct, body := tc.body()
			res := s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, ct, body)
			softExpect(t, res, 413, "payload_too_large", tc.name)
			noTrace(t, s, tc.name, blobs, rows)
		})
	}
}

// cutReader gives the first n bytes of data, then fails with err.
type cutReader struct {
	data []byte
	err  error
}

func (c *cutReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, c.err
	}
	n := copy(p, c.data)
	c.data = c.data[n:]
	return n, nil
}

func TestUploadCutOffHalfWay(t *testing.T) { onEachBackend(t, testUploadCutOffHalfWay) }

func testUploadCutOffHalfWay(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	if res := upload(s, r.ParticipantTok, entry, "supporting", "foto.png", testPNG()); res.Code != 201 {
		t.Fatalf("first upload: %d %s", res.Code, res.Body)
	}
	blobs, rows := blobFiles(t, s), fileRows(t, s)
	big := paddedPDF(300 << 10)
	half := func(b []byte) int { return len(b) / 2 }
	inKindHeader := func(b []byte) int {
		i := bytes.LastIndex(b, []byte("name=kind"))
		if i < 0 {
			t.Fatalf("no kind part in %q", b[len(b)-200:])
		}
		return i + 6
	}
	for _, tc := range []struct {
		name      string
		kindFirst bool
		cut       func([]byte) int
		err       error
	}{
		{"connection reset in the file", true, half, errors.New("connection reset by peer")},
		{"body ends in the file", true, half, io.EOF},
		{"connection reset after the whole file, in the kind part", false, inKindHeader, errors.New("connection reset by peer")},
		{"body ends after the whole file, in the kind part", false, inKindHeader, io.EOF},
		// Every byte of the file and its delimiter arrived, but not the closing
		// "--": the form is cut off all the same.
		{"body ends before the closing delimiter", true, func(b []byte) int { return len(b) - len("--\r\n") }, io.EOF},
	} {
		parts := []part{{name: "kind", data: []byte("proposal")}, {name: "file", filename: "proposal.pdf", data: big}}
		if !tc.kindFirst {
			parts[0], parts[1] = parts[1], parts[0]
		}
		ct, b := multipartBody(parts...)
		// The cut is found here: inKindHeader fails the test itself.
		b = b[:tc.cut(b)]
		runCase(t, s, tc.name, func(t *testing.T) {
			res := s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, ct, &cutReader{data: b, err: tc.err})
			softExpect(t, res, 400, "bad_request", tc.name)
			noTrace(t, s, tc.name, blobs, rows)
		})
	}
	// A file of several S3 parts, cut off after two parts were sent or just
	// before the closing delimiter: not even an incomplete multipart upload
	// stays behind.
	ct, large := multipartBody(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "besar.pdf", data: paddedPDF(12 << 20)})
	for name, cut := range map[string]int{"a large file cut off after two parts": 11 << 20, "a large file without its closing delimiter": len(large) - 4} {
		res := s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, ct, &cutReader{data: large[:cut], err: io.EOF})
		softExpect(t, res, 400, "bad_request", name)
		noTrace(t, s, name, blobs, rows)
	}
	if got := testenv.List(t, s.Must(200, "GET", entryPath(entry, "files"), r.ParticipantTok, nil)); len(got) != 1 {
		t.Errorf("files after cut-off uploads: %v", got)
	}
}

func TestUploadFormFields(t *testing.T) { onEachBackend(t, testUploadFormFields) }

func testUploadFormFields(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	pdf := testPDF("urutan")
	post := func(parts ...part) *testenv.Response {
		ct, b := multipartBody(parts...)
		return s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, ct, bytes.NewReader(b))
	}
	// kind after the file.
	res := post(part{name: "file", filename: "proposal.pdf", data: pdf}, part{name: "kind", data: []byte("proposal")})
	if res.Code != 201 || res.Map(t)["kind"] != "proposal" {
		t.Fatalf("kind after file: %d %s", res.Code, res.Body)
	}
	blobs, rows := blobFiles(t, s), fileRows(t, s)
	for _, tc := range []struct {
		name  string
		parts []part
		field string
	}{
		{"no kind", []part{{name: "file", filename: "proposal.pdf", data: pdf}}, "kind"},
		{"empty kind", []part{{name: "kind"}, {name: "file", filename: "proposal.pdf", data: pdf}}, "kind"},
		{"no file", []part{{name: "kind", data: []byte("proposal")}}, "file"},
		{"two files", []part{{name: "kind", data: []byte("supporting")}, {name: "file", filename: "a.pdf", data: pdf}, {name: "file", filename: "b.pdf", data: pdf}}, "file"},
	} {
		runCase(t, s, tc.name, func(t *testing.T) {
			res := post(tc.parts...)
			if res.Code != 422 || fields(t, res)[tc.field] == "" {
				t.Errorf("%s: %d %s, want 422 naming %s", tc.name, res.Code, res.Body, tc.field)
			}
			noTrace(t, s, tc.name, blobs, rows)
		})
	}
}

func TestUploadFilenameIsCleaned(t *testing.T) { onEachBackend(t, testUploadFilenameIsCleaned) }

func testUploadFilenameIsCleaned(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	pdf := testPDF("nama")
	for _, tc := range []struct {
		name, sent, contains string
	}{
		{"path up to passwd", "../../../etc/passwd", "passwd"},
		{"windows path with control characters", "..\\..\\windows\\system32\\evil\x07\x1b[31m\r\n.pdf", "evil"},
		{"NUL and DEL", "../proposal\x00\x01\x7f.pdf", "proposal"},
		{"an executable's name", "laporan.exe", "laporan"},
		{"right-to-left override", "\u202efdp.exe", "fdp"},
		{"dot file behind dots", "....//.htaccess", "htaccess"},
		{"only spaces", "   ", ""},
		{"Indonesian with accents", "Inovasi – Dinas Kesehatan ü.pdf", "Inovasi – Dinas Kesehatan ü"},
		{"over 200 characters", strings.Repeat("panjang", 60) + ".pdf", "panjang"},
	} {
		runCase(t, s, tc.name, func(t *testing.T) {
			res := upload(s, r.ParticipantTok, entry, "supporting", tc.sent, pdf)
			if res.Code != 201 {
				t.Errorf("%q: %d %s", tc.sent, res.Code, res.Body)
				return
			}
			f := res.Map(t)
			name := f["filename"].(string)
			bad := strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".pdf") ||
				!strings.Contains(name, tc.contains) || strings.IndexFunc(name, func(r rune) bool {
				return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
			}) >= 0
			if bad || len([]rune(name)) > 200 {
				t.Errorf("%q was kept as %q", tc.sent, name)
				return
			}
			// The download names it the same way.
			got := s.Request("GET", "/api/v1/files/"+itoa(testenv.ID(t, f["id"]))+"/content", r.ParticipantTok, "", nil)
			_, params, err := mime.ParseMediaType(got.Header.Get("Content-Disposition"))
			if err != nil || params["filename"] != name {
				t.Errorf("%q: Content-Disposition %q", tc.sent, got.Header.Get("Content-Disposition"))
			}
		})
	}
	// Blob keys never carry the client's name.
	for p := range blobFiles(t, s) {
		if strings.Contains(p, "passwd") || strings.Contains(p, "evil") {
			t.Errorf("blob path %s carries the client's name", p)
		}
	}
}

func TestDownloadHeadersAndRange(t *testing.T) { onEachBackend(t, testDownloadHeadersAndRange) }

func testDownloadHeadersAndRange(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	pdf := testPDF("Unduh")
	pdfID := testenv.ID(t, upload(s, r.ParticipantTok, entry, "proposal", "Proposal.pdf", pdf).Map(t)["id"])
	img := testPNG()
	pngID := testenv.ID(t, upload(s, r.ParticipantTok, entry, "supporting", "foto.png", img).Map(t)["id"])
	content := func(id int64) string { return "/api/v1/files/" + itoa(id) + "/content" }

	for _, tc := range []struct {
		name, path, contentType, disposition string
		data                                 []byte
	}{
		{"PDF", content(pdfID), "application/pdf", "attachment", pdf},
		{"PDF inline", content(pdfID) + "?inline=1", "application/pdf", "inline", pdf},
		{"PNG", content(pngID), "image/png", "attachment", img},
		{"PNG asked inline", content(pngID) + "?inline=1", "image/png", "attachment", img},
	} {
		runCase(t, s, tc.name, func(t *testing.T) {
			for _, tok := range []string{r.ParticipantTok, r.OrganizerTok, r.AdminTok} {
				res := s.Request("GET", tc.path, tok, "", nil)
				if res.Code != 200 || !bytes.Equal(res.Body, tc.data) {
					t.Fatalf("%s: %d, %d bytes", tc.name, res.Code, len(res.Body))
				}
				h := res.Header
				disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
				if h.Get("Content-Type") != tc.contentType || err != nil || disp != tc.disposition || params["filename"] == "" ||
					h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") ||
					h.Get("ETag") != `"`+sha(tc.data)+`"` {
					t.Errorf("%s headers: %v", tc.name, h)
				}
			}
		})
	}

	// A range.
	res := s.Request("GET", content(pdfID), r.ParticipantTok, "", nil, "Range", "bytes=0-9")
	if res.Code != 206 || res.Header.Get("Content-Range") != fmt.Sprintf("bytes 0-9/%d", len(pdf)) || !bytes.Equal(res.Body, pdf[:10]) {
		t.Fatalf("range: %d %q %q", res.Code, res.Header.Get("Content-Range"), res.Body)
	}
	res = s.Request("GET", content(pdfID), r.ParticipantTok, "", nil, "Range", fmt.Sprintf("bytes=%d-", len(pdf)-6))
	if res.Code != 206 || string(res.Body) != "%%EOF\n" {
		t.Fatalf("tail range: %d %q", res.Code, res.Body)
	}
	// The ETag validates.
	res = s.Request("GET", content(pdfID), r.ParticipantTok, "", nil, "If-None-Match", `"`+sha(pdf)+`"`)
	if res.Code != 304 || len(res.Body) != 0 {
		t.Fatalf("If-None-Match: %d", res.Code)
	}

	// Who may not see the entry gets 404.
	pkm := s.Org("puskesmas")
	_, otherTok := s.User(models.RoleParticipant, &pkm.ID)
	var cases []reqCase
	for _, v := range []struct{ who, tok string }{{"another OPD's participant", otherTok}, {"a judge", r.JudgeTok}} {
		cases = append(cases,
			reqCase{name: "content for " + v.who, method: "GET", path: content(pdfID), token: v.tok, status: 404, code: "not_found"},
			reqCase{name: "file list for " + v.who, method: "GET", path: entryPath(entry, "files"), token: v.tok, status: 404, code: "not_found"})
	}
	mustCases(t, s, append(cases,
		reqCase{name: "content for anonymous", method: "GET", path: content(pdfID), status: 401, code: "unauthorized"},
		reqCase{name: "unknown file", method: "GET", path: content(999999), token: r.OrganizerTok, status: 404, code: "not_found"}))
}

// TestLargeFileRanges uploads a file of several S3 parts and reads ranges of
// it back: the start, the middle, across a part boundary, and the end.
func TestLargeFileRanges(t *testing.T) { onEachBackend(t, testLargeFileRanges) }

func testLargeFileRanges(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, _, entry := fileSetup(t, s)
	pdf := paddedPDF(11<<20 + 77)
	for i := 4096; i < len(pdf)-16; i += 4096 {
		pdf[i] = byte('a' + i/4096%26) // so that a misplaced range shows
	}
	res := upload(s, r.ParticipantTok, entry, "proposal", "besar.pdf", pdf)
	if res.Code != 201 || res.Map(t)["sha256"] != sha(pdf) {
		t.Fatalf("upload: %d %s", res.Code, res.Body)
	}
	content := "/api/v1/files/" + itoa(testenv.ID(t, res.Map(t)["id"])) + "/content"
	n := len(pdf)
	for _, rg := range [][2]int{{0, 99}, {6 << 20, 6<<20 + 4095}, {5<<20 - 10, 5<<20 + 10}, {n - 7, n - 1}} {
		got := s.Request("GET", content, r.ParticipantTok, "", nil, "Range", fmt.Sprintf("bytes=%d-%d", rg[0], rg[1]))
		if got.Code != 206 || got.Header.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/%d", rg[0], rg[1], n) || !bytes.Equal(got.Body, pdf[rg[0]:rg[1]+1]) {
			t.Errorf("range %v: %d %q, %d bytes", rg, got.Code, got.Header.Get("Content-Range"), len(got.Body))
		}
	}
	if got := s.Request("GET", content, r.ParticipantTok, "", nil); got.Code != 200 || sha(got.Body) != sha(pdf) {
		t.Errorf("whole download: %d, %d bytes", got.Code, len(got.Body))
	}
}

func TestDeleteFile(t *testing.T) { onEachBackend(t, testDeleteFile) }

func testDeleteFile(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, comp, entry := fileSetup(t, s)
	kes := categoryIDs(t, s, r.OrganizerTok, comp)["Kesehatan"]
	pkm := s.Org("puskesmas")
	_, otherTok := s.User(models.RoleParticipant, &pkm.ID)

	// uploadTracked uploads and returns the file id and its blob's path.
	uploadTracked := func(e int64, kind string, data []byte) (int64, string) {
		t.Helper()
		before := blobFiles(t, s)
		res := upload(s, r.ParticipantTok, e, kind, "dokumen.pdf", data)
		if res.Code != 201 {
			t.Fatalf("upload: %d %s", res.Code, res.Body)
		}
		for p := range blobFiles(t, s) {
			if !before[p] {
				return testenv.ID(t, res.Map(t)["id"]), p
			}
		}
		t.Fatalf("no new blob")
		return 0, ""
	}
	onDisk := func(p string) bool { return blobFiles(t, s)[p] }

	id, path := uploadTracked(entry, "supporting", testPDF("hapus"))
	file := "/api/v1/files/" + itoa(id)
	mustCases(t, s, []reqCase{
		{name: "delete by anonymous", method: "DELETE", path: file, status: 401},
		{name: "delete by another OPD's participant", method: "DELETE", path: file, token: otherTok, status: 404},
		{name: "delete by a judge", method: "DELETE", path: file, token: r.JudgeTok, status: 404},
		{name: "delete by the organizer", method: "DELETE", path: file, token: r.OrganizerTok, status: 403},
		{name: "delete by an admin", method: "DELETE", path: file, token: r.AdminTok, status: 403},
	})
	if !onDisk(path) {
		t.Fatalf("refused deletes removed the blob")
	}
	s.Must(204, "DELETE", "/api/v1/files/"+itoa(id), r.ParticipantTok, nil)
	if onDisk(path) {
		t.Errorf("blob %s still on disk after delete", path)
	}
	mustCases(t, s, []reqCase{
		{name: "content of a deleted file", method: "GET", path: file + "/content", token: r.ParticipantTok, status: 404, code: "not_found"},
		{name: "delete twice", method: "DELETE", path: file, token: r.ParticipantTok, status: 404, code: "not_found"},
	})
	if n := fileRows(t, s); n != 0 {
		t.Errorf("%d file rows after delete", n)
	}

	// After submission the files stay.
	sub := completeEntry(t, s, r.ParticipantTok, comp, kes)
	sid, spath := uploadTracked(sub, "supporting", testPDF("tetap"))
	submitEntry(t, s, r.ParticipantTok, sub)
	expect(t, s.Do("DELETE", "/api/v1/files/"+itoa(sid), r.ParticipantTok, nil), 409, "conflict", "delete after submit")
	if !onDisk(spath) {
		t.Errorf("blob removed by a refused delete")
	}
	if got := s.Request("GET", "/api/v1/files/"+itoa(sid)+"/content", r.OrganizerTok, "", nil); got.Code != 200 {
		t.Errorf("file after refused delete: %d", got.Code)
	}
}

func TestFileEndpointsAuthorization(t *testing.T) { onEachBackend(t, testFileEndpointsAuthorization) }

func testFileEndpointsAuthorization(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r, comp, entry := fileSetup(t, s)
	s.Must(201, "POST", compPath(comp, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	pdf := testPDF("otorisasi")
	fileID := testenv.ID(t, upload(s, r.ParticipantTok, entry, "proposal", "proposal.pdf", pdf).Map(t)["id"])
	ct, body := multipartBody(part{name: "kind", data: []byte("supporting")}, part{name: "file", filename: "lampiran.pdf", data: pdf})
	scoped := map[string]int{"anonymous": 401, "participant": 200, "judge": 404, "organizer": 200, "admin": 200}
	owner := func(ok int) map[string]int {
		return map[string]int{"anonymous": 401, "participant": ok, "judge": 404, "organizer": 403, "admin": 403}
	}
	checkAuthorization(t, s, r, []authCase{
		{"POST", entryPath(entry, "files"), string(body), owner(201), ct},
		{"GET", entryPath(entry, "files"), nil, scoped, ""},
		{"GET", "/api/v1/files/" + itoa(fileID) + "/content", nil, scoped, ""},
	})
	checkFresh(t, s, r, "DELETE", func() string {
		return "/api/v1/files/" + itoa(testenv.ID(t, upload(s, r.ParticipantTok, entry, "supporting", "x.pdf", pdf).Map(t)["id"]))
	}, owner(204))
}
