package judging

import "math"

// scoreEpsilon is the distance below which two scores (or two criterion
// means) count as equal. Totals are sums of fractions, so mathematically
// equal scores can differ in the last binary digits; no jury hands out
// differences of a billionth of a point on purpose.
const scoreEpsilon = 1e-9

// spreadEpsilon is the standard deviation below which a judge is treated as
// having given every entry the same total.
const spreadEpsilon = 1e-9

// aggregate combines the judge totals of one entry. sorted must be in
// ascending order and non-empty. Summing in ascending order makes the result
// depend only on the set of totals, not on the order the cards arrived in.
func aggregate(method string, sorted []float64) float64 {
	n := len(sorted)
	switch {
	case method == MethodMedian:
		return (sorted[(n-1)/2] + sorted[n/2]) / 2
	case method == MethodTrimmed && n >= 4:
		return sum(sorted[1:n-1]) / float64(n-2)
	}
	return sum(sorted) / float64(n)
}

// aggregateCounts is aggregate for a bootstrap resample: counts[j] says how
// often sorted[j] was drawn and n is the sum of counts. It gives the same
// value as aggregate on the expanded list, without building that list.
func aggregateCounts(method string, sorted []float64, counts []uint32, n int) float64 {
	switch {
	case method == MethodMedian:
		return (nthCounted(sorted, counts, (n-1)/2) + nthCounted(sorted, counts, n/2)) / 2
	case method == MethodTrimmed && n >= 4:
		lo, hi := 0, len(sorted)-1
		for counts[lo] == 0 {
			lo++
		}
		for counts[hi] == 0 {
			hi--
		}
		s := 0.0
		for j := lo; j <= hi; j++ {
			c := counts[j]
			if j == lo {
				c--
			}
			if j == hi {
				c--
			}
			s += float64(c) * sorted[j]
		}
		return s / float64(n-2)
	}
	s := 0.0
	for j, c := range counts {
		s += float64(c) * sorted[j]
	}
	return s / float64(n)
}

// nthCounted returns the k-th smallest (0-based) drawn value.
func nthCounted(sorted []float64, counts []uint32, k int) float64 {
	for j, c := range counts {
		if k < int(c) {
			return sorted[j]
		}
		k -= int(c)
	}
	return sorted[len(sorted)-1]
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// meanVar returns the mean and the sum of squared deviations of xs. The
// values are shifted by the first one before summing, so that identical
// values give a spread of exactly zero instead of rounding noise.
func meanVar(xs []float64) (mean, ss float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	shift := xs[0]
	d := 0.0
	for _, x := range xs {
		d += x - shift
	}
	d /= float64(len(xs))
	for _, x := range xs {
		e := x - shift - d
		ss += e * e
	}
	return shift + d, ss
}

// sampleSD is the standard deviation with n-1 in the denominator; 0 for
// fewer than two values.
func sampleSD(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	_, ss := meanVar(xs)
	return math.Sqrt(ss / float64(len(xs)-1))
}

// populationSD is the standard deviation with n in the denominator.
func populationSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	mean, ss := meanVar(xs)
	return mean, math.Sqrt(ss / float64(len(xs)))
}

func clamp(x, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, x))
}
