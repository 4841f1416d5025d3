package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/templates"
)

// Viewer is who asks: reads are scoped by it, so a row the viewer may not see
// is simply not found.
type Viewer struct {
	ID             int64
	Role           models.Role
	OrganizationID *int64
	// Verified is false for a self-registered participant not yet confirmed
	// by an admin: they see only the entries they made.
	Verified bool
}

// Admin reports whether the viewer is a global admin, who may act as an
// organizer of every competition.
func (v Viewer) Admin() bool { return v.Role == models.RoleAdmin }

// Access is what the viewer may do in one competition.
type Access struct {
	Organizer bool // admin, or an organizer member
	Judge     bool // a judge member
}

// CreateCompetition inserts c with everything setup holds, makes the creator
// its organizer and audits it, all in one transaction.
func (s *Store) CreateCompetition(ctx context.Context, actor Actor, c *models.Competition, setup templates.Setup) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.q(ctx).Create(c).Error; err != nil {
			return err
		}
		now := tx.Now()
		if actor.ID != 0 {
			m := models.Member{CompetitionID: c.ID, UserID: actor.ID, Role: models.MemberOrganizer, CreatedAt: now}
			if err := tx.q(ctx).Create(&m).Error; err != nil {
				return err
			}
		}
		for _, cat := range setup.Categories {
			cat.ID, cat.CompetitionID = 0, c.ID
			if err := tx.q(ctx).Create(&cat).Error; err != nil {
				return err
			}
		}
		for _, sec := range setup.Sections {
			sec.ID, sec.CompetitionID = 0, c.ID
			if err := tx.q(ctx).Create(&sec).Error; err != nil {
				return err
			}
		}
		for _, r := range setup.Rounds {
			round := r.Round
			round.ID, round.CompetitionID = 0, c.ID
			if round.Status == "" {
				round.Status = models.RoundOpen
			}
			if err := tx.q(ctx).Create(&round).Error; err != nil {
				return err
			}
			for _, cr := range r.Criteria {
				cr.ID, cr.RoundID = 0, round.ID
				if err := tx.q(ctx).Create(&cr).Error; err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(c.ID), Action: "competition.create",
			ObjectType: "competition", ObjectID: c.ID, Details: map[string]any{"name": c.Name, "year": c.Year,
				"categories": len(setup.Categories), "sections": len(setup.Sections), "rounds": len(setup.Rounds)}})
	})
}

// visibleCompetitions limits q to the competitions v may see: everyone signed
// in sees those past draft; drafts only their members (and admins).
func visibleCompetitions(q *gorm.DB, v Viewer) *gorm.DB {
	if v.Admin() {
		return q
	}
	if v.Role != models.RoleOrganizer && v.Role != models.RoleJudge {
		// A membership left over from a role the user no longer has opens nothing.
		return q.Where("competitions.status <> ?", models.CompetitionDraft)
	}
	return q.Where("(competitions.status <> ? OR EXISTS (SELECT 1 FROM competition_members m WHERE m.competition_id = competitions.id AND m.user_id = ?))",
		models.CompetitionDraft, v.ID)
}

// CompetitionFor loads competition id as v sees it, with v's access.
func (s *Store) CompetitionFor(ctx context.Context, v Viewer, id int64) (models.Competition, Access, error) {
	var c models.Competition
	err := visibleCompetitions(s.q(ctx).Model(&models.Competition{}), v).Where("competitions.id = ?", id).Take(&c).Error
	if err != nil {
		return c, Access{}, notFound(err)
	}
	a, err := s.access(ctx, v, id)
	return c, a, err
}

func (s *Store) access(ctx context.Context, v Viewer, competitionID int64) (Access, error) {
	var m models.Member
	err := s.q(ctx).Where("competition_id = ? AND user_id = ?", competitionID, v.ID).Take(&m).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return Access{}, err
	}
	return accessOf(v, m.Role), nil
}

