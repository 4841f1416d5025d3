package store

import (
	"context"
	"time"

	"github.com/juri-id/juri/models"
)

// ListRounds lists a competition's rounds in order.
func (s *Store) ListRounds(ctx context.Context, competitionID int64) ([]models.Round, error) {
	var out []models.Round
	err := s.q(ctx).Where("competition_id = ?", competitionID).Order("position, id").Find(&out).Error
	return out, err
}

// RoundFor loads round id as v sees it, with its competition and v's access.
func (s *Store) RoundFor(ctx context.Context, v Viewer, id int64) (models.Round, models.Competition, Access, error) {
	var r models.Round
	if err := s.q(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return r, models.Competition{}, Access{}, notFound(err)
	}
	c, a, err := s.CompetitionFor(ctx, v, r.CompetitionID)
	return r, c, a, err
}

// CreateRound adds a round.
func (s *Store) CreateRound(ctx context.Context, actor Actor, r *models.Round) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if r.Position == 0 {
			var maxPos struct{ P *int }
			tx.q(ctx).Model(&models.Round{}).Select("MAX(position) AS p").Where("competition_id = ?", r.CompetitionID).Scan(&maxPos)
			r.Position = deref(maxPos.P) + 1
		}
		if r.Status == "" {
			r.Status = models.RoundOpen
		}
		if err := tx.q(ctx).Create(r).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "round.create",
			ObjectType: "round", ObjectID: r.ID, Details: map[string]any{"name": r.Name, "kind": r.Kind, "position": r.Position}})
	})
}

// RoundPatch names the columns an update may change.
type RoundPatch struct {
	Name           *string
	Position       *int
	Status         *string
	OpensAt        **time.Time
	ClosesAt       **time.Time
	JudgesPerEntry *int
	MaxPerJudge    *int
	AdvanceTopN    *int
	PassingScore   **float64
	// FeedbackReleasedAt releases (a time) or withdraws (nil) the jury's
	// notes to participants.
	FeedbackReleasedAt **time.Time
}

func (p RoundPatch) columns() map[string]any {
	m := map[string]any{}
	set := func(col string, ok bool, v any) {
		if ok {
			m[col] = v
		}
	}
	set("name", p.Name != nil, deref(p.Name))
	set("position", p.Position != nil, deref(p.Position))
	set("feedback_released_at", p.FeedbackReleasedAt != nil, deref(p.FeedbackReleasedAt))
	set("status", p.Status != nil, deref(p.Status))
	set("opens_at", p.OpensAt != nil, deref(p.OpensAt))
	set("closes_at", p.ClosesAt != nil, deref(p.ClosesAt))
	set("judges_per_entry", p.JudgesPerEntry != nil, deref(p.JudgesPerEntry))
	set("max_per_judge", p.MaxPerJudge != nil, deref(p.MaxPerJudge))
	set("advance_top_n", p.AdvanceTopN != nil, deref(p.AdvanceTopN))
	set("passing_score", p.PassingScore != nil, deref(p.PassingScore))
	return m
}

// UpdateRound applies p to round r.
func (s *Store) UpdateRound(ctx context.Context, actor Actor, r models.Round, p RoundPatch) (models.Round, error) {
	var out models.Round
	err := s.WithTx(ctx, func(tx *Store) error {
		cols := p.columns()
		if len(cols) > 0 {
			cols["updated_at"] = tx.Now()
			if err := tx.q(ctx).Model(&models.Round{}).Where("id = ?", r.ID).Updates(cols).Error; err != nil {
				return err
			}
			tx.publicChanged()
			delete(cols, "updated_at")
		}
		if err := tx.q(ctx).Where("id = ?", r.ID).Take(&out).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "round.update",
			ObjectType: "round", ObjectID: r.ID, Details: cols})
	})
	return out, err
}

// DeleteRound removes a round that holds no entries yet.
func (s *Store) DeleteRound(ctx context.Context, actor Actor, r models.Round) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.q(ctx).Model(&models.RoundEntry{}).Where("round_id = ?", r.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Conflict("the round holds %d entries; it can no longer be deleted", n)
		}
		if err := tx.q(ctx).Delete(&models.Round{}, r.ID).Error; err != nil {
			return translate(err, "round")
		}
		tx.publicChanged()
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "round.delete",
			ObjectType: "round", ObjectID: r.ID, Details: map[string]any{"name": r.Name}})
	})
}

// ListCriteria lists a round's rubric in order.
func (s *Store) ListCriteria(ctx context.Context, roundID int64) ([]models.Criterion, error) {
	var out []models.Criterion
	err := s.q(ctx).Where("round_id = ?", roundID).Order("position, id").Find(&out).Error
	return out, err
}

// ReplaceCriteria swaps the round's rubric for crit at once. Once any score
// exists in the round the rubric is frozen: changing it would change what
// judges already scored.
func (s *Store) ReplaceCriteria(ctx context.Context, actor Actor, r models.Round, crit []models.Criterion) ([]models.Criterion, error) {
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockRound(ctx, r.ID); err != nil {
			return err
		}
		scored, err := tx.roundHasScores(ctx, r.ID)
		if err != nil {
			return err
		}
		if scored {
			return Conflict("judges have already scored in this round; its rubric is frozen")
		}
		if err := tx.q(ctx).Where("round_id = ?", r.ID).Delete(&models.Criterion{}).Error; err != nil {
			return err
		}
		keys := make([]string, len(crit))
		for i := range crit {
			crit[i].ID, crit[i].RoundID, crit[i].Position = 0, r.ID, i+1
			if err := tx.q(ctx).Create(&crit[i]).Error; err != nil {
				return translate(err, "criterion "+crit[i].Key)
			}
			keys[i] = crit[i].Key
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "rubric.replace",
			ObjectType: "round", ObjectID: r.ID, Details: map[string]any{"keys": keys}})
	})
	return crit, err
}
