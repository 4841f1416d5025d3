package judging

import (
	"slices"
	"strings"
	"testing"
)

// TestZScore is the normalization example of docs/judging.md.
//
// Raw totals (one criterion worth 100 points, so totals are the values):
//
//	          A    B    C    D    judge mean  judge SD (population)
//	judge 1  85   85   65   65       75        10   (every card 10 from the mean)
//	judge 2  45   35   45   35       40         5   (every card 5 from the mean)
//	judge 3  90    -    -   50       70         -   (only 2 cards: not normalized)
//
// Round: the ten raw totals sum to 600, so roundMean = 60. Their squared
// distances from 60 are 625+625+25+25+225+625+225+625+900+100 = 4000, and
// 4000/10 = 400, so roundSD = 20.
//
// Judge 1: z = (85-75)/10 = +1 -> 60 + 1*20 = 80; z = (65-75)/10 = -1 -> 40.
// Judge 2: z = (45-40)/5 = +1 -> 80; z = (35-40)/5 = -1 -> 40.
// Judge 3 keeps 90 and 50.
//
// Scores (mean): A = (80+80+90)/3 = 83.33, B = (80+40)/2 = 60,
// C = (40+80)/2 = 60, D = (40+40+50)/3 = 43.33.
// B and C tie at 60; the tie-break looks at the mean raw value of the only
// criterion: B (85+35)/2 = 60 beats C (65+45)/2 = 55.
// Without normalization the order would be A 73.33, B 60, C 55, D 50.
//
// Judge offsets: the round mean is 60, so judge 1 is +15, judge 2 is -20
// and judge 3 is +10.
func TestZScore(t *testing.T) {
	const A, B, C, D = 1, 2, 3, 4
	cards := []Scorecard{
		sc(A, 1, 85), sc(B, 1, 85), sc(C, 1, 65), sc(D, 1, 65),
		sc(A, 2, 45), sc(B, 2, 35), sc(C, 2, 45), sc(D, 2, 35),
		sc(A, 3, 90), sc(D, 3, 50),
	}
	r := mustRank(t, overall(), plainEntries(A, B, C, D), cards, Options{Normalize: "zscore", Resamples: -1})

	if r.Normalize != "zscore" {
		t.Errorf("Normalize = %q", r.Normalize)
	}
	if got := order(r); !slices.Equal(got, []int64{A, B, C, D}) {
		t.Fatalf("order = %v, want A B C D", got)
	}
	want := map[int64]map[int64]float64{
		A: {1: 80, 2: 80, 3: 90},
		B: {1: 80, 2: 40},
		C: {1: 40, 2: 80},
		D: {1: 40, 2: 40, 3: 50},
	}
	for id, totals := range want {
		e := entryOf(t, r, id)
		for judge, v := range totals {
			wantNear(t, "normalized total", e.JudgeTotals[judge], v)
		}
	}
	wantNear(t, "A", entryOf(t, r, A).Score, 250.0/3)
	wantNear(t, "B", entryOf(t, r, B).Score, 60)
	wantNear(t, "C", entryOf(t, r, C).Score, 60)
	wantNear(t, "D", entryOf(t, r, D).Score, 130.0/3)
	wantNear(t, "raw total kept", entryOf(t, r, A).RawJudgeTotals[1], 85)
	wantFlags(t, entryOf(t, r, B), FlagDisagreement, FlagTied) // SD of 80, 40 = 28.28
	wantFlags(t, entryOf(t, r, C), FlagDisagreement, FlagTied)
	// SD of 80, 80, 90 = sqrt((11.11+11.11+44.44)/2) = 5.77
	wantNear(t, "A stddev", entryOf(t, r, A).Stddev, 5.773502691896258)

	wantJudges := []JudgeStat{
		{JudgeID: 1, Scored: 4, Mean: 75, Offset: 15, Normalized: true},
		{JudgeID: 2, Scored: 4, Mean: 40, Offset: -20, Normalized: true},
		{JudgeID: 3, Scored: 2, Mean: 70, Offset: 10, Normalized: false},
	}
	for i, w := range wantJudges {
		g := r.Judges[i]
		if g.JudgeID != w.JudgeID || g.Scored != w.Scored || !near(g.Mean, w.Mean) ||
			!near(g.Offset, w.Offset) || g.Normalized != w.Normalized || g.Note == "" {
			t.Errorf("judge %d = %+v, want %+v with a note", w.JudgeID, g, w)
		}
	}
	if !strings.Contains(r.Judges[2].Note, "fewer than 3") {
		t.Errorf("judge 3 note = %q", r.Judges[2].Note)
	}
	if !slices.Contains(r.Notes, "judge 3 left unnormalized: fewer than 3 scored entries") {
		t.Errorf("notes = %q", r.Notes)
	}

	// The same round without normalization.
	raw := mustRank(t, overall(), plainEntries(A, B, C, D), cards, noBoot)
	wantNear(t, "raw A", entryOf(t, raw, A).Score, 220.0/3)
	wantNear(t, "raw C", entryOf(t, raw, C).Score, 55)
	if raw.Judges[0].Normalized || raw.Judges[0].Note != "" {
		t.Errorf("no normalization requested, judge 1 = %+v", raw.Judges[0])
	}
}

