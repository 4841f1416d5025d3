package gen

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The proposals are written from these words: the vocabulary of a KIPP
// proposal (public service, health, administration, villages), so that the
// text compresses and tokenizes roughly like the real thing, not like random
// letters. Word lengths follow Indonesian (about 7 letters on average).
var (
	nouns = strings.Fields(`layanan pelayanan masyarakat warga desa kelurahan kecamatan puskesmas rumah sakit sekolah
		kader bidan perawat dokter petugas pegawai aparatur pemerintah daerah kabupaten dinas badan kantor
		aplikasi sistem data informasi pengaduan antrean dokumen berkas izin akta surat kartu identitas
		anggaran biaya waktu jarak kunjungan pemeriksaan pengobatan rujukan imunisasi gizi balita ibu hamil
		lansia remaja penyandang disabilitas keluarga rumah tangga petani nelayan perajin pedagang pelaku usaha
		inovasi program kegiatan tahapan pelaksanaan evaluasi pemantauan laporan capaian target indikator
		kepuasan keluhan survei hasil dampak manfaat perubahan peningkatan penurunan cakupan jangkauan
		kemitraan kolaborasi partisipasi swadaya gotong royong musyawarah regulasi peraturan keputusan
		sumber daya sarana prasarana jaringan internet telepon pesan singkat grup kendaraan ambulans
		tim koordinator relawan komunitas organisasi lembaga mitra perguruan tinggi swasta bank koperasi`)
	verbs = strings.Fields(`meningkatkan menurunkan mempercepat memudahkan menjangkau melayani mendampingi memantau
		mencatat melaporkan mengirim menerima memeriksa merujuk mengumpulkan mengolah menyajikan membagikan
		melatih membina mengajak melibatkan mengembangkan menerapkan menjalankan melaksanakan menyusun
		memperbaiki mengurangi menghemat memperluas menguatkan mendukung menyediakan membangun menata`)
	adjectives = strings.Fields(`cepat mudah murah tepat terpadu terukur berkelanjutan sederhana efektif efisien
		transparan akuntabel responsif inklusif ramah terbuka daring luring mandiri rutin terjadwal
		berbasis lokal terpencil rawan miskin sehat aman nyaman baru lama utama penting nyata luas`)
	connectors = strings.Fields(`dan serta atau dengan untuk agar sehingga karena melalui dalam pada dari ke oleh
		bagi tanpa setelah sebelum selama sejak hingga bahwa yang juga masih sudah belum lebih kurang
		setiap seluruh beberapa sebagian banyak`)
	places = strings.Fields(`Kajen Kesesi Sragi Siwalan Bojong Wonopringgo Kedungwuni Karangdadap Buaran Tirto
		Wiradesa Wonokerto Doro Talun Karanganyar Paninggaran Lebakbarang Petungkriyono Kandangserang`)
	firstNames = strings.Fields(`Agus Budi Siti Dewi Eko Fitri Gunawan Hendra Indah Joko Kurniawati Lestari Muhammad
		Nur Oktaviani Putri Rahmat Sri Teguh Utami Wahyu Yuliana Ahmad Bambang Endang Heru Ika Rina Slamet Tri`)
	lastNames = strings.Fields(`Santoso Wibowo Lestari Saputra Rahayu Setiawan Hidayat Purnomo Kusuma Nugroho Wijaya
		Pratama Susanti Handayani Prasetyo Haryanto Suryani Maulana Firmansyah Anggraini Syahputra Permana`)
	titleHeads = strings.Fields(`SIGAP JEBOL ANTRE LOKER AKURAT DATAKU GERCEP SAPA PANTAS MANTAP SEHATI CERIA
		TANGGAP LANCAR SIAGA PEDULI BERSAMA MELATI SEMAR JAMU KOPI BATIK`)
)

// text writes Indonesian-looking prose for the generator from one seeded
// source, so a run is reproducible.
type text struct{ rng *rand.Rand }

func (t text) pick(words []string) string { return words[t.rng.IntN(len(words))] }

// sentence is 8 to 18 words, starting with a capital and ending with a full
// stop. It writes into b and returns the number of words written.
func (t text) sentence(b *strings.Builder) int {
	n := 8 + t.rng.IntN(11)
	for i := 0; i < n; i++ {
		var w string
		switch r := t.rng.IntN(10); {
		case r < 4:
			w = t.pick(nouns)
		case r < 6:
			w = t.pick(connectors)
		case r < 8:
			w = t.pick(verbs)
		case r < 9:
			w = t.pick(adjectives)
		default:
			w = t.pick(places)
		}
		if i == 0 {
			r, size := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(w[size:])
		} else {
			b.WriteByte(' ')
			b.WriteString(w)
		}
	}
	b.WriteByte('.')
	return n
}

// prose is about words words in paragraphs of four to seven sentences.
func (t text) prose(words int) string {
	var b strings.Builder
	b.Grow(words * 8)
	written, inPara := 0, 0
	paraLen := 4 + t.rng.IntN(4)
	for written < words {
		if b.Len() > 0 {
			if inPara == paraLen {
				b.WriteString("\n\n")
				inPara, paraLen = 0, 4+t.rng.IntN(4)
			} else {
				b.WriteByte(' ')
			}
		}
		written += t.sentence(&b)
		inPara++
	}
	return b.String()
}

// around returns a length from 60% to 140% of mean.
func (t text) around(mean int) int {
	if mean <= 1 {
		return mean
	}
	return mean*6/10 + t.rng.IntN(mean*8/10+1)
}

// title is an innovation's name: an acronym and what it does.
func (t text) title() string {
	return t.pick(titleHeads) + ": " + capitalize(t.pick(nouns)) + " " + capitalize(t.pick(adjectives)) + " " +
		capitalize(t.pick(connectors)) + " " + capitalize(t.pick(nouns)) + " " + t.pick(places)
}

// person is a plausible Indonesian full name.
func (t text) person() string { return t.pick(firstNames) + " " + t.pick(lastNames) }

func capitalize(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}
