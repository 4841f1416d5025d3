package judging

import (
	"math"
	"slices"
	"testing"
)

// The worked example of docs/judging.md. If this test changes, the document
// must change with it.
//
// Rubric: impact weight 50 (0..10), novelty weight 30 (0..10),
// sustainability weight 20 (0..5), so a total is 5*impact + 3*novelty +
// 4*sustainability.
//
//	entry 101  judge 11: 8 7 4 -> 40+21+16 = 77   judge 12: 9 8 4 -> 85   judge 13: 7 6 3 -> 65
//	entry 102  judge 11: 9 6 4 -> 45+18+16 = 79   judge 12: 8 9 5 -> 87   judge 13: 6 5 2 -> 53
//	entry 103  judge 11: 6 6 3 -> 30+18+12 = 60   judge 12: 7 7 3 -> 68   judge 13: 5 4 3 -> 49
//	entry 104  assigned to 3 judges, no scorecard submitted
func docExample() ([]Criterion, []Entry, []Scorecard) {
	crit := []Criterion{
		{ID: 1, Key: "impact", Weight: 50, Max: 10, Position: 1},
		{ID: 2, Key: "novelty", Weight: 30, Max: 10, Position: 2},
		{ID: 3, Key: "sustainability", Weight: 20, Max: 5, Position: 3},
	}
	c := func(e, j int64, i, n, s float64) Scorecard {
		return Scorecard{EntryID: e, JudgeID: j, Values: map[int64]float64{1: i, 2: n, 3: s}}
	}
	cards := []Scorecard{
		c(101, 11, 8, 7, 4), c(101, 12, 9, 8, 4), c(101, 13, 7, 6, 3),
		c(102, 11, 9, 6, 4), c(102, 12, 8, 9, 5), c(102, 13, 6, 5, 2),
		c(103, 11, 6, 6, 3), c(103, 12, 7, 7, 3), c(103, 13, 5, 4, 3),
	}
	entries := []Entry{{ID: 101, Assigned: 3}, {ID: 102, Assigned: 3}, {ID: 103, Assigned: 3}, {ID: 104, Assigned: 3}}
	return crit, entries, cards
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func TestDocExample(t *testing.T) {
	crit, entries, cards := docExample()

	// Mean: 101 = (77+85+65)/3 = 75.67, 102 = (79+87+53)/3 = 73, 103 = 59.
	// 102's totals spread with sample SD sqrt((36+196+400)/2) = 17.78 > 15.
	mean := mustRank(t, crit, entries, cards, Options{TopN: 1})
	if got := order(mean); !slices.Equal(got, []int64{101, 102, 103, 104}) {
		t.Fatalf("mean order = %v", got)
	}
	wantNear(t, "101 mean", mean.Entries[0].Score, 227.0/3)
	wantNear(t, "102 mean", mean.Entries[1].Score, 73)
	wantNear(t, "103 mean", mean.Entries[2].Score, 59)
	if round4(mean.Entries[1].Stddev) != 17.7764 {
		t.Errorf("102 stddev = %v", mean.Entries[1].Stddev)
	}
	wantFlags(t, mean.Entries[1], FlagDisagreement)
	wantFlags(t, mean.Entries[3], FlagIncomplete, FlagUnscored)
	wantNear(t, "101 impact", mean.Entries[0].Criteria["impact"], 8)

	// Judge leniency: round mean = 623/9 = 69.22; judge 12 averages 80
	// (+10.78), judge 13 averages 55.67 (-13.56).
	wantNear(t, "judge 12 offset", mean.Judges[1].Offset, 80-623.0/9)
	wantNear(t, "judge 13 offset", mean.Judges[2].Offset, 167.0/3-623.0/9)

	// Reliability: fully crossed 3x3 after leaving out 104.
	// BMS = 240.44, JMS = 461.44, EMS = 23.44,
	// ICC(2,3) = (240.44-23.44) / (240.44 + (461.44-23.44)/3) = 217 / 386.44 = 0.56.
	rel := mean.Reliability
	if rel.Method != "ICC(2,k)" || rel.ICC == nil || round4(*rel.ICC) != 0.5615 || rel.Entries != 3 {
		t.Errorf("reliability = %+v", rel)
	}

	// Bootstrap with the default seed, 1000 resamples, TopN = 1.
	p := []float64{mean.Entries[0].TopNProbability, mean.Entries[1].TopNProbability, mean.Entries[2].TopNProbability}
	if !slices.Equal(p, []float64{0.624, 0.375, 0.001}) {
		t.Errorf("top-1 probabilities = %v", p)
	}

	// Median: 101 = 77, 102 = 79: the order of the first two flips.
	med := mustRank(t, crit, entries, cards, Options{Method: "median", Resamples: -1})
	if got := order(med); !slices.Equal(got, []int64{102, 101, 103, 104}) {
		t.Errorf("median order = %v", got)
	}

	// Z-scores: round mean 69.22, round SD 12.90. Judge 11 (77, 79, 60;
	// mean 72, SD 8.52): 77 -> z = 0.587 -> 69.22 + 0.587*12.90 = 76.79.
	// Judge 12 gave every entry exactly 8 points more than judge 11, so
	// after normalization their totals coincide.
	z := mustRank(t, crit, entries, cards, Options{Normalize: "zscore", Resamples: -1})
	e101 := entryOf(t, z, 101)
	if round4(e101.JudgeTotals[11]) != 76.7883 || e101.JudgeTotals[11] != e101.JudgeTotals[12] ||
		round4(e101.JudgeTotals[13]) != 86.9307 || round4(e101.Score) != 80.1691 {
		t.Errorf("normalized 101 = %v, score %v", e101.JudgeTotals, e101.Score)
	}
	// 102: 79.81, 79.81, 64.16 -> 74.60 with SD 9.04: no longer "disagreement".
	e102 := entryOf(t, z, 102)
	if round4(e102.Score) != 74.5974 || round4(e102.Stddev) != 9.0368 {
		t.Errorf("normalized 102 = %v, SD %v", e102.Score, e102.Stddev)
	}
	wantFlags(t, e102)
}
