package api_test

import (
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// TestBlindScoringPublicationWithholdsNames: a blind competition's desk
// round, published while the presentation round is still to be scored,
// names no OPD (before, only screening publications withheld them); the same
// story in an open competition names them.
func TestBlindScoringPublicationWithholdsNames(t *testing.T) {
	for _, blind := range []bool{true, false} {
		t.Run(map[bool]string{true: "blind", false: "open"}[blind], func(t *testing.T) {
			w := newJudgingWorld(t, jgSpec{blind: blind, opds: 2, perOPD: 1, judges: []int{-1}})
			judge := w.judges[0]
			for _, e := range w.entries {
				w.score(judge.Tok, w.assign(e.ID, judge.ID), 7, true)
			}
			res := w.s.Must(201, "POST", w.roundPath(w.desk, "publish"), w.r.OrganizerTok, map[string]any{"title": "Hasil penilaian proposal"}).Map(t)
			if res["organizations_withheld"] != blind {
				t.Fatalf("organizations_withheld = %v in a blind=%v competition", res["organizations_withheld"], blind)
			}
			body := string(w.s.Must(200, "GET", "/api/v1/public/publications/"+itoa(testenv.ID(t, res["id"])), "", nil).Body)
			for _, o := range w.opds {
				if strings.Contains(body, o.Name) == blind {
					t.Errorf("the desk publication names %s: %v, want %v", o.Name, !blind, !blind)
				}
			}
		})
	}
}
