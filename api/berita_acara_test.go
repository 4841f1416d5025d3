package api_test

import (
	"bytes"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/ledongthuc/pdf"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	pdfapi "github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// The Berita Acara is read back as a reader of the PDF would: its text with
// github.com/ledongthuc/pdf, its QR code extracted with pdfcpu and decoded
// with gozxing, so what is tested is what is printed. JURI_BA_OUT=<dir> keeps
// the PDFs of TestBeritaAcara there, to look at them.

const baPublicURL = "https://juri.wonosobokab.go.id"

// baText is the PDF's text with all white space removed (a wrapped title
// reads back in pieces, so it is compared without white space too).
func baText(t *testing.T, body []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	plain, err := r.GetPlainText()
	if err != nil {
		t.Fatalf("PDF text: %v", err)
	}
	text, err := io.ReadAll(plain)
	if err != nil {
		t.Fatal(err)
	}
	return squeeze(string(text))
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// baQRCodes decodes every image of the PDF as a QR code.
func baQRCodes(t *testing.T, body []byte) []string {
	t.Helper()
	pages, err := pdfapi.ExtractImagesRaw(bytes.NewReader(body), nil, nil)
	if err != nil {
		t.Fatalf("extract images: %v", err)
	}
	var out []string
	for _, page := range pages {
		for _, im := range page {
			img, _, err := image.Decode(im)
			if err != nil {
				t.Fatalf("image %s (%s, %s): %v", im.Name, im.FileType, im.Cs, err)
			}
			bmp, err := gozxing.NewBinaryBitmapFromImage(img)
			if err != nil {
				t.Fatal(err)
			}
			res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("image %s is no readable QR code: %v", im.Name, err)
			}
			out = append(out, res.GetText())
		}
	}
	return out
}

func (w *resWorld) beritaAcara(query string) *testenv.Response {
	w.t.Helper()
	res := w.s.Must(200, "GET", resRoundPath(w.desk, "berita-acara.pdf")+query, w.r.OrganizerTok, nil)
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		w.t.Fatalf("Content-Type %q", ct)
	}
	if !bytes.HasPrefix(res.Body, []byte("%PDF-")) {
		w.t.Fatalf("not a PDF: %.40q", res.Body)
	}
	return res
}

var hex64 = regexp.MustCompile(`[0-9a-f]{64}`)

