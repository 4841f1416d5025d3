package judging

import (
	"slices"
	"testing"
)

// TestJudgeTotal checks the weighted total on a three-line rubric:
// Impact weight 50 (0..10), Novelty weight 30 (0..10), Sustainability
// weight 20 (0..5).
//
//	judge 1: 50*8/10 + 30*7/10 + 20*4/5 = 40 + 21 + 16 = 77
//	judge 2: 50*10/10 + 30*10/10 + 20*5/5 = 100 (a perfect card)
//	judge 3: 50*0/10 + 30*5/10 + 20*2.5/5 = 0 + 15 + 10 = 25
//
// The criterion means are Impact (8+10+0)/3 = 6, Novelty (7+10+5)/3 =
// 7.333..., Sustainability (4+5+2.5)/3 = 3.8333...
func TestJudgeTotal(t *testing.T) {
	crit := []Criterion{
		{ID: 10, Key: "impact", Weight: 50, Max: 10, Position: 1},
		{ID: 11, Key: "novelty", Weight: 30, Max: 10, Position: 2},
		{ID: 12, Key: "sustainability", Weight: 20, Max: 5, Position: 3},
	}
	card := func(judge int64, i, n, s float64) Scorecard {
		return Scorecard{EntryID: 1, JudgeID: judge, Values: map[int64]float64{10: i, 11: n, 12: s}}
	}
	r := mustRank(t, crit, plainEntries(1), []Scorecard{card(1, 8, 7, 4), card(2, 10, 10, 5), card(3, 0, 5, 2.5)}, noBoot)
	e := entryOf(t, r, 1)
	wantNear(t, "judge 1 total", e.RawJudgeTotals[1], 77)
	wantNear(t, "judge 2 total", e.RawJudgeTotals[2], 100)
	wantNear(t, "judge 3 total", e.RawJudgeTotals[3], 25)
	wantNear(t, "mean impact", e.Criteria["impact"], 6)
	wantNear(t, "mean novelty", e.Criteria["novelty"], 22.0/3)
	wantNear(t, "mean sustainability", e.Criteria["sustainability"], 11.5/3)
	// Mean of 77, 100, 25 = 202/3.
	wantNear(t, "score", e.Score, 202.0/3)
	if !maps2Equal(e.JudgeTotals, e.RawJudgeTotals) {
		t.Errorf("without normalization used totals %v must equal raw %v", e.JudgeTotals, e.RawJudgeTotals)
	}
}

func maps2Equal(a, b map[int64]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestMethods runs every aggregation method on hand-checked judge totals.
func TestMethods(t *testing.T) {
	cases := []struct {
		name   string
		totals []float64
		method string
		want   float64
	}{
		// (50 + 60 + 75 + 80 + 100) / 5 = 365 / 5 = 73
		{"mean of five", []float64{80, 50, 100, 60, 75}, "mean", 73},
		// "" falls back to the mean.
		{"default is mean", []float64{80, 50, 100, 60, 75}, "", 73},
		// sorted 50 60 75 80 100: the middle value is 75
		{"median odd", []float64{80, 50, 100, 60, 75}, "median", 75},
		// sorted 40 70 80 90: (70 + 80) / 2 = 75
		{"median even", []float64{90, 40, 80, 70}, "median", 75},
		// drop 50 and 100: (60 + 75 + 80) / 3 = 215 / 3 = 71.666...
		{"trimmed five", []float64{80, 50, 100, 60, 75}, "trimmed", 215.0 / 3},
		// drop 40 and 90: (70 + 80) / 2 = 75
		{"trimmed four", []float64{90, 40, 80, 70}, "trimmed", 75},
		// three judges are too few to trim: (40 + 76 + 100) / 3 = 72, not 76
		{"trimmed three is mean", []float64{40, 100, 76}, "trimmed", 72},
		// one judge: every method returns that total
		{"median single", []float64{42}, "median", 42},
		{"trimmed single", []float64{42}, "trimmed", 42},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var cards []Scorecard
			for j, v := range c.totals {
				cards = append(cards, sc(1, int64(j+1), v))
			}
			r := mustRank(t, overall(), plainEntries(1), cards, Options{Method: c.method, Resamples: -1})
			wantNear(t, "score", r.Entries[0].Score, c.want)
		})
	}
}

// TestAggregateCountsMatches checks that the resampling shortcut (counts of
// each drawn total) agrees with aggregating the expanded list.
func TestAggregateCountsMatches(t *testing.T) {
	sorted := []float64{10, 20, 35, 50, 90}
	counts := []uint32{2, 0, 1, 0, 3} // drawn: 10 10 35 90 90 90
	expanded := []float64{10, 10, 35, 90, 90, 90}
	for _, m := range []string{MethodMean, MethodMedian, MethodTrimmed} {
		got := aggregateCounts(m, sorted, counts, 6)
		want := aggregate(m, expanded)
		if !near(got, want) {
			t.Errorf("%s: counts give %v, list gives %v", m, got, want)
		}
	}
	ones := []uint32{1, 1, 1, 1, 1}
	for _, m := range []string{MethodMean, MethodMedian, MethodTrimmed} {
		if got, want := aggregateCounts(m, sorted, ones, 5), aggregate(m, sorted); got != want {
			t.Errorf("%s: all-ones counts give %v, want exactly %v", m, got, want)
		}
	}
}

