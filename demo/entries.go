package demo

// innovation is one demo entry: the OPD that made it, its category (by
// position in the KIPP list), its title and summary, and whether it is still
// a draft.
type innovation struct {
	OPD, Title, Summary string
	Category            int // 1-based position in templates.KIPPCategories
	Draft               bool
}

// innovations are 24 proposals from 16 OPDs, most of them in health, as in
// the regency's story of 2020.
var innovations = []innovation{
	{"DINKES", "SIGAP Bumil: Pendampingan Ibu Hamil Risiko Tinggi lewat WhatsApp", "Bidan desa mendampingi ibu hamil risiko tinggi lewat grup WhatsApp dan kunjungan terjadwal, sehingga rujukan terlambat berkurang.", 3, false},
	{"DINKES", "ANTRE-KES: Antrean Puskesmas Daring", "Warga mengambil nomor antrean puskesmas dari rumah lewat SMS atau aplikasi dan datang sesuai perkiraan jam layanan.", 3, false},
	{"DINKES", "Skrining TBC Aktif di Pondok Pesantren", "Petugas puskesmas dan santri kader melakukan skrining batuk dan rontgen keliling di pesantren untuk menemukan kasus TBC lebih awal.", 3, false},
	{"RSUD-KAJEN", "LOKER: Layanan Obat Antar ke Rumah untuk Pasien Kronis", "Pasien diabetes dan hipertensi yang kontrol rutin menerima obat di rumah lewat kurir kerja sama dengan kantor pos.", 3, false},
	{"RSUD-KAJEN", "Rekam Medis Elektronik Rawat Jalan Terpadu", "Rekam medis kertas rawat jalan diganti sistem elektronik yang tersambung ke farmasi dan laboratorium, memangkas waktu tunggu.", 3, false},
	{"RSUD-KRATON", "Pojok Laktasi dan Kelas Ayah ASI", "Ruang laktasi di setiap bangsal dan kelas untuk para ayah agar ikut mendukung pemberian ASI eksklusif.", 7, false},
	{"RSUD-KRATON", "Triase Warna IGD", "Pasien IGD dipilah dengan gelang warna dalam lima menit pertama sehingga kasus gawat ditangani lebih dulu.", 3, false},
	{"PKM-KAJEN1", "Posyandu Remaja Cegah Stunting Sejak Dini", "Remaja putri mendapat tablet tambah darah, cek hemoglobin, dan edukasi gizi di posyandu remaja setiap bulan.", 3, false},
	{"PKM-KAJEN1", "GEJUBE: Gerakan Jumat Bersih Jentik", "Setiap Jumat warga memeriksa jentik nyamuk di rumah masing-masing dan melaporkannya lewat kader RT.", 3, false},
	{"PKM-WIRADESA", "Kader Batik Sehat: Skrining Penyakit Akibat Kerja Perajin Batik", "Kader memeriksa kesehatan kulit dan pernapasan perajin batik dan mengajarkan pemakaian alat pelindung.", 3, false},
	{"PKM-WIRADESA", "Bank Sampah Medis Rumah Tangga", "Jarum insulin dan obat kedaluwarsa dari rumah warga dikumpulkan di bank sampah untuk dimusnahkan dengan aman.", 8, true},
	{"PKM-KEDUNGWUNI1", "JEBOL: Jemput Bola Layanan Lansia", "Tim puskesmas mendatangi lansia yang tidak bisa keluar rumah untuk pemeriksaan rutin dan pengobatan.", 3, false},
	{"PKM-BOJONG1", "Kelas Gizi Balita dengan Pangan Lokal", "Ibu balita belajar memasak menu bergizi dari pangan lokal murah, didampingi ahli gizi puskesmas.", 4, false},
	{"PKM-DORO", "Ambulans Desa Siaga Pegunungan", "Mobil desa dilengkapi peralatan dasar dan sopir terlatih untuk membawa pasien dari desa pegunungan ke puskesmas.", 3, false},
	{"PKM-DORO", "Telekonsultasi Bidan Desa Terpencil", "Bidan di desa terpencil berkonsultasi dengan dokter puskesmas lewat panggilan video untuk kasus yang meragukan.", 3, true},
	{"DINDUKCAPIL", "AKURAT: Akta Kelahiran Langsung dari Rumah Sakit", "Bayi yang lahir di rumah sakit langsung mendapat akta kelahiran dan kartu identitas anak sebelum pulang.", 9, false},
	{"DINDUKCAPIL", "Dukcapil Keliling Desa Terpencil", "Petugas dukcapil datang ke balai desa terpencil sebulan sekali untuk perekaman KTP-el dan layanan dokumen.", 9, true},
	{"DPMPTSP", "Izin Usaha Mikro Sehari Jadi", "Pelaku usaha mikro mengurus izin usaha dengan satu formulir dan menerima izin pada hari yang sama.", 5, false},
	{"DISDIKBUD", "Sekolah Batik Inklusif", "Siswa berkebutuhan khusus belajar membatik bersama siswa lain di sekolah umum dengan pendamping.", 2, false},
	{"DINSOS", "DATAKU: Data Terpadu Kemiskinan Berbasis Desa", "Perangkat desa memperbarui data warga miskin setiap bulan lewat aplikasi, sehingga bantuan lebih tepat sasaran.", 1, false},
	{"KEC-KAJEN", "Layanan Administrasi Kecamatan Tanpa Antre", "Warga mengirim berkas layanan kecamatan lewat WhatsApp dan mengambil dokumen jadi pada jam yang dijanjikan.", 9, false},
	{"DINPERTAN", "Sekolah Lapang Petani Milenial", "Petani muda belajar budidaya padi organik dan pemasaran daring di lahan percontohan bersama penyuluh.", 4, false},
	{"BAPPEDA", "Musrenbang Digital Terbuka", "Usulan musyawarah perencanaan pembangunan dikirim dan dipantau warga secara daring dari desa sampai kabupaten.", 9, false},
	{"DINKOMINFO", "LAPOR-KAB: Kanal Aduan Warga Satu Pintu", "Semua aduan warga dari media sosial, SMS dan situs web masuk ke satu sistem dan diteruskan ke OPD yang berwenang.", 9, true},
}

