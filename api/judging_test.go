package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// The judging tests share one set-up, newJudgingWorld: a KIPP competition
// whose eligible entries sit in the desk round "Penilaian Proposal", with
// judges as members. Every helper of these files carries the prefix jg so it
// cannot collide with the helpers of other test files of the package.

// jgSpec says what a judging world holds.
type jgSpec struct {
	blind   bool
	opds    int   // OPDs taking part, one participant each
	perOPD  int   // eligible entries per OPD, all put into the desk round
	outside int   // further eligible entries (of the first OPD) left out of the desk round
	judges  []int // one judge per element: the index of their own OPD, or -1 for a judge without one
	// proposal, when set, makes each entry's proposal PDF from its OPD
	// instead of jgPDF; extra runs before each entry is submitted.
	proposal func(o models.Organization) []byte
	extra    func(w *judgingWorld, e jgEntry)
	backend  []testenv.Option // the blob store, when not the local directory
}

// jgUser is a user with an access token.
type jgUser struct {
	models.User
	Tok string
}

// jgEntry is an eligible entry and its proposal file.
type jgEntry struct {
	ID, FileID, CategoryID int64
	OPD                    int // index into judgingWorld.opds
	Title, Filename        string
	PDF                    []byte
}

// jgCriterion is one criterion of the desk round's rubric.
type jgCriterion struct {
	ID       int64   `json:"id"`
	Key      string  `json:"key"`
	Name     string  `json:"name"`
	Weight   float64 `json:"weight"`
	MinScore float64 `json:"min_score"`
	MaxScore float64 `json:"max_score"`
	Step     float64 `json:"step"`
}

// judgingWorld is what newJudgingWorld builds.
type judgingWorld struct {
	t *testing.T
	s *testenv.Server
	// r: r.Organizer created the competition and organizes it; r.Admin is a
	// global admin; r.Judge is a judge who is NOT a member unless a test makes
	// them one; r.Participant belongs to r.OPD, which has no entry.
	r                             testenv.Roles
	comp                          int64
	screening, desk, presentation int64   // round ids
	cats                          []int64 // the first three categories
	opds                          []models.Organization
	entrants                      []jgUser  // the participant of each OPD, same index
	entries                       []jgEntry // in the desk round, in creation order
	outsiders                     []jgEntry // eligible, but not in the desk round
	judges                        []jgUser  // judge members, in spec order
	crit                          []jgCriterion
}

var (
	jgPDFOnce sync.Once
	jgPDFData []byte
)

// jgPDF is a small, real PDF made with fpdf. Its text names nobody, so a
// blind judge may receive its bytes.
func jgPDF(t *testing.T) []byte {
	t.Helper()
	jgPDFOnce.Do(func() {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.SetCompression(false)
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Cell(0, 10, "Proposal inovasi pelayanan publik")
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err == nil {
			jgPDFData = buf.Bytes()
		}
	})
	if !bytes.HasPrefix(jgPDFData, []byte("%PDF-")) || !bytes.Contains(jgPDFData[len(jgPDFData)-16:], []byte("%%EOF")) {
		t.Fatalf("fpdf made no PDF")
	}
	return jgPDFData
}

// newJudgingWorld builds a competition from the KIPP template, opens it, lets
// one participant per OPD create complete entries (every required section,
// a category, a team and a real PDF proposal) and submit them, screens them
// eligible, puts them into the desk round and adds the judges.
func newJudgingWorld(t *testing.T, spec jgSpec) *judgingWorld {
	t.Helper()
	s := testenv.NewServer(t, spec.backend...)
	w := &judgingWorld{t: t, s: s, r: s.Everyone()}
	org := w.r.OrganizerTok

	comp := s.Must(201, "POST", "/api/v1/competitions", org, map[string]any{
		"name": "KIPP Kabupaten 2020", "year": 2020, "description": "Kompetisi inovasi", "template": "kipp",
		"blind": spec.blind, "submission_opens_at": "2020-03-01T00:00:00Z", "submission_closes_at": "2020-04-30T17:00:00Z",
	}).Map(t)
	w.comp = testenv.ID(t, comp["id"])
	if comp["blind"] != spec.blind {
		t.Fatalf("competition blind = %v, want %v", comp["blind"], spec.blind)
	}
	s.Must(200, "PATCH", w.compPath(), org, map[string]any{"status": "open"})

	for _, rd := range testenv.List(t, s.Must(200, "GET", w.compPath("rounds"), org, nil)) {
		switch rd["position"] {
		case float64(1):
			w.screening = testenv.ID(t, rd["id"])
		case float64(2):
			if rd["name"] != "Penilaian Proposal" || rd["kind"] != "scoring" {
				t.Fatalf("round 2 is %v", rd)
			}
			w.desk = testenv.ID(t, rd["id"])
		case float64(3):
			w.presentation = testenv.ID(t, rd["id"])
		}
	}
	if w.screening == 0 || w.desk == 0 || w.presentation == 0 {
		t.Fatalf("the KIPP template lacks its rounds")
	}
	for _, c := range testenv.List(t, s.Must(200, "GET", w.compPath("categories"), org, nil))[:3] {
		w.cats = append(w.cats, testenv.ID(t, c["id"]))
	}
	w.readCriteria()

	// The proposal form: every required section gets a short text, within its word limit.
	type section struct {
		Key       string `json:"key"`
		Required  bool   `json:"required"`
		WordLimit int    `json:"word_limit"`
	}
	var form struct{ Items []section }
	s.Must(200, "GET", w.compPath("sections"), org, nil).JSON(t, &form)
	if len(form.Items) == 0 {
		t.Fatalf("the KIPP form has no sections")
	}

	n := 0
	newEntry := func(o int) jgEntry {
		n++
		p := w.entrants[o]
		e := jgEntry{OPD: o, CategoryID: w.cats[n%len(w.cats)], Title: fmt.Sprintf("Inovasi Layanan Terpadu Nomor %d", n)}
		texts := map[string]string{}
		for _, sec := range form.Items {
			texts[sec.Key] = fmt.Sprintf("Uraian singkat bagian %s dari inovasi nomor %d.", sec.Key, n)
			if sec.WordLimit > 0 && sec.WordLimit < 10 {
				t.Fatalf("section %s allows only %d words", sec.Key, sec.WordLimit)
			}
		}
		created := s.Must(201, "POST", w.compPath("entries"), p.Tok, map[string]any{
			"title": e.Title, "category_id": e.CategoryID, "sections": texts,
			"team": []map[string]string{{"name": p.Name, "role": "Ketua"}, {"name": "Sri Rahayu Anggota", "role": "Anggota"}},
		}).Map(t)
		e.ID = testenv.ID(t, created["id"])
		// The participant names the file after the OPD, as participants do.
		e.Filename = fmt.Sprintf("Proposal %s %s.pdf", w.opds[o].Name, w.opds[o].Code)
		e.PDF = jgPDF(t)
		if spec.proposal != nil {
			e.PDF = spec.proposal(w.opds[o])
		}
		up := w.upload(p.Tok, e.ID, e.Filename, e.PDF)
		if up.Code != 201 {
			t.Fatalf("upload: %d %s", up.Code, up.Body)
		}
		e.FileID = testenv.ID(t, up.Map(t)["id"])
		if spec.extra != nil {
			spec.extra(w, e)
		}
		s.Must(200, "POST", "/api/v1/entries/"+itoa(e.ID)+"/submit", p.Tok, nil)
		if got := s.Must(200, "POST", "/api/v1/entries/"+itoa(e.ID)+"/screen", org, map[string]any{"decision": "eligible"}).Map(t); got["status"] != "eligible" {
			t.Fatalf("screened: %v", got)
		}
		return e
	}
	for i := 0; i < spec.opds; i++ {
		o := s.Org("dinas")
		w.opds = append(w.opds, o)
		u, tok := s.User(models.RoleParticipant, &o.ID)
		w.entrants = append(w.entrants, jgUser{u, tok})
	}
	for i := 0; i < spec.opds; i++ {
		for k := 0; k < spec.perOPD; k++ {
			w.entries = append(w.entries, newEntry(i))
		}
	}
	for k := 0; k < spec.outside; k++ {
		w.outsiders = append(w.outsiders, newEntry(0))
	}

	// The advance endpoint (POST /rounds/:id/advance) does not exist yet, so
	// the eligible entries are put into the desk round through the store.
	ids := make([]int64, len(w.entries))
	for i, e := range w.entries {
		ids[i] = e.ID
	}
	if _, err := s.Store.AddRoundEntries(context.Background(), w.desk, ids); err != nil {
		t.Fatalf("add round entries: %v", err)
	}

	for i, o := range spec.judges {
		var orgID *int64
		if o >= 0 {
			id := w.opds[o].ID
			orgID = &id
		}
		u, tok := s.User(models.RoleJudge, orgID)
		w.judges = append(w.judges, jgUser{u, tok})
		s.Must(201, "POST", w.compPath("members"), org, map[string]any{
			"user_id": u.ID, "role": "judge", "expertise_category_ids": []int64{w.cats[i%len(w.cats)]},
		})
	}
	return w
}

