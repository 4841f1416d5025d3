package assign_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/assign/assigngen"
)

// TestPropertiesRandom solves hundreds of seeded random instances and checks
// every constraint, determinism, and optimality against the independent
// oracle. Up to 25 judges per instance means an entry usually has more
// judges than candidates, so the pricing step is exercised too.
func TestPropertiesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	short, pricedTotal := 0, 0
	for i := range 400 {
		p := randomProblem(rng, 40, 25)
		r, err := assign.Solve(p)
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		filled := check(t, p, r)
		wantFilled, wantCost := oracle(p)
		if filled != wantFilled || r.Cost != wantCost {
			t.Fatalf("instance %d: filled %d cost %d, oracle says %d and %d", i, filled, r.Cost, wantFilled, wantCost)
		}
		again, _ := assign.Solve(p)
		if !reflect.DeepEqual(r, again) {
			t.Fatalf("instance %d: second solve differs", i)
		}
		checkCapacityReasons(t, p, r)
		if len(r.Unassigned) > 0 {
			short++
		}

		// Only need candidates per entry: the first restricted solution
		// is rarely optimal, so pricing and the warm start must repair it
		// to the same optimum.
		r0, _, priced, err := assign.SolveWithExtra(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		pricedTotal += priced
		if f := check(t, p, r0); f != wantFilled || r0.Cost != wantCost {
			t.Fatalf("instance %d with no extra candidates: filled %d cost %d, oracle says %d and %d", i, f, r0.Cost, wantFilled, wantCost)
		}

		g, err := assign.Greedy(p)
		if err != nil {
			t.Fatal(err)
		}
		gf := check(t, p, g)
		if gf > filled || (gf == filled && g.Cost < r.Cost) {
			t.Fatalf("instance %d: greedy (%d, %d) beats Solve (%d, %d)", i, gf, g.Cost, filled, r.Cost)
		}
	}
	// The family must actually contain infeasible instances and make
	// pricing work, or the test would prove less than it claims.
	if short < 40 || pricedTotal == 0 {
		t.Fatalf("weak test family: %d instances with shortfalls, %d priced pairs", short, pricedTotal)
	}
	t.Logf("%d of 400 instances had shortfalls; pricing added %d pairs with no extra candidates", short, pricedTotal)
}

// checkCapacityReasons verifies the promise of a "capacity" shortfall in an
// optimal solution: every judge free of conflict with the entry that does
// not already judge it is at its maximum.
func checkCapacityReasons(t *testing.T, p assign.Problem, r assign.Result) {
	t.Helper()
	m := newModel(p)
	has := map[assign.Pair]bool{}
	for _, q := range r.New {
		has[q] = true
	}
	for _, s := range r.Unassigned {
		if s.Code != assign.CodeCapacity {
			continue
		}
		e := m.entryIdx[s.EntryID]
		for j, jd := range p.Judges {
			q := assign.Pair{EntryID: s.EntryID, JudgeID: jd.ID}
			if m.forbidden[[2]int{e, j}] || has[q] {
				continue
			}
			if p.MaxPerJudge == 0 || r.Loads[jd.ID] < p.MaxPerJudge {
				t.Fatalf("entry %d short for capacity but judge %d has load %d of %d", s.EntryID, jd.ID, r.Loads[jd.ID], p.MaxPerJudge)
			}
		}
	}
}

// TestGeneratedFamilyOptimal checks the benchmark family itself at a size
// the oracle can still handle, with and without extra candidates.
func TestGeneratedFamilyOptimal(t *testing.T) {
	for seed := uint64(1); seed <= 2; seed++ {
		p := assigngen.Generate(300, 18, 3, seed)
		wantFilled, wantCost := oracle(p)
		for _, extra := range []int{0, 3} {
			r, rounds, priced, err := assign.SolveWithExtra(p, extra)
			if err != nil {
				t.Fatal(err)
			}
			if f := check(t, p, r); f != wantFilled || r.Cost != wantCost {
				t.Fatalf("seed %d extra %d: filled %d cost %d, oracle %d and %d", seed, extra, f, r.Cost, wantFilled, wantCost)
			}
			t.Logf("seed %d extra %d: %d pricing rounds, %d pairs priced in", seed, extra, rounds, priced)
		}
	}
}

// TestDeterministicLarge solves a benchmark-size instance twice.
func TestDeterministicLarge(t *testing.T) {
	p := assigngen.Generate(2000, 120, 3, 7)
	a, err := assign.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	check(t, p, a)
	b, _ := assign.Solve(p)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two solves of the same problem differ")
	}
}

// TestSkewedExpertise covers a round where every entry has the same
// category and only one judge in twelve is expert: candidates chosen by
// penalty alone would all go to the few experts, so this checks that the
// solver still reaches the oracle's optimum, with and without extra
// candidates, including when capacity runs short.
func TestSkewedExpertise(t *testing.T) {
	for _, maxPer := range []int{0, 45, 40} {
		p := assigngen.Generate(500, 36, 3, 11)
		p.MaxPerJudge = maxPer
		for i := range p.Entries {
			p.Entries[i].Category = 4
		}
		for i := range p.Judges {
			p.Judges[i].Expertise = nil
			if i%12 == 0 {
				p.Judges[i].Expertise = []int64{4}
			}
		}
		wantFilled, wantCost := oracle(p)
		for _, extra := range []int{0, 2} {
			r, rounds, priced, err := assign.SolveWithExtra(p, extra)
			if err != nil {
				t.Fatal(err)
			}
			if f := check(t, p, r); f != wantFilled || r.Cost != wantCost {
				t.Fatalf("max %d extra %d: filled %d cost %d, oracle %d and %d", maxPer, extra, f, r.Cost, wantFilled, wantCost)
			}
			checkCapacityReasons(t, p, r)
			t.Logf("max %d extra %d: %d unassigned, %d pricing rounds, %d pairs priced in", maxPer, extra, len(r.Unassigned), rounds, priced)
		}
	}
}