// sectionText writes a plausible answer for one proposal section.
func sectionText(key string, in innovation) string {
	switch key {
	case "ringkasan":
		return in.Summary
	case "latar_belakang":
		return "Sebelum inovasi ini, warga mengeluhkan layanan yang lambat dan tidak merata. " +
			"Data tahun sebelumnya menunjukkan masalah yang sama berulang di banyak desa. " +
			"Tujuan inovasi \"" + in.Title + "\" adalah memperbaiki layanan itu secara terukur."
	case "kebaruan":
		return "Inovasi ini memadukan cara kerja baru dengan sumber daya yang sudah ada di desa. " +
			"Sejauh yang kami ketahui, belum ada layanan serupa di kabupaten ini."
	case "implementasi":
		return "Inovasi berjalan sejak 2018: tahap persiapan, uji coba di dua desa, lalu perluasan ke seluruh wilayah kerja. " +
			"Pelaksana adalah tim OPD bersama kader dan perangkat desa."
	case "signifikansi":
		return "Setelah satu tahun, waktu layanan rata-rata turun dan cakupan penerima layanan naik. " +
			"Keluhan warga berkurang, dan hasil survei kepuasan meningkat dibanding tahun sebelumnya."
	case "adaptabilitas":
		return "Cara kerja inovasi ini sederhana dan murah, sehingga dapat ditiru oleh OPD lain dan kabupaten tetangga. " +
			"Dua puskesmas lain sudah mulai menirunya."
	case "sumber_daya":
		return "Inovasi dijalankan oleh pegawai yang ada, kader terlatih, dan anggaran rutin OPD tanpa tambahan besar."
	case "keberlanjutan":
		return "Inovasi sudah dikuatkan dengan surat keputusan kepala OPD, masuk rencana kerja tahunan, " +
			"dan didukung kemitraan dengan pemerintah desa."
	}
	return ""
}
