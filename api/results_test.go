package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"mime/multipart"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// The results tests share one set-up, newResWorld: a KIPP competition with
// seven entries of three OPDs. Five are screened eligible and moved into the
// desk round "Penilaian Proposal" through POST /rounds/:id/advance; five
// judges (without an OPD, so nobody is in conflict) are assigned to every one
// of them by POST /rounds/:id/assignments/auto and score them through the API
// with the values of resMatrix. Every helper of these files carries the
// prefix res so it cannot collide with the helpers of other test files.
//
// Every criterion of a scorecard gets the same value v, so (the weights adding
// up to 100 and every Max being 10) the judge total is exactly 10 × v. All
// values are multiples of 0.5, so every judge total (and the means 97, 75, 80,
// 70, 40) is exact in binary floating point: ties are true ties, and a
// passing score of 75 takes E2 without rounding luck.
//
// Judge totals (J1..J5), and what docs/judging.md makes of them:
//
//	entry  J1   J2   J3   J4    J5       mean   median  trimmed  sample SD
//	E1     95   95  100  100    95       97     95      96.67    2.74
//	E2     90   80   75   90    40       75     80      81.67   20.62  disagreement
//	E3     80   80   80   80    80       80     80      80       0
//	E4     70   75   65   70    70       70     70      70       3.54
//	E5     30   40   50  draft  pending  40     40      40      10      incomplete (5 assigned, 3 submitted)
//
// E1, E3 and E5 are in category A, E2 and E4 in category B. E6 (category B) is
// screened ineligible and E7 (category A) is left unscreened: neither enters
// the desk round. With the median, E2 and E3 tie at 80; rule 2 of the
// tie-break (higher mean raw value on the heaviest criterion, signifikansi)
// puts E3 (8) before E2 (7.5), although E2 has the lower id and the same
// submission time. The desk round's advance_top_n is set to 1: E1's lowest
// total (95) is above every other entry's highest (90), so E1 is first in every
// resample (top_n_probability 1) and every other entry in none (0).

// resMatrix holds each entry's values (v, total = 10 v) per judge; -1 is a
// draft scorecard that is saved but not submitted, -2 no scorecard at all.
var resMatrix = [5][5]float64{
	{9.5, 9.5, 10, 10, 9.5},
	{9, 8, 7.5, 9, 4},
	{8, 8, 8, 8, 8},
	{7, 7.5, 6.5, 7, 7},
	{3, 4, 5, -1, -2},
}

// resTitles are the entries' titles. E1's title holds characters that CSV must
// quote and that JSON would HTML-escape, to test both.
var resTitles = []string{
	`Antrean "Cepat", Puskesmas & Posyandu <Daring>`,
	"Lapor Bupati Satu Pintu",
	"Sekolah Ramah Anak Desa",
	"Bank Sampah Digital",
	"Kartu Sehat Lansia",
	"Inovasi Tidak Lolos Seleksi",
	"Inovasi Belum Diseleksi",
}

// resOPDOf and resCatOf give each entry's OPD index and category (0 = A, 1 = B).
var (
	resOPDOf = []int{0, 1, 2, 0, 1, 2, 0}
	resCatOf = []int{0, 1, 0, 1, 0, 1, 0}
)

// resOPDs are distinctive OPD names and codes, so a leak of any of them into
// a blind judge's answer is found by a plain substring search.
var resOPDs = []models.Organization{
	{Code: "DINKESWSB", Name: "Dinas Kesehatan Kabupaten Wonosobo", Kind: "dinas"},
	{Code: "BAPPEDAWSB", Name: "Badan Perencanaan Pembangunan Daerah Wonosobo", Kind: "badan"},
	{Code: "KECKERTEK", Name: "Kecamatan Kertek Wonosobo", Kind: "kecamatan"},
}

type resUser struct {
	models.User
	Tok string
}

type resEntry struct {
	ID, FileID, Category int64
	Title                string
	OPD                  int
}

type resCriterion struct {
	ID       int64   `json:"id"`
	Key      string  `json:"key"`
	Name     string  `json:"name"`
	Weight   float64 `json:"weight"`
	MaxScore float64 `json:"max_score"`
}

type resSpec struct {
	blind bool
	opts  []testenv.Option
}

type resWorld struct {
	t *testing.T
	s *testenv.Server
	// r.Organizer created and organizes the competition; r.Admin is an admin;
	// r.Judge is a judge who is not a member; r.Participant's OPD has no entry.
	r                                           testenv.Roles
	comp                                        int64
	screening, desk, presentation, verification int64
	cats                                        [2]int64
	catNames                                    [2]string
	opds                                        []models.Organization
	entrants                                    []resUser // one participant per OPD
	entries                                     []resEntry
	judges                                      []resUser
	crit                                        []resCriterion
	asg                                         map[[2]int]int64 // (judge, entry) -> assignment id
}

var (
	resPDFOnce sync.Once
	resPDFData []byte
)

// resPDF is a small real PDF whose text names nobody.
func resPDF(t *testing.T) []byte {
	t.Helper()
	resPDFOnce.Do(func() {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Cell(0, 10, "Proposal inovasi pelayanan publik")
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err == nil {
			resPDFData = buf.Bytes()
		}
	})
	if !bytes.HasPrefix(resPDFData, []byte("%PDF-")) {
		t.Fatalf("fpdf made no PDF")
	}
	return resPDFData
}

func newResWorld(t *testing.T, spec resSpec) *resWorld {
	t.Helper()
	s := testenv.NewServer(t, spec.opts...)
	w := &resWorld{t: t, s: s, r: s.Everyone(), asg: map[[2]int]int64{}}
	org := w.r.OrganizerTok
	ctx := context.Background()

	comp := s.Must(201, "POST", "/api/v1/competitions", org, map[string]any{
		"name": "KIPP Kabupaten Wonosobo 2020", "year": 2020, "description": "Kompetisi inovasi pelayanan publik",
		"template": "kipp", "blind": spec.blind,
		"submission_opens_at": "2020-03-01T00:00:00Z", "submission_closes_at": "2020-04-30T17:00:00Z",
	}).Map(t)
	w.comp = testenv.ID(t, comp["id"])
	s.Must(200, "PATCH", w.compPath(), org, map[string]any{"status": "open"})
	for _, rd := range testenv.List(t, s.Must(200, "GET", w.compPath("rounds"), org, nil)) {
		id := testenv.ID(t, rd["id"])
		switch rd["position"] {
		case float64(1):
			w.screening = id
		case float64(2):
			w.desk = id
		case float64(3):
			w.presentation = id
		case float64(4):
			w.verification = id
		}
	}
	if w.screening == 0 || w.desk == 0 || w.presentation == 0 || w.verification == 0 {
		t.Fatalf("the KIPP template lacks its four rounds")
	}
	for i, c := range testenv.List(t, s.Must(200, "GET", w.compPath("categories"), org, nil))[:2] {
		w.cats[i], w.catNames[i] = testenv.ID(t, c["id"]), c["name"].(string)
	}
	var crit struct{ Items []resCriterion }
	s.Must(200, "GET", resRoundPath(w.desk, "criteria"), org, nil).JSON(t, &crit)
	if len(crit.Items) != 7 {
		t.Fatalf("desk rubric has %d criteria, want 7", len(crit.Items))
	}
	w.crit = crit.Items
	// top N = 1, so the rank confidence of the clear winner is meaningful.
	s.Must(200, "PATCH", resRoundPath(w.desk), org, map[string]any{"advance_top_n": 1})

	var form struct {
		Items []struct {
			Key       string `json:"key"`
			WordLimit int    `json:"word_limit"`
		}
	}
	s.Must(200, "GET", w.compPath("sections"), org, nil).JSON(t, &form)
	for _, o := range resOPDs {
		o := o
		if err := s.Store.CreateOrganization(ctx, store.Actor{}, &o); err != nil {
			t.Fatalf("create OPD: %v", err)
		}
		w.opds = append(w.opds, o)
		u, tok := s.User(models.RoleParticipant, &o.ID)
		w.entrants = append(w.entrants, resUser{u, tok})
	}
	for i, title := range resTitles {
		p := w.entrants[resOPDOf[i]]
		e := resEntry{Title: title, OPD: resOPDOf[i], Category: w.cats[resCatOf[i]]}
		texts := map[string]string{}
		for _, sec := range form.Items {
			texts[sec.Key] = fmt.Sprintf("Uraian singkat bagian %s dari inovasi nomor %d.", sec.Key, i+1)
		}
		created := s.Must(201, "POST", w.compPath("entries"), p.Tok, map[string]any{
			"title": title, "category_id": e.Category, "sections": texts,
			"team": []map[string]string{{"name": "Sri Rahayu", "role": "Ketua"}},
		}).Map(t)
		e.ID = testenv.ID(t, created["id"])
		// Participants name the file after their OPD; blind judges must not see it.
		up := resUpload(s, p.Tok, e.ID, "Proposal "+w.opds[e.OPD].Name+".pdf", resPDF(t))
		if up.Code != 201 {
			t.Fatalf("upload: %d %s", up.Code, up.Body)
		}
		e.FileID = testenv.ID(t, up.Map(t)["id"])
		s.Must(200, "POST", resEntryPath(e.ID, "submit"), p.Tok, nil)
		switch i {
		case 5:
			s.Must(200, "POST", resEntryPath(e.ID, "screen"), org, map[string]any{"decision": "ineligible", "reason": "Belum berjalan satu tahun"})
		case 6:
		default:
			s.Must(200, "POST", resEntryPath(e.ID, "screen"), org, map[string]any{"decision": "eligible"})
		}
		w.entries = append(w.entries, e)
	}

	// The eligible entries go into the desk round through the endpoint.
	adv := w.advance(w.screening, nil)
	if want := w.ids(0, 1, 2, 3, 4); !slices.Equal(resSorted(adv.Advanced), want) || adv.Added != 5 || adv.NextRoundID != w.desk {
		t.Fatalf("advance from screening: %+v, want advanced %v, added 5, next %d", adv, want, w.desk)
	}

	for i := 0; i < 5; i++ {
		u, tok := s.User(models.RoleJudge, nil)
		w.judges = append(w.judges, resUser{u, tok})
		s.Must(201, "POST", w.compPath("members"), org, map[string]any{"user_id": u.ID, "role": "judge"})
	}
	auto := s.Must(200, "POST", resRoundPath(w.desk, "assignments", "auto"), org, map[string]any{"judges_per_entry": 5}).Map(t)
	if auto["created"] != float64(25) {
		t.Fatalf("auto assignment: %v", auto)
	}
	for j, judge := range w.judges {
		var mine struct {
			Items []struct {
				ID      int64 `json:"id"`
				EntryID int64 `json:"entry_id"`
			}
		}
		s.Must(200, "GET", "/api/v1/me/assignments?round_id="+itoa(w.desk), judge.Tok, nil).JSON(t, &mine)
		for _, a := range mine.Items {
			for e := range w.entries {
				if w.entries[e].ID == a.EntryID {
					w.asg[[2]int{j, e}] = a.ID
				}
			}
		}
	}
	if len(w.asg) != 25 {
		t.Fatalf("judges see %d assignments, want 25", len(w.asg))
	}
	for e := range 5 {
		for j := range 5 {
			v := resMatrix[e][j]
			switch {
			case v == -2:
			case v == -1:
				w.put(j, e, 0, 6)
			default:
				w.put(j, e, 0, v)
				s.Must(200, "POST", resAsgPath(w.asg[[2]int{j, e}], "scorecard", "submit"), w.judges[j].Tok, nil)
			}
		}
	}
	return w
}