// run runs f as the subtest name of t, with the world's helpers reporting
// to the subtest (see runCase).
func (w *judgingWorld) run(t *testing.T, name string, f func(t *testing.T)) bool {
	t.Helper()
	return runCase(t, w.s, name, f, &w.t)
}

// readCriteria (re)reads the desk round's rubric.
func (w *judgingWorld) readCriteria() {
	var crit struct{ Items []jgCriterion }
	w.s.Must(200, "GET", w.roundPath(w.desk, "criteria"), w.r.OrganizerTok, nil).JSON(w.t, &crit)
	if len(crit.Items) != 7 {
		w.t.Fatalf("desk rubric has %d criteria, want 7", len(crit.Items))
	}
	w.crit = crit.Items
}

func (w *judgingWorld) compPath(rest ...string) string {
	return "/api/v1/competitions/" + itoa(w.comp) + jgRest(rest)
}

func (w *judgingWorld) roundPath(id int64, rest ...string) string {
	return "/api/v1/rounds/" + itoa(id) + jgRest(rest)
}

func jgAssignmentPath(id int64, rest ...string) string {
	return "/api/v1/assignments/" + itoa(id) + jgRest(rest)
}

func jgRest(rest []string) string {
	p := ""
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// upload sends a file as multipart/form-data with kind=proposal.
func (w *judgingWorld) upload(tok string, entryID int64, filename string, data []byte) *testenv.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("kind", "proposal")
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return w.s.Request("POST", "/api/v1/entries/"+itoa(entryID)+"/files", tok, mw.FormDataContentType(), &buf)
}

// member makes u a judge member of the competition.
func (w *judgingWorld) member(u models.User) {
	w.s.Must(201, "POST", w.compPath("members"), w.r.OrganizerTok, map[string]any{"user_id": u.ID, "role": "judge"})
}

// jgAssignment is an assignment as the API shows it.
type jgAssignment struct {
	ID        int64          `json:"id"`
	RoundID   int64          `json:"round_id"`
	EntryID   int64          `json:"entry_id"`
	JudgeID   int64          `json:"judge_id"`
	Source    string         `json:"source"`
	Status    string         `json:"status"`
	UpdatedAt string         `json:"updated_at"`
	Entry     map[string]any `json:"entry"`
}

// assign assigns judge to entry in the desk round by hand and returns the id.
func (w *judgingWorld) assign(entryID, judgeID int64) int64 {
	w.t.Helper()
	var a jgAssignment
	w.s.Must(201, "POST", w.roundPath(w.desk, "assignments"), w.r.OrganizerTok, map[string]any{"entry_id": entryID, "judge_id": judgeID}).JSON(w.t, &a)
	if a.ID == 0 || a.EntryID != entryID || a.JudgeID != judgeID || a.Source != "manual" || a.Status != "pending" || a.RoundID != w.desk {
		w.t.Fatalf("manual assignment: %+v", a)
	}
	return a.ID
}

// assignments lists a round's assignments as its organizer sees them.
func (w *judgingWorld) assignments(roundID int64) []jgAssignment {
	w.t.Helper()
	var l struct {
		Items []jgAssignment `json:"items"`
		Total int            `json:"total"`
	}
	w.s.Must(200, "GET", w.roundPath(roundID, "assignments"), w.r.OrganizerTok, nil).JSON(w.t, &l)
	if l.Total != len(l.Items) {
		w.t.Fatalf("assignments: total %d, %d items", l.Total, len(l.Items))
	}
	return l.Items
}

// mine lists a judge's assignments.
func (w *judgingWorld) mine(tok, query string) []jgAssignment {
	w.t.Helper()
	var l struct {
		Items []jgAssignment `json:"items"`
	}
	w.s.Must(200, "GET", "/api/v1/me/assignments"+query, tok, nil).JSON(w.t, &l)
	return l.Items
}

// jgConflict is a conflict of interest as the API shows it.
type jgConflict struct {
	ID                 *int64  `json:"id"`
	JudgeID            int64   `json:"judge_id"`
	OrganizationID     *int64  `json:"organization_id"`
	EntryID            *int64  `json:"entry_id"`
	Reason             string  `json:"reason"`
	Source             string  `json:"source"`
	RemovedAssignments []int64 `json:"removed_assignments"`
}

func (w *judgingWorld) conflicts() []jgConflict {
	w.t.Helper()
	var l struct{ Items []jgConflict }
	w.s.Must(200, "GET", w.compPath("conflicts"), w.r.OrganizerTok, nil).JSON(w.t, &l)
	return l.Items
}

// entry finds an entry of the world by id.
func (w *judgingWorld) entry(id int64) jgEntry {
	for _, e := range append(slices.Clone(w.entries), w.outsiders...) {
		if e.ID == id {
			return e
		}
	}
	w.t.Fatalf("no entry %d", id)
	return jgEntry{}
}

// conflicted reports whether judge may not judge entry, from the judges' own
// OPDs (known to the test) and the stored conflicts the API lists.
func (w *judgingWorld) conflicted(ks []jgConflict, judgeID, entryID int64) bool {
	org := w.opds[w.entry(entryID).OPD].ID
	for _, j := range w.judges {
		if j.ID == judgeID && j.OrganizationID != nil && *j.OrganizationID == org {
			return true
		}
	}
	for _, k := range ks {
		if k.JudgeID == judgeID && ((k.OrganizationID != nil && *k.OrganizationID == org) || (k.EntryID != nil && *k.EntryID == entryID)) {
			return true
		}
	}
	return false
}

// scores builds a scorecard's scores: value v for the first n criteria.
func (w *judgingWorld) scores(n int, v float64) []map[string]any {
	out := []map[string]any{}
	for _, c := range w.crit[:n] {
		out = append(out, map[string]any{"criterion_id": c.ID, "value": v, "comment": "Catatan " + c.Key})
	}
	return out
}

// score saves a complete scorecard (every criterion v) and, if submit, submits it.
func (w *judgingWorld) score(tok string, assignmentID int64, v float64, submit bool) {
	w.t.Helper()
	var sc jgScorecard
	w.s.Must(200, "GET", jgAssignmentPath(assignmentID, "scorecard"), tok, nil).JSON(w.t, &sc)
	w.s.Must(200, "PUT", jgAssignmentPath(assignmentID, "scorecard"), tok, map[string]any{
		"version": sc.Version, "scores": w.scores(len(w.crit), v), "comment": "Penilaian umum"})
	if submit {
		w.s.Must(200, "POST", jgAssignmentPath(assignmentID, "scorecard", "submit"), tok, nil)
	}
}

// jgScorecard is a scorecard as the API shows it.
type jgScorecard struct {
	AssignmentID int64 `json:"assignment_id"`
	Status       string
	Version      int
	Scores       []struct {
		CriterionID int64    `json:"criterion_id"`
		Key         string   `json:"key"`
		Value       *float64 `json:"value"`
		Comment     string   `json:"comment"`
	}
	Comment     string
	Total       *float64
	Complete    bool
	SubmittedAt *string `json:"submitted_at"`
}

