package judging

import (
	"fmt"
	"slices"
)

// minNormalizeCards is the fewest scorecards a judge needs before their
// personal mean and spread are trusted enough to rescale their totals.
const minNormalizeCards = 3

// judgeStats computes every judge's leniency over the whole round and, when
// asked, replaces each card's used total by its z-score normalized value.
// It always looks at the whole round, even when the ranking is limited to
// one category, because a judge's habits show across everything they scored.
func (r *round) judgeStats(normalize string) ([]JudgeStat, []string) {
	byJudge := make(map[int64][]int)
	all := make([]float64, len(r.cards))
	for i, c := range r.cards {
		byJudge[c.judge] = append(byJudge[c.judge], i)
		all[i] = c.raw
	}
	ids := make([]int64, 0, len(byJudge))
	for id := range byJudge {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Sort(all) // a fixed summation order; see round
	roundMean, roundSD := populationSD(all)

	stats := make([]JudgeStat, 0, len(ids))
	notes := []string{} // never nil, so a JSON consumer always sees a list
	totals := make([]float64, 0, 16)
	for _, id := range ids {
		list := byJudge[id]
		totals = totals[:0]
		for _, ci := range list {
			totals = append(totals, r.cards[ci].raw)
		}
		slices.Sort(totals)
		mean, sd := populationSD(totals)
		st := JudgeStat{JudgeID: id, Scored: len(list), Mean: mean, Offset: mean - roundMean}
		if normalize == NormalizeZScore {
			switch {
			case len(list) < minNormalizeCards:
				st.Note = fmt.Sprintf("left unnormalized: fewer than %d scored entries", minNormalizeCards)
			case sd < spreadEpsilon:
				st.Note = "left unnormalized: gave every entry the same total"
			default:
				st.Normalized = true
				st.Note = fmt.Sprintf("normalized: z-scores rescaled to the round mean %.2f and SD %.2f", roundMean, roundSD)
				for _, ci := range list {
					z := (r.cards[ci].raw - mean) / sd
					r.cards[ci].used = clamp(roundMean+z*roundSD, 0, 100)
				}
			}
			if !st.Normalized {
				notes = append(notes, fmt.Sprintf("judge %d %s", id, st.Note))
			}
		}
		stats = append(stats, st)
	}
	return stats, notes
}
