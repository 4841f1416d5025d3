package judging

import (
	"slices"
	"testing"
	"time"
)

// Each test below isolates one rule of the tie-break chain: every earlier
// rule is made equal so that only the rule under test can decide.

func twoCriteria(w1, w2 float64, pos1, pos2 int) []Criterion {
	return []Criterion{
		{ID: 1, Key: "first", Weight: w1, Max: 10, Position: pos1},
		{ID: 2, Key: "second", Weight: w2, Max: 10, Position: pos2},
	}
}

func card2(entry, judge int64, v1, v2 float64) Scorecard {
	return Scorecard{EntryID: entry, JudgeID: judge, Values: map[int64]float64{1: v1, 2: v2}}
}

func wantOrder(t *testing.T, r Ranking, want ...int64) {
	t.Helper()
	if got := order(r); !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

// Rule 1: the higher score wins; nothing is tied.
// Entry 1: 60*5/10 + 40*5/10 = 50. Entry 2: 60*6/10 + 40*5/10 = 56.
func TestTieBreakScore(t *testing.T) {
	r := mustRank(t, twoCriteria(60, 40, 1, 2), plainEntries(1, 2),
		[]Scorecard{card2(1, 1, 5, 5), card2(2, 1, 6, 5)}, noBoot)
	wantOrder(t, r, 2, 1)
	wantFlags(t, r.Entries[0])
	wantFlags(t, r.Entries[1])
}

// Rule 2: equal scores, the higher mean on the heaviest criterion wins.
// Entry 1: 60*6/10 + 40*9/10 = 36 + 36 = 72.
// Entry 2: 60*8/10 + 40*6/10 = 48 + 24 = 72.
// The heaviest criterion (weight 60) has means 6 and 8: entry 2 first.
func TestTieBreakHeaviestCriterion(t *testing.T) {
	r := mustRank(t, twoCriteria(60, 40, 2, 1), plainEntries(1, 2),
		[]Scorecard{card2(1, 1, 6, 9), card2(2, 1, 8, 6)}, noBoot)
	wantOrder(t, r, 2, 1)
	wantNear(t, "score", r.Entries[0].Score, 72)
	wantFlags(t, r.Entries[0], FlagTied)
	wantFlags(t, r.Entries[1], FlagTied)
}

// Rule 2, equal weights: the criterion earlier on the form (lower Position)
// is looked at first. "second" has Position 1 here.
// Entry 1: 50*8/10 + 50*6/10 = 70 (second = 6). Entry 2: 50*6/10 + 50*8/10 =
// 70 (second = 8): entry 2 first.
func TestTieBreakPosition(t *testing.T) {
	r := mustRank(t, twoCriteria(50, 50, 2, 1), plainEntries(1, 2),
		[]Scorecard{card2(1, 1, 8, 6), card2(2, 1, 6, 8)}, noBoot)
	wantOrder(t, r, 2, 1)
	// Swapping the positions swaps the result.
	r = mustRank(t, twoCriteria(50, 50, 1, 2), plainEntries(1, 2),
		[]Scorecard{card2(1, 1, 8, 6), card2(2, 1, 6, 8)}, noBoot)
	wantOrder(t, r, 1, 2)
}

// Rule 2, next criterion: equal on the heaviest, decided by the second.
// Weights 50/30/20, all 0..10.
// Entry 1: 50*8/10 + 30*4/10 + 20*7/10 = 40 + 12 + 14 = 66.
// Entry 2: 50*8/10 + 30*6/10 + 20*4/10 = 40 + 18 + 8 = 66.
// Heaviest equal (8 and 8); weight 30 has 4 and 6: entry 2 first.
func TestTieBreakNextCriterion(t *testing.T) {
	crit := []Criterion{
		{ID: 1, Key: "a", Weight: 50, Max: 10, Position: 1},
		{ID: 2, Key: "b", Weight: 30, Max: 10, Position: 2},
		{ID: 3, Key: "c", Weight: 20, Max: 10, Position: 3},
	}
	card := func(entry int64, a, b, c float64) Scorecard {
		return Scorecard{EntryID: entry, JudgeID: 1, Values: map[int64]float64{1: a, 2: b, 3: c}}
	}
	r := mustRank(t, crit, plainEntries(1, 2), []Scorecard{card(1, 8, 4, 7), card(2, 8, 6, 4)}, noBoot)
	wantOrder(t, r, 2, 1)
	wantFlags(t, r.Entries[0], FlagTied)
}

// Rule 3: identical scorecards, the earlier submission wins.
func TestTieBreakSubmittedAt(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	entries := []Entry{{ID: 1, SubmittedAt: t0.Add(time.Hour)}, {ID: 2, SubmittedAt: t0}}
	r := mustRank(t, overall(), entries, []Scorecard{sc(1, 1, 70), sc(2, 1, 70)}, noBoot)
	wantOrder(t, r, 2, 1)
	wantFlags(t, r.Entries[0], FlagTied)
}

// Rule 3, unknown time: an entry without SubmittedAt loses to one with it,
// even though its ID is lower.
func TestTieBreakZeroTimeLast(t *testing.T) {
	entries := []Entry{{ID: 1}, {ID: 2, SubmittedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}}
	r := mustRank(t, overall(), entries, []Scorecard{sc(1, 1, 70), sc(2, 1, 70)}, noBoot)
	wantOrder(t, r, 2, 1)
}

// Rule 4: everything equal, the lower entry ID wins, whatever the input order.
func TestTieBreakEntryID(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	entries := []Entry{{ID: 9, SubmittedAt: t0}, {ID: 3, SubmittedAt: t0}, {ID: 5, SubmittedAt: t0}}
	cards := []Scorecard{sc(9, 1, 70), sc(5, 1, 70), sc(3, 1, 70)}
	r := mustRank(t, overall(), entries, cards, noBoot)
	wantOrder(t, r, 3, 5, 9)
	for _, e := range r.Entries {
		wantFlags(t, e, FlagTied)
	}
}

// Scores closer than 1e-9 are equal. Entry 1 has totals 10.1 and 20.2 and
// entry 2 has 15.15 and 15.15: both average 15.15, but in floating point
// (10.1+20.2)/2 = 15.149999999999999 while (15.15+15.15)/2 = 15.15. An exact
// comparison would put entry 2 first because of rounding noise; with the
// tolerance they tie, their criterion means tie too, and the lower ID wins.
func TestTieEpsilon(t *testing.T) {
	cards := []Scorecard{sc(1, 1, 10.1), sc(1, 2, 20.2), sc(2, 1, 15.15), sc(2, 2, 15.15), sc(3, 1, 50)}
	r := mustRank(t, overall(), plainEntries(2, 1, 3), cards, noBoot)
	if a, b := entryOf(t, r, 1).Score, entryOf(t, r, 2).Score; a == b {
		t.Fatalf("scores %v and %v should differ in the last digit for this test to mean anything", a, b)
	}
	wantOrder(t, r, 3, 1, 2)
	wantFlags(t, entryOf(t, r, 1), FlagTied)
	wantFlags(t, entryOf(t, r, 2), FlagTied)
	wantFlags(t, entryOf(t, r, 3))
}

// Unscored entries come after every scored one, ordered by submission time
// and ID, and are never marked tied.
func TestUnscoredOrder(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	entries := []Entry{{ID: 1}, {ID: 2, SubmittedAt: t0.Add(time.Hour)}, {ID: 3, SubmittedAt: t0}, {ID: 4}}
	r := mustRank(t, overall(), entries, []Scorecard{sc(4, 1, 0)}, noBoot)
	// Entry 4 scored zero and still outranks the unscored entries.
	wantOrder(t, r, 4, 3, 2, 1)
	for _, e := range r.Entries[1:] {
		wantFlags(t, e, FlagUnscored)
	}
}
