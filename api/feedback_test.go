package api_test

import (
	"strings"
	"testing"
)

// TestJuryFeedback: once the organizer releases a closed round's notes, the
// entry's OPD reads per criterion the mean and the comments, and the judges'
// general notes, never a judge's name; before that, and for everyone else,
// there is nothing to read.
func TestJuryFeedback(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1}})
	e := w.entries[0]
	owner := w.entrants[e.OPD]
	for i, j := range w.judges {
		a := w.assign(e.ID, j.ID)
		w.score(j.Tok, a, float64(6+2*i), true) // 6 and 8 on every criterion
	}
	path := entryPath(e.ID, "feedback")
	var fb struct {
		EntryID int64 `json:"entry_id"`
		Rounds  []struct {
			RoundID   int64    `json:"round_id"`
			Judges    int      `json:"judges"`
			TotalMean *float64 `json:"total_mean"`
			Criteria  []struct {
				Key      string   `json:"key"`
				Mean     *float64 `json:"mean"`
				Comments []string `json:"comments"`
			} `json:"criteria"`
			Notes []string `json:"notes"`
		} `json:"rounds"`
	}
	w.s.Must(200, "GET", path, owner.Tok, nil).JSON(t, &fb)
	if fb.EntryID != e.ID || len(fb.Rounds) != 0 {
		t.Fatalf("feedback before release: %+v", fb)
	}
	round := "/api/v1/rounds/" + itoa(w.desk)
	expect(t, w.s.Do("PATCH", round, w.r.OrganizerTok, map[string]any{"feedback_released": true}), 409, "conflict",
		"releasing while the round is open")
	expect(t, w.s.Do("PATCH", "/api/v1/rounds/"+itoa(w.screening), w.r.OrganizerTok, map[string]any{"feedback_released": true}),
		422, "validation_failed", "releasing a screening round")
	expect(t, w.s.Do("PATCH", round, w.judges[0].Tok, map[string]any{"status": "closed", "feedback_released": true}), 403, "forbidden",
		"a judge releasing")
	r := w.s.Must(200, "PATCH", round, w.r.OrganizerTok, map[string]any{"status": "closed", "feedback_released": true}).Map(t)
	if r["feedback_released"] != true || r["feedback_released_at"] == nil {
		t.Fatalf("released round %v", r)
	}

	res := w.s.Must(200, "GET", path, owner.Tok, nil)
	res.JSON(t, &fb)
	if len(fb.Rounds) != 1 || fb.Rounds[0].RoundID != w.desk || fb.Rounds[0].Judges != 2 || fb.Rounds[0].TotalMean == nil ||
		*fb.Rounds[0].TotalMean != 70 {
		t.Fatalf("released feedback %s", res.Body)
	}
	for _, c := range fb.Rounds[0].Criteria {
		if c.Mean == nil || *c.Mean != 7 || len(c.Comments) != 2 || c.Comments[0] != "Catatan "+c.Key {
			t.Errorf("criterion %s: %+v", c.Key, c)
		}
	}
	if len(fb.Rounds[0].Notes) != 2 {
		t.Errorf("notes %v", fb.Rounds[0].Notes)
	}
	for _, j := range w.judges {
		if strings.Contains(string(res.Body), j.Name) || strings.Contains(string(res.Body), j.Email) {
			t.Fatalf("the feedback names judge %s: %s", j.Name, res.Body)
		}
	}
	w.s.Must(200, "GET", path, w.r.OrganizerTok, nil)
	expect(t, w.s.Do("GET", path, w.judges[0].Tok, nil), 403, "forbidden", "a judge reading the feedback")
	expect(t, w.s.Do("GET", path, w.entrants[1].Tok, nil), 404, "not_found", "another OPD reading the feedback")
	expect(t, w.s.Do("GET", path, "", nil), 401, "unauthorized", "anonymous")

	// Taken back, it is gone again.
	w.s.Must(200, "PATCH", round, w.r.OrganizerTok, map[string]any{"feedback_released": false})
	w.s.Must(200, "GET", path, owner.Tok, nil).JSON(t, &fb)
	if len(fb.Rounds) != 0 {
		t.Fatalf("feedback after taking it back: %+v", fb)
	}
}
