package judging

import (
	"fmt"
	"slices"
)

// reliability measures how much the jury agrees on the raw totals of the
// ranked entries (final holds their indices in r.entries). Entries with fewer
// than two scorecards carry no information about agreement and are left out.
//
// When every remaining judge scored every remaining entry, the design is
// fully crossed and the two-way model ICC(2,k) of Shrout & Fleiss (1979)
// applies: it separates "this judge is strict with everybody" from genuine
// disagreement about entries. Otherwise each entry has its own panel and
// only the one-way model ICC(1,k) is valid, with the effective panel size
// k0 standing in for k when panels differ in size.
func (r *round) reliability(final []int) Reliability {
	var rows []int
	judgeSet := map[int64]bool{}
	for _, ei := range final {
		if len(r.byEntry[ei]) < 2 {
			continue
		}
		rows = append(rows, ei)
		for _, ci := range r.byEntry[ei] {
			judgeSet[r.cards[ci].judge] = true
		}
	}
	// Rows in entry-ID order make the result independent of the ranking
	// method, which only reorders entries.
	slices.SortFunc(rows, func(a, b int) int { return cmpInt64(r.entries[a].ID, r.entries[b].ID) })
	rel := Reliability{Method: "none", Judges: len(judgeSet), Entries: len(rows)}
	left := len(final) - len(rows)
	if len(rows) < 2 {
		rel.Note = "not computable: fewer than 2 ranked entries have at least 2 scorecards"
		return rel
	}

	crossed := true
	balanced := true
	for _, ei := range rows {
		n := len(r.byEntry[ei])
		crossed = crossed && n == len(judgeSet)
		balanced = balanced && n == len(r.byEntry[rows[0]])
	}

	var avg, single float64
	var why string
	if crossed {
		rel.Method = "ICC(2,k)"
		judges := make([]int64, 0, len(judgeSet))
		for id := range judgeSet {
			judges = append(judges, id)
		}
		slices.Sort(judges)
		// byEntry is sorted by judge ID, so each row lines up with judges.
		x := make([][]float64, len(rows))
		for i, ei := range rows {
			x[i] = make([]float64, len(judges))
			for j, ci := range r.byEntry[ei] {
				x[i][j] = r.cards[ci].raw
			}
		}
		rel.K = float64(len(judges))
		avg, single, why = icc2(x)
	} else {
		rel.Method = "ICC(1,k)"
		if !balanced {
			rel.Method = "ICC(1,k) unbalanced"
		}
		groups := make([][]float64, len(rows))
		for i, ei := range rows {
			for _, ci := range r.byEntry[ei] {
				groups[i] = append(groups[i], r.cards[ci].raw)
			}
		}
		avg, single, rel.K, why = icc1(groups)
	}

	var notes []string
	if why != "" {
		notes = append(notes, "not computable: "+why)
	} else {
		rel.ICC, rel.Single = &avg, &single
		if avg < 0 {
			notes = append(notes, "below zero: the judges disagree more than the entries differ")
		}
	}
	if left > 0 {
		notes = append(notes, fmt.Sprintf("%d ranked %s with fewer than 2 scorecards left out",
			left, plural(left, "entry", "entries")))
	}
	for i, n := range notes {
		if i > 0 {
			rel.Note += "; "
		}
		rel.Note += n
	}
	return rel
}

// icc2 computes ICC(2,k) and ICC(2,1) for an n x k table (entries x judges)
// from the two-way ANOVA mean squares: BMS between entries, JMS between
// judges and EMS residual. A non-empty reason means "not computable".
func icc2(x [][]float64) (avg, single float64, reason string) {
	n, k := len(x), len(x[0])
	// Shifting by one cell keeps identical tables at exactly zero spread.
	shift := x[0][0]
	grand := 0.0
	rowMean := make([]float64, n)
	colMean := make([]float64, k)
	for i := range x {
		for j, v := range x[i] {
			d := v - shift
			grand += d
			rowMean[i] += d
			colMean[j] += d
		}
	}
	grand /= float64(n * k)
	var ssr, ssc, sst float64
	for i := range rowMean {
		rowMean[i] /= float64(k)
		ssr += sq(rowMean[i] - grand)
	}
	for j := range colMean {
		colMean[j] /= float64(n)
		ssc += sq(colMean[j] - grand)
	}
	ssr *= float64(k)
	ssc *= float64(n)
	for i := range x {
		for _, v := range x[i] {
			sst += sq(v - shift - grand)
		}
	}
	if sst == 0 {
		return 0, 0, "every judge gave every entry the same total"
	}
	sse := max(sst-ssr-ssc, 0)
	bms := ssr / float64(n-1)
	jms := ssc / float64(k-1)
	ems := sse / float64((n-1)*(k-1))
	den := bms + (jms-ems)/float64(n)
	if !(den > 0) {
		return 0, 0, "the entries do not differ enough to estimate agreement"
	}
	avg = (bms - ems) / den
	single = (bms - ems) / (bms + float64(k-1)*ems + float64(k)*(jms-ems)/float64(n))
	return avg, single, ""
}

// icc1 computes the one-way ICC for groups of possibly different sizes
// (each group = one entry's totals, at least 2 per group, at least 2
// groups). k0 is the effective group size (N - sum n_i^2 / N) / (a - 1),
// which equals the common size when all groups are equal.
//
// The single-judge value is (BMS - WMS) / (BMS + (k0-1) WMS). Stepping it up
// to the average of k0 judges with the Spearman-Brown formula simplifies
// exactly to (BMS - WMS) / BMS, which is what avg returns.
func icc1(groups [][]float64) (avg, single, k0 float64, reason string) {
	a := len(groups)
	shift := groups[0][0]
	total, sumSq := 0, 0
	grand := 0.0
	means := make([]float64, a)
	for i, g := range groups {
		for _, v := range g {
			means[i] += v - shift
		}
		grand += means[i]
		means[i] /= float64(len(g))
		total += len(g)
		sumSq += len(g) * len(g)
	}
	grand /= float64(total)
	var ssb, ssw float64
	for i, g := range groups {
		ssb += float64(len(g)) * sq(means[i]-grand)
		for _, v := range g {
			ssw += sq(v - shift - means[i])
		}
	}
	k0 = (float64(total) - float64(sumSq)/float64(total)) / float64(a-1)
	if ssb+ssw == 0 {
		return 0, 0, k0, "every judge gave every entry the same total"
	}
	bms := ssb / float64(a-1)
	wms := ssw / float64(total-a)
	if !(bms > 0) {
		return 0, 0, k0, "every entry has the same mean total"
	}
	avg = (bms - wms) / bms
	single = (bms - wms) / (bms + (k0-1)*wms)
	return avg, single, k0, ""
}

func sq(x float64) float64 { return x * x }
