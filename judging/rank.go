package judging

import (
	"fmt"
	"math"
	"runtime"
	"slices"
)

// Rank validates the round and computes its ranking. See docs/judging.md
// for the rules in words; every validation error wraps ErrInvalid.
func Rank(criteria []Criterion, entries []Entry, cards []Scorecard, opt Options) (Ranking, error) {
	s, err := opt.resolve()
	if err != nil {
		return Ranking{}, err
	}
	r, err := build(criteria, entries, cards)
	if err != nil {
		return Ranking{}, err
	}

	out := Ranking{Method: s.method, Normalize: s.normalize, TopN: s.topN}
	out.Judges, out.Notes = r.judgeStats(s.normalize)

	listed := make([]int, 0, len(entries))
	for i, e := range entries {
		if s.category == 0 || e.CategoryID == s.category {
			listed = append(listed, i)
		}
	}
	if s.category != 0 {
		out.Notes = append(out.Notes, fmt.Sprintf(
			"ranking limited to category %d (%d of %d entries); judge statistics and normalization use the whole round",
			s.category, len(listed), len(entries)))
	}

	// Each listed entry's totals used for the score, in ascending order.
	used := make([][]float64, len(entries))
	ranked := make([]RankedEntry, 0, len(listed))
	unscored := 0
	for _, ei := range listed {
		re, vals := r.entryResult(ei, s)
		used[ei] = vals
		if len(vals) == 0 {
			unscored++
		}
		ranked = append(ranked, re)
	}
	final := r.order(ranked, listed)
	if unscored > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf(
			"%d %s no submitted scorecard and %s ranked after every scored entry",
			unscored, plural(unscored, "entry has", "entries have"), plural(unscored, "is", "are")))
	}

	out.Reliability = r.reliability(final)

	if s.resamples < 0 {
		out.Notes = append(out.Notes, "rank confidence skipped: Resamples is negative")
	} else {
		out.Resamples = s.resamples
		// Entries are in rank order and scored ones come first, so position
		// in this slice is the original rank used to break resample ties.
		groups := make([][]float64, 0, len(ranked))
		for i, re := range ranked {
			if re.Judges > 0 {
				groups = append(groups, used[final[i]])
			}
		}
		p := topNProbabilities(groups, s.method, s.topN, s.resamples, s.seed, runtime.GOMAXPROCS(0))
		for i := range p {
			ranked[i].TopNProbability = p[i]
		}
	}
	out.Entries = ranked
	return out, nil
}

// entryResult computes everything about one entry except its rank and its
// rank confidence. It also returns the sorted totals behind the score.
func (r *round) entryResult(ei int, s settings) (RankedEntry, []float64) {
	e := r.entries[ei]
	list := r.byEntry[ei]
	re := RankedEntry{
		EntryID:        e.ID,
		Judges:         len(list),
		Flags:          []string{},
		Criteria:       make(map[string]float64, len(r.crit)),
		JudgeTotals:    make(map[int64]float64, len(list)),
		RawJudgeTotals: make(map[int64]float64, len(list)),
	}
	if len(list) < e.Assigned {
		re.Flags = append(re.Flags, FlagIncomplete)
	}
	if len(list) == 0 {
		re.Flags = append(re.Flags, FlagUnscored)
		return re, nil
	}
	vals := make([]float64, len(list))
	for i, ci := range list {
		c := r.cards[ci]
		vals[i] = c.used
		re.JudgeTotals[c.judge] = c.used
		re.RawJudgeTotals[c.judge] = c.raw
	}
	nc := len(r.crit)
	for ci, c := range r.crit {
		re.Criteria[c.Key] = r.critMean[ei*nc+ci]
	}
	slices.Sort(vals)
	re.Score = aggregate(s.method, vals)
	re.Stddev = sampleSD(vals)
	if re.Stddev > s.threshold {
		re.Flags = append(re.Flags, FlagDisagreement)
	}
	return re, vals
}

// order sorts ranked into its final order, assigns ranks 1..n and adds the
// "tied" flag. listed maps each ranked element (in its incoming order) to
// its index in r.entries; the returned slice does the same for the final
// order.
func (r *round) order(ranked []RankedEntry, listed []int) []int {
	type item struct {
		re    RankedEntry
		ei    int
		group int // score group; smaller is better; unscored entries share the last
	}
	items := make([]item, len(ranked))
	for i := range ranked {
		items[i] = item{re: ranked[i], ei: listed[i]}
	}

	// Scores that lie within scoreEpsilon of their neighbour form one group,
	// and only the tie-break chain orders entries inside a group. Grouping
	// first keeps the score comparison transitive, which a plain "equal
	// within epsilon" comparison would not be: a sort given an inconsistent
	// comparison may order the same entries differently depending on the
	// order in which they arrive.
	slices.SortFunc(items, func(a, b item) int {
		sa, sb := a.re.Judges > 0, b.re.Judges > 0
		if sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		switch {
		case a.re.Score > b.re.Score:
			return -1
		case a.re.Score < b.re.Score:
			return 1
		}
		return 0
	})
	group := 0
	for i := range items {
		if i > 0 {
			prev, cur := items[i-1].re, items[i].re
			switch {
			case prev.Judges == 0 && cur.Judges == 0:
				// All unscored entries share the last group.
			case prev.Judges == 0 || cur.Judges == 0 || prev.Score-cur.Score >= scoreEpsilon:
				group++
			}
		}
		items[i].group = group
	}
	// Unscored entries have no score to tie on, so they are never "tied";
	// they are ordered by submission time and ID only.
	for i := range items {
		if items[i].re.Judges == 0 {
			continue
		}
		if (i > 0 && items[i-1].group == items[i].group) ||
			(i+1 < len(items) && items[i+1].group == items[i].group) {
			items[i].re.Flags = append(items[i].re.Flags, FlagTied)
		}
	}

	slices.SortFunc(items, func(a, b item) int {
		if c := cmpInt(a.group, b.group); c != 0 {
			return c
		}
		if a.re.Judges > 0 {
			if c := r.compareCriteria(a.ei, b.ei); c != 0 {
				return c
			}
		}
		return compareSubmission(r.entries[a.ei], r.entries[b.ei])
	})
	final := make([]int, len(items))
	for i := range items {
		ranked[i] = items[i].re
		ranked[i].Rank = i + 1
		slices.Sort(ranked[i].Flags)
		final[i] = items[i].ei
	}
	return final
}

// compareCriteria prefers the entry with the higher mean raw value on the
// heaviest criterion, then on the next one, and so on.
func (r *round) compareCriteria(a, b int) int {
	nc := len(r.crit)
	for _, ci := range r.critOrder {
		ma, mb := r.critMean[a*nc+ci], r.critMean[b*nc+ci]
		if math.Abs(ma-mb) >= scoreEpsilon {
			if ma > mb {
				return -1
			}
			return 1
		}
	}
	return 0
}

// compareSubmission prefers the earlier submission; an unknown (zero) time
// loses to any known time; the lower entry ID settles the rest.
func compareSubmission(a, b Entry) int {
	za, zb := a.SubmittedAt.IsZero(), b.SubmittedAt.IsZero()
	switch {
	case za != zb:
		if za {
			return 1
		}
		return -1
	case !za:
		if c := a.SubmittedAt.Compare(b.SubmittedAt); c != 0 {
			return c
		}
	}
	return cmpInt64(a.ID, b.ID)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
