// Package report draws Juri's printed documents. Today that is the Berita
// Acara Penilaian: the official report of a round's judging that the
// organizers print and the jury signs. It knows nothing of the database or
// HTTP: the caller fills a BeritaAcara and gets a PDF.
//
// The PDF uses the PDF core fonts (Helvetica, Courier) with the Windows-1252
// encoding, which covers Bahasa Indonesia; a character outside it (rare in
// titles) is printed as a dot rather than failing the document.
package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// WIB is the zone the documents' times are written in (Western Indonesia).
var WIB = time.FixedZone("WIB", 7*3600)

// BeritaAcara is everything the report shows.
type BeritaAcara struct {
	Competition string
	Year        int
	Round       string
	// Method and Normalize are the ranking's codes: mean, median or trimmed;
	// none or zscore.
	Method    string
	Normalize string
	Criteria  []Criterion
	Rows      []Row
	// Judges are the names of the judges who submitted scorecards in the
	// round; each gets a signature line.
	Judges    []string
	Agreement Agreement
	// Publication is the published version the report stands for; nil makes
	// a draft, marked DRAF on every page, without digest or QR code.
	Publication *Publication
	// Generated is when the document was made.
	Generated time.Time
}

// Criterion is one column of per-criterion means.
type Criterion struct {
	Key    string
	Name   string
	Weight float64
	Max    float64
}

// Row is one ranked entry.
type Row struct {
	Rank         int
	Title        string
	Organization string
	Category     string
	// Score is nil for an entry no judge has scored yet.
	Score *float64
	// Criteria are the mean raw values by criterion key; a missing key
	// prints as a dash.
	Criteria map[string]float64
	Judges   int
}

// Agreement is the jury's reliability as judging computes it.
type Agreement struct {
	Method  string // e.g. "ICC(2,k)", "none"
	ICC     *float64
	Judges  int
	Entries int
}

// Publication is the published version of the results.
type Publication struct {
	ID          int64
	Version     int
	Title       string
	Digest      string
	PublishedAt time.Time
	// URL is the public page of the publication; the QR code holds it.
	URL string
}

// Draft reports whether the report is a draft (no publication yet).
func (b BeritaAcara) Draft() bool { return b.Publication == nil }

// QRPayload is the text the QR code holds: the publication's public page,
// or "" for a draft (which has none).
func (b BeritaAcara) QRPayload() string {
	if b.Publication == nil {
		return ""
	}
	return b.Publication.URL
}

// competitionName is the competition's name with its year, unless the name
// already holds it ("KIPP Kabupaten Wonosobo 2020").
func (b BeritaAcara) competitionName() string {
	y := strconv.Itoa(b.Year)
	if b.Year == 0 || strings.Contains(b.Competition, y) {
		return b.Competition
	}
	return b.Competition + " " + y
}

// MethodText names a ranking method in Bahasa Indonesia.
func MethodText(method string) string {
	switch method {
	case "median":
		return "Median nilai para juri"
	case "trimmed":
		return "Rata-rata terpangkas (dengan 4 juri atau lebih, nilai tertinggi dan terendah tidak dihitung)"
	default:
		return "Rata-rata nilai para juri"
	}
}

// NormalizeText names a normalization in Bahasa Indonesia.
func NormalizeText(normalize string) string {
	if normalize == "zscore" {
		return "Normalisasi skor-z: nilai setiap juri disetarakan ke rata-rata dan sebaran seluruh tahap"
	}
	return "Tanpa normalisasi (nilai asli para juri)"
}

// AgreementText says in one sentence how far the jury agrees, with the
// usual reading of the ICC (docs/judging.md).
func AgreementText(a Agreement) string {
	if a.ICC == nil || a.Method == "none" || a.Method == "" {
		return "Tidak dapat dihitung: terlalu sedikit proposal yang dinilai oleh dua juri atau lebih."
	}
	v := *a.ICC
	var level string
	switch {
	case v < 0:
		level = "sangat rendah: para juri lebih berbeda pendapat daripada perbedaan antarproposal"
	case v < 0.5:
		level = "rendah"
	case v < 0.75:
		level = "sedang"
	case v < 0.9:
		level = "baik"
	default:
		level = "sangat baik"
	}
	return fmt.Sprintf("%s menurut %s, %s; dihitung dari %d juri atas %d proposal (1 = juri sepenuhnya sepakat).", Decimal(v, 2), a.Method, level, a.Judges, a.Entries)
}

// Decimal writes x with d decimals and a decimal comma, as Indonesian
// documents do.
func Decimal(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', d, 64), ".", ",", 1)
}

var (
	days   = []string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	months = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
)

// Date writes a day in Bahasa Indonesia, in WIB: "Senin, 2 Maret 2020".
func Date(t time.Time) string {
	t = t.In(WIB)
	return fmt.Sprintf("%s, %d %s %d", days[t.Weekday()], t.Day(), months[t.Month()-1], t.Year())
}

// DateTime writes a moment in WIB: "Senin, 2 Maret 2020 pukul 16.00 WIB".
func DateTime(t time.Time) string {
	t = t.In(WIB)
	return fmt.Sprintf("%s pukul %02d.%02d WIB", Date(t), t.Hour(), t.Minute())
}