// TestFlags covers disagreement, incomplete and unscored.
//
//	entry 1: 60, 90      -> sample SD = |90-60|/sqrt(2) = 21.21 > 15: disagreement
//	entry 2: 70, 76, 82  -> sample SD = sqrt((36+0+36)/2) = 6: no flag
//	entry 3: 80, 80 of 3 assigned -> incomplete
//	entry 4: nothing of 2 assigned -> unscored and incomplete, score 0, last
//	entry 5: nothing, nobody assigned -> unscored only
func TestFlags(t *testing.T) {
	entries := []Entry{{ID: 1}, {ID: 2, Assigned: 3}, {ID: 3, Assigned: 3}, {ID: 4, Assigned: 2}, {ID: 5}}
	cards := []Scorecard{
		sc(1, 1, 60), sc(1, 2, 90),
		sc(2, 1, 70), sc(2, 2, 76), sc(2, 3, 82),
		sc(3, 1, 80), sc(3, 2, 80),
	}
	r := mustRank(t, overall(), entries, cards, noBoot)

	e1 := entryOf(t, r, 1)
	wantNear(t, "entry 1 stddev", e1.Stddev, 30/sqrt2)
	wantFlags(t, e1, FlagDisagreement)
	e2 := entryOf(t, r, 2)
	wantNear(t, "entry 2 stddev", e2.Stddev, 6)
	wantFlags(t, e2)
	wantFlags(t, entryOf(t, r, 3), FlagIncomplete)
	e4 := entryOf(t, r, 4)
	wantFlags(t, e4, FlagIncomplete, FlagUnscored)
	if e4.Score != 0 || e4.Judges != 0 || len(e4.Criteria) != 0 || e4.JudgeTotals == nil {
		t.Errorf("unscored entry = %+v", e4)
	}
	wantFlags(t, entryOf(t, r, 5), FlagUnscored)
	// Scores: 3 -> 80, 2 -> 76, 1 -> 75, then the unscored 4 and 5, which
	// have no submission time either, by ID.
	if got := order(r); !slices.Equal(got, []int64{3, 2, 1, 4, 5}) {
		t.Errorf("order = %v", got)
	}

	// A higher threshold silences the disagreement flag.
	r = mustRank(t, overall(), entries, cards, Options{DisagreementThreshold: 25, Resamples: -1})
	wantFlags(t, entryOf(t, r, 1))
	// One judge has no spread to measure.
	r = mustRank(t, overall(), plainEntries(1), []Scorecard{sc(1, 1, 50)}, noBoot)
	wantNear(t, "single-judge stddev", r.Entries[0].Stddev, 0)
}

const sqrt2 = 1.4142135623730951

// TestCategoryFilter ranks one category while judge statistics and
// normalization still see the whole round.
func TestCategoryFilter(t *testing.T) {
	entries := []Entry{
		{ID: 1, CategoryID: 7}, {ID: 2, CategoryID: 8}, {ID: 3, CategoryID: 7}, {ID: 4, CategoryID: 8},
	}
	cards := []Scorecard{
		sc(1, 1, 60), sc(2, 1, 90), sc(3, 1, 70), sc(4, 1, 40),
		sc(1, 2, 50), sc(2, 2, 80), sc(3, 2, 60), sc(4, 2, 30),
	}
	all := mustRank(t, overall(), entries, cards, Options{Normalize: "zscore", Resamples: -1})
	cat := mustRank(t, overall(), entries, cards, Options{Normalize: "zscore", Resamples: -1, CategoryID: 7})

	if got := order(cat); !slices.Equal(got, []int64{3, 1}) {
		t.Fatalf("category 7 order = %v, want [3 1]", got)
	}
	if cat.Entries[0].Rank != 1 || cat.Entries[1].Rank != 2 {
		t.Errorf("ranks inside the category must restart at 1")
	}
	// Normalized totals and scores are identical to the full-round run.
	for _, id := range []int64{1, 3} {
		a, c := entryOf(t, all, id), entryOf(t, cat, id)
		if a.Score != c.Score || !maps2Equal(a.JudgeTotals, c.JudgeTotals) {
			t.Errorf("entry %d: filtered %v/%v, whole round %v/%v", id, c.Score, c.JudgeTotals, a.Score, a.JudgeTotals)
		}
	}
	// Judge 1's mean is over all four of their cards: (60+90+70+40)/4 = 65,
	// and the round mean is (260 + 220) / 8 = 60, so the offset is +5.
	if len(cat.Judges) != 2 || cat.Judges[0].Scored != 4 {
		t.Fatalf("judges = %+v", cat.Judges)
	}
	wantNear(t, "judge 1 mean", cat.Judges[0].Mean, 65)
	wantNear(t, "judge 1 offset", cat.Judges[0].Offset, 5)
	wantNear(t, "judge 2 offset", cat.Judges[1].Offset, -5)
	if !slices.ContainsFunc(cat.Notes, func(n string) bool { return len(n) > 0 && n[:7] == "ranking" }) {
		t.Errorf("notes %q should mention the category filter", cat.Notes)
	}
	// An unknown category yields an empty ranking, not an error.
	empty := mustRank(t, overall(), entries, cards, Options{CategoryID: 99})
	if len(empty.Entries) != 0 {
		t.Errorf("category 99 has %d entries", len(empty.Entries))
	}
}

func TestTotalOfPartialAndFullScorecards(t *testing.T) {
	crit := []Criterion{{ID: 1, Key: "a", Weight: 70, Min: 0, Max: 10}, {ID: 2, Key: "b", Weight: 30, Min: 0, Max: 5}}
	// 70 x 8/10 = 56; 30 x 4/5 = 24.
	if got := Total(crit, map[int64]float64{1: 8, 2: 4}); got != 80 {
		t.Fatalf("full: %v", got)
	}
	if got := Total(crit, map[int64]float64{1: 8}); got != 56 {
		t.Fatalf("partial: %v", got)
	}
	if got := Total(crit, nil); got != 0 {
		t.Fatalf("empty: %v", got)
	}
}
