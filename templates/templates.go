// Package templates holds the ready-made set-ups an organizer can start a
// competition from. "kipp" follows the national KIPP (Kompetisi Inovasi
// Pelayanan Publik) as the domain reference describes it; "blank" is empty.
// The organizer can change every part afterwards.
package templates

import (
	"encoding/json"

	"github.com/juri-id/juri/models"
)

// Round is a round with its rubric.
type Round struct {
	models.Round
	Criteria []models.Criterion
}

// Setup is everything a template puts into a new competition.
type Setup struct {
	Categories []models.Category
	Sections   []models.Section
	Rounds     []Round
}

// Names lists the templates by name.
var Names = []string{"kipp", "blank"}

// ByName returns the template called name.
func ByName(name string) (Setup, bool) {
	switch name {
	case "kipp":
		return KIPP(), true
	case "blank", "":
		return Setup{}, true
	}
	return Setup{}, false
}

// KIPPCategories are the ten categories of KIPP 2021.
var KIPPCategories = []string{
	"Pengentasan kemiskinan",
	"Pendidikan",
	"Kesehatan",
	"Ketahanan pangan",
	"Pertumbuhan ekonomi dan kesempatan kerja",
	"Pemberdayaan masyarakat",
	"Pelayanan publik responsif gender",
	"Perlindungan dan pelestarian lingkungan hidup",
	"Tata kelola pemerintahan",
	"Penegakan hukum",
}

// aspect is one scored section of the KIPP proposal, which is also a criterion
// of the desk round.
type aspect struct {
	key, title, guidance string
	weight               float64
	low, mid, high       string
}

// kippAspects are the seven scored sections of KIPP 2023 (general group) with
// their weights; they sum to 100.
var kippAspects = []aspect{
	{"latar_belakang", "Latar Belakang dan Tujuan",
		"Masalah pelayanan publik yang dihadapi, penyebabnya, dan tujuan inovasi.", 10,
		"Masalah tidak jelas atau tidak terkait pelayanan publik", "Masalah jelas, tujuan kurang terukur", "Masalah dan tujuan jelas, terukur, berbasis data"},
	{"kebaruan", "Kebaruan / Nilai Tambah",
		"Apa yang baru atau berbeda dibanding cara sebelumnya dan praktik di tempat lain.", 15,
		"Tidak ada unsur baru", "Modifikasi kecil dari praktik yang ada", "Pendekatan baru yang jelas menambah nilai"},
	{"implementasi", "Implementasi Inovasi",
		"Bagaimana inovasi dijalankan: tahapan, pelaksana, dan waktu (minimal 1 tahun berjalan).", 5,
		"Belum berjalan atau tahapan tidak jelas", "Berjalan sebagian", "Berjalan penuh dengan tahapan terdokumentasi"},
	{"signifikansi", "Signifikansi",
		"Dampak nyata bagi penerima layanan, dengan data sebelum dan sesudah.", 30,
		"Dampak tidak terlihat", "Dampak ada tetapi terbatas atau tanpa data", "Dampak besar, luas, dan didukung data"},
	{"adaptabilitas", "Adaptabilitas",
		"Apakah inovasi sudah atau dapat direplikasi oleh unit atau daerah lain.", 20,
		"Sulit ditiru", "Dapat ditiru dengan penyesuaian besar", "Sudah direplikasi atau mudah ditiru"},
	{"sumber_daya", "Sumber Daya",
		"Sumber daya manusia, anggaran, dan sarana yang digunakan.", 5,
		"Sumber daya tidak jelas", "Sumber daya cukup dijelaskan", "Sumber daya efisien dan jelas rinciannya"},
	{"keberlanjutan", "Strategi Keberlanjutan",
		"Strategi institusional, sosial, dan keuangan agar inovasi terus berjalan.", 15,
		"Tidak ada strategi", "Strategi sebagian (misal hanya anggaran)", "Strategi menyeluruh: regulasi, SDM, anggaran, kemitraan"},
}

// SummaryWordLimit is the limit of the ringkasan section.
const SummaryWordLimit = 200

// SectionWordLimit is the limit of each scored section of the KIPP template.
const SectionWordLimit = 1500

func descriptors(low, mid, high string) string {
	b, _ := json.Marshal(map[string]string{"low": low, "mid": mid, "high": high})
	return string(b)
}

// KIPP is the KIPP template: ten categories, the summary plus the seven scored
// sections, and four rounds: Seleksi Administrasi (screening), Penilaian
// Proposal (the seven weighted criteria, three judges per entry), Presentasi
// dan Wawancara (substansi 70, penyajian 30) and Verifikasi Lapangan (screening).
func KIPP() Setup {
	var s Setup
	for i, name := range KIPPCategories {
		s.Categories = append(s.Categories, models.Category{Name: name, Group: "umum", Position: i + 1})
	}
	s.Sections = append(s.Sections, models.Section{Key: "ringkasan", Title: "Ringkasan",
		Guidance:  "Ringkasan inovasi dalam paling banyak 200 kata: masalah, inovasi, dan hasilnya.",
		WordLimit: SummaryWordLimit, Required: true, Position: 1})
	desk := Round{Round: models.Round{Name: "Penilaian Proposal", Kind: models.RoundScoring, Position: 2,
		JudgesPerEntry: 3, AdvanceTopN: 10}}
	for i, a := range kippAspects {
		s.Sections = append(s.Sections, models.Section{Key: a.key, Title: a.title, Guidance: a.guidance,
			WordLimit: SectionWordLimit, Required: true, Position: i + 2})
		desk.Criteria = append(desk.Criteria, models.Criterion{Key: a.key, Name: a.title, Description: a.guidance,
			Weight: a.weight, MinScore: 0, MaxScore: 10, Step: 0.5, Descriptors: descriptors(a.low, a.mid, a.high), Position: i + 1})
	}
	presentation := Round{Round: models.Round{Name: "Presentasi dan Wawancara", Kind: models.RoundScoring, Position: 3,
		JudgesPerEntry: 3, AdvanceTopN: 5},
		Criteria: []models.Criterion{
			{Key: "substansi", Name: "Substansi", Description: "Penguasaan substansi inovasi: aspek yang sama dengan penilaian proposal.",
				Weight: 70, MinScore: 0, MaxScore: 10, Step: 0.5, Position: 1,
				Descriptors: descriptors("Tidak menguasai substansi", "Menguasai sebagian", "Menguasai seluruh aspek dengan bukti")},
			{Key: "penyajian", Name: "Penyajian", Description: "Kejelasan presentasi dan jawaban (7 menit presentasi, 13 menit tanya jawab).",
				Weight: 30, MinScore: 0, MaxScore: 10, Step: 0.5, Position: 2,
				Descriptors: descriptors("Tidak runtut, jawaban tidak tepat", "Cukup jelas", "Runtut, tepat waktu, jawaban meyakinkan")},
		}}
	s.Rounds = []Round{
		{Round: models.Round{Name: "Seleksi Administrasi", Kind: models.RoundScreening, Position: 1, JudgesPerEntry: 1}},
		desk,
		presentation,
		{Round: models.Round{Name: "Verifikasi Lapangan", Kind: models.RoundScreening, Position: 4, JudgesPerEntry: 1}},
	}
	return s
}
