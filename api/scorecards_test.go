package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/store"
)

// scorecardOf reads a scorecard as tok.
func (w *judgingWorld) scorecardOf(tok string, assignmentID int64) jgScorecard {
	w.t.Helper()
	var sc jgScorecard
	w.s.Must(200, "GET", jgAssignmentPath(assignmentID, "scorecard"), tok, nil).JSON(w.t, &sc)
	return sc
}

// put saves a scorecard and returns the answer.
func (w *judgingWorld) put(tok string, assignmentID int64, version int, scores []map[string]any, comment string) *testenv.Response {
	return w.s.Do("PUT", jgAssignmentPath(assignmentID, "scorecard"), tok, map[string]any{"version": version, "scores": scores, "comment": comment})
}

// jgCurrent decodes error.current of a 409.
func jgCurrent(t *testing.T, res *testenv.Response) jgScorecard {
	t.Helper()
	var e struct {
		Error struct {
			Current *jgScorecard `json:"current"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	if e.Error.Current == nil {
		t.Fatalf("409 without error.current: %s", res.Body)
	}
	return *e.Error.Current
}

// storedScores reads, straight from the database, the score rows of an
// assignment's scorecard as criterion id -> value (NaN for none).
func (w *judgingWorld) storedScores(assignmentID int64) map[int64]float64 {
	w.t.Helper()
	var rows []struct {
		CriterionID int64
		Value       *float64
	}
	err := w.s.Store.DB().Table("scores").Select("scores.criterion_id, scores.value").
		Joins("JOIN scorecards sc ON sc.id = scores.scorecard_id").Where("sc.assignment_id = ?", assignmentID).Scan(&rows).Error
	if err != nil {
		w.t.Fatalf("read scores: %v", err)
	}
	out := map[int64]float64{}
	for _, r := range rows {
		out[r.CriterionID] = math.NaN()
		if r.Value != nil {
			out[r.CriterionID] = *r.Value
		}
	}
	return out
}

// values maps a scorecard's scores to criterion id -> value (NaN for none).
func (sc jgScorecard) values() map[int64]float64 {
	out := map[int64]float64{}
	for _, s := range sc.Scores {
		out[s.CriterionID] = math.NaN()
		if s.Value != nil {
			out[s.CriterionID] = *s.Value
		}
	}
	return out
}

func jgSameValues(a, b map[int64]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		u, ok := b[k]
		if !ok || (v != u && !(math.IsNaN(v) && math.IsNaN(u))) {
			return false
		}
	}
	return true
}

// rubricBody is the desk round's rubric as PUT /rounds/:id/criteria takes it.
func (w *judgingWorld) rubricBody() []map[string]any {
	return testenv.List(w.t, w.s.Must(200, "GET", w.roundPath(w.desk, "criteria"), w.r.OrganizerTok, nil))
}

func TestScorecardLifecycle(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1}})
	s, org := w.s, w.r.OrganizerTok
	j1, j2 := w.judges[0], w.judges[1]
	a1 := w.assign(w.entries[0].ID, j1.ID)
	w.assign(w.entries[0].ID, j2.ID)

	// Before any score the rubric may still change (this gives the criteria new ids).
	w.wantRubricFrozen(org, false, false)
	s.Must(200, "PUT", w.roundPath(w.desk, "criteria"), org, w.rubricBody())
	w.readCriteria()
	c := w.crit
	for _, cr := range c {
		if cr.MinScore != 0 || cr.MaxScore != 10 || cr.Step != 0.5 {
			t.Fatalf("the KIPP desk rubric: %+v", cr)
		}
	}

	// A new scorecard.
	sc := w.scorecardOf(j1.Tok, a1)
	if sc.AssignmentID != a1 || sc.Status != "pending" || sc.Version != 0 || len(sc.Scores) != 0 || sc.Total != nil || sc.Complete {
		t.Fatalf("new scorecard %+v", sc)
	}

	// First save: version 0 -> 1, a half point is fine where the step is 0.5.
	res := s.Must(200, "PUT", jgAssignmentPath(a1, "scorecard"), j1.Tok, map[string]any{
		"version": 0, "scores": []map[string]any{{"criterion_id": c[0].ID, "value": 7.5, "comment": "Masalah jelas"}}, "comment": "Draf pertama"})
	res.JSON(t, &sc)
	if sc.Status != "draft" || sc.Version != 1 || len(sc.Scores) != 1 || sc.Scores[0].CriterionID != c[0].ID || sc.Scores[0].Value == nil ||
		*sc.Scores[0].Value != 7.5 || sc.Scores[0].Comment != "Masalah jelas" || sc.Scores[0].Key != c[0].Key || sc.Comment != "Draf pertama" {
		t.Fatalf("after the first save %+v", sc)
	}
	if sc.Total == nil || math.Abs(*sc.Total-c[0].Weight*0.75) > 1e-9 {
		t.Errorf("total %v, want %v", sc.Total, c[0].Weight*0.75)
	}
	// Second save with the version just read: 1 -> 2.
	res = w.put(j1.Tok, a1, 1, []map[string]any{{"criterion_id": c[0].ID, "value": 8}, {"criterion_id": c[1].ID, "value": 6.5}}, "Draf kedua")
	jgExpect(t, res, 200, "", "second save")
	res.JSON(t, &sc)
	if sc.Version != 2 || !jgSameValues(sc.values(), map[int64]float64{c[0].ID: 8, c[1].ID: 6.5}) {
		t.Fatalf("after the second save %+v", sc)
	}

	// A stale version: 409 "conflict" with the scorecard as it is now; nothing changes.
	for _, stale := range []int{0, 1, 3} {
		w.run(t, fmt.Sprintf("save with stale version %d", stale), func(t *testing.T) {
			res := w.put(j1.Tok, a1, stale, []map[string]any{{"criterion_id": c[0].ID, "value": 1}}, "dari tab lama")
			jgExpect(t, res, 409, "conflict", fmt.Sprintf("save with stale version %d", stale))
			if res.Code == 409 {
				cur := jgCurrent(t, res)
				if cur.Version != 2 || cur.Status != "draft" || cur.Comment != "Draf kedua" || !jgSameValues(cur.values(), sc.values()) {
					t.Errorf("error.current %+v, want version 2", cur)
				}
			}
		})
	}

	// Values the rubric does not allow; field "" is a 422 that names no field.
	refused := func(name string, body map[string]any, field string) reqCase {
		return reqCase{name: name, method: "PUT", path: jgAssignmentPath(a1, "scorecard"), token: j1.Tok, body: body,
			status: 422, code: "validation_failed", field: field}
	}
	score := func(v ...any) []map[string]any {
		out := []map[string]any{}
		for i := 0; i < len(v); i += 2 {
			out = append(out, map[string]any{"criterion_id": v[i], "value": v[i+1]})
		}
		return out
	}
	runCases(t, s, []reqCase{
		refused("above the maximum", map[string]any{"version": 2, "scores": score(c[0].ID, 10.5)}, "scores[0].value"),
		refused("below the minimum", map[string]any{"version": 2, "scores": score(c[0].ID, -0.5)}, "scores[0].value"),
		refused("a quarter point", map[string]any{"version": 2, "scores": score(c[0].ID, 7.25)}, "scores[0].value"),
		refused("second value bad", map[string]any{"version": 2, "scores": score(c[0].ID, 5, c[1].ID, 11)}, "scores[1].value"),
		refused("unknown criterion", map[string]any{"version": 2, "scores": score(999999, 5)}, "scores[0].criterion_id"),
		refused("the same twice", map[string]any{"version": 2, "scores": score(c[0].ID, 5, c[0].ID, 6)}, "scores[1].criterion_id"),
		refused("no version", map[string]any{"scores": score(c[0].ID, 5)}, "version"),
		refused("value not a number", map[string]any{"version": 2, "scores": score(c[0].ID, "tujuh")}, ""),
		refused("criterion elsewhere", map[string]any{"version": 2, "scores": score(w.presentationCriterion(), 5)}, "scores[0].criterion_id"),
	})
	if now := w.scorecardOf(j1.Tok, a1); now.Version != 2 || !jgSameValues(now.values(), sc.values()) {
		t.Fatalf("refused saves changed the scorecard: %+v", now)
	}

	// A save replaces the scores at once: exactly what was sent is stored.
	all := []map[string]any{}
	want := map[int64]float64{}
	for i, cr := range c {
		v := []float64{0, 10, 5.5, 3, 9.5, 4, 7}[i]
		all = append(all, map[string]any{"criterion_id": cr.ID, "value": v, "comment": "Aspek " + cr.Key})
		want[cr.ID] = v
	}
	jgExpect(t, w.put(j1.Tok, a1, 2, all, "Lengkap"), 200, "", "save of every criterion")
	if got := w.storedScores(a1); !jgSameValues(got, want) {
		t.Fatalf("stored %v, want %v", got, want)
	}
	two := []map[string]any{{"criterion_id": c[3].ID, "value": 2}, {"criterion_id": c[5].ID, "value": nil, "comment": "Belum yakin"}}
	res = w.put(j1.Tok, a1, 3, two, "Dua saja")
	jgExpect(t, res, 200, "", "save of two criteria")
	want = map[int64]float64{c[3].ID: 2, c[5].ID: math.NaN()}
	if got := w.storedScores(a1); !jgSameValues(got, want) {
		t.Fatalf("stored after saving two %v, want exactly %v", got, want)
	}
	sc = w.scorecardOf(j1.Tok, a1)
	if sc.Version != 4 || !jgSameValues(sc.values(), want) || sc.Comment != "Dua saja" || sc.Complete {
		t.Fatalf("scorecard after saving two %+v", sc)
	}

	// Submitting needs a value for every criterion.
	res = s.Do("POST", jgAssignmentPath(a1, "scorecard", "submit"), j1.Tok, nil)
	jgExpect(t, res, 422, "validation_failed", "submit with missing criteria")
	if res.Code == 422 {
		f := jgFields(t, res)
		for _, cr := range c {
			if _, named := f["scores."+cr.Key]; named == (cr.ID == c[3].ID) {
				t.Errorf("submit with missing criteria: fields %v (criterion %s)", f, cr.Key)
			}
		}
	}
	if now := w.scorecardOf(j1.Tok, a1); now.Status != "draft" || now.Version != 4 {
		t.Fatalf("a refused submit changed the scorecard: %+v", now)
	}

	// Complete it, then submit: it is locked.
	jgExpect(t, w.put(j1.Tok, a1, 4, w.scores(7, 8), "Siap"), 200, "", "complete save")
	sc = w.scorecardOf(j1.Tok, a1)
	if !sc.Complete || sc.Total == nil || math.Abs(*sc.Total-80) > 1e-9 {
		t.Errorf("complete scorecard %+v, total want 80", sc)
	}
	jgExpect(t, s.Do("POST", jgAssignmentPath(a1, "scorecard", "submit"), j1.Tok, map[string]any{"version": 3}), 409, "conflict", "submit with a stale version")
	res = s.Do("POST", jgAssignmentPath(a1, "scorecard", "submit"), j1.Tok, map[string]any{"version": 5})
	jgExpect(t, res, 200, "", "submit")
	res.JSON(t, &sc)
	if sc.Status != "submitted" || sc.Version != 6 || sc.SubmittedAt == nil {
		t.Fatalf("submitted %+v", sc)
	}
	res = w.put(j1.Tok, a1, 6, w.scores(7, 9), "ubah")
	jgExpect(t, res, 409, "conflict", "save after submit")
	if res.Code == 409 {
		if cur := jgCurrent(t, res); cur.Status != "submitted" || cur.Version != 6 {
			t.Errorf("error.current after submit %+v", cur)
		}
	}
	jgExpect(t, s.Do("POST", jgAssignmentPath(a1, "scorecard", "submit"), j1.Tok, nil), 409, "conflict", "submit twice")

	// Reopening is the organizers' business, with a reason.
	reopen := jgAssignmentPath(a1, "scorecard", "reopen")
	runCases(t, s, []reqCase{
		{name: "reopen by the judge", method: "POST", path: reopen, token: j1.Tok, body: map[string]any{"reason": "Saya salah ketik"},
			status: 403, code: "forbidden"},
		{name: "reopen without a reason", method: "POST", path: reopen, token: org, body: map[string]any{},
			status: 422, code: "validation_failed", field: "reason"},
		{name: "reopen with a blank reason", method: "POST", path: reopen, token: org, body: map[string]any{"reason": "  "},
			status: 422, code: "validation_failed", field: "reason"},
	})
	const reason = "Juri melaporkan salah ketik pada aspek signifikansi"
	res = s.Do("POST", jgAssignmentPath(a1, "scorecard", "reopen"), org, map[string]any{"reason": reason})
	jgExpect(t, res, 200, "", "reopen")
	res.JSON(t, &sc)
	if sc.Status != "draft" || sc.Version != 7 || sc.SubmittedAt != nil {
		t.Fatalf("reopened %+v", sc)
	}
	jgExpect(t, s.Do("POST", jgAssignmentPath(a1, "scorecard", "reopen"), org, map[string]any{"reason": reason}), 409, "conflict", "reopen a draft")
	rows, _, err := s.Store.AuditLog(context.Background(), store.CompetitionScope(w.comp), store.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	logged := false
	for _, row := range rows {
		var d map[string]any
		_ = json.Unmarshal([]byte(row.Details), &d)
		if row.Action == "scorecard.reopen" && row.ObjectID == a1 && d["reason"] == reason && row.ActorID != nil && *row.ActorID == w.r.Organizer.ID {
			logged = true
		}
	}
	if !logged {
		t.Errorf("the reopen reason is not in the audit log")
	}
	jgExpect(t, w.put(j1.Tok, a1, 7, w.scores(7, 9), "Diperbaiki"), 200, "", "save after reopening")

	// Another judge cannot see this scorecard; the organizer can, but not score.
	var others []reqCase
	for _, call := range [][2]string{{"GET", ""}, {"PUT", ""}, {"POST", "submit"}} {
		p := jgAssignmentPath(a1, "scorecard")
		if call[1] != "" {
			p += "/" + call[1]
		}
		others = append(others, reqCase{name: caseName(call[0], p) + " by another judge", method: call[0], path: p, token: j2.Tok,
			body: map[string]any{"version": 8, "scores": []any{}}, status: 404, code: "not_found"})
	}
	runCases(t, s, others)
	if got := w.scorecardOf(org, a1); got.Version != 8 || got.Status != "draft" || !jgSameValues(got.values(), w.scorecardOf(j1.Tok, a1).values()) {
		t.Errorf("the organizer reads %+v", got)
	}
	w.scorecardOf(w.r.AdminTok, a1)
	jgExpect(t, w.put(org, a1, 8, w.scores(7, 1), "bukan juri"), 403, "forbidden", "the organizer scoring")

	// Scores exist: the rubric is frozen, and the round says so before anyone tries.
	w.wantRubricFrozen(org, true, false)
	w.wantRubricFrozen(w.r.AdminTok, true, false)
	w.wantRubricFrozen(j2.Tok, false, false) // a judge is not told that scoring began
	before := w.rubricBody()
	jgExpect(t, s.Do("PUT", w.roundPath(w.desk, "criteria"), org, before), 409, "conflict", "rubric change after scoring")
	if after := w.rubricBody(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused rubric change changed the rubric")
	}
}

// wantRubricFrozen checks rubric_frozen of the desk and presentation rounds,
// read one by one and in the competition's list.
func (w *judgingWorld) wantRubricFrozen(tok string, desk, presentation bool) {
	w.t.Helper()
	want := map[int64]bool{w.desk: desk, w.presentation: presentation}
	for id, frozen := range want {
		var r struct {
			RubricFrozen bool `json:"rubric_frozen"`
		}
		w.s.Must(200, "GET", w.roundPath(id), tok, nil).JSON(w.t, &r)
		if r.RubricFrozen != frozen {
			w.t.Errorf("round %d: rubric_frozen %v, want %v", id, r.RubricFrozen, frozen)
		}
	}
	var list struct {
		Items []struct {
			ID           int64 `json:"id"`
			RubricFrozen bool  `json:"rubric_frozen"`
		} `json:"items"`
	}
	w.s.Must(200, "GET", "/api/v1/competitions/"+itoa(w.comp)+"/rounds", tok, nil).JSON(w.t, &list)
	for _, r := range list.Items {
		if f, ok := want[r.ID]; ok && r.RubricFrozen != f {
			w.t.Errorf("the list: round %d rubric_frozen %v, want %v", r.ID, r.RubricFrozen, f)
		}
	}
}

// presentationCriterion is a criterion of another round of the competition.
func (w *judgingWorld) presentationCriterion() int64 {
	items := testenv.List(w.t, w.s.Must(200, "GET", w.roundPath(w.presentation, "criteria"), w.r.OrganizerTok, nil))
	return testenv.ID(w.t, items[0]["id"])
}

func TestScorecardRoundWindowAndStatus(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1}})
	s, org := w.s, w.r.OrganizerTok
	j := w.judges[0]
	a := w.assign(w.entries[0].ID, j.ID)
	version := 0
	save := func() *testenv.Response { return w.put(j.Tok, a, version, w.scores(7, 6), "") }
	submit := jgAssignmentPath(a, "scorecard", "submit")

	// The round opens in five minutes and closes in ten (the access tokens
	// live fifteen, so the clock can move without signing in again).
	now := s.Clock.Now()
	opens, closes := now.Add(5*time.Minute), now.Add(10*time.Minute)
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"opens_at": opens.Format(time.RFC3339), "closes_at": closes.Format(time.RFC3339)})
	runCases(t, s, []reqCase{
		{name: "save before the round opens", send: save, status: 409, code: "deadline_passed"},
		{name: "submit before the round opens", method: "POST", path: submit, token: j.Tok, status: 409, code: "deadline_passed"},
	})

	s.Clock.Set(opens)
	jgExpect(t, save(), 200, "", "save as the round opens")
	version++
	s.Clock.Set(closes.Add(-time.Second))
	jgExpect(t, save(), 200, "", "save just before the round closes")
	version++
	s.Clock.Set(closes)
	runCases(t, s, []reqCase{
		{name: "save as the round closes", send: save, status: 409, code: "deadline_passed"},
		{name: "submit after the round closed", method: "POST", path: submit, token: j.Tok, status: 409, code: "deadline_passed"},
	})
	if sc := w.scorecardOf(j.Tok, a); sc.Version != 2 || sc.Status != "draft" {
		t.Fatalf("refused saves changed the scorecard: %+v", sc)
	}

	// No window at all: scoring is open while the round is.
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"opens_at": nil, "closes_at": nil})
	jgExpect(t, save(), 200, "", "save without a window")
	version++

	// A closed round takes no scores, whatever the time.
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"status": "closed"})
	runCases(t, s, []reqCase{
		{name: "save in a closed round", send: save, status: 409, code: "conflict"},
		{name: "submit in a closed round", method: "POST", path: submit, token: j.Tok, status: 409, code: "conflict"},
	})
	s.Must(200, "PATCH", w.roundPath(w.desk), org, map[string]any{"status": "open"})
	jgExpect(t, save(), 200, "", "save after the round opened again")
	s.Must(200, "POST", jgAssignmentPath(a, "scorecard", "submit"), j.Tok, nil)
}

// TestScorecardRubricFreeze: the rubric can change until a judge has scored.
// A scorecard holding only comments must not break the rubric change (500):
// either the change is refused (409) or it goes through cleanly.
func TestScorecardRubricFreeze(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1}})
	s, org := w.s, w.r.OrganizerTok
	j := w.judges[0]
	a := w.assign(w.entries[0].ID, j.ID)

	s.Must(200, "PUT", w.roundPath(w.desk, "criteria"), org, w.rubricBody())
	w.readCriteria()

	// A draft with a comment and no value yet.
	jgExpect(t, w.put(j.Tok, a, 0, []map[string]any{{"criterion_id": w.crit[0].ID, "value": nil, "comment": "Perlu dibaca ulang"}}, "Awal"),
		200, "", "save of a comment without a value")
	res := s.Do("PUT", w.roundPath(w.desk, "criteria"), org, w.rubricBody())
	if res.Code != 200 && res.Code != 409 {
		t.Errorf("rubric change while a scorecard holds only comments: %d %s, want 200 or 409", res.Code, res.Body)
	}
	if res.Code == 200 {
		w.readCriteria()
		sc := w.scorecardOf(j.Tok, a)
		for _, x := range sc.Scores {
			found := false
			for _, cr := range w.crit {
				found = found || cr.ID == x.CriterionID
			}
			if !found {
				t.Errorf("the scorecard keeps a score for criterion %d, which the new rubric does not have", x.CriterionID)
			}
		}
	}

	// A value: frozen.
	w.readCriteria()
	sc := w.scorecardOf(j.Tok, a)
	jgExpect(t, w.put(j.Tok, a, sc.Version, w.scores(1, 5), ""), 200, "", "save of a value")
	jgExpect(t, s.Do("PUT", w.roundPath(w.desk, "criteria"), org, w.rubricBody()), 409, "conflict", "rubric change after a value")
}

// TestScorecardConcurrentSaves: many tabs save the same version at once.
// Exactly one wins; the others get 409 "conflict"; the stored scores are
// exactly the winner's, never a mix.
func TestScorecardConcurrentSaves(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1}})
	j := w.judges[0]
	a := w.assign(w.entries[0].ID, j.ID)

	for _, version := range []int{0, 1} {
		const tabs = 8
		var wg sync.WaitGroup
		codes := make([]int, tabs)
		bodies := make([]string, tabs)
		sent := make([]map[int64]float64, tabs)
		for i := 0; i < tabs; i++ {
			scores := []map[string]any{}
			sent[i] = map[int64]float64{}
			for k := 0; k <= i%len(w.crit); k++ {
				v := float64(i) + 0.5
				scores = append(scores, map[string]any{"criterion_id": w.crit[k].ID, "value": v})
				sent[i][w.crit[k].ID] = v
			}
			wg.Add(1)
			go func(i int, scores []map[string]any) {
				defer wg.Done()
				res := w.put(j.Tok, a, version, scores, fmt.Sprintf("tab %d", i))
				codes[i], bodies[i] = res.Code, res.ErrorCode()
			}(i, scores)
		}
		wg.Wait()
		winners := []int{}
		for i, c := range codes {
			switch {
			case c == 200:
				winners = append(winners, i)
			case c == 409 && bodies[i] == "conflict":
			default:
				t.Errorf("version %d, tab %d: %d %s", version, i, c, bodies[i])
			}
		}
		sort.Ints(winners)
		if len(winners) != 1 {
			t.Fatalf("version %d: %d saves won (%v), want exactly 1; codes %v", version, len(winners), winners, codes)
		}
		win := winners[0]
		sc := w.scorecardOf(j.Tok, a)
		if sc.Version != version+1 || sc.Comment != fmt.Sprintf("tab %d", win) || !jgSameValues(sc.values(), sent[win]) {
			t.Errorf("version %d: scorecard %+v, want the winner's (tab %d) %v", version, sc, win, sent[win])
		}
		if got := w.storedScores(a); !jgSameValues(got, sent[win]) {
			t.Errorf("version %d: stored %v, want exactly the winner's %v", version, got, sent[win])
		}
		if !strings.Contains(fmt.Sprint(codes), "409") {
			t.Errorf("version %d: no save was refused: %v", version, codes)
		}
	}
}

// TestScoringAWithdrawnEntryIsRefused: once the OPD withdraws an entry, its
// judges can no longer score it, and it leaves the ranking.
func TestScoringAWithdrawnEntryIsRefused(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1}})
	judge := w.judges[0]
	a := w.assign(w.entries[0].ID, judge.ID)
	// The other entry is fully scored, then withdrawn: its submitted card
	// must not stop the round from being ranked.
	scored := w.assign(w.entries[1].ID, judge.ID)
	w.score(judge.Tok, scored, 7, true)
	w.s.Must(200, "POST", "/api/v1/entries/"+itoa(w.entries[1].ID)+"/withdraw", w.entrants[w.entries[1].OPD].Tok, nil)
	w.s.Must(200, "GET", w.roundPath(w.desk, "ranking"), w.r.OrganizerTok, nil)
	w.s.Must(200, "POST", "/api/v1/entries/"+itoa(w.entries[0].ID)+"/withdraw", w.entrants[w.entries[0].OPD].Tok, nil)
	res := w.s.Do("PUT", jgAssignmentPath(a, "scorecard"), judge.Tok, map[string]any{"version": 0, "scores": w.scores(1, 5)})
	jgExpect(t, res, 409, "conflict", "scoring a withdrawn entry")
	rank := w.s.Must(200, "GET", w.roundPath(w.desk, "ranking"), w.r.OrganizerTok, nil).Map(t)
	for _, e := range rank["entries"].([]any) {
		if id := int64(e.(map[string]any)["entry_id"].(float64)); id == w.entries[0].ID || id == w.entries[1].ID {
			t.Fatal("a withdrawn entry is still ranked")
		}
	}
}
