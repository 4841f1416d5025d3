package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/models"
)

// Who may judge what in a competition changes through assignments (manual,
// automatic, reassignments), conflicts (declared, set, recusals) and a
// judge's OPD. Each of these decides from what it reads, so each runs in one
// transaction that first takes the competition's assigning lock: a manual
// assignment racing a judge's new conflict either lands first (and the
// conflict then takes it back) or is refused.

// lockAssigning serializes the assignment decisions of competitionID until
// the transaction ends. SQLite needs nothing: its write transactions begin
// IMMEDIATE and already run one at a time.
func (s *Store) lockAssigning(ctx context.Context, competitionID int64) error {
	if s.Dialect() != "postgres" {
		return nil
	}
	return s.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", fmt.Sprintf("assign:%d", competitionID)).Error
}

// CreateAssignments adds pairs {entry, judge} to round r in one transaction,
// audits them as one event and saves an e-mail for each judge who gets new
// entries. Conflicts are checked inside the transaction: a manual pair that
// conflicts is refused with a ConflictError; automatic and reassigned pairs
// that have come to conflict meanwhile are left out.
func (s *Store) CreateAssignments(ctx context.Context, actor Actor, r models.Round, pairs [][2]int64, source string) ([]models.Assignment, error) {
	var out []models.Assignment
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockAssigning(ctx, r.CompetitionID); err != nil {
			return err
		}
		var err error
		out, err = tx.createAssignments(ctx, actor, r, pairs, source)
		return err
	})
	return out, err
}

// createAssignments is CreateAssignments inside a transaction that holds the
// assigning lock.
func (s *Store) createAssignments(ctx context.Context, actor Actor, r models.Round, pairs [][2]int64, source string) ([]models.Assignment, error) {
	out := []models.Assignment{}
	if len(pairs) == 0 {
		return out, nil
	}
	checker, err := s.Conflicts(ctx, r.CompetitionID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(pairs))
	for i, p := range pairs {
		ids[i] = p[0]
	}
	entries, err := s.EntriesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var by *int64
	if actor.ID != 0 {
		id := actor.ID
		by = &id
	}
	var kept [][2]int64
	for _, p := range pairs {
		e, ok := entries[p[0]]
		if !ok {
			return nil, ErrNotFound
		}
		if bad, why := checker.Conflicted(p[1], e); bad {
			if source == models.AssignManual {
				return nil, Conflict("conflict of interest: %s", why)
			}
			continue
		}
		kept = append(kept, p)
		out = append(out, models.Assignment{RoundID: r.ID, EntryID: p[0], JudgeID: p[1], Source: source, CreatedBy: by, CreatedAt: now})
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := s.q(ctx).CreateInBatches(&out, s.rowsPerInsert(&models.Assignment{})).Error; err != nil {
		return nil, translate(err, "this assignment")
	}
	notes, err := s.assignmentNotes(ctx, r, kept)
	if err != nil {
		return nil, err
	}
	if err := s.enqueue(ctx, notes); err != nil {
		return nil, err
	}
	return out, s.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "assignment.create",
		ObjectType: "round", ObjectID: r.ID, Details: map[string]any{"source": source, "pairs": kept}})
}

// assignmentNotes tells every judge who receives new assignments how many:
// one e-mail per judge.
func (s *Store) assignmentNotes(ctx context.Context, r models.Round, pairs [][2]int64) ([]models.OutboxMessage, error) {
	count := map[int64]int{}
	var judgeIDs []int64
	for _, p := range pairs {
		if count[p[1]] == 0 {
			judgeIDs = append(judgeIDs, p[1])
		}
		count[p[1]]++
	}
	judges, err := s.UsersByID(ctx, judgeIDs)
	if err != nil {
		return nil, err
	}
	var comp models.Competition
	if err := s.q(ctx).Where("id = ?", r.CompetitionID).Take(&comp).Error; err != nil {
		return nil, notFound(err)
	}
	slices.Sort(judgeIDs)
	var out []models.OutboxMessage
	for _, id := range judgeIDs {
		if j, ok := judges[id]; ok {
			out = append(out, s.links.JudgesAssigned(j.Email, j.Name, r.Name, comp.Name, count[id]))
		}
	}
	return out, nil
}