// run runs f as the subtest name of t, with the world's helpers reporting
// to the subtest (see runCase).
func (w *resWorld) run(t *testing.T, name string, f func(t *testing.T)) bool {
	t.Helper()
	return runCase(t, w.s, name, f, &w.t)
}

// tick moves the shared clock forward and issues fresh access tokens, which
// are short-lived.
func (w *resWorld) tick(d time.Duration) {
	w.s.Clock.Advance(d)
	w.r.AdminTok, w.r.OrganizerTok = w.s.Token(w.r.Admin), w.s.Token(w.r.Organizer)
	w.r.JudgeTok, w.r.ParticipantTok = w.s.Token(w.r.Judge), w.s.Token(w.r.Participant)
	for i := range w.entrants {
		w.entrants[i].Tok = w.s.Token(w.entrants[i].User)
	}
	for i := range w.judges {
		w.judges[i].Tok = w.s.Token(w.judges[i].User)
	}
}

// put saves judge j's scorecard of entry e with value v on every criterion.
func (w *resWorld) put(j, e, version int, v float64) *testenv.Response {
	w.t.Helper()
	return w.s.Must(200, "PUT", resAsgPath(w.asg[[2]int{j, e}], "scorecard"), w.judges[j].Tok, map[string]any{
		"version": version, "scores": w.scores(v), "comment": "Penilaian umum"})
}

func (w *resWorld) scores(v float64) []map[string]any {
	out := []map[string]any{}
	for _, c := range w.crit {
		out = append(out, map[string]any{"criterion_id": c.ID, "value": v, "comment": "Catatan " + c.Key})
	}
	return out
}

// ids maps entry indexes to ids.
func (w *resWorld) ids(idx ...int) []int64 {
	out := make([]int64, len(idx))
	for i, x := range idx {
		out[i] = w.entries[x].ID
	}
	return out
}

// index maps an entry id back to its index.
func (w *resWorld) index(id int64) int {
	for i, e := range w.entries {
		if e.ID == id {
			return i
		}
	}
	w.t.Fatalf("unknown entry %d", id)
	return -1
}

type resAdvance struct {
	Advanced    []int64 `json:"advanced"`
	Added       int     `json:"added"`
	NextRoundID int64   `json:"next_round_id"`
}

func (w *resWorld) advance(round int64, body any) resAdvance {
	w.t.Helper()
	res := w.s.Must(200, "POST", resRoundPath(round, "advance"), w.r.OrganizerTok, body)
	var a resAdvance
	res.JSON(w.t, &a)
	if m := res.Map(w.t); m["advanced"] == nil || m["added"] == nil || m["next_round_id"] == nil {
		w.t.Fatalf("advance answer: %s", res.Body)
	}
	return a
}

func (w *resWorld) compPath(rest ...string) string {
	return "/api/v1/competitions/" + itoa(w.comp) + resRest(rest)
}

func resRoundPath(id int64, rest ...string) string {
	return "/api/v1/rounds/" + itoa(id) + resRest(rest)
}
func resEntryPath(id int64, rest ...string) string {
	return "/api/v1/entries/" + itoa(id) + resRest(rest)
}
func resAsgPath(id int64, rest ...string) string {
	return "/api/v1/assignments/" + itoa(id) + resRest(rest)
}
func resPubPath(id int64, rest ...string) string {
	return "/api/v1/public/publications/" + itoa(id) + resRest(rest)
}

func resRest(rest []string) string {
	p := ""
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

func resUpload(s *testenv.Server, tok string, entryID int64, filename string, data []byte) *testenv.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("kind", "proposal")
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return s.Request("POST", resEntryPath(entryID, "files"), tok, mw.FormDataContentType(), &buf)
}

func resSorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// resExpect checks status and, when code is not empty, the error code.
func resExpect(t *testing.T, res *testenv.Response, status int, code, what string) {
	t.Helper()
	if res.Code != status || (code != "" && res.ErrorCode() != code) {
		t.Errorf("%s: got %d %s, want %d %s", what, res.Code, res.Body, status, code)
	}
}

// resExpectField checks a 422 validation_failed naming field.
func resExpectField(t *testing.T, res *testenv.Response, field, what string) {
	t.Helper()
	var e struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	_ = json.Unmarshal(res.Body, &e)
	if res.Code != 422 || e.Error.Code != "validation_failed" || e.Error.Fields[field] == "" {
		t.Errorf("%s: got %d %s, want 422 validation_failed naming %q", what, res.Code, res.Body, field)
	}
}

func resNear(a, b float64) bool { return math.Abs(a-b) < 0.0051 }

func resRound2(x float64) float64 { return math.Round(x*100) / 100 }

// --- ranking -------------------------------------------------------------------

type resRanked struct {
	Rank            int                `json:"rank"`
	EntryID         int64              `json:"entry_id"`
	Title           string             `json:"title"`
	Organization    string             `json:"organization"`
	Category        string             `json:"category"`
	Score           float64            `json:"score"`
	Judges          int                `json:"judges"`
	Assigned        int                `json:"assigned"`
	Stddev          float64            `json:"stddev"`
	Flags           []string           `json:"flags"`
	TopNProbability float64            `json:"top_n_probability"`
	Criteria        map[string]float64 `json:"criteria"`
	JudgeScores     map[string]float64 `json:"judge_scores"`
}

type resRanking struct {
	RoundID    int64       `json:"round_id"`
	Method     string      `json:"method"`
	Normalize  string      `json:"normalize"`
	CategoryID *int64      `json:"category_id"`
	TopN       int         `json:"top_n"`
	Entries    []resRanked `json:"entries"`
	Judges     []struct {
		JudgeID int64   `json:"judge_id"`
		Name    string  `json:"name"`
		Scored  int     `json:"scored"`
		Mean    float64 `json:"mean"`
		Offset  float64 `json:"offset"`
	} `json:"judges"`
	Reliability map[string]any `json:"reliability"`
}

func (w *resWorld) ranking(query string) resRanking {
	w.t.Helper()
	var rk resRanking
	w.s.Must(200, "GET", resRoundPath(w.desk, "ranking")+query, w.r.OrganizerTok, nil).JSON(w.t, &rk)
	return rk
}

