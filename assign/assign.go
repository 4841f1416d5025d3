package assign

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Entry is one submission to be judged. Category 0 means it has none, and
// then no expertise penalty applies.
type Entry struct {
	ID       int64
	Category int64
}

// Judge is one judge of the round.
type Judge struct {
	ID int64
	// Expertise lists the category ids this judge is expert in; it may be
	// empty.
	Expertise []int64
	// OtherLoad is the number of assignments this judge already holds in the
	// round outside Problem.Existing. It counts toward the load and toward
	// MaxPerJudge.
	OtherLoad int
}

// Pair names one (entry, judge) pair.
type Pair struct {
	EntryID, JudgeID int64
}

// Problem is one round's assignment problem.
type Problem struct {
	Entries []Entry
	Judges  []Judge
	// JudgesPerEntry is the number of judges each entry needs (>= 1).
	JudgesPerEntry int
	// MaxPerJudge is the maximum total load of a judge in the round,
	// counting OtherLoad and Existing; 0 means no limit.
	MaxPerJudge int
	// Conflicts are pairs that must never be assigned.
	Conflicts []Pair
	// Existing are assignments that already exist. They are kept as they
	// are and count toward the entry's judges and the judge's load.
	Existing []Pair
	// LoadWeight scales the convex load cost; 0 means the default 10.
	LoadWeight int64
	// ExpertisePenalty is added for each new pair whose entry category is
	// not in the judge's expertise; 0 means the default 5.
	ExpertisePenalty int64
}

// Default weights, used when the Problem leaves them at zero.
const (
	DefaultLoadWeight       = 10
	DefaultExpertisePenalty = 5
)

// Shortfall codes. The frontend translates by code; Reason is plain English
// for logs and API clients that do not translate.
const (
	// CodeConflicts means fewer than JudgesPerEntry judges are free of
	// conflict with the entry, so no assignment could ever fill it.
	CodeConflicts = "conflicts"
	// CodeCapacity means enough judges are free of conflict, but the ones
	// still needed have no capacity left under MaxPerJudge.
	CodeCapacity = "capacity"
)

// Shortfall describes an entry that could not get enough judges.
type Shortfall struct {
	EntryID int64
	Missing int
	Code    string
	Reason  string
}

// Result is the outcome of Solve or Greedy.
type Result struct {
	// New holds the new assignments only, sorted by (EntryID, JudgeID).
	New []Pair
	// Unassigned lists the entries that could not get enough judges,
	// sorted by EntryID.
	Unassigned []Shortfall
	// Cost is the objective value of the new assignments under the cost
	// model of the package doc, excluding any penalty for empty slots.
	Cost int64
	// Loads is the final load per judge ID: OtherLoad + Existing + New.
	Loads map[int64]int
}

// Solve returns an optimal set of new assignments: as many slots filled as
// possible and, among those, the minimum cost. It returns an error only for
// malformed input.
func Solve(p Problem) (Result, error) {
	in, err := prepare(p)
	if err != nil {
		return Result{}, err
	}
	assigned := solveFlow(in)
	return in.result(assigned), nil
}

// instance is a Problem translated to dense indices, which both solvers
// share. Entries and judges are numbered in input order so that every
// tie-break that follows index order follows input order too.
type instance struct {
	p        *Problem
	nE, nJ   int
	w, pen   int64
	need     []int   // new judges needed per entry
	start    []int64 // starting load per judge
	capacity []int   // how many new assignments each judge may take
	// forbidOff/forbid list, per entry, the sorted judge indices it may not
	// get: conflicts and judges it already holds.
	forbidOff []int32
	forbid    []int32
	// conflictFree counts, per entry, judges that could ever hold it: no
	// conflict, or already assigned through Existing.
	conflictFree []int
	catIdx       []int32 // dense category per entry, -1 for none
	nCat         int
	expert       []bool // nJ x nCat: judge j is expert in dense category c
}

// penalty is the cost of arc entry e -> judge j.
func (in *instance) penalty(e, j int) int64 {
	c := in.catIdx[e]
	if c < 0 || in.expert[j*in.nCat+int(c)] {
		return 0
	}
	return in.pen
}

// forbidden returns the sorted judge indices entry e may not get.
func (in *instance) forbidden(e int) []int32 {
	return in.forbid[in.forbidOff[e]:in.forbidOff[e+1]]
}