// accessOf is what a membership grants, given the user's global role now: an
// organizer demoted by an admin, or a judge imported as a participant, keeps
// the membership row but none of its rights.
func accessOf(v Viewer, memberRole string) Access {
	return Access{
		Organizer: v.Admin() || (memberRole == models.MemberOrganizer && v.Role == models.RoleOrganizer),
		Judge:     memberRole == models.MemberJudge && v.Role == models.RoleJudge,
	}
}

// ListCompetitions lists what v may see, newest first.
func (s *Store) ListCompetitions(ctx context.Context, v Viewer, status string, p Page) ([]models.Competition, int64, error) {
	q := visibleCompetitions(s.q(ctx).Model(&models.Competition{}), v)
	if status != "" {
		q = q.Where("competitions.status = ?", status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []models.Competition
	err := q.Order("competitions.year DESC, competitions.id DESC").Limit(p.Limit).Offset(p.Offset).Find(&out).Error
	return out, total, err
}

// CompetitionPatch names the columns an update may change.
type CompetitionPatch struct {
	Name                      *string
	Year                      *int
	Description               *string
	Status                    *string
	Blind                     *bool
	SubmissionOpensAt         **time.Time
	SubmissionClosesAt        **time.Time
	MaxEntriesPerOrganization *int
}

func (p CompetitionPatch) columns() map[string]any {
	m := map[string]any{}
	set := func(col string, ok bool, v any) {
		if ok {
			m[col] = v
		}
	}
	set("name", p.Name != nil, deref(p.Name))
	set("year", p.Year != nil, deref(p.Year))
	set("description", p.Description != nil, deref(p.Description))
	set("status", p.Status != nil, deref(p.Status))
	set("blind", p.Blind != nil, deref(p.Blind))
	set("submission_opens_at", p.SubmissionOpensAt != nil, deref(p.SubmissionOpensAt))
	set("submission_closes_at", p.SubmissionClosesAt != nil, deref(p.SubmissionClosesAt))
	set("max_entries_per_organization", p.MaxEntriesPerOrganization != nil, deref(p.MaxEntriesPerOrganization))
	return m
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// UpdateCompetition applies p; the caller has checked the status move.
func (s *Store) UpdateCompetition(ctx context.Context, actor Actor, id int64, p CompetitionPatch) (models.Competition, error) {
	var out models.Competition
	err := s.WithTx(ctx, func(tx *Store) error {
		cols := p.columns()
		if len(cols) > 0 {
			cols["updated_at"] = tx.Now()
			if err := tx.q(ctx).Model(&models.Competition{}).Where("id = ?", id).Updates(cols).Error; err != nil {
				return err
			}
			tx.publicChanged()
			delete(cols, "updated_at")
		}
		if err := tx.q(ctx).Where("id = ?", id).Take(&out).Error; err != nil {
			return notFound(err)
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(id), Action: "competition.update",
			ObjectType: "competition", ObjectID: id, Details: cols})
	})
	return out, err
}

// DeleteCompetition removes a competition that has no entries.
func (s *Store) DeleteCompetition(ctx context.Context, actor Actor, id int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.q(ctx).Model(&models.Entry{}).Where("competition_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Conflict("the competition has %d entries; close it instead of deleting it", n)
		}
		if err := tx.q(ctx).Delete(&models.Competition{}, id).Error; err != nil {
			return translate(err, "competition")
		}
		tx.publicChanged()
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(id), Action: "competition.delete",
			ObjectType: "competition", ObjectID: id})
	})
}

// AccessMap is v's access to each of the given competitions, in one query.
func (s *Store) AccessMap(ctx context.Context, v Viewer, ids []int64) (map[int64]Access, error) {
	out := make(map[int64]Access, len(ids))
	var ms []models.Member
	if len(ids) > 0 {
		if err := s.q(ctx).Where("user_id = ? AND competition_id IN ?", v.ID, ids).Find(&ms).Error; err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		out[id] = Access{Organizer: v.Admin()}
	}
	for _, m := range ms {
		out[m.CompetitionID] = accessOf(v, m.Role)
	}
	return out, nil
}
