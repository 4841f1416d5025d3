package api_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/juri-id/juri/docmeta"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// Judges of a blind competition get files without author metadata; the
// participant and the organizers get the originals. These tests upload
// documents whose metadata names the participant's OPD, as Word and PDF
// producers write them, and check what every party downloads.

// metaPDF is a PDF whose Info dictionary and XMP name the OPD, with the
// page content compressed.
func metaPDF(t *testing.T, o models.Organization) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetAuthor(o.Name, false)
	p.SetCreator("Sekretariat "+o.Name, false)
	p.SetTitle("Proposal "+o.Code, false)
	p.SetXmpMetadata([]byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">` + o.Name + `</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`))
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(0, 10, "Proposal inovasi pelayanan publik")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const metaDocBody = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Latar belakang inovasi</w:t></w:r></w:p></w:body></w:document>`

// metaDOCX is a Word document whose core and app properties name the OPD.
func metaDOCX(t *testing.T, o models.Organization) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"word/document.xml", metaDocBody},
		{"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>` + o.Name + `</dc:creator><cp:lastModifiedBy>` + o.Code + `</cp:lastModifiedBy></cp:coreProperties>`},
		{"docProps/app.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>` + o.Name + `</Company></Properties>`},
	} {
		w, _ := z.Create(p[0])
		_, _ = io.WriteString(w, p[1])
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encryptedPDF has an /Encrypt entry: it cannot be cleaned.
func encryptedPDF() []byte {
	pdf := testPDF("rahasia")
	return bytes.Replace(pdf, []byte("/Root 1 0 R >>"), []byte("/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >> >>"), 1)
}

// cleanedCopy is what the cleaner makes of data: what a blind judge must get.
func cleanedCopy(t *testing.T, contentType string, data []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := docmeta.Clean(contentType, bytes.NewReader(data), int64(len(data)), &out); err != nil {
		t.Fatalf("clean: %v", err)
	}
	return out.Bytes()
}

var streamData = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// readable is all a judge can read from a file: its bytes, its PDF streams
// inflated and its ZIP parts unpacked.
func readable(t *testing.T, data []byte) string {
	t.Helper()
	all := string(data)
	for _, m := range streamData.FindAllSubmatch(data, -1) {
		if zr, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			b, _ := io.ReadAll(zr)
			all += string(b)
		}
	}
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			all += string(b)
		}
	}
	return all
}

// uploadAs uploads a file of kind and returns the answer's object.
func uploadAs(t *testing.T, s *testenv.Server, tok string, entryID int64, kind, name string, data []byte) map[string]any {
	t.Helper()
	res := upload(s, tok, entryID, kind, name, data)
	if res.Code != http.StatusCreated {
		t.Fatalf("upload %s: %d %s", name, res.Code, res.Body)
	}
	return res.Map(t)
}

// blindFiles is a judging world whose one entry has a proposal PDF and a
// DOCX, both naming its OPD in their metadata.
type blindFiles struct {
	*judgingWorld
	docxID   int64
	docx     []byte
	uploaded []map[string]any // the upload answers of the supporting files
}

func newBlindFiles(t *testing.T, blind bool, backend ...testenv.Option) *blindFiles {
	b := &blindFiles{}
	b.judgingWorld = newJudgingWorld(t, jgSpec{blind: blind, opds: 1, perOPD: 1, judges: []int{-1}, backend: backend,
		proposal: func(o models.Organization) []byte { return metaPDF(t, o) },
		extra: func(w *judgingWorld, e jgEntry) {
			b.docx = metaDOCX(t, w.opds[e.OPD])
			got := uploadAs(t, w.s, w.entrants[e.OPD].Tok, e.ID, "supporting", "Lampiran "+w.opds[e.OPD].Name+".docx", b.docx)
			b.docxID = testenv.ID(t, got["id"])
			b.uploaded = append(b.uploaded, got)
		}})
	b.assign(b.entries[0].ID, b.judges[0].ID)
	return b
}

// identity is what the metadata of b's documents reveal.
func (b *blindFiles) identity() []string { return []string{b.opds[0].Name, b.opds[0].Code} }

func (b *blindFiles) content(id int64, tok string, headers ...string) *testenv.Response {
	return b.s.Request("GET", "/api/v1/files/"+itoa(id)+"/content", tok, "", nil, headers...)
}