func prepare(p Problem) (*instance, error) {
	if p.JudgesPerEntry < 1 {
		return nil, fmt.Errorf("assign: JudgesPerEntry must be at least 1, got %d", p.JudgesPerEntry)
	}
	if p.MaxPerJudge < 0 {
		return nil, fmt.Errorf("assign: MaxPerJudge must not be negative, got %d", p.MaxPerJudge)
	}
	if p.LoadWeight < 0 || p.ExpertisePenalty < 0 {
		return nil, errors.New("assign: LoadWeight and ExpertisePenalty must not be negative")
	}
	in := &instance{p: &p, nE: len(p.Entries), nJ: len(p.Judges), w: p.LoadWeight, pen: p.ExpertisePenalty}
	if in.w == 0 {
		in.w = DefaultLoadWeight
	}
	if in.pen == 0 {
		in.pen = DefaultExpertisePenalty
	}
	entryIdx := make(map[int64]int, in.nE)
	for i, e := range p.Entries {
		if _, dup := entryIdx[e.ID]; dup {
			return nil, fmt.Errorf("assign: duplicate entry id %d", e.ID)
		}
		entryIdx[e.ID] = i
	}
	judgeIdx := make(map[int64]int, in.nJ)
	for i, j := range p.Judges {
		if _, dup := judgeIdx[j.ID]; dup {
			return nil, fmt.Errorf("assign: duplicate judge id %d", j.ID)
		}
		if j.OtherLoad < 0 {
			return nil, fmt.Errorf("assign: judge %d has negative OtherLoad %d", j.ID, j.OtherLoad)
		}
		judgeIdx[j.ID] = i
	}
	lookup := func(kind string, q Pair) (int32, int32, error) {
		e, ok := entryIdx[q.EntryID]
		if !ok {
			return 0, 0, fmt.Errorf("assign: %s pair names unknown entry %d", kind, q.EntryID)
		}
		j, ok := judgeIdx[q.JudgeID]
		if !ok {
			return 0, 0, fmt.Errorf("assign: %s pair names unknown judge %d", kind, q.JudgeID)
		}
		return int32(e), int32(j), nil
	}

	// Collect forbidden pairs as (entry, judge) and sort them so that each
	// entry's list can be merged against a scan over judges.
	pairs := make([]ejPair, 0, len(p.Conflicts)+len(p.Existing))
	existing := make([]ejPair, 0, len(p.Existing))
	conflicted := make([]ejPair, 0, len(p.Conflicts))
	for _, q := range p.Conflicts {
		e, j, err := lookup("conflict", q)
		if err != nil {
			return nil, err
		}
		conflicted = append(conflicted, ejPair{e, j})
	}
	for _, q := range p.Existing {
		e, j, err := lookup("existing", q)
		if err != nil {
			return nil, err
		}
		existing = append(existing, ejPair{e, j})
	}
	byEJ := func(a, b ejPair) int { return cmp.Or(cmp.Compare(a.e, b.e), cmp.Compare(a.j, b.j)) }
	slices.SortFunc(existing, byEJ)
	for i := 1; i < len(existing); i++ {
		if existing[i] == existing[i-1] {
			q := existing[i]
			return nil, fmt.Errorf("assign: existing pair (entry %d, judge %d) is listed twice",
				p.Entries[q.e].ID, p.Judges[q.j].ID)
		}
	}
	slices.SortFunc(conflicted, byEJ)
	conflicted = slices.Compact(conflicted)

	in.need = make([]int, in.nE)
	for i := range in.need {
		in.need[i] = p.JudgesPerEntry
	}
	in.start = make([]int64, in.nJ)
	for j, jd := range p.Judges {
		in.start[j] = int64(jd.OtherLoad)
	}
	for _, q := range existing {
		in.need[q.e]--
		in.start[q.j]++
	}
	for e := range in.need {
		in.need[e] = max(in.need[e], 0)
	}
	in.capacity = make([]int, in.nJ)
	for j := range in.capacity {
		if p.MaxPerJudge == 0 {
			// One assignment per entry at most, so the entry count is
			// an upper bound that never binds.
			in.capacity[j] = in.nE
		} else {
			in.capacity[j] = int(max(int64(p.MaxPerJudge)-in.start[j], 0))
		}
	}

	// An entry may be held by every judge that has no conflict with it,
	// plus judges that hold it already even if also listed as conflicted.
	in.conflictFree = make([]int, in.nE)
	for e := range in.conflictFree {
		in.conflictFree[e] = in.nJ
	}
	isExisting := func(q ejPair) bool {
		_, found := slices.BinarySearchFunc(existing, q, byEJ)
		return found
	}
	for _, q := range conflicted {
		if !isExisting(q) {
			in.conflictFree[q.e]--
		}
	}

	pairs = append(pairs, conflicted...)
	pairs = append(pairs, existing...)
	slices.SortFunc(pairs, byEJ)
	pairs = slices.Compact(pairs)
	in.forbidOff = make([]int32, in.nE+1)
	in.forbid = make([]int32, len(pairs))
	for i, q := range pairs {
		in.forbidOff[q.e+1]++
		in.forbid[i] = q.j
	}
	for e := 0; e < in.nE; e++ {
		in.forbidOff[e+1] += in.forbidOff[e]
	}

	// Categories get dense indices in order of first appearance among the
	// entries; expertise in a category no entry has is irrelevant.
	catOf := make(map[int64]int32)
	in.catIdx = make([]int32, in.nE)
	for e, en := range p.Entries {
		if en.Category == 0 {
			in.catIdx[e] = -1
			continue
		}
		c, ok := catOf[en.Category]
		if !ok {
			c = int32(len(catOf))
			catOf[en.Category] = c
		}
		in.catIdx[e] = c
	}
	in.nCat = len(catOf)
	in.expert = make([]bool, in.nJ*in.nCat)
	for j, jd := range p.Judges {
		for _, c := range jd.Expertise {
			if ci, ok := catOf[c]; ok {
				in.expert[j*in.nCat+int(ci)] = true
			}
		}
	}
	if _, ok := in.bigM(); !ok {
		return nil, errors.New("assign: weights and loads too large to solve exactly")
	}
	return in, nil
}
