package judging

import (
	"math"
	"strings"
	"testing"
)

// shroutFleiss is Table 2 of Shrout & Fleiss (1979), "Intraclass
// correlations: uses in assessing rater reliability": 6 targets rated by
// the same 4 judges. The paper reports ICC(1,4) = .44 and ICC(2,4) = .62
// (and ICC(1,1) = .17, ICC(2,1) = .29).
var shroutFleiss = [][]float64{
	{9, 2, 5, 8},
	{6, 1, 3, 2},
	{8, 4, 6, 8},
	{7, 1, 2, 6},
	{10, 5, 6, 9},
	{6, 2, 4, 7},
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// TestICCShroutFleissCrossed feeds the table through Rank. Every judge
// scored every entry, so Rank must pick the two-way model ICC(2,k). Values
// are entered on a 0..10 criterion worth 100 points, so totals are ten times
// the table; an ICC does not change when every number is multiplied by 10.
func TestICCShroutFleissCrossed(t *testing.T) {
	crit := []Criterion{{ID: 1, Key: "rating", Weight: 100, Max: 10, Position: 1}}
	var cards []Scorecard
	for i, row := range shroutFleiss {
		for j, v := range row {
			cards = append(cards, Scorecard{EntryID: int64(i + 1), JudgeID: int64(j + 1), Values: map[int64]float64{1: v}})
		}
	}
	r := mustRank(t, crit, plainEntries(1, 2, 3, 4, 5, 6), cards, noBoot)
	rel := r.Reliability
	if rel.Method != "ICC(2,k)" || rel.Judges != 4 || rel.Entries != 6 || rel.K != 4 {
		t.Fatalf("reliability = %+v", rel)
	}
	if rel.ICC == nil || round2(*rel.ICC) != 0.62 {
		t.Fatalf("ICC(2,4) = %v, want 0.62", rel.ICC)
	}
	if rel.Single == nil || round2(*rel.Single) != 0.29 {
		t.Errorf("ICC(2,1) = %v, want 0.29", rel.Single)
	}
	// Mean squares for the record: BMS = 11.24, JMS = 32.49, EMS = 1.02, so
	// ICC(2,4) = (11.24 - 1.02) / (11.24 + (32.49 - 1.02)/6) = 0.620.
	wantNear(t, "ICC(2,4) exact", *rel.ICC, 0.620050547598989)
}

// TestICCShroutFleissOneWay applies the one-way model to the same table,
// as if each target had had its own panel of 4.
// Within-target mean square WMS = 6.26 and BMS = 11.24, so
// ICC(1,4) = (11.24 - 6.26) / 11.24 = 0.44 and
// ICC(1,1) = (11.24 - 6.26) / (11.24 + 3*6.26) = 0.17.
func TestICCShroutFleissOneWay(t *testing.T) {
	avg, single, k0, why := icc1(shroutFleiss)
	if why != "" {
		t.Fatal(why)
	}
	if round2(avg) != 0.44 || round2(single) != 0.17 || k0 != 4 {
		t.Errorf("ICC(1,4) = %v, ICC(1,1) = %v, k0 = %v; want 0.44, 0.17, 4", avg, single, k0)
	}
	avg2, single2, why := icc2(shroutFleiss)
	if why != "" || round2(avg2) != 0.62 || round2(single2) != 0.29 {
		t.Errorf("icc2 = %v, %v, %q", avg2, single2, why)
	}
}

// TestICCUnbalanced is a hand-computed one-way example with panels of
// different sizes (one criterion worth 100 points, totals = values):
//
//	entry 1: judges 1,2       totals 65 75        n=2 mean 70
//	entry 2: judges 1,2,3     totals 30 40 50     n=3 mean 40
//	entry 3: judges 1,2,3,4   totals 60 70 80 70  n=4 mean 70
//
// Judge 4 did not score entries 1 and 2, so the design is not crossed.
// N = 9, a = 3 entries, grand mean = (140 + 120 + 280) / 9 = 540/9 = 60.
//
//	between: 2*(70-60)^2 + 3*(40-60)^2 + 4*(70-60)^2 = 200 + 1200 + 400 = 1800
//	         BMS = 1800 / (a-1) = 1800 / 2 = 900
//	within:  (25+25) + (100+0+100) + (100+0+100+0) = 450
//	         WMS = 450 / (N-a) = 450 / 6 = 75
//	k0 = (N - (2^2 + 3^2 + 4^2)/N) / (a-1) = (9 - 29/9) / 2 = 26/9 = 2.889
//	ICC(1,1)  = (900 - 75) / (900 + (26/9 - 1)*75) = 825 / (9375/9) = 0.792
//	ICC(1,k0) = (900 - 75) / 900 = 11/12 = 0.9167
func TestICCUnbalanced(t *testing.T) {
	cards := []Scorecard{
		sc(1, 1, 65), sc(1, 2, 75),
		sc(2, 1, 30), sc(2, 2, 40), sc(2, 3, 50),
		sc(3, 1, 60), sc(3, 2, 70), sc(3, 3, 80), sc(3, 4, 70),
	}
	r := mustRank(t, overall(), plainEntries(1, 2, 3), cards, noBoot)
	rel := r.Reliability
	if rel.Method != "ICC(1,k) unbalanced" || rel.Judges != 4 || rel.Entries != 3 {
		t.Fatalf("reliability = %+v", rel)
	}
	wantNear(t, "k0", rel.K, 26.0/9)
	if rel.ICC == nil || rel.Single == nil {
		t.Fatalf("ICC not computed: %q", rel.Note)
	}
	wantNear(t, "ICC(1,k0)", *rel.ICC, 11.0/12)
	wantNear(t, "ICC(1,1)", *rel.Single, 0.792)
}

// TestICCBalancedOneWay: every entry has two judges, but not the same two,
// so the one-way model applies and no "unbalanced" correction is needed.
func TestICCBalancedOneWay(t *testing.T) {
	cards := []Scorecard{sc(1, 1, 80), sc(1, 2, 90), sc(2, 3, 40), sc(2, 4, 50), sc(3, 1, 60), sc(3, 4, 64)}
	r := mustRank(t, overall(), plainEntries(1, 2, 3), cards, noBoot)
	if r.Reliability.Method != "ICC(1,k)" || r.Reliability.K != 2 || r.Reliability.ICC == nil {
		t.Errorf("reliability = %+v", r.Reliability)
	}
}

// TestICCNotComputable covers the cases where agreement cannot be measured.
func TestICCNotComputable(t *testing.T) {
	cases := []struct {
		name  string
		cards []Scorecard
		note  string
	}{
		{"one entry", []Scorecard{sc(1, 1, 50), sc(1, 2, 60)}, "fewer than 2"},
		{"single cards", []Scorecard{sc(1, 1, 50), sc(2, 1, 60), sc(3, 2, 70)}, "fewer than 2"},
		{"all equal", []Scorecard{sc(1, 1, 50), sc(1, 2, 50), sc(2, 1, 50), sc(2, 2, 50)}, "same total"},
		{"equal means one-way", []Scorecard{sc(1, 1, 40), sc(1, 2, 60), sc(2, 3, 30), sc(2, 4, 70)}, "same mean"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustRank(t, overall(), plainEntries(1, 2, 3), c.cards, noBoot)
			if r.Reliability.ICC != nil || !strings.Contains(r.Reliability.Note, c.note) {
				t.Errorf("reliability = %+v (ICC %v), want nil with note containing %q",
					r.Reliability, r.Reliability.ICC, c.note)
			}
		})
	}
}

// TestICCLeavesOutSingleCards: entry 3 has one card and is left out, which
// the note says; the other two entries are crossed.
func TestICCLeavesOutSingleCards(t *testing.T) {
	cards := []Scorecard{sc(1, 1, 80), sc(1, 2, 90), sc(2, 1, 40), sc(2, 2, 60), sc(3, 1, 70)}
	r := mustRank(t, overall(), plainEntries(1, 2, 3), cards, noBoot)
	rel := r.Reliability
	if rel.Method != "ICC(2,k)" || rel.Entries != 2 || !strings.Contains(rel.Note, "1 ranked entry") {
		t.Errorf("reliability = %+v", rel)
	}
}
