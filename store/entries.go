package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
)

// visibleEntries limits q (on entries) to what v may see: admins and the
// competition's organizers see all, participants their OPD's entries, judges
// the entries assigned to them. Everything else is not found.
func visibleEntries(q *gorm.DB, v Viewer) *gorm.DB {
	if v.Admin() {
		return q
	}
	// Memberships and assignments count only for the global role they belong
	// to: a demoted organizer or judge keeps the rows but loses the view.
	cond := "1 = 0"
	var args []any
	switch v.Role {
	case models.RoleOrganizer:
		cond = "EXISTS (SELECT 1 FROM competition_members m WHERE m.competition_id = entries.competition_id AND m.user_id = ? AND m.role = 'organizer')"
		args = append(args, v.ID)
	case models.RoleJudge:
		cond = "EXISTS (SELECT 1 FROM assignments a WHERE a.entry_id = entries.id AND a.judge_id = ?)"
		args = append(args, v.ID)
	}
	if v.Role == models.RoleParticipant && v.OrganizationID != nil {
		if v.Verified {
			cond += " OR entries.organization_id = ?"
			args = append(args, *v.OrganizationID)
		} else {
			cond += " OR (entries.organization_id = ? AND entries.created_by = ?)"
			args = append(args, *v.OrganizationID, v.ID)
		}
	}
	return q.Where("("+cond+")", args...)
}

// EntryFor loads entry id as v sees it.
func (s *Store) EntryFor(ctx context.Context, v Viewer, id int64) (models.Entry, error) {
	var e models.Entry
	err := visibleEntries(s.q(ctx).Model(&models.Entry{}), v).Where("entries.id = ?", id).Take(&e).Error
	return e, notFound(err)
}

// EntryFilter narrows ListEntries.
type EntryFilter struct {
	Status     string
	CategoryID int64
	Q          string
	RoundID    int64 // entries put into this round (0: any)
}

// ListEntries lists the competition's entries that v may see.
func (s *Store) ListEntries(ctx context.Context, v Viewer, competitionID int64, f EntryFilter, p Page) ([]models.Entry, int64, error) {
	q := visibleEntries(s.q(ctx).Model(&models.Entry{}), v).Where("entries.competition_id = ?", competitionID)
	if f.Status != "" {
		q = q.Where("entries.status = ?", f.Status)
	}
	if f.CategoryID != 0 {
		q = q.Where("entries.category_id = ?", f.CategoryID)
	}
	if f.RoundID != 0 {
		q = q.Where("entries.id IN (SELECT entry_id FROM round_entries WHERE round_id = ?)", f.RoundID)
	}
	if f.Q != "" {
		q = q.Where("LOWER(entries.title) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(f.Q))+"%")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []models.Entry
	err := q.Order("entries.id").Limit(p.Limit).Offset(p.Offset).Find(&out).Error
	return out, total, err
}

// countedEntries limits q (on entries) to those that count against an OPD's
// limit: not withdrawn, and not a draft of an account nobody has verified yet
// (a stranger who registered into the OPD must not use up its places).
func countedEntries(q *gorm.DB) *gorm.DB {
	return q.Where("entries.status <> ?", models.EntryWithdrawn).
		Where("NOT (entries.status = ? AND entries.created_by IN (SELECT id FROM users WHERE verified = ?))", models.EntryDraft, false)
}

// CreateEntry inserts a draft, refusing one more than limit counted entries
// per OPD in the competition (countedEntries).
func (s *Store) CreateEntry(ctx context.Context, actor Actor, e *models.Entry, limit int) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.checkLimit(ctx, e.CompetitionID, e.OrganizationID, 0, limit, countedEntries); err != nil {
			return err
		}
		if err := tx.q(ctx).Create(e).Error; err != nil {
			return translate(err, "entry")
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(e.CompetitionID), Action: "entry.create",
			ObjectType: "entry", ObjectID: e.ID, Details: map[string]any{"title": e.Title, "organization_id": e.OrganizationID}})
	})
}

// EntryPatch names the columns a participant's edit may change.
type EntryPatch struct {
	Title      *string
	CategoryID **int64
	Sections   *string
	VideoURL   *string
	Team       *string
}

// UpdateEntry applies p while the entry is still editable (proposal's
// EditableStatuses); a concurrent status change makes it a conflict rather
// than a lost update.
func (s *Store) UpdateEntry(ctx context.Context, actor Actor, e models.Entry, p EntryPatch) (models.Entry, error) {
	cols := map[string]any{}
	if p.Title != nil {
		cols["title"] = *p.Title
	}
	if p.CategoryID != nil {
		cols["category_id"] = *p.CategoryID
	}
	if p.Sections != nil {
		cols["sections"] = *p.Sections
	}
	if p.VideoURL != nil {
		cols["video_url"] = *p.VideoURL
	}
	if p.Team != nil {
		cols["team"] = *p.Team
	}
	var out models.Entry
	err := s.WithTx(ctx, func(tx *Store) error {
		cols["updated_at"] = tx.Now()
		res := tx.q(ctx).Model(&models.Entry{}).Where("id = ? AND status IN ?", e.ID, proposal.EditableStatuses).Updates(cols)
		if res.Error != nil {
			return translate(res.Error, "entry")
		}
		if res.RowsAffected == 0 {
			return Conflict("the entry changed status meanwhile; reload it")
		}
		if err := tx.q(ctx).Where("id = ?", e.ID).Take(&out).Error; err != nil {
			return err
		}
		changed := []string{}
		for k := range cols {
			if k != "updated_at" {
				changed = append(changed, k)
			}
		}
		slices.Sort(changed)
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(e.CompetitionID), Action: "entry.update",
			ObjectType: "entry", ObjectID: e.ID, Details: map[string]any{"fields": changed}})
	})
	return out, err
}

