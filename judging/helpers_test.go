package judging

import (
	"math"
	"slices"
	"testing"
)

// Most tests use a one-line rubric worth 100 points with Max 100, so that a
// judge total is simply the value the judge typed. That keeps the
// hand-computed arithmetic in the comments short.
func overall() []Criterion {
	return []Criterion{{ID: 1, Key: "overall", Weight: 100, Min: 0, Max: 100, Position: 1}}
}

func sc(entry, judge int64, v float64) Scorecard {
	return Scorecard{EntryID: entry, JudgeID: judge, Values: map[int64]float64{1: v}}
}

func plainEntries(ids ...int64) []Entry {
	out := make([]Entry, len(ids))
	for i, id := range ids {
		out[i] = Entry{ID: id, CategoryID: 1}
	}
	return out
}

// noBoot skips rank confidence in tests that are not about it, which keeps
// them fast and their expectations free of random numbers.
var noBoot = Options{Resamples: -1}

func mustRank(t *testing.T, crit []Criterion, entries []Entry, cards []Scorecard, opt Options) Ranking {
	t.Helper()
	r, err := Rank(crit, entries, cards, opt)
	if err != nil {
		t.Fatalf("Rank: %v", err)
	}
	checkInvariants(t, r)
	return r
}

func entryOf(t *testing.T, r Ranking, id int64) RankedEntry {
	t.Helper()
	for _, e := range r.Entries {
		if e.EntryID == id {
			return e
		}
	}
	t.Fatalf("entry %d not in ranking", id)
	return RankedEntry{}
}

func order(r Ranking) []int64 {
	ids := make([]int64, len(r.Entries))
	for i, e := range r.Entries {
		ids[i] = e.EntryID
	}
	return ids
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func wantNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !near(got, want) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

func wantFlags(t *testing.T, e RankedEntry, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(e.Flags, want) {
		t.Errorf("entry %d flags = %q, want %q", e.EntryID, e.Flags, want)
	}
}

// checkInvariants holds for every ranking: ranks 1..n in order, scores in
// 0..100, flags sorted and never nil, probabilities in 0..1, unscored last.
func checkInvariants(t testing.TB, r Ranking) {
	t.Helper()
	seenUnscored := false
	for i, e := range r.Entries {
		if e.Rank != i+1 {
			t.Fatalf("position %d has rank %d", i, e.Rank)
		}
		if !(e.Score >= 0 && e.Score <= 100) {
			t.Fatalf("entry %d score %v outside 0..100", e.EntryID, e.Score)
		}
		if e.Flags == nil || !slices.IsSorted(e.Flags) {
			t.Fatalf("entry %d flags %q nil or unsorted", e.EntryID, e.Flags)
		}
		if !(e.TopNProbability >= 0 && e.TopNProbability <= 1) {
			t.Fatalf("entry %d probability %v", e.EntryID, e.TopNProbability)
		}
		for _, v := range e.JudgeTotals {
			if !(v >= 0 && v <= 100) {
				t.Fatalf("entry %d judge total %v outside 0..100", e.EntryID, v)
			}
		}
		unscored := slices.Contains(e.Flags, FlagUnscored)
		if unscored != (e.Judges == 0) {
			t.Fatalf("entry %d: unscored flag %v with %d judges", e.EntryID, unscored, e.Judges)
		}
		if unscored && (e.Score != 0 || e.TopNProbability != 0) {
			t.Fatalf("unscored entry %d has score %v, probability %v", e.EntryID, e.Score, e.TopNProbability)
		}
		if seenUnscored && !unscored {
			t.Fatalf("scored entry %d ranked after an unscored one", e.EntryID)
		}
		seenUnscored = seenUnscored || unscored
	}
	if !slices.IsSortedFunc(r.Judges, func(a, b JudgeStat) int { return cmpInt64(a.JudgeID, b.JudgeID) }) {
		t.Fatalf("judges not sorted by ID")
	}
}