// AutoResult is what an automatic assignment did.
type AutoResult struct {
	Problem assign.Problem
	Result  assign.Result
	Created []models.Assignment
}

// AutoAssign gives every entry of round r its judges with the exact solver,
// keeping the assignments that exist: the problem is read, solved and written
// in one transaction under the assigning lock.
func (s *Store) AutoAssign(ctx context.Context, actor Actor, r models.Round) (AutoResult, error) {
	var out AutoResult
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockAssigning(ctx, r.CompetitionID); err != nil {
			return err
		}
		var err error
		if out.Problem, err = tx.AssignmentProblem(ctx, r, nil, 0); err != nil {
			return err
		}
		if out.Result, err = assign.Solve(out.Problem); err != nil {
			return err
		}
		out.Created, err = tx.createAssignments(ctx, actor, r, solvedPairs(out.Result.New), models.AssignAuto)
		return err
	})
	return out, err
}

func solvedPairs(ps []assign.Pair) [][2]int64 {
	out := make([][2]int64, len(ps))
	for i, p := range ps {
		out[i] = [2]int64{p.EntryID, p.JudgeID}
	}
	return out
}

// reassign gives each of the entries one judge in place of judge skip (an
// entry listed twice gets two), where one is free, and returns who took each
// entry. It replaces what was taken away and no more, even where the round
// wants more judges per entry than it had. Inside the assigning lock.
func (s *Store) reassign(ctx context.Context, actor Actor, r models.Round, entryIDs []int64, skip int64) (map[int64]int64, error) {
	got := map[int64]int64{}
	if len(entryIDs) == 0 || r.Status != models.RoundOpen || r.Kind != models.RoundScoring {
		return got, nil
	}
	p, err := s.AssignmentProblem(ctx, r, entryIDs, skip)
	if err != nil {
		return nil, err
	}
	res, err := assign.Solve(p)
	if err != nil {
		return nil, err
	}
	want := map[int64]int{}
	for _, id := range entryIDs {
		want[id]++
	}
	var pairs [][2]int64
	for _, pr := range res.New {
		if want[pr.EntryID] > 0 {
			want[pr.EntryID]--
			pairs = append(pairs, [2]int64{pr.EntryID, pr.JudgeID})
		}
	}
	created, err := s.createAssignments(ctx, actor, r, pairs, models.AssignReassign)
	if err != nil {
		return nil, err
	}
	for _, a := range created {
		got[a.EntryID] = a.JudgeID
	}
	return got, nil
}

// Recuse records the judge's conflict with the entry, removes the assignment
// and gives the entry to a free judge if there is one, all in one
// transaction; it returns that judge's id, or 0.
func (s *Store) Recuse(ctx context.Context, actor Actor, ac AssignmentContext, reason string) (int64, error) {
	var replacement int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockAssigning(ctx, ac.Competition.ID); err != nil {
			return err
		}
		entryID := ac.Entry.ID
		k := models.Conflict{CompetitionID: ac.Competition.ID, JudgeID: ac.Assignment.JudgeID, EntryID: &entryID,
			Reason: reason, Source: models.ConflictRecusal, CreatedAt: tx.Now()}
		if actor.ID != 0 {
			id := actor.ID
			k.CreatedBy = &id
		}
		if err := tx.q(ctx).Create(&k).Error; err != nil {
			return translate(err, "this conflict")
		}
		if err := tx.removeAssignment(ctx, actor, ac.Assignment, "recusal: "+reason, false); err != nil {
			return err
		}
		got, err := tx.reassign(ctx, actor, ac.Round, []int64{entryID}, ac.Assignment.JudgeID)
		replacement = got[entryID]
		return err
	})
	return replacement, err
}

