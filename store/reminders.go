package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/juri-id/juri/models"
)

// ReminderInterval is how long after a reminder the same one (same audience,
// same round) is refused: a second click must not flood anyone's inbox.
const ReminderInterval = time.Hour

// TooSoonError refuses a reminder sent again within ReminderInterval.
type TooSoonError struct {
	Last time.Time
	Wait time.Duration
}

func (e *TooSoonError) Error() string {
	return fmt.Sprintf("this reminder was sent at %s; it can be sent again in %s",
		e.Last.UTC().Format(time.RFC3339), e.Wait.Round(time.Minute))
}

// ReminderPlan is what to remind: judges behind in Round, or the OPDs of
// Competition that have not entered (Round nil).
type ReminderPlan struct {
	Competition models.Competition
	Round       *models.Round
	Audience    string
}

// RecipientView is one person reminded, with the time they were reminded the
// same way before (nil for the first time).
type RecipientView struct {
	models.ReminderRecipient
	Name                 string
	Email                string
	PreviouslyRemindedAt *time.Time
}

// ReminderView is one reminder sent, with its recipients.
type ReminderView struct {
	models.Reminder
	SentByName string
	Recipients []RecipientView
	// Unreached lists the OPDs that had nobody to receive the e-mail (no
	// verified participant account); only when just sent.
	Unreached []models.Organization
}

// lockReminders serializes the reminders of a competition until the
// transaction ends, so two clicks at once send one reminder. SQLite's write
// transactions already run one at a time.
func (s *Store) lockReminders(ctx context.Context, competitionID int64) error {
	if s.Dialect() != "postgres" {
		return nil
	}
	return s.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", fmt.Sprintf("remind:%d", competitionID)).Error
}

// SendReminder decides who is behind, e-mails each of them through the
// outbox and records the reminder, all in one transaction under the
// competition's reminder lock: who is behind is read where it is written. It
// refuses with a TooSoonError within ReminderInterval of the same reminder,
// and with a conflict when there is nobody to remind.
func (s *Store) SendReminder(ctx context.Context, actor Actor, p ReminderPlan) (ReminderView, error) {
	var out ReminderView
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockReminders(ctx, p.Competition.ID); err != nil {
			return err
		}
		now := tx.Now()
		var roundID *int64
		if p.Round != nil {
			roundID = &p.Round.ID
		}
		last, err := tx.lastReminder(ctx, p.Competition.ID, p.Audience, roundID)
		if err != nil {
			return err
		}
		if last != nil && now.Sub(*last) < ReminderInterval {
			return &TooSoonError{Last: *last, Wait: ReminderInterval - now.Sub(*last)}
		}
		var msgs []models.OutboxMessage
		if p.Audience == models.RemindJudgesBehind {
			out.Recipients, msgs, err = tx.judgesBehind(ctx, p.Competition, *p.Round)
		} else {
			out.Recipients, out.Unreached, msgs, err = tx.organizationsBehind(ctx, p.Competition)
		}
		if err != nil {
			return err
		}
		if len(out.Recipients) == 0 {
			if p.Audience == models.RemindJudgesBehind {
				return Conflict("nobody to remind: every judge of %s has submitted every scorecard", p.Round.Name)
			}
			if len(out.Unreached) > 0 {
				return Conflict("nobody to remind by e-mail: none of the %d OPDs without an entry has a verified participant account", len(out.Unreached))
			}
			return Conflict("nobody to remind: every OPD has submitted an entry")
		}
		if err := tx.previousReminders(ctx, p.Competition.ID, p.Audience, roundID, out.Recipients); err != nil {
			return err
		}
		out.Reminder = models.Reminder{CompetitionID: p.Competition.ID, RoundID: roundID, Audience: p.Audience, SentAt: now}
		if actor.ID != 0 {
			id := actor.ID
			out.Reminder.SentBy = &id
		}
		if err := tx.q(ctx).Create(&out.Reminder).Error; err != nil {
			return err
		}
		rows := make([]models.ReminderRecipient, len(out.Recipients))
		for i := range out.Recipients {
			out.Recipients[i].ReminderID = out.Reminder.ID
			rows[i] = out.Recipients[i].ReminderRecipient
		}
		if err := tx.q(ctx).CreateInBatches(&rows, tx.rowsPerInsert(&models.ReminderRecipient{})).Error; err != nil {
			return err
		}
		for i := range rows {
			out.Recipients[i].ID = rows[i].ID
		}
		if err := tx.enqueue(ctx, msgs); err != nil {
			return err
		}
		users := make([]int64, len(rows))
		for i, r := range rows {
			users[i] = r.UserID
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(p.Competition.ID), Action: "reminder.send",
			ObjectType: "reminder", ObjectID: out.Reminder.ID,
			Details: map[string]any{"to": p.Audience, "round_id": roundID, "users": users}})
	})
	if err == nil {
		out.SentByName = actorName(ctx, s, actor)
	}
	return out, err
}

