package api_test

import (
	"slices"
	"testing"
)

// POST /rounds/:id/advance with dry_run previews who advances: the same
// choice as the advance, and nothing written.
func TestAdvancePreview(t *testing.T) {
	w := newResWorld(t, resSpec{})
	auditRows := func() int64 {
		var n int64
		if err := w.s.Store.DB().Table("audit_log").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	dry := func(body map[string]any) map[string]any {
		body["dry_run"] = true
		return body
	}
	statuses := func() []string {
		var out []string
		for i := range 5 {
			out = append(out, w.status(i))
		}
		return out
	}
	before, audited := statuses(), auditRows()
	// Top 2 overall: E1 (97) and E3 (80); per category: E1 (A), E2 (B);
	// at or above 75: E1, E3, E2.
	for _, c := range []struct {
		name string
		body map[string]any
		want []int64
	}{
		{"top 2", map[string]any{"top_n": 2}, w.ids(0, 2)},
		{"first of each category", map[string]any{"per_category_top_n": 1}, w.ids(0, 1)},
		{"passing score 75", map[string]any{"passing_score": 75}, w.ids(0, 2, 1)},
		{"round's own top N (1)", map[string]any{}, w.ids(0)},
	} {
		w.run(t, c.name, func(t *testing.T) {
			res := w.s.Must(200, "POST", resRoundPath(w.desk, "advance"), w.r.OrganizerTok, dry(c.body))
			var a resAdvance
			res.JSON(t, &a)
			if !slices.Equal(a.Advanced, c.want) || a.Added != len(c.want) || a.NextRoundID != w.presentation || res.Map(t)["dry_run"] != true {
				t.Errorf("preview %s, want advanced %v, added %d, next %d, dry_run", res.Body, c.want, len(c.want), w.presentation)
			}
		})
	}
	w.run(t, "nothing written", func(t *testing.T) {
		if got := w.roundEntries(w.presentation); len(got) != 0 {
			t.Errorf("the presentation round holds %v after previews", got)
		}
		if got := statuses(); !slices.Equal(got, before) {
			t.Errorf("statuses %v after previews, were %v", got, before)
		}
		if audited == 0 {
			t.Errorf("the set-up wrote no audit rows: the count proves nothing")
		}
		if n := auditRows(); n != audited {
			t.Errorf("previews wrote %d audit rows", n-audited)
		}
	})
	w.run(t, "the advance does what the preview said", func(t *testing.T) {
		a := w.advance(w.desk, map[string]any{"top_n": 2})
		if !slices.Equal(a.Advanced, w.ids(0, 2)) || a.Added != 2 {
			t.Errorf("advance %+v", a)
		}
		// A second preview: the same entries, none of them new.
		var again resAdvance
		w.s.Must(200, "POST", resRoundPath(w.desk, "advance"), w.r.OrganizerTok, dry(map[string]any{"top_n": 3})).JSON(t, &again)
		if !slices.Equal(again.Advanced, w.ids(0, 2, 1)) || again.Added != 1 {
			t.Errorf("preview after advancing %+v, want E1, E3, E2 with 1 new", again)
		}
		if got := w.roundEntries(w.presentation); !slices.Equal(got, resSorted(w.ids(0, 2))) {
			t.Errorf("presentation round %v", got)
		}
	})
	w.run(t, "refusals as for the advance", func(t *testing.T) {
		roles := w.r
		roles.Judge, roles.JudgeTok = w.judges[0].User, w.judges[0].Tok
		checkAuthorization(t, w.s, roles, []authCase{{"POST", resRoundPath(w.desk, "advance"), func() any { return dry(map[string]any{"top_n": 1}) },
			only(200, "organizer", "admin"), ""}})
		runCases(t, w.s, []reqCase{
			{name: "two modes", method: "POST", path: resRoundPath(w.desk, "advance"), token: w.r.OrganizerTok,
				body: dry(map[string]any{"top_n": 1, "passing_score": 50}), status: 422, field: "top_n"},
			{name: "last round", method: "POST", path: resRoundPath(w.verification, "advance"), token: w.r.OrganizerTok,
				body: dry(map[string]any{}), status: 409, code: "conflict"},
		})
	})
}