// resRow is one expected row: entry index, score, sample SD and flags.
type resRow struct {
	entry  int
	score  float64
	stddev float64
	flags  []string
}

// checkRanking compares a ranking with the expected rows, in order.
func (w *resWorld) checkRanking(what string, rk resRanking, rows []resRow, probabilities bool) {
	w.t.Helper()
	if len(rk.Entries) != len(rows) {
		w.t.Errorf("%s: %d entries, want %d: %+v", what, len(rk.Entries), len(rows), rk.Entries)
		return
	}
	for i, want := range rows {
		got := rk.Entries[i]
		e := w.entries[want.entry]
		if got.Rank != i+1 || got.EntryID != e.ID {
			w.t.Errorf("%s: place %d is entry %d with rank %d, want E%d (%d)", what, i+1, got.EntryID, got.Rank, want.entry+1, e.ID)
			continue
		}
		if !resNear(got.Score, want.score) || !resNear(got.Stddev, want.stddev) {
			w.t.Errorf("%s: E%d score %v stddev %v, want %v and %v", what, want.entry+1, got.Score, got.Stddev, want.score, want.stddev)
		}
		flags := slices.Clone(got.Flags)
		slices.Sort(flags)
		wantFlags := slices.Clone(want.flags)
		slices.Sort(wantFlags)
		if !slices.Equal(flags, wantFlags) {
			w.t.Errorf("%s: E%d flags %v, want %v", what, want.entry+1, got.Flags, want.flags)
		}
		if got.Title != e.Title || got.Organization != w.opds[e.OPD].Name || got.Category != w.catNames[resCatOf[want.entry]] {
			w.t.Errorf("%s: E%d shown as %q / %q / %q", what, want.entry+1, got.Title, got.Organization, got.Category)
		}
		judges := 0
		for _, v := range resMatrix[want.entry] {
			if v >= 0 {
				judges++
			}
		}
		if got.Judges != judges || got.Assigned != 5 {
			w.t.Errorf("%s: E%d judges %d assigned %d, want %d and 5", what, want.entry+1, got.Judges, got.Assigned, judges)
		}
		if probabilities {
			wantP := 0.0
			if want.entry == 0 {
				wantP = 1
			}
			if got.TopNProbability != wantP {
				w.t.Errorf("%s: E%d top_n_probability %v, want %v", what, want.entry+1, got.TopNProbability, wantP)
			}
		}
	}
}

// resCombine combines judge totals as docs/judging.md step 3 says.
func resCombine(method string, v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	mean := func(x []float64) float64 {
		t := 0.0
		for _, y := range x {
			t += y
		}
		return t / float64(len(x))
	}
	switch method {
	case "median":
		n := len(s)
		if n%2 == 1 {
			return s[n/2]
		}
		return (s[n/2-1] + s[n/2]) / 2
	case "trimmed":
		if len(s) >= 4 {
			return mean(s[1 : len(s)-1])
		}
	}
	return mean(s)
}

func resSampleSD(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	m := resCombine("mean", v)
	ss := 0.0
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(v)-1))
}

func resPopSD(v []float64) float64 {
	m := resCombine("mean", v)
	ss := 0.0
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(v)))
}

// resZScore normalizes resMatrix's totals as docs/judging.md step 2 says:
// per judge z = (total - judge mean) / judge SD (population), then round mean
// + z × round SD, kept within 0 to 100. It returns, per entry, the judges'
// normalized totals (judge index -> total).
func resZScore() [5]map[int]float64 {
	var all []float64
	perJudge := make([][]float64, 5)
	for e := range 5 {
		for j := range 5 {
			if v := resMatrix[e][j]; v >= 0 {
				all = append(all, 10*v)
				perJudge[j] = append(perJudge[j], 10*v)
			}
		}
	}
	rm, rsd := resCombine("mean", all), resPopSD(all)
	var out [5]map[int]float64
	for e := range 5 {
		out[e] = map[int]float64{}
		for j := range 5 {
			if v := resMatrix[e][j]; v >= 0 {
				z := (10*v - resCombine("mean", perJudge[j])) / resPopSD(perJudge[j])
				out[e][j] = math.Min(100, math.Max(0, rm+z*rsd))
			}
		}
	}
	return out
}

// expectedZ builds the expected rows under z-score normalization: scores,
// sample SDs, disagreement above 15, ties, and the tie-break by the mean raw
// value of the heaviest criterion (every criterion has value total/10 here).
func (w *resWorld) expectedZ(method string) []resRow {
	norm := resZScore()
	var rows []resRow
	for e := range 5 {
		var v []float64
		for j := range 5 {
			if x, ok := norm[e][j]; ok {
				v = append(v, x)
			}
		}
		row := resRow{entry: e, score: resCombine(method, v), stddev: resSampleSD(v)}
		if row.stddev > 15 {
			row.flags = append(row.flags, "disagreement")
		}
		if len(v) < 5 {
			row.flags = append(row.flags, "incomplete")
		}
		rows = append(rows, row)
	}
	rawMean := func(e int) float64 {
		t, n := 0.0, 0.0
		for _, v := range resMatrix[e] {
			if v >= 0 {
				t += v
				n++
			}
		}
		return t / n
	}
	for i := range rows {
		for k := range rows {
			if i != k && math.Abs(rows[i].score-rows[k].score) < 1e-9 {
				rows[i].flags = append(rows[i].flags, "tied")
				break
			}
		}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		if math.Abs(rows[a].score-rows[b].score) >= 1e-9 {
			return rows[a].score > rows[b].score
		}
		return rawMean(rows[a].entry) > rawMean(rows[b].entry)
	})
	for i := range rows {
		rows[i].score, rows[i].stddev = resRound2(rows[i].score), resRound2(rows[i].stddev)
	}
	return rows
}