// jgExpect checks status and, when code is not empty, the error code.
func jgExpect(t *testing.T, res *testenv.Response, status int, code, what string) {
	t.Helper()
	if res.Code != status || (code != "" && res.ErrorCode() != code) {
		t.Errorf("%s: got %d %s, want %d %s", what, res.Code, res.Body, status, code)
	}
}

// jgFields returns error.fields of an error answer.
func jgFields(t *testing.T, res *testenv.Response) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	return e.Error.Fields
}

// --- conflicts of interest --------------------------------------------------

func TestJudgingConflictsOfInterest(t *testing.T) {
	// OPD 0, 1, 2 with two entries each; judge 0 belongs to OPD 0, judges 1-3 to none.
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 2, outside: 1, judges: []int{0, -1, -1, -1}})
	s, org := w.s, w.r.OrganizerTok
	jA, j1, j2, j3 := w.judges[0], w.judges[1], w.judges[2], w.judges[3]
	e0a, e1a, e2a, e2b := w.entries[0], w.entries[2], w.entries[4], w.entries[5]
	opdID := func(i int) int64 { return w.opds[i].ID }

	// A judge's own OPD is a conflict without anyone recording it.
	ks := w.conflicts()
	if len(ks) != 1 || ks[0].JudgeID != jA.ID || ks[0].OrganizationID == nil || *ks[0].OrganizationID != opdID(0) ||
		ks[0].Source != "own_organization" || ks[0].EntryID != nil {
		t.Fatalf("conflicts before any was recorded: %+v", ks)
	}
	res := s.Do("POST", w.roundPath(w.desk, "assignments"), org, map[string]any{"entry_id": e0a.ID, "judge_id": jA.ID})
	jgExpect(t, res, 409, "conflict", "manual assignment of a judge to their own OPD's entry")

	// Assignments the coming conflicts forbid.
	a1 := w.assign(e1a.ID, j1.ID)
	a2 := w.assign(e2a.ID, j2.ID)
	a3 := w.assign(e0a.ID, j3.ID)

	// A judge declares their own conflict with an OPD: their assignment there goes.
	var k jgConflict
	s.Must(201, "POST", w.compPath("conflicts"), j1.Tok, map[string]any{
		"judge_id": j1.ID, "organization_id": opdID(1), "reason": "Istri saya bekerja di OPD ini"}).JSON(t, &k)
	// The judge is not told which assignments went: in a blind competition
	// that would say which entries come from the OPD they named.
	if k.Source != "declared" || k.JudgeID != j1.ID || k.OrganizationID == nil || *k.OrganizationID != opdID(1) || k.EntryID != nil ||
		k.ID == nil || len(k.RemovedAssignments) != 0 {
		t.Fatalf("declared conflict: %+v", k)
	}
	// Its assignment there went, and the entry went to a free judge.
	checkRound := func(what string) map[int64]jgAssignment {
		t.Helper()
		byID := map[int64]jgAssignment{}
		ks := w.conflicts()
		for _, x := range w.assignments(w.desk) {
			byID[x.ID] = x
			if w.conflicted(ks, x.JudgeID, x.EntryID) {
				t.Fatalf("%s: assignment %+v crosses a conflict", what, x)
			}
		}
		return byID
	}
	replaced := func(byID map[int64]jgAssignment, entry, notJudge int64) bool {
		for _, x := range byID {
			if x.EntryID == entry && x.JudgeID != notJudge && x.Source == "reassign" {
				return true
			}
		}
		return false
	}
	left := checkRound("after the declaration")
	if _, ok := left[a1]; ok || !replaced(left, e1a.ID, j1.ID) {
		t.Fatalf("after j1's declaration: %+v (a1 %d gone, e1a given to another judge)", left, a1)
	}
	// ... but not someone else's.
	res = s.Do("POST", w.compPath("conflicts"), j1.Tok, map[string]any{"judge_id": j2.ID, "organization_id": opdID(2), "reason": "x"})
	jgExpect(t, res, 403, "forbidden", "a judge declaring another judge's conflict")

	// The organizer sets one by entry and one by OPD, and is told what went.
	k = jgConflict{}
	s.Must(201, "POST", w.compPath("conflicts"), org, map[string]any{
		"judge_id": j2.ID, "entry_id": e2a.ID, "reason": "Pernah menjadi konsultan inovasi ini"}).JSON(t, &k)
	if k.Source != "organizer" || k.JudgeID != j2.ID || k.EntryID == nil || *k.EntryID != e2a.ID || k.OrganizationID != nil ||
		!slices.Equal(k.RemovedAssignments, []int64{a2}) {
		t.Fatalf("organizer conflict by entry: %+v", k)
	}
	left = checkRound("after the organizer's conflict by entry")
	if !replaced(left, e2a.ID, j2.ID) {
		t.Fatalf("e2a was not given to another judge: %+v", left)
	}
	var j3OnOPD2 []int64
	for _, x := range left {
		if x.JudgeID == j3.ID && w.entry(x.EntryID).OPD == 2 {
			j3OnOPD2 = append(j3OnOPD2, x.ID)
		}
	}
	slices.Sort(j3OnOPD2)
	k = jgConflict{}
	s.Must(201, "POST", w.compPath("conflicts"), org, map[string]any{
		"judge_id": j3.ID, "organization_id": opdID(2), "reason": "Mantan kepala dinas"}).JSON(t, &k)
	slices.Sort(k.RemovedAssignments)
	if k.Source != "organizer" || k.OrganizationID == nil || *k.OrganizationID != opdID(2) || !slices.Equal(k.RemovedAssignments, j3OnOPD2) {
		t.Fatalf("organizer conflict by OPD: %+v, want removed %v", k, j3OnOPD2)
	}
	// j3's assignment to OPD 0's entry was not touched by a conflict with OPD 2.
	left = checkRound("after the organizer's conflict by OPD")
	if _, ok := left[a3]; !ok {
		t.Fatalf("a3 %d went with a conflict that does not touch it: %+v", a3, left)
	}

	// All of them are listed with their sources.
	ks = w.conflicts()
	type key struct {
		judge, org, entry int64
		source            string
	}
	got := []key{}
	for _, k := range ks {
		kk := key{judge: k.JudgeID, source: k.Source}
		if k.OrganizationID != nil {
			kk.org = *k.OrganizationID
		}
		if k.EntryID != nil {
			kk.entry = *k.EntryID
		}
		got = append(got, kk)
	}
	want := []key{{jA.ID, opdID(0), 0, "own_organization"}, {j1.ID, opdID(1), 0, "declared"}, {j2.ID, 0, e2a.ID, "organizer"}, {j3.ID, opdID(2), 0, "organizer"}}
	sortKeys := func(ks []key) {
		sort.Slice(ks, func(i, j int) bool { return fmt.Sprint(ks[i]) < fmt.Sprint(ks[j]) })
	}
	sortKeys(got)
	sortKeys(want)
	if !slices.Equal(got, want) {
		t.Fatalf("conflicts %+v, want %+v", got, want)
	}

	// Manual assignment across any of them is refused (409); a non-judge, or
	// an entry not in the round, is a 422; the same pair twice is a
	// conflict, not a second row.
	manual := func(name string, entry, judge int64, status int, field string) reqCase {
		c := reqCase{name: "manual assignment: " + name, method: "POST", path: w.roundPath(w.desk, "assignments"), token: org,
			body: map[string]any{"entry_id": entry, "judge_id": judge}, status: status, code: "conflict", field: field}
		if status == 422 {
			c.code = "validation_failed"
		}
		return c
	}
	runCases(t, s, []reqCase{
		manual("across a conflict (own OPD)", w.entries[1].ID, jA.ID, 409, ""),
		manual("across a conflict (declared OPD)", w.entries[3].ID, j1.ID, 409, ""),
		manual("across a conflict (organizer entry)", e2a.ID, j2.ID, 409, ""),
		manual("across a conflict (organizer OPD)", e2b.ID, j3.ID, 409, ""),
		manual("participant as judge", e2b.ID, w.entrants[0].ID, 422, "judge_id"),
		manual("organizer as judge", e2b.ID, w.r.Organizer.ID, 422, "judge_id"),
		manual("judge who is not a member", e2b.ID, w.r.Judge.ID, 422, "judge_id"),
		manual("eligible entry not in round", w.outsiders[0].ID, j1.ID, 422, "entry_id"),
		manual("unknown entry", 999999, j1.ID, 422, "entry_id"),
		manual("duplicate", e0a.ID, j3.ID, 409, ""),
	})

	// Bad conflicts, and the same conflict twice.
	bad := func(name string, body map[string]any, field string) reqCase {
		return reqCase{name: "conflict with " + name, method: "POST", path: w.compPath("conflicts"), token: org, body: body,
			status: 422, code: "validation_failed", field: field}
	}
	runCases(t, s, []reqCase{
		bad("OPD and entry", map[string]any{"judge_id": j1.ID, "organization_id": opdID(0), "entry_id": e0a.ID, "reason": "x"}, "organization_id"),
		bad("neither", map[string]any{"judge_id": j1.ID, "reason": "x"}, "organization_id"),
		bad("no reason", map[string]any{"judge_id": j1.ID, "organization_id": opdID(0), "reason": "  "}, "reason"),
		bad("not a judge", map[string]any{"judge_id": w.entrants[0].ID, "organization_id": opdID(0), "reason": "x"}, "judge_id"),
		bad("unknown OPD", map[string]any{"judge_id": j1.ID, "organization_id": 999999, "reason": "x"}, "organization_id"),
		bad("unknown entry", map[string]any{"judge_id": j1.ID, "entry_id": 999999, "reason": "x"}, "entry_id"),
		{name: "the same conflict twice", method: "POST", path: w.compPath("conflicts"), token: org,
			body: map[string]any{"judge_id": j3.ID, "organization_id": opdID(2), "reason": "lagi"}, status: 409, code: "conflict"},
	})

	// Auto-assignment honours every conflict: the judges' own OPDs included.
	var auto jgAutoAnswer
	s.Must(200, "POST", w.roundPath(w.desk, "assignments", "auto"), org, map[string]any{"judges_per_entry": 2}).JSON(t, &auto)
	ks = w.conflicts()
	perEntry := map[int64]int{}
	for _, a := range w.assignments(w.desk) {
		perEntry[a.EntryID]++
		if w.conflicted(ks, a.JudgeID, a.EntryID) {
			t.Errorf("auto-assignment across a conflict: judge %d, entry %d", a.JudgeID, a.EntryID)
		}
		for _, j := range w.judges {
			if a.JudgeID == j.ID && j.OrganizationID != nil && *j.OrganizationID == w.opds[w.entry(a.EntryID).OPD].ID {
				t.Errorf("judge %d got entry %d of their own OPD", j.ID, a.EntryID)
			}
		}
	}
	for _, e := range w.entries {
		if perEntry[e.ID] != 2 {
			t.Errorf("entry %d has %d judges, want 2 (answer %+v)", e.ID, perEntry[e.ID], auto)
		}
	}

	// A conflict found after scoring flags the submitted scorecard for the
	// organizers instead of dropping it; the organizer then removes the
	// assignment, and the scorecard's values stay in the audit log.
	var target jgAssignment
	for _, a := range w.assignments(w.desk) {
		if a.JudgeID == j1.ID {
			target = a
		}
	}
	if target.ID == 0 {
		t.Fatalf("judge 1 got nothing to judge")
	}
	w.score(j1.Tok, target.ID, 8, true)
	k = jgConflict{}
	s.Must(201, "POST", w.compPath("conflicts"), org, map[string]any{
		"judge_id": j1.ID, "entry_id": target.EntryID, "reason": "Terungkap setelah penilaian"}).JSON(t, &k)
	if len(k.RemovedAssignments) != 0 {
		t.Fatalf("conflict over a submitted scorecard removed %v, want it flagged", k.RemovedAssignments)
	}
	flagged := false
	for _, a := range testenv.List(t, s.Must(200, "GET", w.roundPath(w.desk, "assignments"), org, nil)) {
		if testenv.ID(t, a["id"]) == target.ID {
			flagged = a["conflict_flagged"] == true && strings.Contains(a["conflict_note"].(string), "Terungkap setelah penilaian")
		}
	}
	if !flagged {
		t.Fatalf("the submitted scorecard of assignment %d is not flagged", target.ID)
	}
	s.Must(204, "DELETE", jgAssignmentPath(target.ID), org, nil)
	jgExpect(t, s.Do("GET", jgAssignmentPath(target.ID, "scorecard"), org, nil), 404, "not_found", "scorecard of a removed assignment")
	rows, _, err := s.Store.AuditLog(context.Background(), store.CompetitionScope(w.comp), store.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		if row.Action == "assignment.remove" && row.ObjectID == target.ID && strings.Contains(row.Details, `"scorecard"`) &&
			strings.Contains(row.Details, `"submitted"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("the audit log does not keep the removed scorecard of assignment %d", target.ID)
	}
}

// --- auto-assignment ----------------------------------------------------------

type jgAutoAnswer struct {
	Created int `json:"created"`
	Total   int `json:"total"`
	Load    struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"load"`
	Unassigned []struct {
		EntryID int64  `json:"entry_id"`
		Missing int    `json:"missing"`
		Code    string `json:"code"`
		Reason  string `json:"reason"`
	} `json:"unassigned"`
	Round map[string]any `json:"round"`
}

func TestJudgingAutoAssignment(t *testing.T) {
	// Three OPDs with two entries each; judges of OPD 0 and OPD 1, and two without an OPD.
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 2, judges: []int{0, 1, -1, -1}})
	s, org := w.s, w.r.OrganizerTok

	// A screening round has no judges to assign; bad settings are refused.
	auto := func(body map[string]any) reqCase {
		return reqCase{name: fmt.Sprintf("auto %v", body), method: "POST", path: w.roundPath(w.desk, "assignments", "auto"), token: org,
			body: body, status: 422, code: "validation_failed"}
	}
	runCases(t, s, []reqCase{
		{name: "auto-assignment in a screening round", method: "POST", path: w.roundPath(w.screening, "assignments", "auto"), token: org,
			status: 409, code: "conflict"},
		{name: "manual assignment in a screening round", method: "POST", path: w.roundPath(w.screening, "assignments"), token: org,
			body: map[string]any{"entry_id": w.entries[0].ID, "judge_id": w.judges[2].ID}, status: 409, code: "conflict"},
		auto(map[string]any{"judges_per_entry": 0}),
		auto(map[string]any{"judges_per_entry": 21}),
		auto(map[string]any{"max_per_judge": -1}),
	})
	if n := len(w.assignments(w.desk)); n != 0 {
		t.Fatalf("refused requests assigned %d", n)
	}

	// max_per_judge 2 leaves 4 of the 12 slots empty for want of capacity.
	var capped jgAutoAnswer
	s.Must(200, "POST", w.roundPath(w.desk, "assignments", "auto"), org, map[string]any{"judges_per_entry": 2, "max_per_judge": 2}).JSON(t, &capped)
	missing := 0
	for _, u := range capped.Unassigned {
		missing += u.Missing
		if u.Code != "capacity" || u.Reason == "" {
			t.Errorf("capped run: unassigned %+v, want code capacity", u)
		}
	}
	if capped.Created != 8 || capped.Total != 8 || missing != 4 || capped.Load.Min != 2 || capped.Load.Max != 2 || capped.Round["max_per_judge"] != float64(2) {
		t.Errorf("capped run %+v, want 8 created, 4 slots missing, loads 2", capped)
	}
	for _, a := range w.assignments(w.desk) {
		s.Must(204, "DELETE", jgAssignmentPath(a.ID), org, nil)
	}

	// 6 entries x 2 judges = 12 slots over 4 judges: 3 each.
	var first jgAutoAnswer
	s.Must(200, "POST", w.roundPath(w.desk, "assignments", "auto"), org, map[string]any{"judges_per_entry": 2, "max_per_judge": 0}).JSON(t, &first)
	if first.Created != 12 || first.Total != 12 || len(first.Unassigned) != 0 || first.Round["judges_per_entry"] != float64(2) {
		t.Fatalf("auto answer %+v", first)
	}
	if first.Load.Max-first.Load.Min > 1 {
		t.Errorf("loads not balanced: %+v", first.Load)
	}
	list := w.assignments(w.desk)
	ks := w.conflicts()
	load := map[int64]int{}
	perEntry := map[int64][]int64{}
	for _, a := range list {
		load[a.JudgeID]++
		perEntry[a.EntryID] = append(perEntry[a.EntryID], a.JudgeID)
		if a.Source != "auto" || a.Status != "pending" {
			t.Errorf("assignment %+v", a)
		}
		if w.conflicted(ks, a.JudgeID, a.EntryID) {
			t.Errorf("auto-assignment across a conflict: judge %d, entry %d", a.JudgeID, a.EntryID)
		}
	}
	for _, e := range w.entries {
		if len(perEntry[e.ID]) != 2 {
			t.Errorf("entry %d has judges %v, want 2", e.ID, perEntry[e.ID])
		}
	}
	lo, hi := 1<<30, 0
	for _, j := range w.judges {
		lo, hi = min(lo, load[j.ID]), max(hi, load[j.ID])
	}
	if lo != first.Load.Min || hi != first.Load.Max || hi-lo > 1 {
		t.Errorf("loads %v (min %d, max %d), answer says %+v", load, lo, hi, first.Load)
	}

	// Run again: nothing new, nothing changed.
	var again jgAutoAnswer
	s.Must(200, "POST", w.roundPath(w.desk, "assignments", "auto"), org, nil).JSON(t, &again)
	if again.Created != 0 || again.Total != 12 || len(again.Unassigned) != 0 || again.Load != first.Load {
		t.Errorf("second run %+v", again)
	}
	ids := func(as []jgAssignment) []int64 {
		out := []int64{}
		for _, a := range as {
			out = append(out, a.ID)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(ids(list), ids(w.assignments(w.desk))) {
		t.Errorf("the second run changed the assignments")
	}

	// Four judges per entry: the entries of OPD 0 and OPD 1 have only three
	// judges free of conflict. They are listed with a reason; the rest are filled.
	var wide jgAutoAnswer
	s.Must(200, "POST", w.roundPath(w.desk, "assignments", "auto"), org, map[string]any{"judges_per_entry": 4}).JSON(t, &wide)
	short := map[int64]bool{}
	for _, u := range wide.Unassigned {
		short[u.EntryID] = true
		if u.Missing != 1 || u.Code != "conflicts" || u.Reason == "" {
			t.Errorf("unassigned %+v", u)
		}
	}
	wantShort := map[int64]bool{w.entries[0].ID: true, w.entries[1].ID: true, w.entries[2].ID: true, w.entries[3].ID: true}
	if len(short) != 4 || !jgMapsEqual(short, wantShort) {
		t.Errorf("unassigned %v, want the entries of OPD 0 and 1 %v", short, wantShort)
	}
	if wide.Created != 8 || wide.Total != 20 {
		t.Errorf("four per entry: %+v, want 8 created, 20 in all", wide)
	}
	perEntry = map[int64][]int64{}
	for _, a := range w.assignments(w.desk) {
		perEntry[a.EntryID] = append(perEntry[a.EntryID], a.JudgeID)
		if w.conflicted(ks, a.JudgeID, a.EntryID) {
			t.Errorf("auto-assignment across a conflict: judge %d, entry %d", a.JudgeID, a.EntryID)
		}
	}
	for _, e := range w.entries {
		want := 4
		if wantShort[e.ID] {
			want = 3
		}
		if len(perEntry[e.ID]) != want {
			t.Errorf("entry %d (OPD %d) has %d judges, want %d", e.ID, e.OPD, len(perEntry[e.ID]), want)
		}
	}

	// A closed round's assignments no longer change.
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"status": "closed"})
	some := w.assignments(w.desk)[0]
	closed := []reqCase{
		{name: "auto-assignment in a closed round", method: "POST", path: w.roundPath(w.desk, "assignments", "auto"), token: org,
			status: 409, code: "conflict"},
		{name: "deleting an assignment of a closed round", method: "DELETE", path: jgAssignmentPath(some.ID), token: org,
			status: 409, code: "conflict"},
	}
	free := w.judges[2]
	for _, e := range w.entries {
		if !slices.Contains(perEntry[e.ID], free.ID) {
			closed = append(closed, reqCase{name: "manual assignment in a closed round", method: "POST", path: w.roundPath(w.desk, "assignments"),
				token: org, body: map[string]any{"entry_id": e.ID, "judge_id": free.ID}, status: 409, code: "conflict"})
			break
		}
	}
	runCases(t, s, closed)
}