// cleanBlobs lists the judges' copies in blob storage.
func cleanBlobs(t *testing.T, s *testenv.Server) []string {
	t.Helper()
	var out []string
	for p := range blobFiles(t, s) {
		if strings.HasSuffix(p, ".clean") {
			out = append(out, path.Base(p))
		}
	}
	return out
}

func TestBlindJudgeGetsFilesWithoutMetadata(t *testing.T) {
	onEachBackend(t, testBlindJudgeGetsFilesWithoutMetadata)
}

func testBlindJudgeGetsFilesWithoutMetadata(t *testing.T, backend ...testenv.Option) {
	b := newBlindFiles(t, true, backend...)
	e := b.entries[0]
	if !strings.Contains(readable(t, e.PDF), b.opds[0].Name) || !strings.Contains(readable(t, b.docx), b.opds[0].Name) {
		t.Fatal("the test documents do not name the OPD: the test proves nothing")
	}
	// The participant was told at upload time.
	up := b.uploaded[0]
	if up["cleaned_for_judges"] != true || !strings.Contains(fmt.Sprint(up["judges_note"]), "judges receive a copy") {
		t.Errorf("the upload answer does not say judges get a cleaned copy: %v", up)
	}
	ent := b.s.Must(200, "GET", entryPath(e.ID), b.entrants[0].Tok, nil).Map(t)
	for _, f := range ent["files"].([]any) {
		if f.(map[string]any)["cleaned_for_judges"] != true {
			t.Errorf("the participant's entry shows a file without cleaned_for_judges: %v", f)
		}
	}
	if n := len(cleanBlobs(t, b.s)); n != 2 {
		t.Errorf("%d judges' copies on disk after the uploads, want 2", n)
	}

	originals := map[int64][]byte{e.FileID: e.PDF, b.docxID: b.docx}
	types := map[int64]string{e.FileID: "application/pdf", b.docxID: docmeta.DOCX}
	for id, orig := range originals {
		for who, tok := range map[string]string{"organizer": b.r.OrganizerTok, "participant": b.entrants[0].Tok} {
			res := b.content(id, tok)
			if res.Code != 200 || !bytes.Equal(res.Body, orig) {
				t.Errorf("the %s gets %d and not the original of file %d", who, res.Code, id)
			}
		}
		res := b.content(id, b.judges[0].Tok)
		if res.Code != 200 {
			t.Fatalf("judge: %d %s", res.Code, res.Body)
		}
		if bytes.Equal(res.Body, orig) || !bytes.Equal(res.Body, cleanedCopy(t, types[id], orig)) {
			t.Errorf("the judge does not get the cleaned copy of file %d", id)
		}
		text := readable(t, res.Body)
		for _, name := range b.identity() {
			if strings.Contains(text, name) {
				t.Errorf("the judge's copy of file %d names %q", id, name)
			}
		}
		etag := res.Header.Get("ETag")
		if etag == "" || etag == `"`+sha(orig)+`"` {
			t.Errorf("the judge's copy has the original's ETag %q", etag)
		}
		// Range requests and revalidation work on the copy.
		part := b.content(id, b.judges[0].Tok, "Range", "bytes=10-49", "If-Range", etag)
		if part.Code != http.StatusPartialContent || !bytes.Equal(part.Body, res.Body[10:50]) {
			t.Errorf("range on the judge's copy: %d %q", part.Code, part.Body)
		}
		if again := b.content(id, b.judges[0].Tok, "If-None-Match", etag); again.Code != http.StatusNotModified {
			t.Errorf("If-None-Match on the judge's copy: %d", again.Code)
		}
	}
	if docx := b.content(b.docxID, b.judges[0].Tok); !strings.Contains(readable(t, docx.Body), metaDocBody) {
		t.Error("the judge's DOCX lost its body")
	}
}

func TestNonBlindJudgeGetsOriginals(t *testing.T) {
	b := newBlindFiles(t, false)
	if b.uploaded[0]["cleaned_for_judges"] != false || b.uploaded[0]["judges_note"] != nil {
		t.Errorf("a non-blind upload claims cleaning: %v", b.uploaded[0])
	}
	for id, orig := range map[int64][]byte{b.entries[0].FileID: b.entries[0].PDF, b.docxID: b.docx} {
		if res := b.content(id, b.judges[0].Tok); res.Code != 200 || !bytes.Equal(res.Body, orig) {
			t.Errorf("the judge of an open competition does not get the original of file %d: %d", id, res.Code)
		}
	}
	if c := cleanBlobs(t, b.s); len(c) != 0 {
		t.Errorf("copies made for an open competition: %v", c)
	}
}

