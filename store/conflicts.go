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

// CreateConflict records a conflict and re-checks the judge's assignments it
// forbids, in one transaction under the competition's assigning lock (see
// recheck): in open rounds the unscored ones are removed and given to free
// judges, submitted ones and those of closed rounds are flagged for the
// organizers. In a blind competition a judge's own declaration of a conflict
// with an OPD only flags what it touches: removing assignments would tell the
// judge which of their entries come from that OPD. It returns the removed
// assignments' ids, for the organizers' eyes.
func (s *Store) CreateConflict(ctx context.Context, actor Actor, k *models.Conflict, blind bool) ([]int64, error) {
	var removed []int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockAssigning(ctx, k.CompetitionID); err != nil {
			return err
		}
		if err := tx.q(ctx).Create(k).Error; err != nil {
			return translate(err, "this conflict")
		}
		touched := func(e models.Entry) bool {
			if k.EntryID != nil {
				return e.ID == *k.EntryID
			}
			return e.OrganizationID == *k.OrganizationID
		}
		flagOnly := blind && k.Source == models.ConflictDeclared && k.OrganizationID != nil
		var err error
		removed, err = tx.recheck(ctx, actor, k.CompetitionID, k.JudgeID, touched, "conflict of interest: "+k.Reason, flagOnly)
		if err != nil {
			return err
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

// RemoveConflict deletes a conflict the organizers set. A judge's own word
// (a declaration or a recusal) stands: removing it would put the judge back
// on entries they said they cannot judge fairly. Assignments the conflict
// removed are not restored; the organizers assign again if they want to.
func (s *Store) RemoveConflict(ctx context.Context, actor Actor, competitionID, id int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockAssigning(ctx, competitionID); err != nil {
			return err
		}
		var k models.Conflict
		err := tx.q(ctx).Where("id = ? AND competition_id = ?", id, competitionID).Take(&k).Error
		if err != nil {
			return translate(err, "the conflict")
		}
		if k.Source != models.ConflictOrganizer {
			return Conflict("the judge %s this conflict; only conflicts set by the organizers can be removed", map[string]string{
				models.ConflictDeclared: "declared", models.ConflictRecusal: "recused over"}[k.Source])
		}
		if err := tx.q(ctx).Delete(&models.Conflict{}, k.ID).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(competitionID), Action: "conflict.delete",
			ObjectType: "conflict", ObjectID: k.ID, Details: map[string]any{"judge_id": k.JudgeID, "organization_id": k.OrganizationID,
				"entry_id": k.EntryID, "reason": k.Reason}})
	})
}