// TestJudgingConcurrentAutoAssignment: two organizers press "assign" at once.
// Neither may fail with a 500, and no entry may end up with more judges than
// judges_per_entry or the same judge twice.
func TestJudgingConcurrentAutoAssignment(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 2, judges: []int{0, 1, -1, -1, -1}})
	s, org := w.s, w.r.OrganizerTok
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"judges_per_entry": 2})
	for round := 0; round < 3; round++ {
		const runs = 4
		var wg sync.WaitGroup
		codes := make([]int, runs)
		for i := 0; i < runs; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				tok := org
				if i%2 == 1 {
					tok = w.r.AdminTok
				}
				codes[i] = s.Do("POST", w.roundPath(w.desk, "assignments", "auto"), tok, nil).Code
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, c := range codes {
			if c == 200 {
				ok++
			} else if c != 409 {
				t.Errorf("concurrent auto-assignment answered %d (all: %v)", c, codes)
			}
		}
		if ok == 0 {
			t.Errorf("no concurrent auto-assignment succeeded: %v", codes)
		}
		perEntry := map[int64]map[int64]int{}
		for _, a := range w.assignments(w.desk) {
			if perEntry[a.EntryID] == nil {
				perEntry[a.EntryID] = map[int64]int{}
			}
			perEntry[a.EntryID][a.JudgeID]++
		}
		for _, e := range w.entries {
			n := 0
			for j, k := range perEntry[e.ID] {
				n += k
				if k > 1 {
					t.Errorf("judge %d holds entry %d %d times", j, e.ID, k)
				}
			}
			if n != 2 {
				t.Errorf("after concurrent runs entry %d has %d judges, want 2", e.ID, n)
			}
		}
		// Start over for the next race.
		for _, a := range w.assignments(w.desk) {
			s.Must(204, "DELETE", jgAssignmentPath(a.ID), org, nil)
		}
	}
}

func jgMapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

// --- recusal ----------------------------------------------------------------

func TestJudgingRecusal(t *testing.T) {
	// Judges 0-2 and 4 have no OPD; judge 3 belongs to OPD 0, whose entry is recused.
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1, -1, 0, -1}})
	s, org := w.s, w.r.OrganizerTok
	j1, j2, j3, jOwn, j4 := w.judges[0], w.judges[1], w.judges[2], w.judges[3], w.judges[4]
	e := w.entries[0]

	a1 := w.assign(e.ID, j1.ID)
	a2 := w.assign(e.ID, j2.ID)
	s.Must(201, "POST", w.compPath("conflicts"), org, map[string]any{"judge_id": j3.ID, "entry_id": e.ID, "reason": "Kerabat ketua tim"})
	// Load the judge that must stay free on the other entry, so that load alone
	// would not make it the choice.
	w.assign(w.entries[1].ID, j4.ID)

	// Refusals first: nobody but the assigned judge recuses, and a reason is needed.
	recuse := jgAssignmentPath(a1, "recuse")
	runCases(t, s, []reqCase{
		{name: "recusal by another judge", method: "POST", path: recuse, token: j2.Tok, body: map[string]any{"reason": "bukan punya saya"},
			status: 404, code: "not_found"},
		{name: "recusal by the organizer", method: "POST", path: recuse, token: org, body: map[string]any{"reason": "atas nama juri"},
			status: 403, code: "forbidden"},
		{name: "recusal by an admin", method: "POST", path: recuse, token: w.r.AdminTok, body: map[string]any{"reason": "atas nama juri"},
			status: 403, code: "forbidden"},
		{name: "recusal without a reason", method: "POST", path: recuse, token: j1.Tok, body: map[string]any{},
			status: 422, code: "validation_failed", field: "reason"},
		{name: "recusal with a blank reason", method: "POST", path: recuse, token: j1.Tok, body: map[string]any{"reason": "   "},
			status: 422, code: "validation_failed", field: "reason"},
		{name: "recusal of an unknown assignment", method: "POST", path: jgAssignmentPath(999999, "recuse"), token: j1.Tok,
			body: map[string]any{"reason": "x"}, status: 404, code: "not_found"},
	})
	if n := len(w.assignments(w.desk)); n != 3 {
		t.Fatalf("refused recusals changed the assignments: %d left", n)
	}
	// The judge can read the entry while assigned.
	s.Must(200, "GET", "/api/v1/entries/"+itoa(e.ID), j1.Tok, nil)

	// A submitted scorecard cannot be recused from, and the refused recusal leaves no trace.
	w.score(j2.Tok, a2, 5, true)
	runCases(t, s, []reqCase{
		{name: "recusal after submitting", method: "POST", path: jgAssignmentPath(a2, "recuse"), token: j2.Tok,
			body: map[string]any{"reason": "Sudah terlanjur menilai"}, status: 409, code: "conflict"},
		{name: "deleting an assignment whose scorecard is submitted", method: "DELETE", path: jgAssignmentPath(a2), token: org,
			status: 409, code: "conflict"},
	})
	for _, k := range w.conflicts() {
		if k.JudgeID == j2.ID {
			t.Errorf("a refused recusal recorded a conflict: %+v", k)
		}
	}
	if n := len(w.assignments(w.desk)); n != 3 {
		t.Fatalf("refused requests changed the assignments: %d left", n)
	}
	s.Must(200, "POST", jgAssignmentPath(a2, "scorecard", "reopen"), org, map[string]any{"reason": "Juri mengajukan pengunduran diri"})

	// Judge 1 recuses: judge 3 (conflict) and the judge of the entry's own OPD
	// are not free, judge 2 already has it: judge 4 takes it over.
	var out struct {
		Recused      bool   `json:"recused"`
		ReassignedTo *int64 `json:"reassigned_to"`
	}
	s.Must(200, "POST", jgAssignmentPath(a1, "recuse"), j1.Tok, map[string]any{"reason": "Saya pernah membimbing tim ini"}).JSON(t, &out)
	if !out.Recused || out.ReassignedTo == nil || *out.ReassignedTo != j4.ID {
		t.Fatalf("recusal answer %+v, want reassigned to judge %d (not %d conflicted, not %d of the OPD)", out, j4.ID, j3.ID, jOwn.ID)
	}
	judgesOf := func(entryID int64) map[int64]string {
		m := map[int64]string{}
		for _, a := range w.assignments(w.desk) {
			if a.EntryID == entryID {
				m[a.JudgeID] = a.Source
			}
		}
		return m
	}
	if got := judgesOf(e.ID); !jgMapsEqual(got, map[int64]string{j2.ID: "manual", j4.ID: "reassign"}) {
		t.Fatalf("judges of the entry after the recusal: %v", got)
	}
	var recorded *jgConflict
	ks := w.conflicts()
	for i, k := range ks {
		if k.JudgeID == j1.ID {
			recorded = &ks[i]
		}
	}
	if recorded == nil || recorded.Source != "recusal" || recorded.EntryID == nil || *recorded.EntryID != e.ID ||
		recorded.OrganizationID != nil || recorded.Reason != "Saya pernah membimbing tim ini" {
		t.Fatalf("recusal conflict %+v in %+v", recorded, ks)
	}
	// The recused judge no longer sees the entry, and cannot be put back by hand.
	runCases(t, s, []reqCase{
		{name: "the entry after recusal", method: "GET", path: "/api/v1/entries/" + itoa(e.ID), token: j1.Tok, status: 404, code: "not_found"},
		{name: "the scorecard after recusal", method: "GET", path: jgAssignmentPath(a1, "scorecard"), token: j1.Tok, status: 404, code: "not_found"},
		{name: "manual assignment of a recused judge", method: "POST", path: w.roundPath(w.desk, "assignments"), token: org,
			body: map[string]any{"entry_id": e.ID, "judge_id": j1.ID}, status: 409, code: "conflict"},
	})
	if mine := w.mine(j1.Tok, ""); len(mine) != 0 {
		t.Errorf("the recused judge still lists %+v", mine)
	}

	// Judge 2 recuses too: nobody is free any more.
	out.ReassignedTo, out.Recused = nil, false
	s.Must(200, "POST", jgAssignmentPath(a2, "recuse"), j2.Tok, map[string]any{"reason": "Konflik kepentingan keluarga"}).JSON(t, &out)
	if !out.Recused || out.ReassignedTo != nil {
		t.Fatalf("second recusal %+v, want nobody to take over", out)
	}
	if got := judgesOf(e.ID); !jgMapsEqual(got, map[int64]string{j4.ID: "reassign"}) {
		t.Fatalf("judges of the entry after the second recusal: %v", got)
	}

	// A closed round takes no recusals.
	var a4 int64
	for _, a := range w.assignments(w.desk) {
		if a.EntryID == e.ID {
			a4 = a.ID
		}
	}
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"status": "closed"})
	jgExpect(t, s.Do("POST", jgAssignmentPath(a4, "recuse"), j4.Tok, map[string]any{"reason": "terlambat"}), 409, "conflict", "recusal in a closed round")
}

