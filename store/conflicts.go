package store

import (
	"context"
	"encoding/json"

	"github.com/juri-id/juri/models"
)

// ListConflicts lists the stored conflicts of a competition (a judge's own
// OPD is a conflict too, but it is implied, not stored).
func (s *Store) ListConflicts(ctx context.Context, competitionID int64) ([]models.Conflict, error) {
	var out []models.Conflict
	err := s.q(ctx).Where("competition_id = ?", competitionID).Order("id").Find(&out).Error
	return out, err
}

// ConflictChecker answers "may judge j score entry e?" for one competition.
type ConflictChecker struct {
	judgeOrg map[int64]*int64         // judge -> own OPD
	byOrg    map[int64]map[int64]bool // judge -> OPDs
	byEntry  map[int64]map[int64]bool // judge -> entries
}

// Conflicted reports whether the pair conflicts, and why.
func (c *ConflictChecker) Conflicted(judgeID int64, e models.Entry) (bool, string) {
	if org := c.judgeOrg[judgeID]; org != nil && *org == e.OrganizationID {
		return true, "the entry is from the judge's own OPD"
	}
	if c.byOrg[judgeID][e.OrganizationID] {
		return true, "the judge has a conflict of interest with the entry's OPD"
	}
	if c.byEntry[judgeID][e.ID] {
		return true, "the judge has a conflict of interest with this entry"
	}
	return false, ""
}

// Conflicts loads everything needed to check pairs in a competition.
func (s *Store) Conflicts(ctx context.Context, competitionID int64) (*ConflictChecker, error) {
	c := &ConflictChecker{judgeOrg: map[int64]*int64{}, byOrg: map[int64]map[int64]bool{}, byEntry: map[int64]map[int64]bool{}}
	var judges []models.User
	err := s.q(ctx).Table("users").Select("users.id, users.organization_id").
		Joins("JOIN competition_members m ON m.user_id = users.id AND m.competition_id = ?", competitionID).Scan(&judges).Error
	if err != nil {
		return nil, err
	}
	for _, j := range judges {
		c.judgeOrg[j.ID] = j.OrganizationID
	}
	stored, err := s.ListConflicts(ctx, competitionID)
	if err != nil {
		return nil, err
	}
	for _, k := range stored {
		if k.OrganizationID != nil {
			if c.byOrg[k.JudgeID] == nil {
				c.byOrg[k.JudgeID] = map[int64]bool{}
			}
			c.byOrg[k.JudgeID][*k.OrganizationID] = true
		}
		if k.EntryID != nil {
			if c.byEntry[k.JudgeID] == nil {
				c.byEntry[k.JudgeID] = map[int64]bool{}
			}
			c.byEntry[k.JudgeID][*k.EntryID] = true
		}
	}
	return c, nil
}

// CreateConflict records a conflict and removes the assignments it forbids in
// rounds that are not yet published. A removed scorecard's values are kept in
// the audit log, so no score is ever lost without a trace.
func (s *Store) CreateConflict(ctx context.Context, actor Actor, k *models.Conflict) ([]int64, error) {
	var removed []int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.q(ctx).Create(k).Error; err != nil {
			return translate(err, "this conflict")
		}
		q := tx.q(ctx).Table("assignments").Select("assignments.*").
			Joins("JOIN rounds r ON r.id = assignments.round_id").
			Joins("JOIN entries e ON e.id = assignments.entry_id").
			Where("r.competition_id = ? AND assignments.judge_id = ? AND r.status <> ?", k.CompetitionID, k.JudgeID, models.RoundPublished)
		if k.EntryID != nil {
			q = q.Where("assignments.entry_id = ?", *k.EntryID)
		} else {
			q = q.Where("e.organization_id = ?", *k.OrganizationID)
		}
		var hits []models.Assignment
		if err := q.Scan(&hits).Error; err != nil {
			return err
		}
		// Organizers may take back even a submitted scorecard: a conflict of
		// interest makes it worthless. A judge declaring one is a recusal and
		// follows its rules: only while the round is open, never undoing a
		// submitted scorecard (an organizer reopens it first).
		force := k.Source == models.ConflictOrganizer
		for _, a := range hits {
			if !force {
				var r models.Round
				if err := tx.q(ctx).Where("id = ?", a.RoundID).Take(&r).Error; err != nil {
					return err
				}
				if r.Status != models.RoundOpen {
					return Conflict("round %s is %s; ask the organizers to record this conflict", r.Name, r.Status)
				}
			}
			if err := tx.removeAssignment(ctx, actor, a, "conflict of interest: "+k.Reason, force); err != nil {
				return err
			}
			removed = append(removed, a.ID)
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(k.CompetitionID), Action: "conflict.create",
			ObjectType: "conflict", ObjectID: k.ID, Details: map[string]any{"judge_id": k.JudgeID, "organization_id": k.OrganizationID,
				"entry_id": k.EntryID, "reason": k.Reason, "source": k.Source, "removed_assignments": removed}})
	})
	return removed, err
}

// removeAssignment deletes an assignment and its scorecard, writing the
// scorecard into the audit log first. Submitted scorecards go only when force
// is set (a conflict of interest), and never from a published round.
func (s *Store) removeAssignment(ctx context.Context, actor Actor, a models.Assignment, why string, force bool) error {
	var r models.Round
	if err := s.q(ctx).Where("id = ?", a.RoundID).Take(&r).Error; err != nil {
		return err
	}
	if r.Status == models.RoundPublished {
		return Conflict("the round's results are published; its assignments can no longer change")
	}
	sc, scores, err := s.ScorecardOf(ctx, a.ID)
	if err != nil && err != ErrNotFound {
		return err
	}
	if sc.Status == models.ScorecardSubmitted && !force {
		return Conflict("the judge has submitted this scorecard; reopen it before removing the assignment")
	}
	details := map[string]any{"round_id": a.RoundID, "entry_id": a.EntryID, "judge_id": a.JudgeID, "why": why}
	if sc.ID != 0 {
		b, _ := json.Marshal(scores)
		details["scorecard"] = map[string]any{"status": sc.Status, "version": sc.Version, "comment": sc.Comment, "scores": string(b)}
	}
	if err := s.q(ctx).Delete(&models.Assignment{}, a.ID).Error; err != nil {
		return err
	}
	return s.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "assignment.remove",
		ObjectType: "assignment", ObjectID: a.ID, Details: details})
}
