package docmeta

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"sort"
	"testing"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"
)

// opd is the name the test documents' metadata give away.
const opd = "Dinas Kesehatan"

// visible is text on the page, which cleaning must keep.
const visible = "Inovasi Layanan Posyandu Digital"

// fpdfDoc is a PDF as a common producer writes it: Info dictionary with
// every standard key naming the OPD (some as UTF-16), an XMP packet, a
// compressed page.
func fpdfDoc(t testing.TB, pages int) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetAuthor(opd+" Kabupaten Contoh", false)
	p.SetCreator("Sekretariat "+opd, true)
	p.SetProducer(opd+" PDF Maker", false)
	p.SetTitle("Proposal "+opd, true)
	p.SetSubject("Subjek "+opd, false)
	p.SetKeywords("kipp, "+opd, false)
	p.SetXmpMetadata([]byte(xmpPacket))
	p.SetFont("Helvetica", "", 12)
	for i := 0; i < pages; i++ {
		p.AddPage()
		p.Cell(40, 10, fmt.Sprintf("%s %d", visible, i+1))
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const xmpPacket = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>` + opd + `</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// pdfBuilder writes PDFs by hand, for the structures fpdf never makes:
// incremental updates, object and cross-reference streams, annotations.
type pdfBuilder struct {
	buf  bytes.Buffer
	offs map[int]int
}

func newPDFBuilder() *pdfBuilder {
	b := &pdfBuilder{offs: map[int]int{}}
	b.buf.WriteString("%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
	return b
}

func (b *pdfBuilder) obj(num int, body string) {
	b.offs[num] = b.buf.Len()
	fmt.Fprintf(&b.buf, "%d 0 obj\n%s\nendobj\n", num, body)
}

func (b *pdfBuilder) stream(num int, dict string, data []byte) {
	b.offs[num] = b.buf.Len()
	fmt.Fprintf(&b.buf, "%d 0 obj\n<<%s /Length %d>>\nstream\n", num, dict, len(data))
	b.buf.Write(data)
	b.buf.WriteString("\nendstream\nendobj\n")
}

// table writes a classic cross-reference section for nums and returns its
// offset.
func (b *pdfBuilder) table(nums []int, trailer string) int {
	at := b.buf.Len()
	b.buf.WriteString("xref\n0 1\n0000000000 65535 f \n")
	sort.Ints(nums)
	for _, n := range nums {
		fmt.Fprintf(&b.buf, "%d 1\n%010d 00000 n \n", n, b.offs[n])
	}
	fmt.Fprintf(&b.buf, "trailer\n<<%s>>\nstartxref\n%d\n%%%%EOF\n", trailer, at)
	return at
}

func deflate(p []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(p)
	zw.Close()
	return buf.Bytes()
}

// pageObjects are a catalog (1), pages (2), a page (3) with a content
// stream (4) and a font (5), the page carrying PieceInfo and an annotation.
func pageObjects(b *pdfBuilder, annots string) {
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 9 0 R >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /PieceInfo << /Illustrator << /Private ("+opd+") /LastModified (D:2024) >> >>"+annots+" >>")
	b.stream(4, " /Filter /FlateDecode", deflate([]byte("BT /F1 12 Tf 72 720 Td ("+visible+") Tj ET")))
	b.obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
}

// incrementalPDF is a file whose first revision names the OPD in its Info
// dictionary and XMP, and whose update replaces both: the old objects stay in
// the file's bytes, as Acrobat leaves them.
func incrementalPDF() []byte {
	b := newPDFBuilder()
	pageObjects(b, " /Annots [6 0 R 7 0 R]")
	b.obj(6, "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T ("+opd+") /Contents (catatan juri) >>")
	b.obj(7, "<< /Type /Annot /Subtype /Widget /FT /Tx /Rect [40 40 90 60] /T (nama_field) >>")
	b.obj(8, "<< /Author ("+opd+") /Creator (Word) /Custom_OPD ("+opd+") >>")
	b.stream(9, " /Type /Metadata /Subtype /XML", []byte(xmpPacket))
	first := b.table([]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, " /Size 10 /Root 1 0 R /Info 8 0 R")
	b.obj(8, "<< /Author (anonymous) >>")
	b.stream(9, " /Type /Metadata /Subtype /XML /Filter /FlateDecode", deflate([]byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`)))
	b.table([]int{8, 9}, fmt.Sprintf(" /Size 10 /Root 1 0 R /Info 8 0 R /Prev %d", first))
	return b.buf.Bytes()
}

// objStmPDF keeps the catalog and the Info dictionary compressed in an
// object stream, indexed by a cross-reference stream with PNG predictors, as
// PDF 1.5 producers (Word, LibreOffice) write them.
func objStmPDF() []byte {
	b := newPDFBuilder()
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>")
	b.stream(4, " /Filter /FlateDecode", deflate([]byte("BT /F1 12 Tf 72 720 Td ("+visible+") Tj ET")))
	b.obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	b.stream(9, " /Type /Metadata /Subtype /XML /Filter /FlateDecode", deflate([]byte(xmpPacket)))
	objs := []string{"<< /Type /Catalog /Pages 2 0 R /Metadata 9 0 R >>", "<< /Producer (" + opd + ") /Author (\\" + opd + ") >>",
		"<< /Type /Annot /Subtype /Highlight /Rect [1 1 2 2] /QuadPoints [1 1 2 1 1 2 2 2] /T <" + fmt.Sprintf("%X", opd) + "> >>"}
	var head, body bytes.Buffer
	for i, o := range objs {
		fmt.Fprintf(&head, "%d %d ", []int{1, 8, 6}[i], body.Len())
		body.WriteString(o + "\n")
	}
	b.stream(10, fmt.Sprintf(" /Type /ObjStm /N 3 /First %d /Filter /FlateDecode", head.Len()), deflate(append(head.Bytes(), body.Bytes()...)))
	// Cross-reference stream rows: type (1 byte), field 2 (4), field 3 (2).
	type row struct{ t, a, b int }
	rows := map[int]row{1: {2, 10, 0}, 8: {2, 10, 1}, 6: {2, 10, 2}}
	for _, n := range []int{2, 3, 4, 5, 9, 10} {
		rows[n] = row{1, b.offs[n], 0}
	}
	at := b.buf.Len()
	rows[11] = row{1, at, 0}
	var raw []byte
	prev := make([]byte, 7)
	for n := 0; n < 12; n++ {
		r, ok := rows[n]
		if !ok {
			r = row{0, 0, 0}
		}
		cur := make([]byte, 7)
		cur[0] = byte(r.t)
		binary.BigEndian.PutUint32(cur[1:], uint32(r.a))
		binary.BigEndian.PutUint16(cur[5:], uint16(r.b))
		// PNG "Up" filter, as most writers use.
		raw = append(raw, 2)
		for i := range cur {
			raw = append(raw, cur[i]-prev[i])
		}
		prev = cur
	}
	b.stream(11, " /Type /XRef /Size 12 /W [1 4 2] /Root 1 0 R /Info 8 0 R /ID [<01> <01>] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >>", deflate(raw))
	fmt.Fprintf(&b.buf, "startxref\n%d\n%%%%EOF\n", at)
	return b.buf.Bytes()
}

// brokenXrefPDF has a table whose offsets are all wrong, a stream with a
// wrong /Length and no startxref at all: a reader must rebuild it.
func brokenXrefPDF() []byte {
	b := newPDFBuilder()
	pageObjects(b, "")
	b.obj(8, "<< /Author ("+opd+") >>")
	b.stream(9, " /Type /Metadata /Subtype /XML", []byte(xmpPacket))
	data := b.buf.Bytes()
	data = bytes.Replace(data, []byte("/Filter /FlateDecode /Length"), []byte("/Filter /FlateDecode /Length 9999 /L"), 1)
	out := append([]byte{}, data...)
	out = append(out, "xref\n0 10\n0000000000 65535 f \n"...)
	for i := 1; i < 10; i++ {
		out = append(out, fmt.Sprintf("%010d 00000 n \n", 3)...)
	}
	out = append(out, "trailer\n<< /Size 10 /Root 1 0 R /Info 8 0 R >>\n%%EOF\n"...)
	return out
}

// photoPDF places a photo as it was shot: a DCTDecode image whose JPEG
// carries EXIF naming the OPD, with an indirect /Length.
func photoPDF(t testing.TB) []byte {
	photo := exifJPEG(t)
	b := newPDFBuilder()
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 6 0 R >> /Font << /F1 5 0 R >> >> >>")
	b.obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	b.stream(4, " /Filter /FlateDecode", deflate([]byte("q 320 0 0 240 72 400 cm /Im0 Do Q BT /F1 12 Tf ("+visible+") Tj ET")))
	b.offs[6] = b.buf.Len()
	fmt.Fprintf(&b.buf, "6 0 obj\n<< /Type /XObject /Subtype /Image /Width 32 /Height 24 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length 7 0 R >>\nstream\n")
	b.buf.Write(photo)
	b.buf.WriteString("\nendstream\nendobj\n")
	b.obj(7, fmt.Sprint(len(photo)))
	b.table([]int{1, 2, 3, 4, 5, 6, 7}, " /Size 8 /Root 1 0 R")
	return b.buf.Bytes()
}

// encryptedPDF has an /Encrypt entry, which Clean refuses.
func encryptedPDF() []byte {
	b := newPDFBuilder()
	pageObjects(b, "")
	b.obj(8, "<< /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>")
	b.obj(9, "<< >>")
	b.table([]int{1, 2, 3, 4, 5, 8, 9}, " /Size 10 /Root 1 0 R /Encrypt 8 0 R")
	return b.buf.Bytes()
}

var streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfText is everything a reader of the raw bytes could find: the bytes
// themselves and every stream inflated.
func pdfText(data []byte) []byte {
	all := append([]byte{}, data...)
	for _, m := range streamRE.FindAllSubmatch(data, -1) {
		if zr, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			inflated, _ := io.ReadAll(io.LimitReader(zr, 16<<20))
			all = append(all, inflated...)
		}
	}
	return all
}

// leaks reports whether text holds marker as ASCII, UTF-16BE or hex.
func leaks(text []byte, marker string) bool {
	u := utf16.Encode([]rune(marker))
	be := make([]byte, 2*len(u))
	for i, c := range u {
		binary.BigEndian.PutUint16(be[2*i:], c)
	}
	return bytes.Contains(text, []byte(marker)) || bytes.Contains(text, be) ||
		bytes.Contains(bytes.ToUpper(text), []byte(fmt.Sprintf("%X", marker)))
}

type zipPart struct {
	name   string
	body   string
	method uint16
}

func makeZip(t testing.TB, parts []zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: p.method})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:t>` + visible + `</w:t></w:r></w:p><w:p><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">Latar belakang &amp; tujuan </w:t></w:r><w:commentRangeEnd w:id="0"/></w:p><w:sectPr/></w:body></w:document>`

// trackedXML is a document body with a tracked insertion by the OPD.
const trackedXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:ins w:id="1" w:author="` + opd + `" w:date="2024-01-01T00:00:00Z"><w:r><w:t>` + visible + `</w:t></w:r></w:ins></w:p></w:body></w:document>`

// docxParts is a Word document whose properties, comments, people list and
// custom properties name the OPD, with an embedded photo carrying EXIF.
func docxParts(t testing.TB, body string) []zipPart {
	return []zipPart{
		{name: "[Content_Types].xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`},
		{name: "_rels/.rels", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`},
		{name: "word/document.xml", method: zip.Deflate, body: body},
		{name: "word/_rels/document.xml.rels", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/></Relationships>`},
		{name: "word/_rels/settings.xml.rels", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\Users\` + opd + `\Templates\Normal.dotm" TargetMode="External"/></Relationships>`},
		{name: "word/comments.xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="` + opd + `" w:date="2024-01-01T00:00:00Z" w:initials="DK"><w:p><w:r><w:t>periksa lagi</w:t></w:r></w:p></w:comment></w:comments>`},
		{name: "word/people.xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="` + opd + `"><w15:presenceInfo w15:providerId="AD" w15:userId="S::admin@` + opd + `.go.id::1"/></w15:person></w15:people>`},
		{name: "word/media/image1.jpeg", method: zip.Store, body: string(exifJPEG(t))},
		{name: "docProps/core.xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Proposal ` + opd + `</dc:title><dc:subject>` + opd + `</dc:subject><dc:creator>` + opd + `</dc:creator><cp:keywords>` + opd + `</cp:keywords><dc:description>` + opd + `</dc:description><cp:lastModifiedBy>` + opd + `</cp:lastModifiedBy><cp:category>` + opd + `</cp:category><dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created></cp:coreProperties>`},
		{name: "docProps/app.xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>` + opd + `.dotm</Template><Application>Microsoft Office Word</Application><Company>` + opd + `</Company><Manager>Kepala ` + opd + `</Manager></Properties>`},
		{name: "docProps/custom.xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Unit"><vt:lpwstr>` + opd + `</vt:lpwstr></property></Properties>`},
	}
}

// xlsxParts is a workbook with a legacy comment author and a person list.
func xlsxParts() []zipPart {
	return []zipPart{
		{name: "[Content_Types].xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		{name: "xl/workbook.xml", method: zip.Deflate, body: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fileSharing userName="` + opd + `"/><sheets><sheet name="Data" sheetId="1"/></sheets></workbook>`},
		{name: "xl/comments1.xml", method: zip.Deflate, body: `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>` + opd + `</author></authors><commentList><comment ref="A1" authorId="0"><text><t>cek</t></text></comment></commentList></comments>`},
		{name: "xl/persons/person.xml", method: zip.Deflate, body: `<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="` + opd + `" id="{1}" userId="` + opd + `" providerId="AD"/></personList>`},
		{name: "docProps/core.xml", method: zip.Deflate, body: `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>` + opd + `</dc:creator></cp:coreProperties>`},
	}
}

// pptxParts is a presentation with both kinds of comment author lists.
func pptxParts() []zipPart {
	return []zipPart{
		{name: "[Content_Types].xml", method: zip.Deflate, body: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		{name: "ppt/presentation.xml", method: zip.Deflate, body: `<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`},
		{name: "ppt/commentAuthors.xml", method: zip.Deflate, body: `<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="` + opd + `" initials="DK" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`},
		{name: "ppt/authors.xml", method: zip.Deflate, body: `<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:author id="{1}" name="` + opd + `" initials="DK" userId="` + opd + `" providerId="AD"/></p188:authorLst>`},
		{name: "docProps/app.xml", method: zip.Deflate, body: `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>` + opd + `</Company></Properties>`},
	}
}

// testImage is a small picture with a gradient, so a broken copy shows.
func testImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := 0; y < 24; y++ {
		for x := 0; x < 32; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 10), 128, 255})
		}
	}
	return img
}

// exifJPEG is a JPEG with an EXIF segment naming the OPD as Artist, an XMP
// segment, a Photoshop IPTC segment, a comment and trailing bytes after EOI.
func exifJPEG(t testing.TB) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, testImage(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	data := enc.Bytes()
	// A TIFF structure with one IFD entry: Artist (0x013B), ASCII.
	artist := opd + "\x00"
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = append(tiff, 0, 1)             // one entry
	tiff = append(tiff, 0x01, 0x3B, 0, 2) // tag, type ASCII
	tiff = binary.BigEndian.AppendUint32(tiff, uint32(len(artist)))
	tiff = binary.BigEndian.AppendUint32(tiff, 8+2+12+4) // offset of the value
	tiff = append(tiff, 0, 0, 0, 0)                      // no next IFD
	tiff = append(tiff, artist...)
	seg := func(marker byte, payload []byte) []byte {
		s := []byte{0xFF, marker}
		s = binary.BigEndian.AppendUint16(s, uint16(len(payload)+2))
		return append(s, payload...)
	}
	var out []byte
	out = append(out, data[:2]...)
	out = append(out, seg(0xE1, append([]byte("Exif\x00\x00"), tiff...))...)
	out = append(out, seg(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00"+xmpPacket))...)
	out = append(out, seg(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0f"+opd))...)
	out = append(out, seg(0xFE, []byte("dibuat oleh "+opd))...)
	out = append(out, data[2:]...)
	return append(out, []byte("trailing "+opd)...)
}

// textPNG is a PNG with tEXt Author, iTXt XMP and eXIf chunks naming the OPD.
func textPNG(t testing.TB) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := png.Encode(&enc, testImage()); err != nil {
		t.Fatal(err)
	}
	data := enc.Bytes()
	chunk := func(typ string, payload []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
		c = append(c, typ...)
		c = append(c, payload...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), payload...)))
	}
	ihdrEnd := 8 + 8 + 13 + 4
	var out []byte
	out = append(out, data[:ihdrEnd]...)
	out = append(out, chunk("tEXt", []byte("Author\x00"+opd))...)
	out = append(out, chunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+xmpPacket))...)
	out = append(out, chunk("eXIf", []byte("MM\x00\x2a"+opd))...)
	out = append(out, data[ihdrEnd:]...)
	return out
}