// --- what a judge may see -----------------------------------------------------

func TestJudgingEntryVisibility(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1}})
	s := w.s
	j, other := w.judges[0], w.judges[1]
	e, e2 := w.entries[0], w.entries[1]
	entryPath, filesPath, contentPath := "/api/v1/entries/"+itoa(e.ID), "/api/v1/entries/"+itoa(e.ID)+"/files", "/api/v1/files/"+itoa(e.FileID)+"/content"

	// Not assigned: the entry does not exist for the judge.
	runCases(t, s, []reqCase{
		{name: "unassigned judge reads the entry", method: "GET", path: entryPath, token: j.Tok, status: 404, code: "not_found"},
		{name: "unassigned judge lists the files", method: "GET", path: filesPath, token: j.Tok, status: 404, code: "not_found"},
		{name: "unassigned judge reads the file", method: "GET", path: contentPath, token: j.Tok, status: 404, code: "not_found"},
	})
	if items := testenv.List(t, s.Must(200, "GET", w.compPath("entries"), j.Tok, nil)); len(items) != 0 {
		t.Fatalf("an unassigned judge lists entries: %v", items)
	}
	if mine := w.mine(j.Tok, ""); len(mine) != 0 {
		t.Fatalf("an unassigned judge has assignments: %+v", mine)
	}

	a := w.assign(e.ID, j.ID)
	w.assign(e2.ID, other.ID)

	got := s.Must(200, "GET", entryPath, j.Tok, nil).Map(t)
	if testenv.ID(t, got["id"]) != e.ID || got["title"] != e.Title {
		t.Fatalf("assigned judge reads %v", got)
	}
	// Not a blind competition: the judge sees who made it.
	if o, _ := got["organization"].(map[string]any); o == nil || o["name"] != w.opds[0].Name {
		t.Errorf("organization in a competition that is not blind: %v", got["organization"])
	}
	files := testenv.List(t, s.Must(200, "GET", filesPath, j.Tok, nil))
	if len(files) != 1 || testenv.ID(t, files[0]["id"]) != e.FileID || files[0]["kind"] != "proposal" {
		t.Fatalf("files %v", files)
	}
	res := s.Must(200, "GET", contentPath, j.Tok, nil)
	if !bytes.Equal(res.Body, e.PDF) || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("content: %d bytes, headers %v", len(res.Body), res.Header)
	}
	// Still not the other judge's entry.
	runCases(t, s, []reqCase{
		{name: "another judge's entry", method: "GET", path: "/api/v1/entries/" + itoa(e2.ID), token: j.Tok, status: 404, code: "not_found"},
		{name: "another judge's file", method: "GET", path: "/api/v1/files/" + itoa(e2.FileID) + "/content", token: j.Tok, status: 404, code: "not_found"},
	})
	list := testenv.List(t, s.Must(200, "GET", w.compPath("entries"), j.Tok, nil))
	if len(list) != 1 || testenv.ID(t, list[0]["id"]) != e.ID {
		t.Fatalf("the judge lists %v, want only entry %d", list, e.ID)
	}

	// /me/assignments embeds the entry.
	mine := w.mine(j.Tok, "")
	if len(mine) != 1 || mine[0].ID != a || mine[0].RoundID != w.desk || mine[0].Status != "pending" || mine[0].UpdatedAt == "" ||
		mine[0].Entry == nil || testenv.ID(t, mine[0].Entry["id"]) != e.ID || mine[0].Entry["title"] != e.Title {
		t.Fatalf("my assignments %+v", mine)
	}
	if fs, _ := mine[0].Entry["files"].([]any); len(fs) != 1 {
		t.Errorf("the embedded entry has files %v", mine[0].Entry["files"])
	}
	if got := w.mine(j.Tok, "?round_id="+itoa(w.desk)); len(got) != 1 {
		t.Errorf("?round_id=desk: %+v", got)
	}
	if got := w.mine(j.Tok, "?round_id="+itoa(w.presentation)); len(got) != 0 {
		t.Errorf("?round_id=presentation: %+v", got)
	}
	jgExpect(t, s.Do("GET", "/api/v1/me/assignments?round_id=abc", j.Tok, nil), 422, "validation_failed", "?round_id=abc")
	// Saving a draft a minute later shows in the assignment's status and updated_at
	// (the store means it: COALESCE(scorecards.updated_at, assignments.created_at)).
	created := mine[0].UpdatedAt
	s.Clock.Advance(time.Minute)
	w.score(j.Tok, a, 6, false)
	var sc struct {
		UpdatedAt string `json:"updated_at"`
	}
	s.Must(200, "GET", jgAssignmentPath(a, "scorecard"), j.Tok, nil).JSON(t, &sc)
	if got := w.mine(j.Tok, ""); len(got) != 1 || got[0].Status != "draft" || got[0].UpdatedAt != sc.UpdatedAt || got[0].UpdatedAt == created {
		t.Errorf("GET /me/assignments after a draft saved at %s: status %q, updated_at %s; want draft and %s (not the assignment's creation %s)",
			sc.UpdatedAt, got[0].Status, got[0].UpdatedAt, sc.UpdatedAt, created)
	}
	for _, x := range w.assignments(w.desk) {
		if x.ID == a && (x.Status != "draft" || x.UpdatedAt != sc.UpdatedAt) {
			t.Errorf("GET /rounds/:id/assignments after a draft saved at %s: status %q, updated_at %s; want draft and %s",
				sc.UpdatedAt, x.Status, x.UpdatedAt, sc.UpdatedAt)
		}
	}

	// /me/assignments is for judges only.
	runCases(t, s, []reqCase{
		{name: "as participant", method: "GET", path: "/api/v1/me/assignments", token: w.entrants[0].Tok, status: 403, code: "forbidden"},
		{name: "as organizer", method: "GET", path: "/api/v1/me/assignments", token: w.r.OrganizerTok, status: 403, code: "forbidden"},
		{name: "as admin", method: "GET", path: "/api/v1/me/assignments", token: w.r.AdminTok, status: 403, code: "forbidden"},
		{name: "anonymous", method: "GET", path: "/api/v1/me/assignments", status: 401, code: "unauthorized"},
	})
}