func TestResultsRankingMethods(t *testing.T) {
	w := newResWorld(t, resSpec{})
	none := []string{}

	mean := w.ranking("")
	if mean.RoundID != w.desk || mean.Method != "mean" || mean.Normalize != "none" || mean.TopN != 1 || mean.CategoryID != nil {
		t.Errorf("default ranking head: round %d method %q normalize %q top_n %d category %v", mean.RoundID, mean.Method, mean.Normalize, mean.TopN, mean.CategoryID)
	}
	meanRows := []resRow{
		{0, 97, 2.74, none},
		{2, 80, 0, none},
		{1, 75, 20.62, []string{"disagreement"}},
		{3, 70, 3.54, none},
		{4, 40, 10, []string{"incomplete"}},
	}
	w.checkRanking("mean", mean, meanRows, true)
	w.checkRanking("method=mean&normalize=none", w.ranking("?method=mean&normalize=none"), meanRows, true)

	// Per-criterion means and raw judge totals; E5 has no total of J4 (draft) or J5.
	for _, got := range mean.Entries {
		e := w.index(got.EntryID)
		if len(got.Criteria) != len(w.crit) {
			t.Errorf("E%d criteria %v", e+1, got.Criteria)
		}
		var vs []float64
		for _, v := range resMatrix[e] {
			if v >= 0 {
				vs = append(vs, v)
			}
		}
		for _, c := range w.crit {
			if !resNear(got.Criteria[c.Key], resRound2(resCombine("mean", vs))) {
				t.Errorf("E%d criterion %s mean %v, want %v", e+1, c.Key, got.Criteria[c.Key], resCombine("mean", vs))
			}
		}
		for j, judge := range w.judges {
			v, ok := got.JudgeScores[itoa(judge.ID)]
			if want := resMatrix[e][j]; want < 0 {
				if ok {
					t.Errorf("E%d shows a total %v of J%d, who submitted nothing", e+1, v, j+1)
				}
			} else if !ok || v != 10*want {
				t.Errorf("E%d total of J%d = %v (%v), want %v", e+1, j+1, v, ok, 10*want)
			}
		}
	}
	// Judge leniency: the mean of each judge's raw totals, minus the round mean 1730/23.
	wantJudges := []struct {
		scored int
		mean   float64
	}{{5, 73}, {5, 74}, {5, 74}, {4, 85}, {4, 71.25}}
	if len(mean.Judges) != 5 {
		t.Fatalf("judges: %+v", mean.Judges)
	}
	for j, got := range mean.Judges {
		want := wantJudges[j]
		if got.JudgeID != w.judges[j].ID || got.Name != w.judges[j].Name || got.Scored != want.scored ||
			!resNear(got.Mean, want.mean) || !resNear(got.Offset, resRound2(want.mean-1730.0/23)) {
			t.Errorf("judge %d: %+v, want scored %d mean %v offset %v", j+1, got, want.scored, want.mean, resRound2(want.mean-1730.0/23))
		}
	}

	// Reliability of the jury (docs/judging.md): E5 lacks J4 and J5, so the
	// design is not fully crossed and the one-way model applies, with unequal
	// panels. Over the raw totals (N = 23, 5 entries): BMS = 1585.98,
	// WMS = 110, ICC(1,k) = (BMS - WMS) / BMS = 0.9306.
	if rel := mean.Reliability; rel["method"] != "ICC(1,k) unbalanced" || rel["icc"] != 0.9306 || rel["judges"] != float64(5) || rel["entries"] != float64(5) {
		t.Errorf("reliability: %v, want ICC(1,k) unbalanced 0.9306 over 5 judges and 5 entries", rel)
	}

	// Median: E2 and E3 tie at 80; E3 wins on signifikansi (8 against 7.5).
	median := w.ranking("?method=median")
	if median.Method != "median" {
		t.Errorf("method %q", median.Method)
	}
	w.checkRanking("median", median, []resRow{
		{0, 95, 2.74, none},
		{2, 80, 0, []string{"tied"}},
		{1, 80, 20.62, []string{"disagreement", "tied"}},
		{3, 70, 3.54, none},
		{4, 40, 10, []string{"incomplete"}},
	}, true)

	// Trimmed: five judges, highest and lowest set aside; E5 has three (plain mean).
	w.checkRanking("trimmed", w.ranking("?method=trimmed"), []resRow{
		{0, 96.67, 2.74, none},
		{1, 81.67, 20.62, []string{"disagreement"}},
		{2, 80, 0, none},
		{3, 70, 3.54, none},
		{4, 40, 10, []string{"incomplete"}},
	}, true)

	// z-score: expectations from resZScore, the doc's step 2 written out.
	// Anchors computed by hand: the round mean is 75.22 and SD 19.02; J3's 100
	// and J4's 100 on E1 are clamped to 100; E1's mean is 97.61.
	z := w.ranking("?normalize=zscore")
	if z.Normalize != "zscore" || z.Method != "mean" {
		t.Errorf("z-score head: %q %q", z.Method, z.Normalize)
	}
	zRows := w.expectedZ("mean")
	if zRows[0].entry != 0 || zRows[0].score != 97.61 || zRows[1].entry != 2 || zRows[1].score != 78.95 {
		t.Fatalf("the test's own z-score reference is off: %+v", zRows)
	}
	w.checkRanking("zscore mean", z, zRows, false)
	norm := resZScore()
	for _, got := range z.Entries {
		e := w.index(got.EntryID)
		for j, judge := range w.judges {
			if want, ok := norm[e][j]; ok && !resNear(got.JudgeScores[itoa(judge.ID)], resRound2(want)) {
				t.Errorf("zscore: E%d J%d total %v, want %v", e+1, j+1, got.JudgeScores[itoa(judge.ID)], resRound2(want))
			}
		}
		if e == 0 && (got.JudgeScores[itoa(w.judges[2].ID)] != 100 || got.JudgeScores[itoa(w.judges[3].ID)] != 100) {
			t.Errorf("zscore: E1's top totals are not clamped to 100: %v", got.JudgeScores)
		}
	}
	// With the median, E2 and E3 tie again: both medians are J2's normalized 80.
	zMedian := w.expectedZ("median")
	if zMedian[1].entry != 2 || !slices.Contains(zMedian[1].flags, "tied") {
		t.Fatalf("the test's own z-score median reference is off: %+v", zMedian)
	}
	w.checkRanking("zscore median", w.ranking("?method=median&normalize=zscore"), zMedian, false)
	w.checkRanking("zscore trimmed", w.ranking("?method=trimmed&normalize=zscore"), w.expectedZ("trimmed"), false)

	// One category: ranks start at 1; scores do not change.
	catB := w.ranking("?category_id=" + itoa(w.cats[1]))
	if catB.CategoryID == nil || *catB.CategoryID != w.cats[1] {
		t.Errorf("category_id echoed as %v", catB.CategoryID)
	}
	w.checkRanking("category B", catB, []resRow{
		{1, 75, 20.62, []string{"disagreement"}},
		{3, 70, 3.54, none},
	}, false)
	// Category B alone is fully crossed (E2, E4 by all five judges): ICC(2,k)
	// with BMS = 62.5, JMS = 225, EMS = 212.5, which is below zero (-2.1818):
	// shown as it is, with a note.
	if rel := catB.Reliability; rel["method"] != "ICC(2,k)" || rel["icc"] != -2.1818 || rel["entries"] != float64(2) || rel["note"] == nil || rel["note"] == "" {
		t.Errorf("category B reliability: %v, want ICC(2,k) -2.1818 with a note", rel)
	}
	w.checkRanking("category A, median", w.ranking("?method=median&category_id="+itoa(w.cats[0])), []resRow{
		{0, 95, 2.74, none},
		{2, 80, 0, none},
		{4, 40, 10, []string{"incomplete"}},
	}, true)
	zB := w.ranking("?normalize=zscore&category_id=" + itoa(w.cats[1]))
	for _, got := range zB.Entries {
		for _, all := range z.Entries {
			if all.EntryID == got.EntryID && all.Score != got.Score {
				t.Errorf("zscore in one category changes E%d's score: %v, whole round %v", w.index(got.EntryID)+1, got.Score, all.Score)
			}
		}
	}

	// Refusals.
	org := w.r.OrganizerTok
	runCases(t, w.s, []reqCase{
		{name: "method=mode", method: "GET", path: resRoundPath(w.desk, "ranking") + "?method=mode", token: org,
			status: 422, code: "validation_failed", field: "method"},
		{name: "normalize=minmax", method: "GET", path: resRoundPath(w.desk, "ranking") + "?normalize=minmax", token: org,
			status: 422, code: "validation_failed", field: "normalize"},
		{name: "csv method=average", method: "GET", path: resRoundPath(w.desk, "ranking.csv") + "?method=average", token: org,
			status: 422, code: "validation_failed", field: "method"},
		{name: "ranking of a screening round", method: "GET", path: resRoundPath(w.screening, "ranking"), token: org, status: 409, code: "conflict"},
		{name: "xlsx of a screening round", method: "GET", path: resRoundPath(w.screening, "ranking.xlsx"), token: org, status: 409, code: "conflict"},
		{name: "ranking of an unknown round", method: "GET", path: resRoundPath(999999, "ranking"), token: org, status: 404, code: "not_found"},
	})
}

func TestResultsRankingAuthorization(t *testing.T) {
	w := newResWorld(t, resSpec{})
	// The participant has entries in the round; the judge is one of its judges.
	roles := w.r
	roles.Participant, roles.ParticipantTok = w.entrants[0].User, w.entrants[0].Tok
	roles.Judge, roles.JudgeTok = w.judges[0].User, w.judges[0].Tok
	ok := only(200, "organizer", "admin")
	checkAuthorization(t, w.s, roles, []authCase{
		{"GET", resRoundPath(w.desk, "ranking"), nil, ok, ""},
		{"GET", resRoundPath(w.desk, "ranking") + "?method=median&normalize=zscore", nil, ok, ""},
		{"GET", resRoundPath(w.desk, "ranking.csv"), nil, ok, ""},
		{"GET", resRoundPath(w.desk, "ranking.xlsx"), nil, ok, ""},
		{"POST", resRoundPath(w.screening, "advance"), nil, ok, ""},
		{"POST", resRoundPath(w.desk, "advance"), map[string]any{"top_n": 2}, ok, ""},
		{"POST", resRoundPath(w.desk, "publish"), map[string]any{"title": "Hasil", "objection_days": 5}, only(201, "organizer", "admin"), ""},
		{"GET", w.compPath("objections"), nil, ok, ""},
		{"GET", w.compPath("audit"), nil, ok, ""},
		{"GET", w.compPath("audit", "verify"), nil, ok, ""},
	})
	// A judge who is not a member, a participant of another OPD and an
	// organizer of other competitions see the (open) competition but may not
	// rank, export, advance or publish it: 403.
	_, outsiderTok := w.s.User(models.RoleOrganizer, nil)
	outsiders := []struct{ who, tok string }{
		{"organizer of other competitions", outsiderTok}, {"judge who is not a member", w.r.JudgeTok}, {"participant of another OPD", w.r.ParticipantTok},
	}
	for _, o := range outsiders {
		runCase(t, w.s, o.who, func(t *testing.T) {
			var cases []reqCase
			for _, c := range []struct{ method, path string }{
				{"GET", resRoundPath(w.desk, "ranking")},
				{"GET", resRoundPath(w.desk, "ranking.csv")},
				{"GET", resRoundPath(w.desk, "ranking.xlsx")},
				{"POST", resRoundPath(w.desk, "advance")},
				{"POST", resRoundPath(w.desk, "publish")},
				{"GET", w.compPath("objections")},
				{"GET", w.compPath("audit")},
				{"GET", w.compPath("audit", "verify")},
			} {
				var body any
				if c.method == "POST" {
					body = map[string]any{"title": "Hasil"}
				}
				cases = append(cases, reqCase{name: caseName(c.method, c.path), method: c.method, path: c.path, token: o.tok, body: body,
					status: 403, code: "forbidden"})
			}
			runCases(t, w.s, cases)
		})
	}
	// A draft competition is invisible to non-members: 404, not 403.
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
	for _, o := range outsiders {
		runCases(t, w.s, []reqCase{
			{name: "ranking of an invisible draft by the " + o.who, method: "GET", path: resRoundPath(draftDesk, "ranking"), token: o.tok,
				status: 404, code: "not_found"},
			{name: "publish an invisible draft by the " + o.who, method: "POST", path: resRoundPath(draftDesk, "publish"), token: o.tok,
				body: map[string]any{"title": "x"}, status: 404, code: "not_found"},
		})
	}
}

