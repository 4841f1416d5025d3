package judging

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// The benchmark round is the size of a large regency competition pooled
// over several years: 5,000 entries, each scored by 5 of 50 judges on an
// 8-line rubric, i.e. 25,000 scorecards and 200,000 values.
const (
	benchEntries   = 5000
	benchJudges    = 50
	benchPerEntry  = 5
	benchCriteria  = 8
	benchResamples = 1000
)

type benchRound struct {
	crit    []Criterion
	entries []Entry
	cards   []Scorecard
}

var benchData = sync.OnceValue(makeBenchRound)

// makeBenchRound builds a realistic round: each entry has a hidden quality,
// each judge a leniency, and every value is quality + leniency + noise,
// rounded to half points as on a paper form.
func makeBenchRound() benchRound {
	rng := rand.New(rand.NewPCG(2025, 11))
	weights := []float64{20, 15, 15, 15, 10, 10, 10, 5}
	crit := make([]Criterion, benchCriteria)
	for i := range crit {
		maxV := 10.0
		if i%3 == 2 {
			maxV = 5
		}
		crit[i] = Criterion{ID: int64(i + 1), Key: string(rune('a' + i)), Weight: weights[i], Max: maxV, Position: i + 1}
	}
	lenient := make([]float64, benchJudges)
	for j := range lenient {
		lenient[j] = rng.NormFloat64() * 0.08
	}
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	entries := make([]Entry, benchEntries)
	cards := make([]Scorecard, 0, benchEntries*benchPerEntry)
	for i := range entries {
		entries[i] = Entry{
			ID: int64(i + 1), CategoryID: int64(1 + i%5), Assigned: benchPerEntry,
			SubmittedAt: base.Add(time.Duration(rng.IntN(30*24*60)) * time.Minute),
		}
		quality := 0.3 + 0.6*rng.Float64()
		for _, j := range rng.Perm(benchJudges)[:benchPerEntry] {
			vals := make(map[int64]float64, benchCriteria)
			for _, c := range crit {
				share := quality + lenient[j] + rng.NormFloat64()*0.1
				v := math.Round(share*c.Max*2) / 2
				vals[c.ID] = math.Max(0, math.Min(c.Max, v))
			}
			cards = append(cards, Scorecard{EntryID: int64(i + 1), JudgeID: int64(j + 1), Values: vals})
		}
	}
	return benchRound{crit: crit, entries: entries, cards: cards}
}

func benchRank(b *testing.B, opt Options) {
	d := benchData()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Rank(d.crit, d.entries, d.cards, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRank is the full computation an organizer runs before
// publishing: z-score normalization, statistics, reliability and 1,000
// bootstrap resamples for the top-10 probabilities.
func BenchmarkRank(b *testing.B) {
	benchRank(b, Options{Normalize: NormalizeZScore, Resamples: benchResamples})
}

// BenchmarkRankNoResample is the same without rank confidence, to show what
// the resampling costs.
func BenchmarkRankNoResample(b *testing.B) {
	benchRank(b, Options{Normalize: NormalizeZScore, Resamples: -1})
}

// BenchmarkPlainMean is the baseline: what a spreadsheet does, a weighted
// total per card, a plain mean per entry and one sort, with no validation,
// normalization, statistics or tie-break chain.
func BenchmarkPlainMean(b *testing.B) {
	d := benchData()
	b.ReportAllocs()
	for b.Loop() {
		ids := plainMeanRanking(d.crit, d.entries, d.cards)
		if len(ids) != benchEntries {
			b.Fatal(len(ids))
		}
	}
}

func plainMeanRanking(crit []Criterion, entries []Entry, cards []Scorecard) []int64 {
	sums := make(map[int64]float64, len(entries))
	counts := make(map[int64]int, len(entries))
	for _, c := range cards {
		t := 0.0
		for _, cr := range crit {
			t += cr.Weight * c.Values[cr.ID] / cr.Max
		}
		sums[c.EntryID] += t
		counts[c.EntryID]++
	}
	score := make(map[int64]float64, len(entries))
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		if n := counts[e.ID]; n > 0 {
			score[e.ID] = sums[e.ID] / float64(n)
		}
		ids = append(ids, e.ID)
	}
	sort.Slice(ids, func(i, j int) bool { return score[ids[i]] > score[ids[j]] })
	return ids
}

// TestBenchRoundShape keeps the benchmark honest: the generated round must
// have the advertised size and must rank without error, and the result must
// not depend on the order of the input.
func TestBenchRoundShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 200,000-value round")
	}
	d := benchData()
	values := 0
	for _, c := range d.cards {
		values += len(c.Values)
	}
	if len(d.entries) != benchEntries || len(d.cards) != benchEntries*benchPerEntry || values != 200000 {
		t.Fatalf("%d entries, %d cards, %d values", len(d.entries), len(d.cards), values)
	}
	r, err := Rank(d.crit, d.entries, d.cards, Options{Normalize: NormalizeZScore, Resamples: 50})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, r)
	judges := 0
	for _, j := range r.Judges {
		if j.Normalized {
			judges++
		}
	}
	// Shuffling the input must not change a single digit of the result.
	shuffle := rand.New(rand.NewPCG(5, 5))
	entries, cards := slices.Clone(d.entries), slices.Clone(d.cards)
	shuffle.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
	shuffle.Shuffle(len(cards), func(i, j int) { cards[i], cards[j] = cards[j], cards[i] })
	again, err := Rank(d.crit, entries, cards, Options{Normalize: NormalizeZScore, Resamples: 50})
	if err != nil || !reflect.DeepEqual(r, again) {
		t.Fatalf("shuffled input changed the result (err %v)", err)
	}
	t.Logf("%d judges normalized, reliability %s = %.3f, top entry p = %.2f",
		judges, r.Reliability.Method, *r.Reliability.ICC, r.Entries[0].TopNProbability)
}
