package report

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// Page geometry (A4 landscape, millimetres).
const (
	pageW, pageH = 297.0, 210.0
	margin       = 12.0
	bodyW        = pageW - 2*margin
	lineH        = 5.0
)

type doc struct {
	*fpdf.Fpdf
	tr func(string) string
	b  BeritaAcara
}

// PDF writes the Berita Acara as a PDF to w.
func (b BeritaAcara) PDF(w io.Writer) error {
	f := fpdf.New("L", "mm", "A4", "")
	d := &doc{Fpdf: f, tr: f.UnicodeTranslatorFromDescriptor(""), b: b}
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, 16)
	f.SetTitle(d.tr(fmt.Sprintf("Berita Acara Penilaian - %s - %s", b.Competition, b.Round)), false)
	f.SetAuthor("Juri", false)
	f.SetCreator("Juri", false)
	f.SetCreationDate(b.Generated)
	f.SetModificationDate(b.Generated)
	f.AliasNbPages("{nb}")
	f.SetHeaderFunc(d.header)
	f.SetFooterFunc(d.footer)
	f.AddPage()

	d.title()
	d.intro()
	d.facts()
	d.table()
	d.legend()
	d.publication()
	d.signatures()
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(w)
}

// cell writes translated text in the current font.
func (d *doc) cell(w, h float64, s, border string, ln int, align string) {
	d.CellFormat(w, h, d.tr(s), border, ln, align, false, 0, "")
}

func (d *doc) para(s string) {
	d.MultiCell(bodyW, lineH, d.tr(s), "", "L", false)
}

// header marks a draft on every page: a pale DRAF across it and a line on top.
func (d *doc) header() {
	if !d.b.Draft() {
		return
	}
	d.SetFont("Helvetica", "B", 110)
	d.SetTextColor(235, 200, 200)
	d.TransformBegin()
	d.TransformRotate(25, pageW/2, pageH/2)
	d.Text(pageW/2-70, pageH/2+20, "DRAF")
	d.TransformEnd()
	d.SetTextColor(170, 0, 0)
	d.SetFont("Helvetica", "B", 10)
	d.SetXY(margin, 5)
	d.cell(bodyW, 5, "DRAF - hasil belum diumumkan; dokumen ini belum sah dan tidak untuk ditandatangani", "", 0, "C")
	d.SetTextColor(0, 0, 0)
	d.SetXY(margin, margin)
}

func (d *doc) footer() {
	d.SetY(-12)
	d.SetFont("Helvetica", "", 8)
	d.SetTextColor(90, 90, 90)
	left := fmt.Sprintf("Berita Acara Penilaian - %s - %s", d.b.Competition, d.b.Round)
	if d.b.Draft() {
		left = "DRAF - " + left
	}
	d.cell(bodyW*0.75, 4, left, "", 0, "L")
	d.cell(bodyW*0.25, 4, fmt.Sprintf("Halaman %d dari {nb}", d.PageNo()), "", 0, "R")
	d.SetTextColor(0, 0, 0)
}

func (d *doc) title() {
	d.SetFont("Helvetica", "B", 16)
	t := "BERITA ACARA PENILAIAN"
	if d.b.Draft() {
		t = "DRAF BERITA ACARA PENILAIAN"
	}
	d.cell(bodyW, 8, t, "", 1, "C")
	d.SetFont("Helvetica", "B", 12)
	d.cell(bodyW, 6, d.b.competitionName(), "", 1, "C")
	d.SetFont("Helvetica", "", 11)
	d.cell(bodyW, 6, "Tahap: "+d.b.Round, "", 1, "C")
	d.Ln(3)
}

func (d *doc) when() string {
	if p := d.b.Publication; p != nil {
		return Date(p.PublishedAt)
	}
	return Date(d.b.Generated)
}

func (d *doc) intro() {
	d.SetFont("Helvetica", "", 10)
	d.para(fmt.Sprintf("Pada hari ini, %s, tim juri %s telah menyelesaikan penilaian tahap %s. "+
		"Nilai setiap proposal inovasi dihitung dari lembar penilaian yang telah dikirim oleh para juri menurut rubrik penilaian, "+
		"dengan metode di bawah ini, dan menghasilkan peringkat sebagai berikut.",
		d.when(), d.b.competitionName(), d.b.Round))
	d.Ln(2)
}