// --- exports -------------------------------------------------------------------

// expectedTable is the ranking as the exports must show it: the header and one
// row per entry, from the JSON ranking.
func (w *resWorld) expectedTable(rk resRanking) ([]string, [][]string) {
	header := []string{"Peringkat", "ID", "Judul Inovasi", "Perangkat Daerah", "Kategori", "Nilai Akhir", "Jumlah Juri",
		"Simpangan Baku", "Peluang Top N", "Tanda"}
	for _, c := range w.crit {
		header = append(header, c.Name+" (rata-rata)")
	}
	for _, j := range w.judges {
		header = append(header, "Juri: "+j.Name)
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var rows [][]string
	for _, e := range rk.Entries {
		row := []string{strconv.Itoa(e.Rank), itoa(e.EntryID), e.Title, e.Organization, e.Category, num(e.Score),
			strconv.Itoa(e.Judges), num(e.Stddev), num(e.TopNProbability), strings.Join(e.Flags, " ")}
		for _, c := range w.crit {
			row = append(row, num(e.Criteria[c.Key]))
		}
		for _, j := range w.judges {
			if v, ok := e.JudgeScores[itoa(j.ID)]; ok {
				row = append(row, num(v))
			} else {
				row = append(row, "")
			}
		}
		rows = append(rows, row)
	}
	return header, rows
}

// queryName names the subtest of a ranking query.
func queryName(query string) string {
	if query == "" {
		return "no query"
	}
	return query
}

func TestResultsRankingCSV(t *testing.T) {
	w := newResWorld(t, resSpec{})
	for _, query := range []string{"", "?method=median", "?method=trimmed&normalize=zscore", "?category_id=" + itoa(w.cats[0])} {
		w.run(t, queryName(query), func(t *testing.T) {
			res := w.s.Must(200, "GET", resRoundPath(w.desk, "ranking.csv")+query, w.r.OrganizerTok, nil)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("csv%s: Content-Type %q", query, ct)
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".csv") {
				t.Errorf("csv%s: Content-Disposition %q", query, cd)
			}
			body, ok := bytes.CutPrefix(res.Body, []byte("\xEF\xBB\xBF"))
			if !ok {
				t.Errorf("csv%s: no UTF-8 byte-order mark", query)
			}
			records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("csv%s does not parse: %v\n%s", query, err, body)
			}
			header, rows := w.expectedTable(w.ranking(query))
			if len(records) != len(rows)+1 {
				t.Fatalf("csv%s: %d records, want a header and %d rows:\n%s", query, len(records), len(rows), body)
			}
			if !slices.Equal(records[0], header) {
				t.Errorf("csv%s header:\n got %q\nwant %q", query, records[0], header)
			}
			for i, row := range rows {
				if !slices.Equal(records[i+1], row) {
					t.Errorf("csv%s row %d:\n got %q\nwant %q", query, i+1, records[i+1], row)
				}
			}
		})
	}
	// E1's title, with a comma, quotes, & and <>, survives the round trip.
	res := w.s.Must(200, "GET", resRoundPath(w.desk, "ranking.csv"), w.r.OrganizerTok, nil)
	records, _ := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Body, []byte("\xEF\xBB\xBF")))).ReadAll()
	if len(records) < 2 || records[1][2] != resTitles[0] || records[1][3] != resOPDs[0].Name {
		t.Errorf("first row: %q", records[1])
	}
	// E5 was not scored by J4 (draft) and J5: their cells are empty.
	last := records[len(records)-1]
	if last[1] != itoa(w.entries[4].ID) || last[len(last)-1] != "" || last[len(last)-2] != "" || last[len(last)-3] != "50" {
		t.Errorf("E5's judge columns: %q", last)
	}
}

func TestResultsRankingXLSX(t *testing.T) {
	w := newResWorld(t, resSpec{})
	for _, query := range []string{"", "?method=median&normalize=zscore"} {
		w.run(t, queryName(query), func(t *testing.T) {
			res := w.s.Must(200, "GET", resRoundPath(w.desk, "ranking.xlsx")+query, w.r.OrganizerTok, nil)
			if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
				t.Errorf("xlsx: Content-Type %q", ct)
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
				t.Errorf("xlsx: Content-Disposition %q", cd)
			}
			f, err := excelize.OpenReader(bytes.NewReader(res.Body))
			if err != nil {
				t.Fatalf("xlsx%s does not open: %v", query, err)
			}
			sheets := f.GetSheetList()
			if len(sheets) < 2 || sheets[0] != "Peringkat" {
				t.Errorf("sheets %v", sheets)
			}
			sheet := sheets[0]
			rk := w.ranking(query)
			header, rows := w.expectedTable(rk)
			got, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("rows: %v", err)
			}
			if len(got) != len(rows)+1 {
				t.Fatalf("xlsx%s: %d rows, want %d", query, len(got), len(rows)+1)
			}
			if !slices.Equal(got[0], header) {
				t.Errorf("xlsx header:\n got %q\nwant %q", got[0], header)
			}
			for i, row := range rows {
				for c, want := range row {
					cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
					v := ""
					if c < len(got[i+1]) {
						v = got[i+1][c]
					}
					if wf, err := strconv.ParseFloat(want, 64); err == nil {
						gf, err := strconv.ParseFloat(v, 64)
						if err != nil || math.Abs(gf-wf) > 1e-9 {
							t.Errorf("xlsx%s %s (%s) = %q, want %v", query, cell, header[c], v, wf)
						}
					} else if v != want {
						t.Errorf("xlsx%s %s (%s) = %q, want %q", query, cell, header[c], v, want)
					}
				}
			}
			// Numbers are stored as numbers, not text.
			if typ, _ := f.GetCellType(sheet, "F2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("the score F2 is stored as text")
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit < 1 {
				t.Errorf("panes of %s: %+v %v, want frozen below the header row", sheet, panes, err)
			}
			// Number formats: two decimals on scores, SD, criteria and judge
			// columns; a percentage on the probability.
			format := func(cell string) string {
				id, err := f.GetCellStyle(sheet, cell)
				if err != nil {
					return "error: " + err.Error()
				}
				st, err := f.GetStyle(id)
				if err != nil {
					return "error: " + err.Error()
				}
				if st.CustomNumFmt != nil {
					return *st.CustomNumFmt
				}
				return map[int]string{2: "0.00", 9: "0%", 10: "0.00%"}[st.NumFmt]
			}
			for c, want := range map[int]string{6: "0.00", 8: "0.00", 9: "0%", 11: "0.00", 18: "0.00", 22: "0.00"} {
				cell, _ := excelize.CoordinatesToCellName(c, 2)
				if got := format(cell); got != want {
					t.Errorf("xlsx%s: %s (%s) has number format %q, want %q", query, cell, header[c-1], got, want)
				}
			}
			// The judges' sheet lists every judge with their mean.
			judges, _ := f.GetRows("Juri", excelize.Options{RawCellValue: true})
			if len(judges) < 6 {
				t.Fatalf("judges sheet: %q", judges)
			}
			for j, js := range rk.Judges {
				if judges[j+1][0] != itoa(js.JudgeID) || judges[j+1][1] != js.Name {
					t.Errorf("judges sheet row %d: %q, want %d %s", j+2, judges[j+1], js.JudgeID, js.Name)
				}
				if m, _ := strconv.ParseFloat(judges[j+1][3], 64); m != js.Mean {
					t.Errorf("judges sheet: mean of %s is %q, want %v", js.Name, judges[j+1][3], js.Mean)
				}
			}
			f.Close()
		})
	}
}

// --- advancing -----------------------------------------------------------------

func (w *resWorld) status(i int) string {
	w.t.Helper()
	return w.s.Must(200, "GET", resEntryPath(w.entries[i].ID), w.r.OrganizerTok, nil).Map(w.t)["status"].(string)
}

// roundEntries lists the entries of a round, as the store holds them, and
// checks that the presentation round's ranking lists the same ones once each.
func (w *resWorld) roundEntries(round int64) []int64 {
	w.t.Helper()
	es, err := w.s.Store.RoundEntries(context.Background(), round)
	if err != nil {
		w.t.Fatal(err)
	}
	var ids []int64
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	var rk resRanking
	w.s.Must(200, "GET", resRoundPath(round, "ranking"), w.r.OrganizerTok, nil).JSON(w.t, &rk)
	var ranked []int64
	for _, e := range rk.Entries {
		ranked = append(ranked, e.EntryID)
	}
	if !slices.Equal(resSorted(ranked), resSorted(ids)) {
		w.t.Errorf("round %d: ranking lists %v, the round holds %v", round, ranked, ids)
	}
	var n int64
	w.s.Store.DB().Table("round_entries").Where("round_id = ?", round).Count(&n)
	if int(n) != len(ids) {
		w.t.Errorf("round %d has %d round_entries rows for %d entries", round, n, len(ids))
	}
	return resSorted(ids)
}

