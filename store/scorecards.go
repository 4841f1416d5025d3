package store

import (
	"context"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/juri-id/juri/models"
)

// Scorecard errors the handlers turn into 409 answers.
var (
	ErrStale  = errors.New("the scorecard changed since it was read")
	ErrLocked = errors.New("the scorecard is submitted")
)

// ScorecardOf loads an assignment's scorecard and scores; ErrNotFound when the
// judge has not saved anything yet.
func (s *Store) ScorecardOf(ctx context.Context, assignmentID int64) (models.Scorecard, []models.Score, error) {
	var sc models.Scorecard
	if err := s.q(ctx).Where("assignment_id = ?", assignmentID).Take(&sc).Error; err != nil {
		return sc, nil, notFound(err)
	}
	var scores []models.Score
	err := s.q(ctx).Where("scorecard_id = ?", sc.ID).Order("criterion_id").Find(&scores).Error
	return sc, scores, err
}

// SaveScorecard stores a draft: the scorecard's comment and every score, in
// one transaction, if version is the one the judge read (0 for none yet).
func (s *Store) SaveScorecard(ctx context.Context, actor Actor, ac AssignmentContext, version int, comment string, scores []models.Score) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.roundOpen(ctx, ac.Round.ID); err != nil {
			return err
		}
		if err := tx.mayScore(ctx, ac); err != nil {
			return err
		}
		sc, err := tx.lockScorecard(ctx, ac.Assignment.ID, version)
		if err != nil {
			return err
		}
		now := tx.Now()
		if sc.ID == 0 {
			sc = models.Scorecard{AssignmentID: ac.Assignment.ID, Status: models.ScorecardDraft, Version: 1, Comment: comment, CreatedAt: now, UpdatedAt: now}
			if err := tx.q(ctx).Create(&sc).Error; err != nil {
				return translateStale(err)
			}
		} else if err := tx.bump(ctx, sc, map[string]any{"comment": comment}); err != nil {
			return err
		}
		if err := tx.q(ctx).Where("scorecard_id = ?", sc.ID).Delete(&models.Score{}).Error; err != nil {
			return err
		}
		values := map[int64]any{}
		rows := make([]models.Score, len(scores))
		for i, v := range scores {
			v.ScorecardID = sc.ID
			rows[i] = v
			values[v.CriterionID] = v.Value
		}
		if len(rows) > 0 {
			// One statement for every criterion: a save's round trips are
			// what it costs under load (docs/benchmarks.md).
			if err := tx.q(ctx).Create(&rows).Error; err != nil {
				if translate(err, "") != err {
					return Conflict("the round's rubric changed while you scored; reload the scorecard")
				}
				return err
			}
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(ac.Competition.ID), Chain: AssignmentChain(ac.Assignment.ID), Action: "scorecard.save",
			ObjectType: "assignment", ObjectID: ac.Assignment.ID, Details: map[string]any{"version": version + 1, "values": values}})
	})
}