func (d *doc) facts() {
	scored := 0
	for _, r := range d.b.Rows {
		if r.Score != nil {
			scored++
		}
	}
	facts := [][2]string{
		{"Metode penggabungan nilai", MethodText(d.b.Method)},
		{"Normalisasi", NormalizeText(d.b.Normalize)},
		{"Proposal dinilai", fmt.Sprintf("%d dari %d proposal pada tahap ini", scored, len(d.b.Rows))},
		{"Jumlah juri", fmt.Sprintf("%d juri", len(d.b.Judges))},
		{"Kesepakatan juri", AgreementText(d.b.Agreement)},
	}
	for _, kv := range facts {
		d.SetFont("Helvetica", "B", 9)
		d.cell(52, lineH, kv[0], "", 0, "L")
		d.SetFont("Helvetica", "", 9)
		d.MultiCell(bodyW-52, lineH, d.tr(kv[1]), "", "L", false)
	}
	d.Ln(3)
}

// columns are the widths of the ranked table: rank, title, OPD, category, one
// per criterion, score.
func (d *doc) columns() []float64 {
	n := len(d.b.Criteria)
	cw := 13.0
	if n > 8 {
		cw = 10
	}
	const rankW = 17.0
	rest := bodyW - rankW - 16 - float64(n)*cw
	cols := []float64{rankW, rest * 0.45, rest * 0.33, rest * 0.22}
	for range n {
		cols = append(cols, cw)
	}
	return append(cols, 16)
}

func (d *doc) tableHeader(cols []float64) {
	d.SetFont("Helvetica", "B", 8)
	d.SetFillColor(221, 235, 247)
	heads := []string{"Peringkat", "Judul Inovasi", "Perangkat Daerah", "Kategori"}
	for i := range d.b.Criteria {
		heads = append(heads, fmt.Sprintf("K%d", i+1))
	}
	heads = append(heads, "Nilai Akhir")
	h := 2 * 4.0
	x, y := d.GetX(), d.GetY()
	for i, s := range heads {
		d.Rect(x, y, cols[i], h, "DF")
		lines := d.wrap(s, cols[i]-1)
		top := y + (h-float64(len(lines))*4)/2
		for j, l := range lines {
			d.SetXY(x, top+float64(j)*4)
			d.CellFormat(cols[i], 4, l, "", 0, "C", false, 0, "")
		}
		x += cols[i]
	}
	d.SetXY(margin, y+h)
}