// recheck is what a new conflict or a judge's new OPD does to the judge's
// assignments in competitionID that it now forbids (touched): in an open
// round, one without a submitted scorecard is removed (its values kept in the
// audit log) and given to a free judge; a submitted one, or any in a closed
// round, is flagged for the organizers with note. With flagOnly nothing is
// removed, only flagged: a blind judge declaring a conflict with an OPD must
// not learn which of their entries it touched. Published rounds are left as
// they are. It returns the ids of the removed assignments.
func (s *Store) recheck(ctx context.Context, actor Actor, competitionID, judgeID int64, touched func(e models.Entry) bool, note string, flagOnly bool) ([]int64, error) {
	var rows []struct {
		models.Assignment
		RoundStatus     string
		ScorecardStatus *string
	}
	err := s.q(ctx).Table("assignments").
		Select("assignments.*, r.status AS round_status, sc.status AS scorecard_status").
		Joins("JOIN rounds r ON r.id = assignments.round_id").
		Joins("LEFT JOIN scorecards sc ON sc.assignment_id = assignments.id").
		Where("r.competition_id = ? AND assignments.judge_id = ? AND r.status <> ?", competitionID, judgeID, models.RoundPublished).
		Order("assignments.id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, a := range rows {
		ids[i] = a.EntryID
	}
	entries, err := s.EntriesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var removed []int64
	freed := map[int64][]int64{} // round -> entries to give away
	for _, a := range rows {
		if !touched(entries[a.EntryID]) {
			continue
		}
		submitted := a.ScorecardStatus != nil && *a.ScorecardStatus == models.ScorecardSubmitted
		if flagOnly || submitted || a.RoundStatus != models.RoundOpen {
			if err := s.flagAssignment(ctx, actor, a.Assignment, note); err != nil {
				return nil, err
			}
			continue
		}
		if err := s.removeAssignment(ctx, actor, a.Assignment, "conflict of interest: "+note, false); err != nil {
			return nil, err
		}
		removed = append(removed, a.ID)
		freed[a.RoundID] = append(freed[a.RoundID], a.EntryID)
	}
	for roundID, es := range freed {
		var r models.Round
		if err := s.q(ctx).Where("id = ?", roundID).Take(&r).Error; err != nil {
			return nil, err
		}
		if _, err := s.reassign(ctx, actor, r, es, judgeID); err != nil {
			return nil, err
		}
	}
	return removed, nil
}

// flagAssignment marks an assignment for the organizers: its judge is
// conflicted with its entry, and a person must decide what to do with it.
func (s *Store) flagAssignment(ctx context.Context, actor Actor, a models.Assignment, note string) error {
	if len(note) > 500 {
		note = note[:500]
	}
	err := s.q(ctx).Model(&models.Assignment{}).Where("id = ? AND conflict_flagged_at IS NULL", a.ID).
		Updates(map[string]any{"conflict_flagged_at": s.Now(), "conflict_note": note}).Error
	if err != nil {
		return err
	}
	var r models.Round
	if err := s.q(ctx).Where("id = ?", a.RoundID).Take(&r).Error; err != nil {
		return err
	}
	return s.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "assignment.flag",
		ObjectType: "assignment", ObjectID: a.ID, Details: map[string]any{"entry_id": a.EntryID, "judge_id": a.JudgeID, "note": note}})
}

// recheckJudge re-checks every assignment of judge u after u's OPD changed,
// in each competition u judges, inside the caller's transaction.
func (s *Store) recheckJudge(ctx context.Context, actor Actor, u models.User) error {
	if u.Role != models.RoleJudge || u.OrganizationID == nil {
		return nil
	}
	var comps []int64
	if err := s.q(ctx).Model(&models.Member{}).Where("user_id = ? AND role = ?", u.ID, models.MemberJudge).
		Order("competition_id").Pluck("competition_id", &comps).Error; err != nil {
		return err
	}
	org := *u.OrganizationID
	for _, c := range comps {
		if err := s.lockAssigning(ctx, c); err != nil {
			return err
		}
		_, err := s.recheck(ctx, actor, c, u.ID, func(e models.Entry) bool { return e.OrganizationID == org },
			"the judge's OPD changed to the entry's OPD", false)
		if err != nil {
			return err
		}
	}
	return nil
}