// mayScore re-checks, inside the transaction that writes a score, that the
// judge is not conflicted with the entry: their OPD now (it may have changed
// since the assignment was made), a conflict the organizers set, or one they
// declared about the entry. A blind judge's declared conflict with a whole
// OPD does not refuse the save: that answer would tell them which of their
// entries come from that OPD (the organizers find those flagged instead).
func (s *Store) mayScore(ctx context.Context, ac AssignmentContext) error {
	var n int64
	err := s.q(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM users WHERE id = ? AND organization_id = ?) +
		(SELECT COUNT(*) FROM conflicts WHERE competition_id = ? AND judge_id = ?
			AND (entry_id = ? OR (organization_id = ? AND (source <> ? OR ?))))`,
		ac.Assignment.JudgeID, ac.Entry.OrganizationID,
		ac.Competition.ID, ac.Assignment.JudgeID, ac.Entry.ID, ac.Entry.OrganizationID, models.ConflictDeclared, !ac.Competition.Blind).
		Scan(&n).Error
	if err != nil {
		return err
	}
	if n > 0 {
		return Conflict("you have a conflict of interest with this entry (your OPD, or one recorded); you cannot score it")
	}
	return nil
}

// lockScorecard reads the scorecard to change and checks its version and lock.
func (s *Store) lockScorecard(ctx context.Context, assignmentID int64, version int) (models.Scorecard, error) {
	var sc models.Scorecard
	err := s.q(ctx).Where("assignment_id = ?", assignmentID).Take(&sc).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		if version != 0 {
			return sc, ErrStale
		}
		return models.Scorecard{}, nil
	case err != nil:
		return sc, err
	case sc.Status == models.ScorecardSubmitted:
		return sc, ErrLocked
	case sc.Version != version:
		return sc, ErrStale
	}
	return sc, nil
}

// bump updates the scorecard only if nobody saved it meanwhile.
func (s *Store) bump(ctx context.Context, sc models.Scorecard, cols map[string]any) error {
	cols["version"] = sc.Version + 1
	cols["updated_at"] = s.Now()
	res := s.q(ctx).Model(&models.Scorecard{}).Where("id = ? AND version = ?", sc.ID, sc.Version).Updates(cols)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrStale
	}
	return nil
}

// translateStale: two first saves racing for one assignment meet the unique
// index; the loser's version is stale.
func translateStale(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrStale
	}
	return err
}

// SubmitScorecard locks a draft scorecard. The caller has checked that every
// criterion has a value.
func (s *Store) SubmitScorecard(ctx context.Context, actor Actor, ac AssignmentContext, sc models.Scorecard) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.roundOpen(ctx, ac.Round.ID); err != nil {
			return err
		}
		if err := tx.mayScore(ctx, ac); err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.bump(ctx, sc, map[string]any{"status": models.ScorecardSubmitted, "submitted_at": now}); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(ac.Competition.ID), Chain: AssignmentChain(ac.Assignment.ID), Action: "scorecard.submit",
			ObjectType: "assignment", ObjectID: ac.Assignment.ID, Details: map[string]any{"version": sc.Version + 1}})
	})
}

// ReopenScorecard unlocks a submitted scorecard so the judge can change it.
func (s *Store) ReopenScorecard(ctx context.Context, actor Actor, ac AssignmentContext, sc models.Scorecard, reason string, notes ...models.OutboxMessage) error {
	return s.WithTx(ctx, func(tx *Store) error {
		// Checked here, holding the round's row against a publish: a reopen
		// that commits after the round was published would change what the
		// publication froze.
		if err := tx.roundNotPublished(ctx, ac.Round.ID); err != nil {
			return err
		}
		if err := tx.bump(ctx, sc, map[string]any{"status": models.ScorecardDraft, "submitted_at": nil}); err != nil {
			return err
		}
		if err := tx.enqueue(ctx, notes); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(ac.Competition.ID), Chain: AssignmentChain(ac.Assignment.ID), Action: "scorecard.reopen",
			ObjectType: "assignment", ObjectID: ac.Assignment.ID, Details: map[string]any{"reason": reason, "judge_id": ac.Assignment.JudgeID}})
	})
}

// roundOpen re-reads the round's status inside the transaction (sharing its
// row lock on PostgreSQL with publishing and rubric changes, which hold it
// exclusively): a save that started before the round was published or
// closed cannot land after.
func (s *Store) roundOpen(ctx context.Context, roundID int64) error {
	r, err := s.shareRound(ctx, roundID)
	if err != nil {
		return err
	}
	if r.Status != models.RoundOpen {
		return Conflict("the round is %s; scores can no longer change", r.Status)
	}
	return nil
}

// roundNotPublished is roundOpen for organizers, who may change scores of a
// closed round too, never of a published one.
func (s *Store) roundNotPublished(ctx context.Context, roundID int64) error {
	r, err := s.shareRound(ctx, roundID)
	if err != nil {
		return err
	}
	if r.Status == models.RoundPublished {
		return Conflict("the round's results are published; scores are frozen")
	}
	return nil
}

// shareRound reads round roundID holding its row in share mode until the
// transaction ends (PostgreSQL): score changes run side by side, but a
// publish or an advance (lockRound, FOR UPDATE) waits for those in flight,
// and those that come after it wait for it and then find the round frozen.
func (s *Store) shareRound(ctx context.Context, roundID int64) (models.Round, error) {
	q := s.q(ctx)
	if s.Dialect() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "SHARE"})
	}
	var r models.Round
	if err := q.Where("id = ?", roundID).Take(&r).Error; err != nil {
		return r, notFound(err)
	}
	return r, nil
}

// ScoredRounds reports which of the rounds have a scorecard (saved or
// submitted): their rubrics are frozen (ReplaceCriteria refuses them).
func (s *Store) ScoredRounds(ctx context.Context, roundIDs ...int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(roundIDs))
	if len(roundIDs) == 0 {
		return out, nil
	}
	var ids []int64
	err := s.q(ctx).Table("scorecards").Joins("JOIN assignments a ON a.id = scorecards.assignment_id").
		Where("a.round_id IN ?", roundIDs).Distinct("a.round_id").Pluck("a.round_id", &ids).Error
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// roundHasScores reports whether any judge has saved a scorecard in the
// round, even a draft with comments only: its rows point at the criteria.
func (s *Store) roundHasScores(ctx context.Context, roundID int64) (bool, error) {
	scored, err := s.ScoredRounds(ctx, roundID)
	return scored[roundID], err
}
