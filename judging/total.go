package judging

// Share is what one criterion's value adds to a judge's total:
// weight x value / max. Dividing first keeps the share at most the weight, so
// a total cannot pass the weight sum through rounding.
func Share(c Criterion, v float64) float64 { return c.Weight * (v / c.Max) }

// Total is a judge's total for one scorecard on the 0-100 scale: the sum of
// the shares of the criteria that have a value. A draft with missing values
// gets the total of what it has so far.
func Total(criteria []Criterion, values map[int64]float64) float64 {
	t := 0.0
	for _, c := range criteria {
		if v, ok := values[c.ID]; ok {
			t += Share(c, v)
		}
	}
	return clamp(t, 0, 100)
}