// checkLimit refuses when the OPD already has limit entries of which (on
// entries) in the competition, not counting entry except (0 for none), under
// a lock so two at once cannot both pass. limit 0 means no limit.
func (s *Store) checkLimit(ctx context.Context, competitionID, organizationID, except int64, limit int, which func(*gorm.DB) *gorm.DB) error {
	if limit <= 0 {
		return nil
	}
	if s.Dialect() == "postgres" {
		key := fmt.Sprintf("entries:%d:%d", competitionID, organizationID)
		if err := s.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", key).Error; err != nil {
			return err
		}
	}
	var n int64
	q := which(s.q(ctx).Model(&models.Entry{}).Where("competition_id = ? AND organization_id = ? AND id <> ?", competitionID, organizationID, except))
	if err := q.Count(&n).Error; err != nil {
		return err
	}
	if n >= int64(limit) {
		return Conflict("your OPD already has %d entries in this competition, the most allowed", n)
	}
	return nil
}

// SubmitEntry hands entry e in at the moment at, by actor, with the
// notifications of the submission; the entry joins the competition's first
// round. No more than limit entries of an OPD may be handed in: drafts that
// did not count when they were made (an account verified since) are checked
// here.
func (s *Store) SubmitEntry(ctx context.Context, actor Actor, e models.Entry, at time.Time, limit int, notes ...models.OutboxMessage) (models.Entry, error) {
	var out models.Entry
	err := s.WithTx(ctx, func(tx *Store) error {
		submitted := func(q *gorm.DB) *gorm.DB {
			return q.Where("status NOT IN ?", []string{models.EntryDraft, models.EntryWithdrawn})
		}
		if err := tx.checkLimit(ctx, e.CompetitionID, e.OrganizationID, e.ID, limit, submitted); err != nil {
			return err
		}
		cols := map[string]any{"submitted_at": at, "screening_reason": ""}
		if actor.ID != 0 {
			cols["submitted_by"] = actor.ID
		}
		var err error
		out, err = tx.move(ctx, actor, e, proposal.Submit, "entry.submit", cols, nil, notes)
		return err
	})
	return out, err
}

// WithdrawEntry takes entry e out of the competition for good.
func (s *Store) WithdrawEntry(ctx context.Context, actor Actor, e models.Entry) (models.Entry, error) {
	return s.move(ctx, actor, e, proposal.Withdraw, "entry.withdraw", nil, nil, nil)
}

// Screening is an organizer's screening decision about one entry.
type Screening struct {
	Action proposal.Action // one of proposal's Screen* actions
	Reason string
	// ReviseUntil extends the deadline of a returned entry; nil keeps the
	// competition's.
	ReviseUntil *time.Time
}

// ScreenEntry records decision d about entry e.
func (s *Store) ScreenEntry(ctx context.Context, actor Actor, e models.Entry, d Screening) (models.Entry, error) {
	return s.move(ctx, actor, e, d.Action, "entry.screen",
		map[string]any{"screening_reason": d.Reason, "revise_until": d.ReviseUntil}, map[string]any{"reason": d.Reason}, nil)
}

// move applies action a of the lifecycle table (proposal.Moves) to entry e,
// setting the extra columns, and audits it. The status condition in the
// UPDATE makes two concurrent moves safe: the second finds nothing to change.
// notes are notifications about the change, saved in the same transaction.
func (s *Store) move(ctx context.Context, actor Actor, e models.Entry, a proposal.Action, audit string, extra, details map[string]any, notes []models.OutboxMessage) (models.Entry, error) {
	m, ok := proposal.Moves[a]
	if !ok {
		return models.Entry{}, fmt.Errorf("store: unknown entry action %q", a)
	}
	var out models.Entry
	err := s.WithTx(ctx, func(tx *Store) error {
		cols := map[string]any{"status": m.To, "updated_at": tx.Now()}
		for k, v := range extra {
			cols[k] = v
		}
		res := tx.q(ctx).Model(&models.Entry{}).Where("id = ? AND status IN ?", e.ID, m.From).Updates(cols)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("the entry is %s; it cannot be changed this way", e.Status)
		}
		if err := tx.q(ctx).Where("id = ?", e.ID).Take(&out).Error; err != nil {
			return err
		}
		if details == nil {
			details = map[string]any{}
		}
		details["from"], details["to"] = e.Status, m.To
		if err := tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(e.CompetitionID), Action: audit,
			ObjectType: "entry", ObjectID: e.ID, Details: details}); err != nil {
			return err
		}
		if err := tx.enqueue(ctx, notes); err != nil {
			return err
		}
		return tx.afterTransition(ctx, out)
	})
	return out, err
}

// afterTransition keeps round membership in step: an entry submitted enters
// the competition's first round.
func (s *Store) afterTransition(ctx context.Context, e models.Entry) error {
	if e.Status != models.EntrySubmitted {
		return nil
	}
	var first models.Round
	err := s.q(ctx).Where("competition_id = ?", e.CompetitionID).Order("position, id").Limit(1).Find(&first).Error
	if err != nil || first.ID == 0 {
		return err
	}
	var n int64
	s.q(ctx).Model(&models.RoundEntry{}).Where("round_id = ? AND entry_id = ?", first.ID, e.ID).Count(&n)
	if n > 0 {
		return nil
	}
	return s.q(ctx).Create(&models.RoundEntry{RoundID: first.ID, EntryID: e.ID, CreatedAt: s.Now()}).Error
}