func actorName(ctx context.Context, s *Store, a Actor) string {
	if a.ID == 0 {
		return ""
	}
	us, err := s.UsersByID(ctx, []int64{a.ID})
	if err != nil {
		return ""
	}
	return us[a.ID].Name
}

// lastReminder is when the same reminder was last sent, or nil.
func (s *Store) lastReminder(ctx context.Context, competitionID int64, audience string, roundID *int64) (*time.Time, error) {
	var rs []models.Reminder
	q := s.q(ctx).Where("competition_id = ? AND audience = ?", competitionID, audience)
	if roundID != nil {
		q = q.Where("round_id = ?", *roundID)
	} else {
		q = q.Where("round_id IS NULL")
	}
	if err := q.Order("sent_at DESC, id DESC").Limit(1).Find(&rs).Error; err != nil || len(rs) == 0 {
		return nil, err
	}
	t := rs[0].SentAt.UTC()
	return &t, nil
}

// previousReminders fills in when each recipient was last reminded the same way.
func (s *Store) previousReminders(ctx context.Context, competitionID int64, audience string, roundID *int64, rs []RecipientView) error {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.UserID
	}
	var rows []struct {
		UserID int64
		SentAt time.Time
	}
	q := s.q(ctx).Table("reminder_recipients").Select("reminder_recipients.user_id, reminders.sent_at").
		Joins("JOIN reminders ON reminders.id = reminder_recipients.reminder_id").
		Where("reminders.competition_id = ? AND reminders.audience = ? AND reminder_recipients.user_id IN ?", competitionID, audience, ids)
	if roundID != nil {
		q = q.Where("reminders.round_id = ?", *roundID)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return err
	}
	last := map[int64]time.Time{}
	for _, r := range rows {
		if r.SentAt.After(last[r.UserID]) {
			last[r.UserID] = r.SentAt.UTC()
		}
	}
	for i := range rs {
		if t, ok := last[rs[i].UserID]; ok {
			rs[i].PreviouslyRemindedAt = &t
		}
	}
	return nil
}

// judgesBehind lists the judges of round r with scorecards still to submit,
// and their e-mails.
func (s *Store) judgesBehind(ctx context.Context, comp models.Competition, r models.Round) ([]RecipientView, []models.OutboxMessage, error) {
	progress, err := s.Progress(ctx, comp.ID)
	if err != nil {
		return nil, nil, err
	}
	var behind []JudgeProgress
	var ids []int64
	for _, p := range progress {
		if p.RoundID != r.ID {
			continue
		}
		for _, j := range p.PerJudge {
			if j.Submitted < j.Assigned {
				behind = append(behind, j)
				ids = append(ids, j.JudgeID)
			}
		}
	}
	users, err := s.UsersByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var out []RecipientView
	var msgs []models.OutboxMessage
	for _, j := range behind {
		u, ok := users[j.JudgeID]
		if !ok || u.Disabled {
			continue
		}
		out = append(out, RecipientView{ReminderRecipient: models.ReminderRecipient{UserID: u.ID, Assigned: int(j.Assigned), Submitted: int(j.Submitted)},
			Name: u.Name, Email: u.Email})
		msgs = append(msgs, s.links.RemindJudge(u.Email, u.Name, r.Name, comp.Name, int(j.Submitted), int(j.Assigned), r.ClosesAt))
	}
	return out, msgs, nil
}