func TestFilesUploadedBeforeBlindAreCleanedOnFirstDownload(t *testing.T) {
	onEachBackend(t, testFilesUploadedBeforeBlindAreCleanedOnFirstDownload)
}

func testFilesUploadedBeforeBlindAreCleanedOnFirstDownload(t *testing.T, backend ...testenv.Option) {
	b := newBlindFiles(t, false, backend...)
	b.s.Must(200, "PATCH", b.compPath(), b.r.OrganizerTok, map[string]any{"blind": true})
	if c := cleanBlobs(t, b.s); len(c) != 0 {
		t.Fatalf("copies before any download: %v", c)
	}
	e := b.entries[0]
	res := b.content(e.FileID, b.judges[0].Tok)
	if res.Code != 200 || !bytes.Equal(res.Body, cleanedCopy(t, "application/pdf", e.PDF)) {
		t.Fatalf("the judge's first download: %d, not the cleaned copy", res.Code)
	}
	if c := cleanBlobs(t, b.s); len(c) != 1 {
		t.Errorf("judges' copies after the first download: %v, want the proposal's", c)
	}
	if again := b.content(e.FileID, b.judges[0].Tok); !bytes.Equal(again.Body, res.Body) || again.Header.Get("ETag") != res.Header.Get("ETag") {
		t.Error("a second download is not the same copy")
	}
	if own := b.content(e.FileID, b.entrants[0].Tok); !bytes.Equal(own.Body, e.PDF) {
		t.Error("the participant no longer gets the original")
	}
}

func TestUncleanableFiles(t *testing.T) {
	// Uploaded to a blind competition: refused, nothing kept.
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", map[string]any{"blind": true, "max_entries_per_organization": 0})
	entry := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Si Jempol"})["id"])
	blobs, rows := blobFiles(t, s), fileRows(t, s)
	res := upload(s, r.ParticipantTok, entry, "proposal", "p.pdf", encryptedPDF())
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "password") {
		t.Errorf("an encrypted PDF in a blind competition: %d %s", res.Code, res.Body)
	}
	noTrace(t, s, "the refused upload", blobs, rows)

	// Uploaded before the competition became blind: the judge gets a clear
	// error, never the original.
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1},
		proposal: func(models.Organization) []byte { return encryptedPDF() }})
	w.assign(w.entries[0].ID, w.judges[0].ID)
	w.s.Must(200, "PATCH", w.compPath(), w.r.OrganizerTok, map[string]any{"blind": true})
	path := "/api/v1/files/" + itoa(w.entries[0].FileID) + "/content"
	res = w.s.Request("GET", path, w.judges[0].Tok, "", nil)
	if res.Code != http.StatusServiceUnavailable || res.ErrorCode() != "unavailable" || !strings.Contains(string(res.Body), "password") {
		t.Errorf("the judge asks for a file that cannot be cleaned: %d %s", res.Code, res.Body)
	}
	if bytes.Contains(res.Body, []byte("%PDF")) {
		t.Error("the judge got the original")
	}
	if c := cleanBlobs(t, w.s); len(c) != 0 {
		t.Errorf("a failed cleaning left %v", c)
	}
	if own := w.s.Request("GET", path, w.entrants[0].Tok, "", nil); own.Code != 200 || !bytes.Equal(own.Body, encryptedPDF()) {
		t.Errorf("the participant does not get their original: %d", own.Code)
	}
}

func TestDeleteRemovesTheJudgesCopy(t *testing.T) { onEachBackend(t, testDeleteRemovesTheJudgesCopy) }

func testDeleteRemovesTheJudgesCopy(t *testing.T, backend ...testenv.Option) {
	s := testenv.NewServer(t, backend...)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", map[string]any{"blind": true, "max_entries_per_organization": 0})
	entry := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Si Jempol"})["id"])
	before := blobFiles(t, s)
	f := uploadAs(t, s, r.ParticipantTok, entry, "proposal", "p.pdf", metaPDF(t, r.OPD))
	if n := len(blobFiles(t, s)) - len(before); n != 2 {
		t.Fatalf("%d blobs after the upload, want the original and the judges' copy", n)
	}
	s.Must(204, "DELETE", "/api/v1/files/"+itoa(testenv.ID(t, f["id"])), r.ParticipantTok, nil)
	noTrace(t, s, "deleting the file", before, 0)
}
