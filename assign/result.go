package assign

import (
	"cmp"
	"fmt"
	"slices"
)

// ejPair is a new assignment in dense indices.
type ejPair struct{ e, j int32 }

// result turns a set of new assignments into the public Result: sorted
// pairs, shortfalls with their reasons, the cost under the model, and the
// final loads. Both solvers go through it, so their costs are computed the
// same way and can be compared.
func (in *instance) result(assigned []ejPair) Result {
	p := in.p
	got := make([]int, in.nE)
	added := make([]int64, in.nJ)
	res := Result{New: make([]Pair, 0, len(assigned)), Loads: make(map[int64]int, in.nJ)}
	for _, q := range assigned {
		got[q.e]++
		added[q.j]++
		res.Cost += in.penalty(int(q.e), int(q.j))
		res.New = append(res.New, Pair{EntryID: p.Entries[q.e].ID, JudgeID: p.Judges[q.j].ID})
	}
	slices.SortFunc(res.New, func(a, b Pair) int {
		return cmp.Or(cmp.Compare(a.EntryID, b.EntryID), cmp.Compare(a.JudgeID, b.JudgeID))
	})
	for j := range in.nJ {
		final := in.start[j] + added[j]
		// Sum of w*(2k-1) for k = start+1 .. final telescopes to
		// w*(final^2 - start^2).
		res.Cost += in.w * (final*final - in.start[j]*in.start[j])
		res.Loads[p.Judges[j].ID] = int(final)
	}
	for e := range in.nE {
		if missing := in.need[e] - got[e]; missing > 0 {
			res.Unassigned = append(res.Unassigned, in.shortfall(e, missing))
		}
	}
	slices.SortFunc(res.Unassigned, func(a, b Shortfall) int { return cmp.Compare(a.EntryID, b.EntryID) })
	return res
}

// shortfall explains why entry e is missing judges. If fewer judges than
// JudgesPerEntry could ever hold the entry, conflicts of interest are the
// cause no matter what the other entries get; otherwise enough judges exist
// and it is their remaining capacity that ran out.
func (in *instance) shortfall(e, missing int) Shortfall {
	s := Shortfall{EntryID: in.p.Entries[e].ID, Missing: missing}
	free, needed := in.conflictFree[e], in.p.JudgesPerEntry
	if free < needed {
		s.Code = CodeConflicts
		verb := "have"
		if free == 1 {
			verb = "has"
		}
		s.Reason = fmt.Sprintf("only %d %s %s no conflict of interest with this entry; %d %s needed",
			free, plural(free, "judge", "judges"), verb, needed, plural(needed, "is", "are"))
		return s
	}
	s.Code = CodeCapacity
	s.Reason = fmt.Sprintf("every judge free of conflict that does not already judge this entry has reached max_per_judge (%d)", in.p.MaxPerJudge)
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
