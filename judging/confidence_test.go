package judging

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func cardsFor(entry int64, firstJudge int64, totals ...float64) []Scorecard {
	out := make([]Scorecard, len(totals))
	for i, v := range totals {
		out[i] = sc(entry, firstJudge+int64(i), v)
	}
	return out
}

// TestConfidenceClearWinner: entry 1's lowest total (94) is far above every
// other entry's highest (60), so no resample can unseat it.
func TestConfidenceClearWinner(t *testing.T) {
	var cards []Scorecard
	cards = append(cards, cardsFor(1, 1, 95, 96, 94, 95, 97)...)
	cards = append(cards, cardsFor(2, 1, 50, 60, 40, 55, 45)...)
	cards = append(cards, cardsFor(3, 1, 52, 58, 41, 50, 47)...)
	cards = append(cards, cardsFor(4, 1, 30, 35, 59, 44, 51)...)
	for _, method := range []string{"mean", "median", "trimmed"} {
		r := mustRank(t, overall(), plainEntries(1, 2, 3, 4), cards, Options{Method: method, TopN: 1, Resamples: 500})
		if r.Entries[0].EntryID != 1 || r.Entries[0].TopNProbability != 1 {
			t.Errorf("%s: winner %d with probability %v, want entry 1 with 1.0",
				method, r.Entries[0].EntryID, r.Entries[0].TopNProbability)
		}
		total := 0.0
		for _, e := range r.Entries {
			total += e.TopNProbability
		}
		// Each resample has exactly TopN entries in its top N.
		wantNear(t, method+" sum of probabilities", total, 1)
		if r.TopN != 1 || r.Resamples != 500 {
			t.Errorf("TopN %d Resamples %d recorded", r.TopN, r.Resamples)
		}
	}
}

// TestConfidenceCoinFlip: with TopN = 2, entry 1 is certain of a place and
// entries 2 and 3 have identical judge totals, so they fight for the second
// place on equal terms. Entry 4 is far behind.
//
// In a resample the two draw independently from the same five totals; they
// tie only when their resampled means are exactly equal, which happens with
// probability 0.0136 (summing the squared probabilities of each of the 120
// possible means of 5 draws from these totals). Ties go to the original
// rank, i.e. entry 2, so its expected probability is 0.5 + 0.0136/2 = 0.507
// and entry 3's is 0.493. With 4000 resamples the standard error is 0.008.
func TestConfidenceCoinFlip(t *testing.T) {
	same := []float64{50, 61, 72.5, 83.25, 94.125}
	var cards []Scorecard
	cards = append(cards, cardsFor(1, 1, 99, 98, 100, 97, 99)...)
	cards = append(cards, cardsFor(2, 1, same...)...)
	cards = append(cards, cardsFor(3, 6, same...)...)
	cards = append(cards, cardsFor(4, 1, 10, 20, 15, 12, 18)...)
	r := mustRank(t, overall(), plainEntries(1, 2, 3, 4), cards, Options{TopN: 2, Resamples: 4000})
	if got := order(r); !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Fatalf("order = %v", got)
	}
	p2, p3 := r.Entries[1].TopNProbability, r.Entries[2].TopNProbability
	t.Logf("entry 2: %.4f, entry 3: %.4f", p2, p3)
	if r.Entries[0].TopNProbability != 1 || r.Entries[3].TopNProbability != 0 {
		t.Errorf("sure entries: %v, %v", r.Entries[0].TopNProbability, r.Entries[3].TopNProbability)
	}
	if p2 < 0.4 || p2 > 0.6 || p3 < 0.4 || p3 > 0.6 || !near(p2+p3, 1) {
		t.Errorf("coin flip gave %v and %v, want both within 0.4..0.6 and summing to 1", p2, p3)
	}
	// Tighter: within four standard errors of the expected 0.507.
	if math.Abs(p2-0.507) > 0.032 {
		t.Errorf("entry 2 probability %v, expected about 0.507", p2)
	}
}

// TestConfidenceDeterministic: the same seed gives the same answer with any
// number of workers; another seed gives another sample.
func TestConfidenceDeterministic(t *testing.T) {
	groups := [][]float64{
		{60, 70, 80}, {55, 70, 85}, {50, 72, 90}, {68, 69, 70, 71}, {40, 90}, {65},
	}
	base := topNProbabilities(groups, MethodMean, 2, 997, 42, 1)
	for _, workers := range []int{2, 3, 8, 2000} {
		got := topNProbabilities(groups, MethodMean, 2, 997, 42, workers)
		if !slices.Equal(got, base) {
			t.Errorf("%d workers: %v, 1 worker: %v", workers, got, base)
		}
	}
	other := topNProbabilities(groups, MethodMean, 2, 997, 43, 2)
	if slices.Equal(other, base) {
		t.Errorf("seed 43 reproduced seed 42 exactly: %v", other)
	}
	// Through Rank, twice, the whole result is identical.
	var cards []Scorecard
	for i, g := range groups {
		cards = append(cards, cardsFor(int64(i+1), 1, g...)...)
	}
	a := mustRank(t, overall(), plainEntries(1, 2, 3, 4, 5, 6), cards, Options{TopN: 2, Seed: 42})
	b := mustRank(t, overall(), plainEntries(1, 2, 3, 4, 5, 6), cards, Options{TopN: 2, Seed: 42})
	for i := range a.Entries {
		if a.Entries[i].TopNProbability != b.Entries[i].TopNProbability {
			t.Fatalf("run 1 %v, run 2 %v", a.Entries[i], b.Entries[i])
		}
	}
}

// TestConfidenceFewEntries: with no more scored entries than TopN, every
// scored entry is certainly in the top N and unscored ones never are.
func TestConfidenceFewEntries(t *testing.T) {
	cards := append(cardsFor(1, 1, 10, 90), cardsFor(2, 1, 50, 50)...)
	r := mustRank(t, overall(), plainEntries(1, 2, 3), cards, Options{TopN: 2})
	for _, e := range r.Entries {
		want := 1.0
		if e.Judges == 0 {
			want = 0
		}
		if e.TopNProbability != want {
			t.Errorf("entry %d probability %v, want %v", e.EntryID, e.TopNProbability, want)
		}
	}
}

// TestConfidenceSkipped: negative Resamples leaves every probability at 0
// and says so.
func TestConfidenceSkipped(t *testing.T) {
	r := mustRank(t, overall(), plainEntries(1), cardsFor(1, 1, 70, 80), noBoot)
	if r.Entries[0].TopNProbability != 0 || r.Resamples != 0 {
		t.Errorf("probability %v, Resamples %d", r.Entries[0].TopNProbability, r.Resamples)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "rank confidence skipped") }) {
		t.Errorf("notes = %q", r.Notes)
	}
}

// TestBoundedUniform checks that the draw helper stays in range and hits
// every value about equally often.
func TestBoundedUniform(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 5, 7} {
		var counts [7]int
		src := pcgFor(9, 1)
		const draws = 70000
		for range draws {
			counts[bounded(src, n)]++
		}
		for v := range n {
			if f := float64(counts[v]) / draws; math.Abs(f-1/float64(n)) > 0.01 {
				t.Errorf("n=%d: value %d drawn with frequency %v", n, v, f)
			}
		}
	}
}

func pcgFor(seed uint64, b int) *rand.PCG { return rand.NewPCG(streamSeeds(seed, b)) }