// TestZScoreClamp shows a normalized total leaving 0..100 and being clamped.
//
// Judge 1 scores six entries 100 0 0 0 0 0 (mean 16.67, population SD
// sqrt(5/36*10000) = 37.27); judge 2 scores them 0 100 0 100 0 100 (mean
// 50, SD 50). All twelve totals: mean 400/12 = 33.33, SD 47.14.
//
// Judge 1's 100: z = (100-16.67)/37.27 = 2.236 -> 33.33 + 2.236*47.14 =
// 138.7, clamped to 100. Judge 2's 0: z = -1 -> 33.33 - 47.14 = -13.8,
// clamped to 0.
func TestZScoreClamp(t *testing.T) {
	var cards []Scorecard
	j1 := []float64{100, 0, 0, 0, 0, 0}
	j2 := []float64{0, 100, 0, 100, 0, 100}
	for i := range 6 {
		cards = append(cards, sc(int64(i+1), 1, j1[i]), sc(int64(i+1), 2, j2[i]))
	}
	r := mustRank(t, overall(), plainEntries(1, 2, 3, 4, 5, 6), cards, Options{Normalize: "zscore", Resamples: -1})
	e1 := entryOf(t, r, 1)
	wantNear(t, "judge 1 on entry 1", e1.JudgeTotals[1], 100)
	wantNear(t, "judge 2 on entry 1", e1.JudgeTotals[2], 0)
	// Judge 1's zeros: z = -16.67/37.27 = -0.447 -> 33.33 - 0.447*47.14 = 12.25.
	wantNear(t, "judge 1 on entry 2", entryOf(t, r, 2).JudgeTotals[1], 12.251482265544137)
}

// TestZScoreNoSpread leaves a judge who gave everyone the same total alone.
func TestZScoreNoSpread(t *testing.T) {
	cards := []Scorecard{
		sc(1, 1, 70), sc(2, 1, 70), sc(3, 1, 70),
		sc(1, 2, 90), sc(2, 2, 60), sc(3, 2, 30),
	}
	r := mustRank(t, overall(), plainEntries(1, 2, 3), cards, Options{Normalize: "zscore", Resamples: -1})
	if r.Judges[0].Normalized || !strings.Contains(r.Judges[0].Note, "same total") {
		t.Errorf("judge 1 = %+v", r.Judges[0])
	}
	if !r.Judges[1].Normalized {
		t.Errorf("judge 2 = %+v", r.Judges[1])
	}
	wantNear(t, "judge 1 keeps raw", entryOf(t, r, 2).JudgeTotals[1], 70)
	if !slices.Contains(r.Notes, "judge 1 left unnormalized: gave every entry the same total") {
		t.Errorf("notes = %q", r.Notes)
	}
}
