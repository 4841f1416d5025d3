package assign_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/juri-id/juri/assign"
)

// model restates the cost model from the Problem alone, independently of
// the package's internals, so the tests do not trust what they test.
type model struct {
	p         assign.Problem
	w, pen    int64
	entryIdx  map[int64]int
	judgeIdx  map[int64]int
	need      []int
	start     []int
	room      []int           // new assignments each judge may take
	forbidden map[[2]int]bool // conflict or existing, by (entry, judge) index
	conflict  map[[2]int]bool
	existing  map[[2]int]bool
}

func newModel(p assign.Problem) *model {
	m := &model{p: p, w: p.LoadWeight, pen: p.ExpertisePenalty,
		entryIdx: map[int64]int{}, judgeIdx: map[int64]int{},
		forbidden: map[[2]int]bool{}, conflict: map[[2]int]bool{}, existing: map[[2]int]bool{}}
	if m.w == 0 {
		m.w = 10
	}
	if m.pen == 0 {
		m.pen = 5
	}
	for i, e := range p.Entries {
		m.entryIdx[e.ID] = i
	}
	for i, j := range p.Judges {
		m.judgeIdx[j.ID] = i
	}
	m.need = make([]int, len(p.Entries))
	for i := range m.need {
		m.need[i] = p.JudgesPerEntry
	}
	m.start = make([]int, len(p.Judges))
	for i, j := range p.Judges {
		m.start[i] = j.OtherLoad
	}
	for _, q := range p.Existing {
		k := [2]int{m.entryIdx[q.EntryID], m.judgeIdx[q.JudgeID]}
		m.existing[k], m.forbidden[k] = true, true
		m.need[k[0]]--
		m.start[k[1]]++
	}
	for i := range m.need {
		m.need[i] = max(m.need[i], 0)
	}
	for _, q := range p.Conflicts {
		k := [2]int{m.entryIdx[q.EntryID], m.judgeIdx[q.JudgeID]}
		m.conflict[k], m.forbidden[k] = true, true
	}
	m.room = make([]int, len(p.Judges))
	for j := range m.room {
		m.room[j] = len(p.Entries)
		if p.MaxPerJudge > 0 {
			m.room[j] = max(0, p.MaxPerJudge-m.start[j])
		}
	}
	return m
}

func (m *model) penalty(e, j int) int64 {
	c := m.p.Entries[e].Category
	if c == 0 || slices.Contains(m.p.Judges[j].Expertise, c) {
		return 0
	}
	return m.pen
}

// cost of giving judges newLoad[j] more assignments, plus the penalties.
func (m *model) loadCost(newLoad []int) int64 {
	var c int64
	for j, n := range newLoad {
		for k := m.start[j] + 1; k <= m.start[j]+n; k++ {
			c += m.w * int64(2*k-1)
		}
	}
	return c
}

// available counts judges that could ever hold entry e.
func (m *model) available(e int) int {
	n := 0
	for j := range m.p.Judges {
		k := [2]int{e, j}
		if !m.conflict[k] || m.existing[k] {
			n++
		}
	}
	return n
}

// check verifies every hard constraint and the bookkeeping of r, and
// returns the number of filled slots.
func check(t *testing.T, p assign.Problem, r assign.Result) int {
	t.Helper()
	m := newModel(p)
	gotE := make([]int, len(p.Entries))
	newLoad := make([]int, len(p.Judges))
	seen := map[assign.Pair]bool{}
	var pen int64
	for i, q := range r.New {
		e, okE := m.entryIdx[q.EntryID]
		j, okJ := m.judgeIdx[q.JudgeID]
		if !okE || !okJ {
			t.Fatalf("pair %v names unknown ids", q)
		}
		if m.conflict[[2]int{e, j}] {
			t.Fatalf("conflicted pair %v assigned", q)
		}
		if m.existing[[2]int{e, j}] {
			t.Fatalf("existing pair %v assigned again", q)
		}
		if seen[q] {
			t.Fatalf("pair %v assigned twice", q)
		}
		seen[q] = true
		if i > 0 {
			prev := r.New[i-1]
			if cmp.Or(cmp.Compare(prev.EntryID, q.EntryID), cmp.Compare(prev.JudgeID, q.JudgeID)) >= 0 {
				t.Fatalf("New not sorted at %d: %v then %v", i, prev, q)
			}
		}
		gotE[e]++
		newLoad[j]++
		pen += m.penalty(e, j)
	}
	for j := range p.Judges {
		if newLoad[j] > m.room[j] {
			t.Fatalf("judge %d gets %d new, room for %d", p.Judges[j].ID, newLoad[j], m.room[j])
		}
		if got, want := r.Loads[p.Judges[j].ID], m.start[j]+newLoad[j]; got != want {
			t.Fatalf("judge %d load %d, want %d", p.Judges[j].ID, got, want)
		}
	}
	if len(r.Loads) != len(p.Judges) {
		t.Fatalf("Loads has %d judges, want %d", len(r.Loads), len(p.Judges))
	}
	var short []assign.Shortfall
	filled := 0
	for e := range p.Entries {
		if gotE[e] > m.need[e] {
			t.Fatalf("entry %d gets %d new, needs %d", p.Entries[e].ID, gotE[e], m.need[e])
		}
		filled += gotE[e]
		if miss := m.need[e] - gotE[e]; miss > 0 {
			code := assign.CodeCapacity
			if m.available(e) < p.JudgesPerEntry {
				code = assign.CodeConflicts
			}
			short = append(short, assign.Shortfall{EntryID: p.Entries[e].ID, Missing: miss, Code: code})
		}
	}
	slices.SortFunc(short, func(a, b assign.Shortfall) int { return cmp.Compare(a.EntryID, b.EntryID) })
	if len(short) != len(r.Unassigned) {
		t.Fatalf("Unassigned has %d entries, want %d", len(r.Unassigned), len(short))
	}
	for i, s := range short {
		u := r.Unassigned[i]
		if u.EntryID != s.EntryID || u.Missing != s.Missing || u.Code != s.Code || u.Reason == "" {
			t.Fatalf("Unassigned[%d] = %+v, want %+v with a reason", i, u, s)
		}
	}
	if want := pen + m.loadCost(newLoad); r.Cost != want {
		t.Fatalf("Cost %d, want %d", r.Cost, want)
	}
	return filled
}

