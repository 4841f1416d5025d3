package api_test

import (
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// TestRemovedJudgeLosesAccess: a judge taken off the jury no longer reads
// the entries, scores, or counts in the ranking.
func TestRemovedJudgeLosesAccess(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1}})
	gone, stays := w.judges[0], w.judges[1]
	a := w.assign(w.entries[0].ID, gone.ID)
	w.score(gone.Tok, a, 10, true)
	b := w.assign(w.entries[0].ID, stays.ID)
	w.score(stays.Tok, b, 4, true)

	w.s.Must(204, "DELETE", w.compPath("members", itoa(gone.ID)), w.r.OrganizerTok, nil)
	runCases(t, w.s, []reqCase{
		{name: "removed judge reads the entry", method: "GET", path: "/api/v1/entries/" + itoa(w.entries[0].ID), token: gone.Tok, status: 404},
		{name: "removed judge scores", method: "PUT", path: jgAssignmentPath(a, "scorecard"), token: gone.Tok,
			body: map[string]any{"version": 2, "scores": w.scores(1, 9)}, status: 404},
	})
	rank := w.s.Must(200, "GET", w.roundPath(w.desk, "ranking"), w.r.OrganizerTok, nil).Map(t)
	for _, e := range rank["entries"].([]any) {
		entry := e.(map[string]any)
		if testenv.ID(t, entry["entry_id"]) == w.entries[0].ID && entry["score"] != float64(40) {
			t.Errorf("the removed judge still counts: score %v, want 40", entry["score"])
		}
	}
}

// TestDemotedOrganizerLosesRights: an organizer made a participant by an
// admin keeps the membership row but none of its rights.
func TestDemotedOrganizerLosesRights(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1}})
	judge := w.judges[0]
	a := w.assign(w.entries[0].ID, judge.ID)
	org := w.r.Organizer
	w.s.Must(200, "PATCH", "/api/v1/users/"+itoa(org.ID), w.r.AdminTok, map[string]any{"role": "participant", "organization_id": w.opds[0].ID})
	tok := w.s.Token(org)
	var cases []reqCase
	for _, c := range []struct{ method, path string }{
		{"GET", w.compPath("stats")},
		{"GET", w.roundPath(w.desk, "ranking")},
		{"GET", w.compPath("audit")},
		{"POST", "/api/v1/entries/" + itoa(w.entries[0].ID) + "/screen"},
	} {
		cases = append(cases, reqCase{name: caseName(c.method, c.path) + " by a demoted organizer", method: c.method, path: c.path, token: tok,
			body: map[string]any{"decision": "ineligible", "reason": "x"}, status: 403})
	}
	runCases(t, w.s, cases)
	// A judge turned participant can no longer score.
	w.s.Must(200, "PATCH", "/api/v1/users/"+itoa(judge.ID), w.r.AdminTok, map[string]any{"role": "participant", "organization_id": w.opds[0].ID})
	if res := w.s.Do("PUT", jgAssignmentPath(a, "scorecard"), w.s.Token(judge.User), map[string]any{"version": 0, "scores": w.scores(1, 5)}); res.Code != 404 && res.Code != 403 {
		t.Errorf("a judge turned participant scores: %d", res.Code)
	}
}
