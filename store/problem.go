package store

import (
	"context"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/models"
)

// AssignmentProblem builds the solver's input for a round: its eligible
// entries (only the given ones, when only is not nil), the competition's
// judges with their loads and expertise, every conflicted pair, and the
// assignments that stay. The judge skip (one who recuses) is left out.
func (s *Store) AssignmentProblem(ctx context.Context, r models.Round, only []int64, skip int64) (assign.Problem, error) {
	p := assign.Problem{JudgesPerEntry: r.JudgesPerEntry, MaxPerJudge: r.MaxPerJudge}
	entries, err := s.RoundEntries(ctx, r.ID)
	if err != nil {
		return p, err
	}
	if only != nil {
		keep := map[int64]bool{}
		for _, id := range only {
			keep[id] = true
		}
		var kept []models.Entry
		for _, e := range entries {
			if keep[e.ID] {
				kept = append(kept, e)
			}
		}
		entries = kept
	}
	judges, err := s.Judges(ctx, r.CompetitionID)
	if err != nil {
		return p, err
	}
	checker, err := s.Conflicts(ctx, r.CompetitionID)
	if err != nil {
		return p, err
	}
	existing, err := s.Assignments(ctx, r.ID, 0)
	if err != nil {
		return p, err
	}
	inProblem := map[int64]bool{}
	for _, e := range entries {
		inProblem[e.ID] = true
		cat := int64(0)
		if e.CategoryID != nil {
			cat = *e.CategoryID
		}
		p.Entries = append(p.Entries, assign.Entry{ID: e.ID, Category: cat})
	}
	known := map[int64]bool{}
	for _, j := range judges {
		if j.ID != skip {
			known[j.ID] = true
		}
	}
	other := map[int64]int{}
	for _, a := range existing {
		switch {
		case !known[a.JudgeID]:
			// A removed, disabled or recusing judge: the solver knows only
			// the judges it may use.
		case inProblem[a.EntryID]:
			p.Existing = append(p.Existing, assign.Pair{EntryID: a.EntryID, JudgeID: a.JudgeID})
		default:
			other[a.JudgeID]++
		}
	}
	for _, j := range judges {
		if !known[j.ID] {
			continue
		}
		p.Judges = append(p.Judges, assign.Judge{ID: j.ID, Expertise: j.Expertise, OtherLoad: other[j.ID]})
		for _, e := range entries {
			if bad, _ := checker.Conflicted(j.ID, e); bad {
				p.Conflicts = append(p.Conflicts, assign.Pair{EntryID: e.ID, JudgeID: j.ID})
			}
		}
	}
	return p, nil
}
