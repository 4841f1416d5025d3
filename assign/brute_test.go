package assign_test

import (
	"math/rand/v2"
	"testing"

	"github.com/juri-id/juri/assign"
)

// outcome is what the objective ranks: more filled slots first, then lower
// cost.
type outcome struct {
	filled int
	cost   int64
}

func (a outcome) better(b outcome) bool {
	return a.filled > b.filled || (a.filled == b.filled && a.cost < b.cost)
}

// allowedSubsets lists, per entry, every set of judges (as a bitmask) it
// could get: allowed judges only and at most its need.
func allowedSubsets(m *model) [][]uint {
	nJ := len(m.p.Judges)
	subsets := make([][]uint, len(m.p.Entries))
	for e := range m.p.Entries {
		for mask := uint(0); mask < 1<<nJ; mask++ {
			n, ok := 0, true
			for j := range nJ {
				if mask&(1<<j) != 0 {
					n++
					ok = ok && !m.forbidden[[2]int{e, j}]
				}
			}
			if ok && n <= m.need[e] {
				subsets[e] = append(subsets[e], mask)
			}
		}
	}
	return subsets
}

// enumerate tries every feasible assignment one by one.
func enumerate(m *model) outcome {
	subsets := allowedSubsets(m)
	nJ := len(m.p.Judges)
	newLoad := make([]int, nJ)
	best := outcome{-1, 0}
	var rec func(e, filled int, pen int64)
	rec = func(e, filled int, pen int64) {
		if e == len(subsets) {
			if o := (outcome{filled, pen + m.loadCost(newLoad)}); best.filled < 0 || o.better(best) {
				best = o
			}
			return
		}
		for _, mask := range subsets[e] {
			ok, n := true, 0
			var pe int64
			for j := range nJ {
				if mask&(1<<j) != 0 {
					newLoad[j]++
					n++
					pe += m.penalty(e, j)
					ok = ok && newLoad[j] <= m.room[j]
				}
			}
			if ok {
				rec(e+1, filled+n, pen+pe)
			}
			for j := range nJ {
				if mask&(1<<j) != 0 {
					newLoad[j]--
				}
			}
		}
	}
	rec(0, 0, 0)
	return best
}

// dynamic is the same exhaustive search with memoisation: the cost of a
// full assignment is the sum of penalties plus a function of the final
// loads, so keeping the cheapest penalty sum per load vector after each
// entry loses nothing. It handles 8 entries x 4 judges quickly.
func dynamic(m *model) outcome {
	subsets := allowedSubsets(m)
	nJ, base := len(m.p.Judges), len(m.p.Entries)+1
	encode := func(l []int) int {
		k := 0
		for j := nJ - 1; j >= 0; j-- {
			k = k*base + l[j]
		}
		return k
	}
	decode := func(k int, l []int) {
		for j := range nJ {
			l[j] = k % base
			k /= base
		}
	}
	cur := map[int]int64{0: 0}
	l := make([]int, nJ)
	for e := range subsets {
		next := map[int]int64{}
		for k, pen := range cur {
			for _, mask := range subsets[e] {
				decode(k, l)
				ok, pe := true, pen
				for j := range nJ {
					if mask&(1<<j) != 0 {
						l[j]++
						pe += m.penalty(e, j)
						ok = ok && l[j] <= m.room[j]
					}
				}
				if !ok {
					continue
				}
				nk := encode(l)
				if old, seen := next[nk]; !seen || pe < old {
					next[nk] = pe
				}
			}
		}
		cur = next
	}
	best := outcome{-1, 0}
	for k, pen := range cur {
		decode(k, l)
		filled := 0
		for _, n := range l {
			filled += n
		}
		if o := (outcome{filled, pen + m.loadCost(l)}); best.filled < 0 || o.better(best) {
			best = o
		}
	}
	return best
}

// TestBruteForce proves Solve optimal on small instances by exhaustive
// search and checks that Greedy never beats it.
func TestBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	greedyWorse := 0
	for i := range 300 {
		var p assign.Problem
		var want outcome
		if i%3 == 0 {
			p = randomProblem(rng, 5, 4)
			if i%2 == 0 {
				p = sizedProblem(rng, 5, 4)
			}
			want = enumerate(newModel(p))
			if d := dynamic(newModel(p)); d != want {
				t.Fatalf("instance %d: enumeration %v and memoised search %v disagree", i, want, d)
			}
		} else if i%3 == 1 {
			p = sizedProblem(rng, 8, 4)
			want = dynamic(newModel(p))
		} else {
			p = randomProblem(rng, 8, 4)
			want = dynamic(newModel(p))
		}
		r, err := assign.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := (outcome{check(t, p, r), r.Cost}); got != want {
			t.Fatalf("instance %d: Solve %v, exhaustive search %v\n%+v", i, got, want, p)
		}
		g, err := assign.Greedy(p)
		if err != nil {
			t.Fatal(err)
		}
		got := outcome{check(t, p, g), g.Cost}
		if got.better(want) {
			t.Fatalf("instance %d: Greedy %v beats the optimum %v", i, got, want)
		}
		if want.better(got) {
			greedyWorse++
		}
	}
	t.Logf("greedy was strictly worse on %d of 300 small instances", greedyWorse)
}
