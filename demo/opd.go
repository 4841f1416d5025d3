package demo

import "strings"

// opd is one government unit of the demo regency.
type opd struct {
	Code, Name, Kind, Parent string
}

// kecamatan are the 19 districts of a Pekalongan-like regency.
var kecamatan = []string{
	"Kandangserang", "Paninggaran", "Lebakbarang", "Petungkriyono", "Talun", "Doro", "Karanganyar",
	"Kajen", "Kesesi", "Sragi", "Siwalan", "Bojong", "Wonopringgo", "Kedungwuni", "Karangdadap",
	"Buaran", "Tirto", "Wiradesa", "Wonokerto",
}

// puskesmas are the regency's community health centres, under the health office.
var puskesmas = []string{
	"Kandangserang", "Paninggaran", "Lebakbarang", "Doro", "Talun", "Karanganyar", "Kajen I", "Kajen II",
	"Kesesi I", "Kesesi II", "Sragi I", "Sragi II", "Siwalan", "Bojong I", "Bojong II", "Wonopringgo",
	"Kedungwuni I", "Kedungwuni II", "Karangdadap", "Buaran", "Tirto I", "Wiradesa", "Wonokerto", "Petungkriyono",
}

// offices are the secretariats, inspectorate, dinas, badan and hospitals.
var offices = []opd{
	{"SETDA", "Sekretariat Daerah", "sekretariat", ""},
	{"SETWAN", "Sekretariat DPRD", "sekretariat", ""},
	{"INSP", "Inspektorat Daerah", "inspektorat", ""},
	{"DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", "dinas", ""},
	{"DINKES", "Dinas Kesehatan", "dinas", ""},
	{"DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", ""},
	{"DINPERKIM", "Dinas Perumahan Rakyat, Kawasan Permukiman dan Lingkungan Hidup", "dinas", ""},
	{"DINSOS", "Dinas Sosial", "dinas", ""},
	{"DINDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", ""},
	{"DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas", ""},
	{"DPPKBP3A", "Dinas Pengendalian Penduduk, KB, Pemberdayaan Perempuan dan Perlindungan Anak", "dinas", ""},
	{"DISHUB", "Dinas Perhubungan", "dinas", ""},
	{"DINKOMINFO", "Dinas Komunikasi dan Informatika", "dinas", ""},
	{"DINKUKMPERDAG", "Dinas Koperasi, UKM dan Perdagangan", "dinas", ""},
	{"DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", ""},
	{"DINPERINAKER", "Dinas Perindustrian dan Tenaga Kerja", "dinas", ""},
	{"DINPERTAN", "Dinas Pertanian dan Pangan", "dinas", ""},
	{"DINPERIKANAN", "Dinas Perikanan", "dinas", ""},
	{"DINPARBUD", "Dinas Pariwisata, Kepemudaan dan Olahraga", "dinas", ""},
	{"DINARPUS", "Dinas Perpustakaan dan Kearsipan", "dinas", ""},
	{"SATPOLPP", "Satuan Polisi Pamong Praja", "other", ""},
	{"BAPPEDA", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "badan", ""},
	{"BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", ""},
	{"BAPENDA", "Badan Pendapatan Daerah", "badan", ""},
	{"BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", ""},
	{"BPBD", "Badan Penanggulangan Bencana Daerah", "badan", ""},
	{"KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", ""},
	{"RSUD-KAJEN", "RSUD Kajen", "rsud", ""},
	{"RSUD-KRATON", "RSUD Kraton", "rsud", ""},
}

// organizations returns the 72 OPDs of the demo regency, parents first.
func organizations() []opd {
	out := append([]opd{}, offices...)
	for _, k := range kecamatan {
		out = append(out, opd{"KEC-" + code(k), "Kecamatan " + k, "kecamatan", ""})
	}
	for _, p := range puskesmas {
		out = append(out, opd{"PKM-" + code(p), "Puskesmas " + p, "puskesmas", "DINKES"})
	}
	return out
}

// code turns a place name into an OPD code: "Kajen II" -> "KAJEN2".
func code(name string) string {
	base, numeral, _ := strings.Cut(name, " ")
	suffix := map[string]string{"I": "1", "II": "2", "III": "3"}[numeral]
	if suffix == "" {
		base = name
	}
	return strings.ToUpper(strings.ReplaceAll(base, " ", "")) + suffix
}