func TestBeritaAcara(t *testing.T) {
	w := newResWorld(t, resSpec{opts: []testenv.Option{func(d *api.Deps) { d.PublicURL = baPublicURL }}})
	var judgeNames []string
	for _, j := range w.judges {
		judgeNames = append(judgeNames, j.Name)
	}
	mustHave := func(t *testing.T, text string, what ...string) {
		t.Helper()
		for _, s := range what {
			if !strings.Contains(text, squeeze(s)) {
				t.Errorf("the Berita Acara lacks %q", s)
			}
		}
	}
	common := append([]string{"BERITA ACARA PENILAIAN", "KIPP Kabupaten Wonosobo 2020", "Tahap: Penilaian Proposal",
		"Dinas Kesehatan Kabupaten Wonosobo", "Kecamatan Kertek Wonosobo", w.catNames[0], w.catNames[1],
		"Kesepakatan juri", "Tanda Tangan", "Mengetahui, Panitia"}, judgeNames...)
	for i := range 5 {
		common = append(common, resTitles[i])
	}
	for _, c := range w.crit {
		common = append(common, c.Name)
	}

	w.run(t, "draft before publication", func(t *testing.T) {
		res := w.beritaAcara("?method=median")
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "draf-berita-acara-tahap-"+itoa(w.desk)+".pdf") {
			t.Errorf("Content-Disposition %q", cd)
		}
		text := baText(t, res.Body)
		if p := os.Getenv("JURI_BA_OUT"); p != "" {
			_ = os.WriteFile(p+"/draft.pdf", res.Body, 0o644)
		}
		mustHave(t, text, common...)
		// The median of E3 is 80 (every judge gave 8), of E1 95; means by criterion 9,70 for E1.
		mustHave(t, text, "DRAF BERITA ACARA PENILAIAN", "hasil belum diumumkan", "Median nilai para juri", "95,00", "80,00", "9,70")
		if hex64.MatchString(text) {
			t.Errorf("a draft shows a digest")
		}
		if codes := baQRCodes(t, res.Body); len(codes) != 0 {
			t.Errorf("a draft has QR codes %q", codes)
		}
	})

	pub := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5, "method": "mean"})
	w.run(t, "published", func(t *testing.T) {
		// The query's method is ignored: the report stands for the publication.
		res := w.beritaAcara("?method=median&normalize=zscore")
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename=berita-acara-tahap-`+itoa(w.desk)+".pdf") {
			t.Errorf("Content-Disposition %q", cd)
		}
		text := baText(t, res.Body)
		if p := os.Getenv("JURI_BA_OUT"); p != "" {
			_ = os.WriteFile(p+"/published.pdf", res.Body, 0o644)
		}
		mustHave(t, text, common...)
		mustHave(t, text, pub.Digest, "Hasil Penilaian Proposal", "(versi 1)", "Rata-rata nilai para juri",
			"Tanpa normalisasi", "97,00", "75,00", "70,00", baPublicURL+"/hasil/"+itoa(pub.ID))
		if strings.Contains(text, "DRAF") {
			t.Errorf("a published report says DRAF")
		}
		if got := hex64.FindAllString(text, -1); len(got) != 1 || got[0] != pub.Digest {
			t.Errorf("digests in the PDF %q, want only %s", got, pub.Digest)
		}
		codes := baQRCodes(t, res.Body)
		if len(codes) != 1 {
			t.Fatalf("QR codes %q, want one", codes)
		}
		u, err := url.Parse(codes[0])
		if err != nil || codes[0] != baPublicURL+"/hasil/"+itoa(pub.ID) {
			t.Errorf("QR code %q (%v), want the public page %s/hasil/%d", codes[0], err, baPublicURL, pub.ID)
		} else if u.Scheme != "https" {
			t.Errorf("QR code %q is not https", codes[0])
		}
	})

	w.run(t, "a newer version", func(t *testing.T) {
		pub2 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal (perbaikan)", "method": "median"})
		res := w.beritaAcara("")
		text := baText(t, res.Body)
		mustHave(t, text, pub2.Digest, "(versi 2)", "Median nilai para juri")
		if strings.Contains(text, pub.Digest) {
			t.Errorf("the report still shows version 1's digest")
		}
		if codes := baQRCodes(t, res.Body); len(codes) != 1 || codes[0] != baPublicURL+"/hasil/"+itoa(pub2.ID) {
			t.Errorf("QR codes %q, want version 2's page", codes)
		}
	})

	w.run(t, "refusals", func(t *testing.T) {
		runCases(t, w.s, []reqCase{
			{name: "screening round", method: "GET", path: resRoundPath(w.screening, "berita-acara.pdf"), token: w.r.OrganizerTok, status: 409, code: "conflict"},
			{name: "unknown method", method: "GET", path: resRoundPath(w.desk, "berita-acara.pdf") + "?method=best", token: w.r.OrganizerTok, status: 422, field: "method"},
			{name: "no such round", method: "GET", path: resRoundPath(99999, "berita-acara.pdf"), token: w.r.OrganizerTok, status: 404, code: "not_found"},
		})
	})
}

func TestBeritaAcaraAuthorization(t *testing.T) {
	w := newResWorld(t, resSpec{})
	path := resRoundPath(w.desk, "berita-acara.pdf")
	// The participant has entries in the round; the judge is one of its judges.
	roles := w.r
	roles.Participant, roles.ParticipantTok = w.entrants[0].User, w.entrants[0].Tok
	roles.Judge, roles.JudgeTok = w.judges[0].User, w.judges[0].Tok
	checkAuthorization(t, w.s, roles, []authCase{{"GET", path, nil, only(200, "organizer", "admin"), ""}})
	// Others who see the open competition are refused; a draft competition's
	// round is invisible to them.
	_, outsiderTok := w.s.User(models.RoleOrganizer, nil)
	draft := w.s.Must(201, "POST", "/api/v1/competitions", w.r.OrganizerTok, map[string]any{
		"name": "KIPP Draf", "year": 2020, "template": "kipp",
		"submission_opens_at": "2020-03-01T00:00:00Z", "submission_closes_at": "2020-04-30T17:00:00Z",
	}).Map(t)
	var draftDesk int64
	for _, rd := range testenv.List(t, w.s.Must(200, "GET", "/api/v1/competitions/"+itoa(testenv.ID(t, draft["id"]))+"/rounds", w.r.OrganizerTok, nil)) {
		if rd["position"] == float64(2) {
			draftDesk = testenv.ID(t, rd["id"])
		}
	}
	var cases []reqCase
	for _, o := range []struct{ who, tok string }{
		{"organizer of other competitions", outsiderTok}, {"judge who is not a member", w.r.JudgeTok}, {"participant of another OPD", w.r.ParticipantTok},
		{"judge of the round", w.judges[0].Tok}, {"participant with an entry", w.entrants[0].Tok},
	} {
		cases = append(cases, reqCase{name: o.who, method: "GET", path: path, token: o.tok, status: 403, code: "forbidden"})
		if o.tok != w.judges[0].Tok && o.tok != w.entrants[0].Tok {
			cases = append(cases, reqCase{name: o.who + " on a draft competition", method: "GET", path: resRoundPath(draftDesk, "berita-acara.pdf"),
				token: o.tok, status: 404, code: "not_found"})
		}
	}
	cases = append(cases, reqCase{name: "anonymous", method: "GET", path: path, status: 401, code: "unauthorized"})
	runCases(t, w.s, cases)
}
