package assign

import "math"

// Tuning of the restricted graph. Candidates per entry is need+extraCandidates;
// pricing adds at most need+extraPriced of the most violating pairs per entry
// and round. Neither affects the result, only how fast it is found: any
// candidate set gives the same optimum once pricing finds no violation.
const (
	extraCandidates = 2
	extraPriced     = 2
)

// bigM returns the cost of one unfilled slot. It must exceed the cost of
// any set of real assignments, so that filling one more slot always beats
// any saving on the others. A real assignment costs at most the penalty plus
// the marginal load cost of the highest load any judge can reach, and there
// are at most totalNeed of them.
func (in *instance) bigM() (int64, bool) {
	total, maxK := 0.0, 0.0
	for _, n := range in.need {
		total += float64(n)
	}
	for j := range in.nJ {
		maxK = max(maxK, float64(in.start[j])+float64(in.capacity[j]))
	}
	m := total*(float64(in.pen)+float64(in.w)*(2*maxK+1)) + 1
	// Potentials grow to a few multiples of M (below 3M on thousands of
	// random infeasible instances); 2^50 keeps them far from overflow and
	// keeps this float64 estimate exact enough.
	if m > 1<<50 {
		return 0, false
	}
	return int64(math.Ceil(m)), true
}

// solveStats tells how the solver got there; tests and tuning read it.
type solveStats struct {
	phases int // Dijkstra runs
	rounds int // pricing passes over all pairs
	priced int // pairs added by pricing
}

// solveFlow returns an optimal set of new assignments.
func solveFlow(in *instance) []ejPair {
	out, _ := solveWith(in, extraCandidates)
	return out
}

// solveWith solves with need+extra candidates per entry. The result is
// optimal for any extra; tests use small values to exercise pricing.
func solveWith(in *instance, extra int) ([]ejPair, solveStats) {
	bigM, ok := in.bigM()
	if !ok {
		// prepare rejects such inputs.
		panic("assign: weights too large")
	}
	var st solveStats
	nw := newNetwork(in, bigM)
	in.addCandidates(nw, extra)
	for {
		st.phases += nw.run()
		st.rounds++
		n := in.price(nw)
		if n == 0 {
			break
		}
		st.priced += n
	}
	var out []ejPair
	for e := range in.nE {
		for _, a := range nw.adj[e] {
			if v := nw.to[a]; v != nw.sink && nw.cap[a] == 0 {
				out = append(out, ejPair{int32(e), v - int32(in.nE)})
			}
		}
	}
	return out, st
}

// allowed calls fn, in index order, for every judge that entry e may get
// and whose starting load leaves room for a new assignment. Judges without
// room are skipped everywhere: no feasible flow can use their pairs, so
// leaving those pairs out of the graph and of pricing changes nothing.
func (in *instance) allowed(e int, fn func(j int)) {
	forb := in.forbidden(e)
	k := 0
	for j := range in.nJ {
		if k < len(forb) && int(forb[k]) == j {
			k++
			continue
		}
		if in.capacity[j] > 0 {
			fn(j)
		}
	}
}

// addCandidates gives every entry a few candidate judges, cheapest first:
// judges without expertise penalty before the others, and among those the
// judge with the lowest expected load. A judge's expected load grows by
// need/k each time it becomes one of the k candidates of an entry, since the
// k candidates share need slots; judges whose expected load has reached
// their maximum come after all others. This mirrors the balanced loads the
// optimum wants, so pricing usually has little or nothing to add, even when
// only a few judges are experts in a large category.
func (in *instance) addCandidates(nw *network, extra int) {
	// vload is the expected load times k, kept as an integer. k varies
	// with the entry's need; the rounding that brings only affects which
	// candidates are tried first, never the result.
	vload := make([]int64, in.nJ)
	var best shortlist
	for e := range in.nE {
		need := int64(in.need[e])
		if need == 0 {
			continue
		}
		k := int64(in.need[e] + extra)
		best.reset(int(k))
		in.allowed(e, func(j int) {
			// The tier orders: free and expert, free and penalised,
			// full and expert, full and penalised.
			tier := in.penalty(e, j)
			if vload[j] >= k*int64(in.capacity[j]) {
				tier += in.pen + 1
			}
			best.offer(tier, k*in.start[j]+vload[j], j)
		})
		for _, c := range best.items {
			vload[c.j] += need
			nw.addArc(int32(e), int32(in.nE+c.j), 1, in.penalty(e, c.j))
		}
	}
}

// shortlist keeps the k smallest offers by (a, b), earlier offers winning
// ties, so that scanning judges in index order breaks ties by input order.
type shortlist struct {
	k     int
	items []offer
}

type offer struct {
	a, b int64
	j    int
}

func (s *shortlist) reset(k int) {
	s.k = k
	s.items = s.items[:0]
}

func (o offer) less(p offer) bool {
	return o.a < p.a || (o.a == p.a && o.b < p.b)
}

func (s *shortlist) offer(a, b int64, j int) {
	o := offer{a, b, j}
	n := len(s.items)
	if n == s.k && (s.k == 0 || !o.less(s.items[n-1])) {
		return
	}
	if n < s.k {
		s.items = append(s.items, o)
	} else {
		n--
	}
	// Insertion into the short sorted list; n is the free slot.
	for n > 0 && o.less(s.items[n-1]) {
		s.items[n] = s.items[n-1]
		n--
	}
	s.items[n] = o
}

// price checks every allowed (entry, judge) pair missing from the
// restricted graph against the current potentials. A pair of negative
// reduced cost could improve the solution, so the most violating ones are
// added and immediately saturated: that keeps every residual arc at a
// non-negative reduced cost (the new reverse arc has the opposite sign) and
// leaves one unit of excess at the judge and one of deficit at the entry for
// the next run to settle. It returns how many pairs were added; zero proves
// the current flow optimal for the full problem.
func (in *instance) price(nw *network) int {
	mark := make([]int32, in.nJ)
	for j := range mark {
		mark[j] = -1
	}
	// Many entries tend to find the same judges most violating (those of
	// lowest potential). Ranking a judge lower by 2*LoadWeight, the cost of
	// one more load level, for every pair it already received in this
	// round spreads the additions the way the loads would spread.
	addedTo := make([]int64, in.nJ)
	var worst shortlist
	added := 0
	for e := range in.nE {
		if in.need[e] == 0 {
			continue
		}
		for _, a := range nw.adj[e] {
			if v := nw.to[a]; v != nw.sink {
				mark[int(v)-in.nE] = int32(e)
			}
		}
		worst.reset(in.need[e] + extraPriced)
		pe := nw.pi[e]
		in.allowed(e, func(j int) {
			if mark[j] == int32(e) {
				return
			}
			if rc := in.penalty(e, j) + pe - nw.pi[in.nE+j]; rc < 0 {
				worst.offer(rc+2*in.w*addedTo[j], 0, j)
			}
		})
		for _, v := range worst.items {
			a := nw.addArc(int32(e), int32(in.nE+v.j), 1, in.penalty(e, v.j))
			nw.push(a)
			nw.excess[e]--
			nw.excess[in.nE+v.j]++
			addedTo[v.j]++
			added++
		}
	}
	return added
}