// --- progress -----------------------------------------------------------------

func TestJudgingProgressStats(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 2, judges: []int{-1, -1, -1}})
	s, org := w.s, w.r.OrganizerTok
	j0, j1, j2 := w.judges[0], w.judges[1], w.judges[2]

	var auto jgAutoAnswer
	s.Must(200, "POST", w.roundPath(w.desk, "assignments", "auto"), org, map[string]any{"judges_per_entry": 2}).JSON(t, &auto)
	if auto.Created != 12 || auto.Load.Min != 4 || auto.Load.Max != 4 {
		t.Fatalf("auto %+v", auto)
	}
	byJudge := map[int64][]int64{}
	for _, a := range w.assignments(w.desk) {
		byJudge[a.JudgeID] = append(byJudge[a.JudgeID], a.ID)
	}
	// Judge 0: two started, one of them submitted. Judge 1: one submitted.
	// Judge 2: nothing, and one assignment removed by the organizer.
	w.score(j0.Tok, byJudge[j0.ID][0], 7, true)
	w.score(j0.Tok, byJudge[j0.ID][1], 7, false)
	w.score(j1.Tok, byJudge[j1.ID][2], 9, true)
	s.Must(204, "DELETE", jgAssignmentPath(byJudge[j2.ID][0]), org, nil)

	var st struct {
		Rounds []struct {
			RoundID     int64  `json:"round_id"`
			Name        string `json:"name"`
			Kind        string `json:"kind"`
			Entries     int64  `json:"entries"`
			Assignments int64  `json:"assignments"`
			Started     int64  `json:"started"`
			Submitted   int64  `json:"submitted"`
			PerJudge    []struct {
				JudgeID   int64  `json:"judge_id"`
				Name      string `json:"name"`
				Assigned  int64  `json:"assigned"`
				Started   int64  `json:"started"`
				Submitted int64  `json:"submitted"`
			} `json:"per_judge"`
		} `json:"rounds"`
	}
	s.Must(200, "GET", w.compPath("stats"), org, nil).JSON(t, &st)
	if len(st.Rounds) != 4 {
		t.Fatalf("stats rounds %+v", st.Rounds)
	}
	for _, r := range st.Rounds {
		switch r.RoundID {
		case w.desk:
			if r.Entries != 6 || r.Assignments != 11 || r.Started != 3 || r.Submitted != 2 || r.Kind != "scoring" {
				t.Errorf("desk round progress %+v, want 6 entries, 11 assignments, 3 started, 2 submitted", r)
			}
			want := map[int64][3]int64{j0.ID: {4, 2, 1}, j1.ID: {4, 1, 1}, j2.ID: {3, 0, 0}}
			got := map[int64][3]int64{}
			for _, p := range r.PerJudge {
				got[p.JudgeID] = [3]int64{p.Assigned, p.Started, p.Submitted}
				if p.Name == "" {
					t.Errorf("per_judge without a name: %+v", p)
				}
			}
			if !jgMapsEqual(got, want) {
				t.Errorf("per_judge %v, want %v (assigned, started, submitted)", got, want)
			}
		case w.screening:
			if r.Assignments != 0 || len(r.PerJudge) != 0 || r.Entries != 6 {
				t.Errorf("screening round progress %+v", r)
			}
		default:
			if r.Assignments != 0 || len(r.PerJudge) != 0 || r.Entries != 0 {
				t.Errorf("round %s progress %+v", r.Name, r)
			}
		}
	}
	jgExpect(t, s.Do("GET", w.compPath("stats"), j0.Tok, nil), 403, "forbidden", "stats as a judge")
}

// --- authorization --------------------------------------------------------------

// jgFreshCase calls one endpoint as every role on objects made by fresh, which
// returns the path and the token of the object's own judge. A call that
// succeeds used the object up (deleted, recused, reopened), so the next role
// gets a new one: otherwise later roles would get a 404 or 409 instead of the
// answer their role deserves.
func jgFreshCase(t *testing.T, s *testenv.Server, r testenv.Roles, name string, ownJudge bool,
	fresh func() (path, judgeTok string), method string, body any, want map[string]int) {
	t.Helper()
	// Each role's call is a subtest; fresh runs in the test itself, which it
	// may fail, after a call that used the object up.
	path, judgeTok := fresh()
	for _, role := range allRoles {
		tok := roleTokens(r)[role]
		if role == "judge" && ownJudge {
			tok = judgeTok
		}
		code := 0
		runCase(t, s, name+" as "+role, func(t *testing.T) {
			res := s.Do(method, path, tok, body)
			if code = res.Code; res.Code != want[role] {
				t.Errorf("%s (%s %s) as %s: status %d, want %d: %s", name, method, path, role, res.Code, want[role], res.Body)
			}
		})
		if code < 300 {
			path, judgeTok = fresh()
		}
	}
}

