package judging

import (
	"math"
	"slices"
)

// weightTolerance allows rubrics whose weights were typed as decimals, such
// as 33.33 + 33.33 + 33.34, whose floating-point sum is not exactly 100.
const weightTolerance = 1e-6

// card is a validated scorecard reduced to what the ranking needs.
type card struct {
	entry int   // index into round.entries
	judge int64 // judge ID
	raw   float64
	used  float64 // raw, or the normalized total when normalizing
}

// round is the validated input, indexed for the later stages.
type round struct {
	crit      []Criterion
	critOrder []int // criterion indices in tie-break order
	entries   []Entry
	cards     []card
	byEntry   [][]int   // card indices of each entry, by judge ID
	critMean  []float64 // entry*len(crit)+criterion -> mean raw value
}

// Every sum below runs in an order fixed by IDs (judges by judge ID, entries
// by entry ID) or by value, never in the order the cards arrived. Floating
// point addition is not associative, so this is what makes the result
// identical to the last digit however the caller sorted its input.

// build validates the input and computes every judge total. It reports the
// first problem found, scanning the inputs in the order given, so the same
// bad input always yields the same message.
func build(criteria []Criterion, entries []Entry, cards []Scorecard) (*round, error) {
	if len(criteria) == 0 {
		return nil, invalid("the rubric has no criteria")
	}
	critIdx := make(map[int64]int, len(criteria))
	keys := make(map[string]bool, len(criteria))
	sum := 0.0
	for i, c := range criteria {
		if _, dup := critIdx[c.ID]; dup {
			return nil, invalid("criterion %d appears twice", c.ID)
		}
		switch {
		case c.Key == "":
			return nil, invalid("criterion %d has no key", c.ID)
		case keys[c.Key]:
			return nil, invalid("criterion key %q appears twice", c.Key)
		case !(c.Max > 0) || math.IsInf(c.Max, 0):
			return nil, invalid("criterion %q: Max %v must be a positive number", c.Key, c.Max)
		case !(c.Min >= 0 && c.Min <= c.Max):
			return nil, invalid("criterion %q: Min %v must be between 0 and Max %v", c.Key, c.Min, c.Max)
		case !(c.Weight >= 0) || math.IsInf(c.Weight, 0):
			return nil, invalid("criterion %q: weight %v must not be negative", c.Key, c.Weight)
		}
		critIdx[c.ID] = i
		keys[c.Key] = true
		sum += c.Weight
	}
	if math.Abs(sum-100) > weightTolerance {
		return nil, invalid("criterion weights sum to %v, not 100", sum)
	}

	entryIdx := make(map[int64]int, len(entries))
	for i, e := range entries {
		if _, dup := entryIdx[e.ID]; dup {
			return nil, invalid("entry %d appears twice", e.ID)
		}
		if e.Assigned < 0 {
			return nil, invalid("entry %d: Assigned %d must not be negative", e.ID, e.Assigned)
		}
		entryIdx[e.ID] = i
	}

	nc := len(criteria)
	r := &round{
		crit:     criteria,
		entries:  entries,
		cards:    make([]card, 0, len(cards)),
		byEntry:  make([][]int, len(entries)),
		critMean: make([]float64, len(entries)*nc),
	}
	type pair struct{ entry, judge int64 }
	seen := make(map[pair]bool, len(cards))
	values := make([]float64, 0, len(cards)*nc) // card*nc+criterion -> value
	for _, sc := range cards {
		ei, ok := entryIdx[sc.EntryID]
		if !ok {
			return nil, invalid("scorecard of judge %d is for unknown entry %d", sc.JudgeID, sc.EntryID)
		}
		p := pair{sc.EntryID, sc.JudgeID}
		if seen[p] {
			return nil, invalid("judge %d submitted two scorecards for entry %d", sc.JudgeID, sc.EntryID)
		}
		seen[p] = true
		total := 0.0
		for _, c := range criteria {
			v, ok := sc.Values[c.ID]
			if !ok {
				return nil, invalid("scorecard of judge %d for entry %d has no value for criterion %q",
					sc.JudgeID, sc.EntryID, c.Key)
			}
			// The negated form also rejects NaN, which compares false.
			if !(v >= c.Min && v <= c.Max) {
				return nil, invalid("scorecard of judge %d for entry %d: %v is outside %v..%v for criterion %q",
					sc.JudgeID, sc.EntryID, v, c.Min, c.Max, c.Key)
			}
			total += Share(c, v)
			values = append(values, v)
		}
		if len(sc.Values) != nc {
			return nil, invalid("scorecard of judge %d for entry %d scores unknown criterion %d",
				sc.JudgeID, sc.EntryID, smallestUnknown(sc.Values, critIdx))
		}
		// The weight tolerance could push a perfect card a millionth of a
		// point past 100; totals are promised to stay within 0..100.
		total = clamp(total, 0, 100)
		r.byEntry[ei] = append(r.byEntry[ei], len(r.cards))
		r.cards = append(r.cards, card{entry: ei, judge: sc.JudgeID, raw: total, used: total})
	}

	for ei, list := range r.byEntry {
		slices.SortFunc(list, func(a, b int) int { return cmpInt64(r.cards[a].judge, r.cards[b].judge) })
		if len(list) == 0 {
			continue
		}
		means := r.critMean[ei*nc : (ei+1)*nc]
		for _, k := range list {
			for ci, v := range values[k*nc : (k+1)*nc] {
				means[ci] += v
			}
		}
		for ci := range means {
			means[ci] /= float64(len(list))
		}
	}

	// Tie-breaks look at the heaviest criterion first; equal weights follow
	// the order of the form, and the ID settles identical positions.
	r.critOrder = make([]int, nc)
	for i := range r.critOrder {
		r.critOrder[i] = i
	}
	slices.SortStableFunc(r.critOrder, func(a, b int) int {
		ca, cb := criteria[a], criteria[b]
		switch {
		case ca.Weight != cb.Weight:
			if ca.Weight > cb.Weight {
				return -1
			}
			return 1
		case ca.Position != cb.Position:
			return cmpInt(ca.Position, cb.Position)
		}
		return cmpInt64(ca.ID, cb.ID)
	})
	return r, nil
}

// smallestUnknown names the lowest unknown criterion ID of a scorecard, so
// the error message does not depend on map iteration order.
func smallestUnknown(values map[int64]float64, known map[int64]int) int64 {
	var best int64
	found := false
	for id := range values {
		if _, ok := known[id]; !ok && (!found || id < best) {
			best, found = id, true
		}
	}
	return best
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