func TestResultsAdvance(t *testing.T) {
	w := newResWorld(t, resSpec{})
	org := w.r.OrganizerTok

	// From the screening round (newResWorld advanced once already): again
	// adds nothing, and only the eligible entries are in the desk round.
	again := w.advance(w.screening, nil)
	if !slices.Equal(resSorted(again.Advanced), w.ids(0, 1, 2, 3, 4)) || again.Added != 0 || again.NextRoundID != w.desk {
		t.Errorf("advancing the screening round again: %+v", again)
	}
	if got := w.roundEntries(w.desk); !slices.Equal(got, w.ids(0, 1, 2, 3, 4)) {
		t.Errorf("desk round holds %v", got)
	}
	for i := range 5 {
		if st := w.status(i); st != "eligible" {
			t.Errorf("E%d is %s after screening advance, want eligible", i+1, st)
		}
	}

	// Refusals first, while the presentation round is empty.
	advance := resRoundPath(w.desk, "advance")
	runCases(t, w.s, []reqCase{
		{name: "two modes at once", method: "POST", path: advance, token: org, body: map[string]any{"top_n": 2, "passing_score": 70},
			status: 422, code: "validation_failed"},
		{name: "top_n and per_category_top_n", method: "POST", path: advance, token: org, body: map[string]any{"top_n": 1, "per_category_top_n": 1},
			status: 422, code: "validation_failed"},
		{name: "per_category_top_n and passing_score", method: "POST", path: advance, token: org,
			body: map[string]any{"per_category_top_n": 1, "passing_score": 50}, status: 422, code: "validation_failed"},
		{name: "top_n 0", method: "POST", path: advance, token: org, body: map[string]any{"top_n": 0},
			status: 422, code: "validation_failed", field: "top_n"},
		{name: "passing_score 101", method: "POST", path: advance, token: org, body: map[string]any{"passing_score": 101},
			status: 422, code: "validation_failed", field: "passing_score"},
		{name: "advance from the last round", method: "POST", path: resRoundPath(w.verification, "advance"), token: org,
			status: 409, code: "conflict"},
	})
	if got := w.roundEntries(w.presentation); len(got) != 0 {
		t.Fatalf("a refused advance moved %v", got)
	}

	// Advancing from the desk round, step by step: each step adds to what the
	// ones before it moved, so the story stops at the first that breaks.
	statuses := func(t *testing.T, what string, want map[int]string) {
		t.Helper()
		for i := range 5 {
			if got := w.status(i); got != want[i] {
				t.Errorf("%s: E%d is %s, want %s", what, i+1, got, want[i])
			}
		}
	}
	presentation := func(t *testing.T, what string, want []int64) {
		t.Helper()
		if got := w.roundEntries(w.presentation); !slices.Equal(got, resSorted(want)) {
			t.Errorf("%s: presentation round holds %v", what, got)
		}
	}
	for _, st := range []struct {
		name  string
		body  any // nil: no body at all, as the round's own setting is asked for
		want  []int64
		added int
		// sorted compares the advanced ids as a set: per category, they are
		// not in the order of one ranking. next checks next_round_id.
		sorted, next bool
		after        func(t *testing.T)
	}{
		// No mode: the round's advance_top_n (1) by the mean: E1.
		{name: "no mode, advance_top_n 1", want: w.ids(0), added: 1, next: true},
		// top_n 2 by the mean: E1 (97) and E3 (80).
		{name: "top_n 2", body: map[string]any{"top_n": 2}, want: w.ids(0, 2), added: 1, next: true, after: func(t *testing.T) {
			statuses(t, "after top_n", map[int]string{0: "finalist", 1: "eligible", 2: "finalist", 3: "eligible", 4: "eligible"})
			presentation(t, "after top_n", w.ids(0, 2))
		}},
		// Twice: nothing is added, nothing is listed twice.
		{name: "top_n 2 again", body: map[string]any{"top_n": 2}, want: w.ids(0, 2), added: 0, after: func(t *testing.T) {
			presentation(t, "after advancing twice", w.ids(0, 2))
		}},
		// The median ranks E3 above E2 by the tie-break: top_n 2 with it is E1, E3.
		{name: "top_n 2 by the median", body: map[string]any{"top_n": 2, "method": "median"}, want: w.ids(0, 2), added: 0},
		// per_category_top_n 1: the best of category A (E1) and of category B (E2).
		{name: "per_category_top_n 1", body: map[string]any{"per_category_top_n": 1}, want: w.ids(0, 1), added: 1, sorted: true},
		// per_category_top_n 2: E1, E3 of A and E2, E4 of B.
		{name: "per_category_top_n 2", body: map[string]any{"per_category_top_n": 2}, want: w.ids(0, 1, 2, 3), added: 1, sorted: true,
			after: func(t *testing.T) { presentation(t, "per_category_top_n 2", w.ids(0, 1, 2, 3)) }},
		// passing_score is inclusive: 75 takes E2 (exactly 75); 75.01 does not.
		{name: "passing_score 75.01", body: map[string]any{"passing_score": 75.01}, want: w.ids(0, 2), added: 0},
		{name: "passing_score 75", body: map[string]any{"passing_score": 75}, want: w.ids(0, 2, 1), added: 0},
		{name: "passing_score 40", body: map[string]any{"passing_score": 40}, want: w.ids(0, 2, 1, 3, 4), added: 1, after: func(t *testing.T) {
			statuses(t, "after advancing", map[int]string{0: "finalist", 1: "finalist", 2: "finalist", 3: "finalist", 4: "finalist"})
			// The ineligible and the unscreened entry keep their status.
			if st := w.status(5); st != "ineligible" {
				t.Errorf("E6 is %s, want ineligible", st)
			}
			if st := w.status(6); st != "submitted" {
				t.Errorf("E7 is %s, want submitted", st)
			}
			presentation(t, "passing_score 40", w.ids(0, 1, 2, 3, 4))
		}},
	} {
		ok := w.run(t, st.name, func(t *testing.T) {
			a := w.advance(w.desk, st.body)
			got, want := a.Advanced, st.want
			if st.sorted {
				got, want = resSorted(got), resSorted(want)
			}
			if !slices.Equal(got, want) || a.Added != st.added || (st.next && a.NextRoundID != w.presentation) {
				t.Errorf("%s: %+v, want %v added %d (next round %d)", st.name, a, st.want, st.added, w.presentation)
			}
			if st.after != nil {
				st.after(t)
			}
		})
		if !ok {
			t.FailNow()
		}
	}
	// The presentation round has no scores: its ranking lists them all as unscored.
	var rk resRanking
	w.s.Must(200, "GET", resRoundPath(w.presentation, "ranking"), org, nil).JSON(t, &rk)
	for _, e := range rk.Entries {
		if !slices.Contains(e.Flags, "unscored") || e.Score != 0 {
			t.Errorf("presentation ranking: %+v", e)
		}
	}
	// Unscored entries never advance from a scoring round.
	a := w.advance(w.presentation, map[string]any{"passing_score": 0})
	if len(a.Advanced) != 0 || a.Added != 0 || a.NextRoundID != w.verification {
		t.Errorf("advancing unscored entries: %+v", a)
	}
}

// --- publishing ----------------------------------------------------------------

type resPublished struct {
	ID                int64      `json:"id"`
	Version           int        `json:"version"`
	Digest            string     `json:"digest"`
	PublishedAt       time.Time  `json:"published_at"`
	ObjectionsCloseAt *time.Time `json:"objections_close_at"`
}

func (w *resWorld) publish(round int64, body map[string]any) resPublished {
	w.t.Helper()
	var p resPublished
	res := w.s.Must(201, "POST", resRoundPath(round, "publish"), w.r.OrganizerTok, body)
	res.JSON(w.t, &p)
	m := res.Map(w.t)
	for _, k := range []string{"id", "version", "digest", "published_at", "objections_close_at"} {
		if _, ok := m[k]; !ok {
			w.t.Errorf("publish answer lacks %q: %s", k, res.Body)
		}
	}
	return p
}