func TestJudgingEndpointsAuthorization(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 2, judges: []int{0, -1, -1, -1, -1, -1}})
	s := w.s
	w.member(w.r.Judge) // a judge of the competition, assigned nothing
	j1 := w.judges[1]

	// base: the participant owns entry 0; the judge is a member assigned nothing.
	base := w.r
	base.ParticipantTok = w.entrants[0].Tok
	// assigned: the same, but the judge is the one assigned.
	assigned := base
	assigned.JudgeTok = j1.Tok

	a := w.assign(w.entries[0].ID, j1.ID)
	// Free pairs for the manual POST, one per call in the order checkAuthorization makes them.
	var pairs [][2]int64
	for _, e := range w.entries[2:] {
		for _, j := range w.judges[1:] {
			pairs = append(pairs, [2]int64{e.ID, j.ID})
		}
	}
	nextPair := 0
	freshPair := func() any {
		p := pairs[nextPair]
		nextPair++
		return map[string]any{"entry_id": p[0], "judge_id": p[1]}
	}
	// Conflicts of r.Judge with another OPD per call: as the judge, a declaration of their own.
	nextOPD := 0
	freshConflict := func() any {
		o := w.opds[nextOPD%len(w.opds)]
		nextOPD++
		return map[string]any{"judge_id": w.r.Judge.ID, "organization_id": o.ID, "reason": "Hubungan kerja"}
	}
	refusedScoring := map[string]int{"anonymous": 401, "participant": 404, "judge": 404, "organizer": 403, "admin": 403}

	checkAuthorization(t, s, base, []authCase{
		{"GET", w.roundPath(w.desk, "assignments"), nil, only(200, "organizer", "admin"), ""},
		{"POST", w.roundPath(w.desk, "assignments"), func() any { return freshPair() }, only(201, "organizer", "admin"), ""},
		{"POST", w.roundPath(w.desk, "assignments", "auto"), map[string]any{"judges_per_entry": 1}, only(200, "organizer", "admin"), ""},
		{"GET", "/api/v1/me/assignments", nil, only(200, "judge"), ""},
		{"GET", w.compPath("conflicts"), nil, only(200, "organizer", "admin"), ""},
		{"POST", w.compPath("conflicts"), func() any { return freshConflict() }, only(201, "judge", "organizer", "admin"), ""},
		{"GET", w.compPath("stats"), nil, only(200, "organizer", "admin"), ""},
		{"GET", jgAssignmentPath(a, "scorecard"), nil, map[string]int{"anonymous": 401, "participant": 404, "judge": 404, "organizer": 200, "admin": 200}, ""},
		{"PUT", jgAssignmentPath(a, "scorecard"), map[string]any{"version": 0, "scores": []any{}}, refusedScoring, ""},
		{"POST", jgAssignmentPath(a, "scorecard", "submit"), nil, refusedScoring, ""},
		{"POST", jgAssignmentPath(a, "scorecard", "reopen"), map[string]any{"reason": "x"},
			map[string]int{"anonymous": 401, "participant": 404, "judge": 404, "organizer": 409, "admin": 409}, ""},
	})
	if nextPair != 5 || nextOPD != 5 {
		t.Fatalf("fresh bodies used: %d pairs, %d conflicts", nextPair, nextOPD)
	}

	// The assigned judge reads, saves and submits; organizers read but never score.
	checkAuthorization(t, s, assigned, []authCase{
		{"GET", jgAssignmentPath(a, "scorecard"), nil, map[string]int{"anonymous": 401, "participant": 404, "judge": 200, "organizer": 200, "admin": 200}, ""},
		{"PUT", jgAssignmentPath(a, "scorecard"), map[string]any{"version": 0, "scores": w.scores(7, 5), "comment": ""},
			map[string]int{"anonymous": 401, "participant": 404, "judge": 200, "organizer": 403, "admin": 403}, ""},
		{"POST", jgAssignmentPath(a, "scorecard", "submit"), nil,
			map[string]int{"anonymous": 401, "participant": 404, "judge": 200, "organizer": 403, "admin": 403}, ""},
		{"GET", "/api/v1/me/assignments", nil, only(200, "judge"), ""},
	})

	// Requests that succeed once, each success followed by a fresh assignment.
	freshAssignment := func(submitted bool) func() (string, string) {
		return func() (string, string) {
			ks := w.conflicts()
			taken := map[[2]int64]bool{}
			for _, x := range w.assignments(w.desk) {
				taken[[2]int64{x.EntryID, x.JudgeID}] = true
			}
			for _, j := range w.judges[1:] {
				for _, e := range w.entries {
					if taken[[2]int64{e.ID, j.ID}] || w.conflicted(ks, j.ID, e.ID) {
						continue
					}
					id := w.assign(e.ID, j.ID)
					if submitted {
						w.score(j.Tok, id, 6, true)
					}
					return jgAssignmentPath(id), j.Tok
				}
			}
			t.Fatalf("no free pair left")
			return "", ""
		}
	}
	sub := func(f func() (string, string), rest ...string) func() (string, string) {
		return func() (string, string) {
			p, tok := f()
			return p + jgRest(rest), tok
		}
	}
	for _, own := range []bool{false, true} {
		who, deleteJudge, recuseJudge, reopenJudge := "a judge of the competition", 404, 404, 404
		if own {
			who, deleteJudge, recuseJudge, reopenJudge = "the assigned judge", 403, 200, 403
		}
		jgFreshCase(t, s, base, "delete as "+who, own, freshAssignment(false), "DELETE", nil,
			map[string]int{"anonymous": 401, "participant": 404, "judge": deleteJudge, "organizer": 204, "admin": 204})
		jgFreshCase(t, s, base, "recuse as "+who, own, sub(freshAssignment(false), "recuse"), "POST", map[string]any{"reason": "Konflik"},
			map[string]int{"anonymous": 401, "participant": 404, "judge": recuseJudge, "organizer": 403, "admin": 403})
		jgFreshCase(t, s, base, "reopen as "+who, own, sub(freshAssignment(true), "scorecard", "reopen"), "POST", map[string]any{"reason": "Salah input"},
			map[string]int{"anonymous": 401, "participant": 404, "judge": reopenJudge, "organizer": 200, "admin": 200})
	}

	// An organizer who does not organize this competition is an outsider here:
	// 403 on what they can see (an open competition, its rounds), 404 on assignments.
	_, outsiderTok := s.User(models.RoleOrganizer, nil)
	outsider := func(method, path string, body any, status int) reqCase {
		return reqCase{name: caseName(method, path) + " as an outside organizer", method: method, path: path, token: outsiderTok, body: body, status: status}
	}
	runCases(t, s, []reqCase{
		outsider("GET", w.roundPath(w.desk, "assignments"), nil, 403),
		outsider("POST", w.roundPath(w.desk, "assignments", "auto"), nil, 403),
		outsider("POST", w.roundPath(w.desk, "assignments"), map[string]any{"entry_id": w.entries[1].ID, "judge_id": j1.ID}, 403),
		outsider("GET", w.compPath("conflicts"), nil, 403),
		outsider("POST", w.compPath("conflicts"), map[string]any{"judge_id": j1.ID, "organization_id": w.opds[2].ID, "reason": "x"}, 403),
		outsider("GET", jgAssignmentPath(a, "scorecard"), nil, 404),
		outsider("POST", jgAssignmentPath(a, "scorecard", "reopen"), map[string]any{"reason": "x"}, 404),
		outsider("POST", jgAssignmentPath(a, "recuse"), map[string]any{"reason": "x"}, 404),
		outsider("DELETE", jgAssignmentPath(a), nil, 404),
		outsider("GET", w.compPath("stats"), nil, 403),
	})
}