// organizationsBehind lists the verified participants of the OPDs without a
// submitted entry, their e-mails, and the OPDs with nobody to write to.
func (s *Store) organizationsBehind(ctx context.Context, comp models.Competition) ([]RecipientView, []models.Organization, []models.OutboxMessage, error) {
	st, err := s.Stats(ctx, comp.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	drafts := map[int64]int64{}
	for _, o := range st.ByOrganization {
		drafts[o.ID] = o.Drafts
	}
	ids := make([]int64, len(st.OrganizationsWithout))
	for i, o := range st.OrganizationsWithout {
		ids[i] = o.ID
	}
	var users []models.User
	if len(ids) > 0 {
		err = s.q(ctx).Where("role = ? AND disabled = ? AND verified = ? AND organization_id IN ?", models.RoleParticipant, false, true, ids).
			Order("id").Find(&users).Error
		if err != nil {
			return nil, nil, nil, err
		}
	}
	byOrg := map[int64][]models.User{}
	for _, u := range users {
		byOrg[*u.OrganizationID] = append(byOrg[*u.OrganizationID], u)
	}
	var out []RecipientView
	var unreached []models.Organization
	var msgs []models.OutboxMessage
	for _, o := range st.OrganizationsWithout {
		if len(byOrg[o.ID]) == 0 {
			unreached = append(unreached, o)
			continue
		}
		for _, u := range byOrg[o.ID] {
			orgID := o.ID
			out = append(out, RecipientView{ReminderRecipient: models.ReminderRecipient{UserID: u.ID, OrganizationID: &orgID}, Name: u.Name, Email: u.Email})
			msgs = append(msgs, s.links.RemindOrganization(u.Email, u.Name, o.Name, comp.Name, int(drafts[o.ID]), comp.SubmissionClosesAt))
		}
	}
	return out, unreached, msgs, nil
}

// Reminders lists the reminders sent in a competition, newest first, each
// with its recipients and when each was reminded the same way before.
func (s *Store) Reminders(ctx context.Context, competitionID int64) ([]ReminderView, error) {
	var rs []models.Reminder
	if err := s.q(ctx).Where("competition_id = ?", competitionID).Order("sent_at, id").Find(&rs).Error; err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return []ReminderView{}, nil
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	var recipients []models.ReminderRecipient
	if err := s.q(ctx).Where("reminder_id IN ?", ids).Order("id").Find(&recipients).Error; err != nil {
		return nil, err
	}
	userIDs := []int64{}
	for _, r := range recipients {
		userIDs = append(userIDs, r.UserID)
	}
	for _, r := range rs {
		if r.SentBy != nil {
			userIDs = append(userIDs, *r.SentBy)
		}
	}
	users, err := s.UsersByID(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	byReminder := map[int64][]models.ReminderRecipient{}
	for _, r := range recipients {
		byReminder[r.ReminderID] = append(byReminder[r.ReminderID], r)
	}
	// Oldest first, so each recipient's previous reminder is known when met.
	type key struct {
		audience string
		round    int64
		user     int64
	}
	seen := map[key]time.Time{}
	out := make([]ReminderView, len(rs))
	for i, r := range rs {
		v := ReminderView{Reminder: r, Recipients: []RecipientView{}}
		if r.SentBy != nil {
			v.SentByName = users[*r.SentBy].Name
		}
		round := int64(0)
		if r.RoundID != nil {
			round = *r.RoundID
		}
		for _, rr := range byReminder[r.ID] {
			u := users[rr.UserID]
			rv := RecipientView{ReminderRecipient: rr, Name: u.Name, Email: u.Email}
			k := key{r.Audience, round, rr.UserID}
			if t, ok := seen[k]; ok {
				rv.PreviouslyRemindedAt = &t
			}
			seen[k] = r.SentAt.UTC()
			v.Recipients = append(v.Recipients, rv)
		}
		out[i] = v
	}
	slices.Reverse(out)
	return out, nil
}