// resDigest recomputes a digest from a public publication's entries, on its
// own: decode with UseNumber, re-encode with sorted keys and no HTML escaping,
// SHA-256, hex.
func resDigest(t *testing.T, body []byte) string {
	t.Helper()
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(body, &outer); err != nil {
		t.Fatalf("publication: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(outer["entries"]))
	dec.UseNumber()
	var entries []map[string]any
	if err := dec.Decode(&entries); err != nil {
		t.Fatalf("entries: %v: %s", err, outer["entries"])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(entries); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

type resPublicEntry struct {
	Rank         int      `json:"rank"`
	EntryID      int64    `json:"entry_id"`
	Title        string   `json:"title"`
	Organization string   `json:"organization"`
	Category     string   `json:"category"`
	Score        *float64 `json:"score"`
}

type resPublication struct {
	ID          int64 `json:"id"`
	Competition struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"competition"`
	Round struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"round"`
	Title             string           `json:"title"`
	Note              string           `json:"note"`
	Version           int              `json:"version"`
	Digest            string           `json:"digest"`
	PublishedAt       time.Time        `json:"published_at"`
	ObjectionsCloseAt *time.Time       `json:"objections_close_at"`
	Entries           []resPublicEntry `json:"entries"`
	Objections        []map[string]any `json:"objections"`
	LatestVersionID   int64            `json:"latest_version_id"`
}

func TestResultsPublish(t *testing.T) {
	w := newResWorld(t, resSpec{})
	org := w.r.OrganizerTok
	now := w.s.Clock.Now()

	refused := func(name string, body map[string]any, field string) reqCase {
		return reqCase{name: name, method: "POST", path: resRoundPath(w.desk, "publish"), token: org, body: body,
			status: 422, code: "validation_failed", field: field}
	}
	runCases(t, w.s, []reqCase{
		refused("publish without a title", map[string]any{"title": ""}, "title"),
		refused("61 objection days", map[string]any{"title": "Hasil", "objection_days": 61}, "objection_days"),
		refused("publish by an unknown method", map[string]any{"title": "Hasil", "method": "mode"}, "method"),
	})

	p1 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "note": "Nilai rata-rata lima juri.", "objection_days": 5})
	if p1.ID == 0 || p1.Version != 1 || len(p1.Digest) != 64 || !p1.PublishedAt.Equal(now) ||
		p1.ObjectionsCloseAt == nil || !p1.ObjectionsCloseAt.Equal(now.AddDate(0, 0, 5)) {
		t.Errorf("first publication: %+v (now %v)", p1, now)
	}

	res := w.s.Must(200, "GET", resPubPath(p1.ID), "", nil)
	var pub resPublication
	res.JSON(t, &pub)
	if got := resDigest(t, res.Body); got != p1.Digest || pub.Digest != p1.Digest {
		t.Errorf("digest: published %s, served %s, recomputed %s", p1.Digest, pub.Digest, got)
	}
	if pub.ID != p1.ID || pub.Version != 1 || pub.Title != "Hasil Penilaian Proposal" || pub.Note != "Nilai rata-rata lima juri." ||
		pub.Competition.ID != w.comp || pub.Round.ID != w.desk || pub.Round.Name != "Penilaian Proposal" || pub.LatestVersionID != p1.ID {
		t.Errorf("publication head: %+v", pub)
	}
	// The table is the ranking by the mean, to two decimals.
	rk := w.ranking("")
	if len(pub.Entries) != len(rk.Entries) {
		t.Fatalf("published %d entries, ranked %d", len(pub.Entries), len(rk.Entries))
	}
	for i, e := range pub.Entries {
		r := rk.Entries[i]
		if e.Rank != r.Rank || e.EntryID != r.EntryID || e.Title != r.Title || e.Organization != r.Organization ||
			e.Category != r.Category || e.Score == nil || *e.Score != r.Score {
			t.Errorf("published row %d: %+v, ranking %+v", i+1, e, r)
		}
	}
	// The entries' JSON has exactly the six public keys and the criterion
	// means (each with exactly its four keys): no judge totals.
	var raw struct{ Entries []map[string]any }
	res.JSON(t, &raw)
	for _, e := range raw.Entries {
		crit, _ := e["criteria"].([]any)
		if len(e) != 7 || len(crit) != len(w.crit) {
			t.Errorf("published entry has keys %v", e)
		}
		for _, c := range crit {
			if m, _ := c.(map[string]any); len(m) != 4 {
				t.Errorf("a criterion mean has keys %v", c)
			}
		}
	}

	// After publishing, scores are frozen: no save, no submit, no reopen.
	runCases(t, w.s, []reqCase{
		{name: "saving a scorecard after publishing", method: "PUT", path: resAsgPath(w.asg[[2]int{3, 4}], "scorecard"), token: w.judges[3].Tok,
			body: map[string]any{"version": 1, "scores": w.scores(5)}, status: 409},
		{name: "submitting after publishing", method: "POST", path: resAsgPath(w.asg[[2]int{3, 4}], "scorecard", "submit"), token: w.judges[3].Tok,
			status: 409},
		{name: "reopening after publishing", method: "POST", path: resAsgPath(w.asg[[2]int{0, 0}], "scorecard", "reopen"), token: org,
			body: map[string]any{"reason": "Salah ketik"}, status: 409},
	})
	if again := w.ranking(""); again.Entries[0].Score != rk.Entries[0].Score || len(again.Entries) != len(rk.Entries) {
		t.Errorf("the ranking changed after publishing")
	}

	// Publishing again makes version 2; version 1 stays as it was.
	w.tick(time.Hour)
	p2 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal (ralat)", "objection_days": 3, "method": "median"})
	if p2.Version != 2 || p2.ID == p1.ID || p2.Digest == p1.Digest || !p2.PublishedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("second publication: %+v (first %+v)", p2, p1)
	}
	res2 := w.s.Must(200, "GET", resPubPath(p2.ID), "", nil)
	if got := resDigest(t, res2.Body); got != p2.Digest {
		t.Errorf("version 2 digest %s, recomputed %s", p2.Digest, got)
	}
	var pub2 resPublication
	res2.JSON(t, &pub2)
	if m := res2.Map(t); m["method"] != "median" || m["version"] != float64(2) {
		t.Errorf("version 2 says method %v version %v", m["method"], m["version"])
	}
	if pub2.Entries[1].EntryID != w.entries[2].ID || pub2.Entries[2].EntryID != w.entries[1].ID || *pub2.Entries[1].Score != 80 {
		t.Errorf("version 2 is not the median ranking: %+v", pub2.Entries)
	}
	res1 := w.s.Must(200, "GET", resPubPath(p1.ID), "", nil)
	var old resPublication
	res1.JSON(t, &old)
	if old.Version != 1 || old.Digest != p1.Digest || old.Title != "Hasil Penilaian Proposal" || old.LatestVersionID != p2.ID ||
		resDigest(t, res1.Body) != p1.Digest || !slices.EqualFunc(old.Entries, pub.Entries, func(a, b resPublicEntry) bool {
		return a.EntryID == b.EntryID && *a.Score == *b.Score
	}) {
		t.Errorf("version 1 after version 2: %+v", old)
	}

	// A screening round publishes the entries that passed, without scores.
	ps := w.publish(w.screening, map[string]any{"title": "Hasil Seleksi Administrasi", "objection_days": 0})
	if ps.Version != 1 || ps.ObjectionsCloseAt != nil {
		t.Errorf("screening publication: %+v", ps)
	}
	rs := w.s.Must(200, "GET", resPubPath(ps.ID), "", nil)
	var screened resPublication
	rs.JSON(t, &screened)
	var listed []int64
	for _, e := range screened.Entries {
		listed = append(listed, e.EntryID)
		if e.Score != nil {
			t.Errorf("screening publication shows a score: %+v", e)
		}
	}
	if !slices.Equal(resSorted(listed), w.ids(0, 1, 2, 3, 4)) || resDigest(t, rs.Body) != ps.Digest {
		t.Errorf("screening publication lists %v (digest ok: %v)", listed, resDigest(t, rs.Body) == ps.Digest)
	}
}

func TestResultsBlindPublication(t *testing.T) {
	w := newResWorld(t, resSpec{blind: true})
	secrets := []string{"Sri Rahayu"} // the team's name
	for _, o := range w.opds {
		secrets = append(secrets, o.Name, o.Code)
	}
	for _, p := range w.entrants {
		secrets = append(secrets, p.Name, p.Email)
	}
	// Everything a judge can ask for about their work.
	judgeAnswers := func(stage string) {
		for j, judge := range w.judges {
			w.run(t, fmt.Sprintf("%s, judge %d", stage, j+1), func(t *testing.T) {
				paths := []string{"/api/v1/me/assignments", "/api/v1/me/assignments?round_id=" + itoa(w.desk), "/api/v1/me",
					w.compPath(), w.compPath("entries"), w.compPath("rounds"), resRoundPath(w.desk), resRoundPath(w.desk, "criteria")}
				for e := range 5 {
					paths = append(paths, resEntryPath(w.entries[e].ID), resEntryPath(w.entries[e].ID, "files"),
						resAsgPath(w.asg[[2]int{j, e}], "scorecard"))
				}
				for _, path := range paths {
					res := w.s.Do("GET", path, judge.Tok, nil)
					if res.Code != 200 {
						t.Errorf("%s: judge %d GET %s: %d %s", stage, j+1, path, res.Code, res.Body)
						continue
					}
					for _, secret := range secrets {
						if bytes.Contains(res.Body, []byte(secret)) {
							t.Errorf("%s: judge %d GET %s reveals %q: %s", stage, j+1, path, secret, res.Body)
						}
					}
				}
				for e := range 5 {
					res := w.s.Do("GET", "/api/v1/files/"+itoa(w.entries[e].FileID)+"/content", judge.Tok, nil)
					if res.Code != 200 {
						t.Errorf("%s: judge %d reads the proposal: %d", stage, j+1, res.Code)
					}
					head := fmt.Sprint(res.Header)
					for _, secret := range secrets {
						if strings.Contains(head, secret) || strings.Contains(head, url.PathEscape(secret)) {
							t.Errorf("%s: the proposal's headers reveal %q to judge %d: %s", stage, secret, j+1, head)
						}
					}
				}
			})
		}
	}
	judgeAnswers("before publication")

	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	res := w.s.Must(200, "GET", resPubPath(p.ID), "", nil)
	var pub resPublication
	res.JSON(t, &pub)
	if len(pub.Entries) != 5 {
		t.Fatalf("published %d entries", len(pub.Entries))
	}
	// The presentation round is still to be judged blind: the desk round's
	// publication names no OPD (the outside review found it did).
	for _, e := range pub.Entries {
		if e.Organization != "" {
			t.Errorf("published E%d with organization %q while a blind round is still judged", w.index(e.EntryID)+1, e.Organization)
		}
	}
	if resDigest(t, res.Body) != p.Digest {
		t.Errorf("blind publication digest does not recompute")
	}
	// The judges' own pages stay blind (docs/api.md: a judge of a blind
	// competition receives no organization, team or uploader names).
	judgeAnswers("after publication")
}

// --- audit ---------------------------------------------------------------------

func TestResultsAuditLog(t *testing.T) {
	w := newResWorld(t, resSpec{})
	org := w.r.OrganizerTok
	w.advance(w.desk, map[string]any{"top_n": 2})
	w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})

	type row struct {
		ID       int64           `json:"id"`
		Chain    string          `json:"chain"`
		At       time.Time       `json:"at"`
		ActorID  *int64          `json:"actor_id"`
		Action   string          `json:"action"`
		Details  json.RawMessage `json:"details"`
		PrevHash string          `json:"prev_hash"`
		Hash     string          `json:"hash"`
	}
	var log struct {
		Items []row `json:"items"`
		Total int   `json:"total"`
	}
	w.s.Must(200, "GET", w.compPath("audit")+"?limit=200", org, nil).JSON(t, &log)
	if len(log.Items) == 0 || log.Total != len(log.Items) {
		t.Fatalf("audit: %d items, total %d", len(log.Items), log.Total)
	}
	actions := map[string]int64{}
	// Each row links to the row before it in its own chain (the
	// competition's, or a scorecard's).
	older := map[string]string{}
	for i := len(log.Items) - 1; i >= 0; i-- {
		r := log.Items[i]
		if prev, ok := older[r.Chain]; ok && r.PrevHash != prev {
			t.Errorf("audit row %d: prev_hash does not link to the row before in chain %q", r.ID, r.Chain)
		}
		older[r.Chain] = r.Hash
	}
	if len(older) < 2 {
		t.Errorf("the scorecards' saves are not in chains of their own: %v", older)
	}
	for i, r := range log.Items {
		if i > 0 && (r.ID >= log.Items[i-1].ID || r.At.After(log.Items[i-1].At)) {
			t.Errorf("audit row %d (id %d) is not older than row %d (id %d)", i, r.ID, i-1, log.Items[i-1].ID)
		}
		if _, ok := actions[r.Action]; !ok {
			actions[r.Action] = r.ID
		}
	}
	for _, a := range []string{"competition.create", "entry.submit", "round.advance", "round.publish"} {
		if actions[a] == 0 {
			t.Errorf("audit lacks %s: %v", a, actions)
		}
	}
	if log.Items[0].Action != "round.publish" || log.Items[0].ActorID == nil || *log.Items[0].ActorID != w.r.Organizer.ID {
		t.Errorf("newest row: %+v", log.Items[0])
	}
	page := testenv.List(t, w.s.Must(200, "GET", w.compPath("audit")+"?limit=2&offset=1", org, nil))
	if len(page) != 2 || testenv.ID(t, page[0]["id"]) != log.Items[1].ID {
		t.Errorf("audit page 2: %v", page)
	}

	var v struct {
		Valid    bool   `json:"valid"`
		Entries  int    `json:"entries"`
		Head     string `json:"head"`
		BrokenAt *int64 `json:"broken_at"`
	}
	w.s.Must(200, "GET", w.compPath("audit", "verify"), org, nil).JSON(t, &v)
	if !v.Valid || v.Entries != log.Total || v.Head != log.Items[0].Hash {
		t.Errorf("verify: %+v, want valid with %d entries and head %s", v, log.Total, log.Items[0].Hash)
	}

	// Change one row in the database: the chain breaks exactly there.
	tampered := actions["round.advance"]
	if err := w.s.Store.DB().Exec("UPDATE audit_log SET details = ? WHERE id = ?", `{"entries":[],"added":0}`, tampered).Error; err != nil {
		t.Fatal(err)
	}
	var broken struct {
		Valid    bool   `json:"valid"`
		Entries  int    `json:"entries"`
		BrokenAt *int64 `json:"broken_at"`
		Reason   string `json:"reason"`
	}
	w.s.Must(200, "GET", w.compPath("audit", "verify"), org, nil).JSON(t, &broken)
	if broken.Valid || broken.BrokenAt == nil || *broken.BrokenAt != tampered || broken.Entries != log.Total || broken.Reason == "" {
		t.Errorf("verify after tampering with row %d: %+v", tampered, broken)
	}
}

