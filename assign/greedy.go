package assign

// Greedy assigns entries one by one in input order, giving each open slot
// to the judge with the smallest marginal cost (load cost plus expertise
// penalty) at that moment, ties broken by judge input order. It obeys the
// same constraints as Solve but never revisits a choice, so it can leave
// loads uneven, pay avoidable penalties, or leave slots empty that Solve
// fills. It exists only as a baseline for comparison.
func Greedy(p Problem) (Result, error) {
	in, err := prepare(p)
	if err != nil {
		return Result{}, err
	}
	load := make([]int64, in.nJ)
	copy(load, in.start)
	left := make([]int, in.nJ)
	copy(left, in.capacity)
	taken := make([]int32, in.nJ) // last entry (plus one) that took judge j
	var out []ejPair
	for e := range in.nE {
		for range in.need[e] {
			best, bestCost := -1, int64(0)
			in.allowed(e, func(j int) {
				if left[j] == 0 || taken[j] == int32(e+1) {
					return
				}
				c := in.penalty(e, j) + in.w*(2*(load[j]+1)-1)
				if best < 0 || c < bestCost {
					best, bestCost = j, c
				}
			})
			if best < 0 {
				break
			}
			taken[best] = int32(e + 1)
			load[best]++
			left[best]--
			out = append(out, ejPair{int32(e), int32(best)})
		}
	}
	return in.result(out), nil
}