// wrap splits translated text into lines that fit width w in the current font.
func (d *doc) wrap(s string, w float64) []string {
	words := strings.Fields(d.tr(s))
	var lines []string
	line := ""
	for _, word := range words {
		for d.GetStringWidth(word) > w && len(word) > 1 {
			// a word longer than the column: cut it
			cut := len(word)
			for cut > 1 && d.GetStringWidth(word[:cut]) > w {
				cut--
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		switch {
		case line == "":
			line = word
		case d.GetStringWidth(line+" "+word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func (d *doc) table() {
	cols := d.columns()
	d.SetAutoPageBreak(false, 16)
	defer d.SetAutoPageBreak(true, 16)
	d.tableHeader(cols)
	const rowLine = 4.2
	for _, r := range d.b.Rows {
		d.SetFont("Helvetica", "", 8)
		org := r.Organization
		if org == "" {
			org = "(tidak disebutkan)"
		}
		texts := []string{fmt.Sprint(r.Rank), r.Title, org, r.Category}
		aligns := []string{"C", "L", "L", "L"}
		for _, c := range d.b.Criteria {
			if v, ok := r.Criteria[c.Key]; ok {
				texts = append(texts, Decimal(v, 2))
			} else {
				texts = append(texts, "-")
			}
			aligns = append(aligns, "R")
		}
		if r.Score != nil {
			texts = append(texts, Decimal(*r.Score, 2))
		} else {
			texts = append(texts, "belum dinilai")
		}
		aligns = append(aligns, "R")
		wrapped := make([][]string, len(texts))
		n := 1
		for i, s := range texts {
			wrapped[i] = d.wrap(s, cols[i]-2)
			n = max(n, len(wrapped[i]))
		}
		h := float64(n)*rowLine + 1.6
		if d.GetY()+h > pageH-18 {
			d.AddPage()
			d.tableHeader(cols)
			d.SetFont("Helvetica", "", 8)
		}
		x, y := margin, d.GetY()
		for i, lines := range wrapped {
			d.Rect(x, y, cols[i], h, "D")
			for j, l := range lines {
				d.SetXY(x+1, y+0.8+float64(j)*rowLine)
				d.CellFormat(cols[i]-2, rowLine, l, "", 0, aligns[i], false, 0, "")
			}
			x += cols[i]
		}
		d.SetXY(margin, y+h)
	}
	d.Ln(2)
}

// legend names the criteria behind K1, K2, ...
func (d *doc) legend() {
	d.SetFont("Helvetica", "", 8)
	var parts []string
	for i, c := range d.b.Criteria {
		parts = append(parts, fmt.Sprintf("K%d = %s (bobot %s, nilai 0-%s)", i+1, c.Name, Decimal(c.Weight, 0), Decimal(c.Max, 0)))
	}
	d.para("Kolom K adalah rata-rata nilai para juri untuk setiap kriteria: " + strings.Join(parts, "; ") + ". " +
		"Nilai Akhir berskala 0-100.")
	d.Ln(3)
}

// need starts a new page unless h millimetres are left on this one.
func (d *doc) need(h float64) {
	if d.GetY()+h > pageH-18 {
		d.AddPage()
	}
}

func (d *doc) publication() {
	p := d.b.Publication
	d.need(42)
	d.SetFont("Helvetica", "B", 10)
	if p == nil {
		d.cell(bodyW, 6, "Pengumuman", "", 1, "L")
		d.SetFont("Helvetica", "", 9)
		d.para("Hasil tahap ini belum diumumkan. Setelah panitia mengumumkannya, berita acara ini memuat sidik (digest) " +
			"pengumuman dan kode QR menuju halaman pengumuman publik. Jangan tandatangani draf ini.")
		d.Ln(3)
		return
	}
	d.cell(bodyW, 6, "Pengumuman", "", 1, "L")
	y := d.GetY()
	qrSize := 32.0
	if err := d.qr(p.URL, bodyW-qrSize+margin, y, qrSize); err != nil {
		d.SetError(err)
		return
	}
	textW := bodyW - qrSize - 6
	d.SetFont("Helvetica", "", 9)
	d.MultiCell(textW, lineH, d.tr(fmt.Sprintf("Diumumkan dengan judul \"%s\" pada %s (versi %d).", p.Title, DateTime(p.PublishedAt), p.Version)), "", "L", false)
	d.MultiCell(textW, lineH, d.tr("Sidik (digest) SHA-256 tabel yang diumumkan; siapa pun dapat menghitungnya kembali dari halaman pengumuman:"), "", "L", false)
	d.SetFont("Courier", "B", 10)
	d.MultiCell(textW, lineH+0.5, p.Digest, "", "L", false)
	d.SetFont("Helvetica", "", 9)
	d.MultiCell(textW, lineH, d.tr("Halaman pengumuman (juga pada kode QR): "+p.URL), "", "L", false)
	d.SetY(max(d.GetY(), y+qrSize) + 4)
}

// qr draws the QR code of payload at (x, y), size mm wide.
func (d *doc) qr(payload string, x, y, size float64) error {
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return err
	}
	// An 8-bit grey PNG: the simplest image a PDF holds as it is.
	src := q.Image(400)
	grey := image.NewGray(src.Bounds())
	draw.Draw(grey, grey.Bounds(), src, src.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, grey); err != nil {
		return err
	}
	d.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
	d.ImageOptions("qr", x, y, size, size, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, payload)
	return nil
}

func (d *doc) signatures() {
	rowH := 11.0
	d.need(20 + rowH*float64(min(len(d.b.Judges), 3)))
	d.SetFont("Helvetica", "", 10)
	d.para("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.")
	d.Ln(2)
	d.SetFont("Helvetica", "B", 10)
	d.cell(bodyW, 6, fmt.Sprintf("Tim Juri, %s", d.when()), "", 1, "L")
	cols := []float64{12, 120, 90}
	d.SetFont("Helvetica", "B", 9)
	d.SetFillColor(221, 235, 247)
	for i, h := range []string{"No.", "Nama Juri", "Tanda Tangan"} {
		d.CellFormat(cols[i], 7, d.tr(h), "1", 0, "C", true, 0, "")
	}
	d.Ln(-1)
	d.SetFont("Helvetica", "", 10)
	for i, name := range d.b.Judges {
		if d.GetY()+rowH > pageH-18 {
			d.AddPage()
		}
		d.CellFormat(cols[0], rowH, fmt.Sprint(i+1), "1", 0, "C", false, 0, "")
		d.CellFormat(cols[1], rowH, d.tr(name), "1", 0, "L", false, 0, "")
		d.CellFormat(cols[2], rowH, "", "1", 1, "L", false, 0, "")
	}
	if len(d.b.Judges) == 0 {
		d.SetFont("Helvetica", "I", 9)
		d.cell(bodyW, 7, "Belum ada juri yang mengirim lembar penilaian pada tahap ini.", "", 1, "L")
	}
	d.need(30)
	d.Ln(6)
	d.SetFont("Helvetica", "", 10)
	d.SetX(pageW - margin - 90)
	d.cell(90, 6, "Mengetahui, Panitia", "", 2, "C")
	d.Ln(16)
	d.SetX(pageW - margin - 90)
	d.cell(90, 6, "(...........................................)", "", 1, "C")
}