// randomProblem draws a small instance with varied sizes, conflict rates,
// capacities (including infeasible ones), weights and id orders.
func randomProblem(rng *rand.Rand, maxE, maxJ int) assign.Problem {
	return sizedProblem(rng, 1+rng.IntN(maxE), 1+rng.IntN(maxJ))
}

// sizedProblem is randomProblem with exactly nE entries and nJ judges.
func sizedProblem(rng *rand.Rand, nE, nJ int) assign.Problem {
	p := assign.Problem{JudgesPerEntry: 1 + rng.IntN(min(4, nJ+1))}
	// Ids are shuffled and spread so that input order differs from id order.
	for _, id := range rng.Perm(nE) {
		p.Entries = append(p.Entries, assign.Entry{ID: int64(id*7 + 3), Category: int64(rng.IntN(4))})
	}
	for _, id := range rng.Perm(nJ) {
		j := assign.Judge{ID: int64(id*5 + 1)}
		for c := int64(1); c <= 3; c++ {
			if rng.IntN(2) == 0 {
				j.Expertise = append(j.Expertise, c)
			}
		}
		if rng.IntN(4) == 0 {
			j.OtherLoad = rng.IntN(4)
		}
		p.Judges = append(p.Judges, j)
	}
	rate := []float64{0, 0.05, 0.2, 0.5}[rng.IntN(4)]
	existing := []float64{0, 0.2, 0.5}[rng.IntN(3)]
	for _, e := range p.Entries {
		for _, j := range p.Judges {
			switch {
			case rng.Float64() < rate:
				p.Conflicts = append(p.Conflicts, assign.Pair{EntryID: e.ID, JudgeID: j.ID})
			case rng.Float64() < existing/float64(nJ)*2:
				p.Existing = append(p.Existing, assign.Pair{EntryID: e.ID, JudgeID: j.ID})
			}
		}
	}
	share := (nE*p.JudgesPerEntry + nJ - 1) / nJ
	switch rng.IntN(5) {
	case 0: // no limit
	case 1:
		p.MaxPerJudge = max(1, share/2) // infeasible
	default:
		p.MaxPerJudge = share + rng.IntN(3)
	}
	p.LoadWeight = []int64{0, 1, 3, 10}[rng.IntN(4)]
	p.ExpertisePenalty = []int64{0, 1, 7, 40}[rng.IntN(4)]
	return p
}

// oracle computes the maximum number of fillable slots and the minimum cost
// among fillings of that size by plain successive shortest paths (one unit
// per Bellman-Ford search) on the full graph, with one unit arc per load
// level. It shares nothing with the package's solver.
func oracle(p assign.Problem) (filled int, cost int64) {
	m := newModel(p)
	nE, nJ := len(p.Entries), len(p.Judges)
	src, snk := nE+nJ, nE+nJ+1
	type arc struct {
		to, cap int
		cost    int64
	}
	var arcs []arc
	adj := make([][]int, nE+nJ+2)
	add := func(u, v, c int, w int64) {
		adj[u] = append(adj[u], len(arcs))
		arcs = append(arcs, arc{v, c, w})
		adj[v] = append(adj[v], len(arcs))
		arcs = append(arcs, arc{u, 0, -w})
	}
	for e := range nE {
		add(src, e, m.need[e], 0)
		for j := range nJ {
			if !m.forbidden[[2]int{e, j}] {
				add(e, nE+j, 1, m.penalty(e, j))
			}
		}
	}
	for j := range nJ {
		for k := m.start[j] + 1; k <= m.start[j]+m.room[j]; k++ {
			add(nE+j, snk, 1, m.w*int64(2*k-1))
		}
	}
	n := len(adj)
	for {
		dist := make([]int64, n)
		prev := make([]int, n)
		for i := range dist {
			dist[i], prev[i] = 1<<62, -1
		}
		dist[src] = 0
		for changed := true; changed; {
			changed = false
			for u := range n {
				if dist[u] == 1<<62 {
					continue
				}
				for _, a := range adj[u] {
					if arcs[a].cap > 0 && dist[u]+arcs[a].cost < dist[arcs[a].to] {
						dist[arcs[a].to] = dist[u] + arcs[a].cost
						prev[arcs[a].to] = a
						changed = true
					}
				}
			}
		}
		if dist[snk] == 1<<62 {
			return filled, cost
		}
		for v := snk; v != src; v = arcs[prev[v]^1].to {
			arcs[prev[v]].cap--
			arcs[prev[v]^1].cap++
		}
		filled++
		cost += dist[snk]
	}
}