// --- double clicks ---------------------------------------------------------------

// resConcurrently sends the same request n times at once.
func resConcurrently(w *resWorld, n int, method, path string, body any) []*testenv.Response {
	out := make([]*testenv.Response, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = w.s.Do(method, path, w.r.OrganizerTok, body)
		}()
	}
	wg.Wait()
	return out
}

// An organizer who double-clicks "Publish" (or two organizers at once) gets
// versions 1, 2, ... or a conflict, never an internal error, and the versions
// stay consecutive.
func TestResultsConcurrentPublish(t *testing.T) {
	w := newResWorld(t, resSpec{})
	var versions []int
	for _, res := range resConcurrently(w, 6, "POST", resRoundPath(w.desk, "publish"), map[string]any{"title": "Hasil", "objection_days": 5}) {
		switch res.Code {
		case 201:
			var p resPublished
			res.JSON(t, &p)
			versions = append(versions, p.Version)
		case 409:
		default:
			t.Errorf("concurrent publish: %d %s", res.Code, res.Body)
		}
	}
	slices.Sort(versions)
	for i, v := range versions {
		if v != i+1 {
			t.Errorf("concurrent publish made versions %v, want 1..%d", versions, len(versions))
			break
		}
	}
	var n int64
	w.s.Store.DB().Table("publications").Where("round_id = ?", w.desk).Count(&n)
	if int(n) != len(versions) {
		t.Errorf("%d publications stored, %d answered 201", n, len(versions))
	}
}

// Advancing the same entries twice at the same moment (a double click, or two
// organizers) adds each once and answers every request, without an internal
// error. Three bursts, each adding new entries to the presentation round.
func TestResultsConcurrentAdvance(t *testing.T) {
	w := newResWorld(t, resSpec{})
	for _, burst := range []struct {
		name string
		body map[string]any
		want []int64
	}{
		{"top_n 1", map[string]any{"top_n": 1}, w.ids(0)},
		{"top_n 3", map[string]any{"top_n": 3}, w.ids(0, 2, 1)},
		{"passing_score 40", map[string]any{"passing_score": 40}, w.ids(0, 2, 1, 3, 4)},
	} {
		w.run(t, burst.name, func(t *testing.T) {
			before := len(w.roundEntries(w.presentation))
			added := 0
			for _, res := range resConcurrently(w, 8, "POST", resRoundPath(w.desk, "advance"), burst.body) {
				switch res.Code {
				case 200:
					var a resAdvance
					res.JSON(t, &a)
					added += a.Added
					if !slices.Equal(a.Advanced, burst.want) {
						t.Errorf("concurrent advance %v: advanced %v, want %v", burst.body, a.Advanced, burst.want)
					}
				case 409:
				default:
					t.Errorf("concurrent advance %v: %d %s", burst.body, res.Code, res.Body)
				}
			}
			got := w.roundEntries(w.presentation)
			if !slices.Equal(got, resSorted(burst.want)) || added != len(burst.want)-before {
				t.Errorf("after concurrent advances %v the presentation round holds %v; the answers added %d, want %d",
					burst.body, got, added, len(burst.want)-before)
			}
		})
	}
}
