package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// shuffledScores is a round's submitted scores in the order a hash join
// returns them: every card's rows, cards and rows mixed.
func shuffledScores(seed uint64, entries, perEntry, criteria int) []SubmittedScore {
	r := rand.New(rand.NewPCG(seed, 7))
	var out []SubmittedScore
	a := int64(1000)
	for e := range entries {
		judges := r.Perm(300)[:perEntry]
		for _, j := range judges {
			a++
			for c := range criteria {
				out = append(out, SubmittedScore{AssignmentID: a, EntryID: int64(e*3 + 1), JudgeID: int64(j + 1),
					CriterionID: int64(100 + c), Value: float64(r.IntN(21)) / 2})
			}
		}
	}
	r.Shuffle(len(out), func(i, k int) { out[i], out[k] = out[k], out[i] })
	return out
}

func byEntryJudgeCriterion(a, b SubmittedScore) int {
	return cmp.Or(cmp.Compare(a.EntryID, b.EntryID), cmp.Compare(a.JudgeID, b.JudgeID), cmp.Compare(a.CriterionID, b.CriterionID))
}

func TestOrderScoresIsTheQuerysOrder(t *testing.T) {
	for seed := range uint64(20) {
		rows := shuffledScores(seed, 1+int(seed)*13, 1+int(seed%5), 1+int(seed%8))
		want := slices.Clone(rows)
		slices.SortFunc(want, byEntryJudgeCriterion)
		if got := orderScores(rows); !slices.Equal(got, want) {
			t.Fatalf("seed %d: orderScores differs from ORDER BY entry, judge, criterion", seed)
		}
	}
	if got := orderScores(nil); len(got) != 0 {
		t.Fatalf("no rows: %v", got)
	}
}

// BenchmarkOrderScores: 5,000 entries x 5 judges x 8 criteria, ordered by
// their cards (what RankingData does) against sorting the 200,000 rows.
func BenchmarkOrderScores(b *testing.B) {
	rows := shuffledScores(1, 5000, 5, 8)
	b.Run("by-card", func(b *testing.B) {
		for b.Loop() {
			orderScores(rows)
		}
	})
	b.Run("sort-rows", func(b *testing.B) {
		for b.Loop() {
			slices.SortFunc(slices.Clone(rows), byEntryJudgeCriterion)
		}
	})
}
