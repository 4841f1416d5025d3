package handlers

import (
	"context"
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/store"
)

// ReminderStore is what reminders need from the database.
type ReminderStore interface {
	CompetitionFor(ctx context.Context, v store.Viewer, id int64) (models.Competition, store.Access, error)
	ListRounds(ctx context.Context, competitionID int64) ([]models.Round, error)
	SendReminder(ctx context.Context, actor store.Actor, p store.ReminderPlan) (store.ReminderView, error)
	Reminders(ctx context.Context, competitionID int64) ([]store.ReminderView, error)
}

// Reminders serves the reminders organizers send to judges who are behind
// and to OPDs that have not entered.
type Reminders struct {
	Store ReminderStore
	Now   func() time.Time
}

type recipientJSON struct {
	UserID               int64      `json:"user_id"`
	Name                 string     `json:"name"`
	Email                string     `json:"email"`
	OrganizationID       *int64     `json:"organization_id"`
	Assigned             *int       `json:"assigned"`
	Submitted            *int       `json:"submitted"`
	PreviouslyRemindedAt *time.Time `json:"previously_reminded_at"`
}

type reminderJSON struct {
	ID         int64               `json:"id"`
	To         string              `json:"to"`
	RoundID    *int64              `json:"round_id"`
	SentAt     time.Time           `json:"sent_at"`
	SentBy     string              `json:"sent_by"`
	Recipients []recipientJSON     `json:"recipients"`
	Unreached  []statsOrganization `json:"unreached,omitempty"`
}

func toReminder(v store.ReminderView) reminderJSON {
	out := reminderJSON{ID: v.ID, To: v.Audience, RoundID: v.RoundID, SentAt: v.SentAt.UTC(), SentBy: v.SentByName, Recipients: []recipientJSON{}}
	for _, r := range v.Recipients {
		rj := recipientJSON{UserID: r.UserID, Name: r.Name, Email: r.Email, OrganizationID: r.OrganizationID, PreviouslyRemindedAt: r.PreviouslyRemindedAt}
		if v.Audience == models.RemindJudgesBehind {
			assigned, submitted := r.Assigned, r.Submitted
			rj.Assigned, rj.Submitted = &assigned, &submitted
		}
		out.Recipients = append(out.Recipients, rj)
	}
	return out
}

// List shows the reminders sent in the competition, newest first.
func (h *Reminders) List(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	rs, err := h.Store.Reminders(c.Request.Context(), comp.ID)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(rs, toReminder), int64(len(rs))))
}

type reminderRequest struct {
	To      string `json:"to"`
	RoundID *int64 `json:"round_id"`
}

// plan checks the request against the competition's rounds.
func (h *Reminders) plan(c *gin.Context, comp models.Competition, req reminderRequest) (store.ReminderPlan, error) {
	p := store.ReminderPlan{Competition: comp, Audience: req.To}
	f := fieldErrors{}
	switch req.To {
	case models.RemindJudgesBehind:
		if req.RoundID == nil {
			f.check("round_id", "is required: which round's judges to remind")
			break
		}
		rounds, err := h.Store.ListRounds(c.Request.Context(), comp.ID)
		if err != nil {
			return p, err
		}
		for i := range rounds {
			if rounds[i].ID == *req.RoundID && rounds[i].Kind == models.RoundScoring {
				p.Round = &rounds[i]
			}
		}
		if p.Round == nil {
			f.check("round_id", "is not a scoring round of this competition")
		}
	case models.RemindOrganizationsWithoutEntry:
		if req.RoundID != nil {
			f.check("round_id", "is only for judges_behind")
		}
	default:
		f.check("to", "must be one of judges_behind, organizations_without_entries")
	}
	if err := f.err(); err != nil {
		return p, err
	}
	// Never ask for work the system would refuse: judges only while their
	// round takes scores, OPDs only while the competition takes entries.
	now := h.Now()
	if r := p.Round; r != nil {
		if r.Status == models.RoundPublished || r.Status == models.RoundClosed {
			return p, apperr.Conflict("%s is %s: its judges can no longer score", r.Name, r.Status)
		}
		var shut *proposal.WindowError
		if errors.As(scoringWindow(*r).Check(now), &shut) {
			if shut.NotYet {
				return p, apperr.Conflict("%s opens for scoring at %s", r.Name, shut.At.UTC().Format(time.RFC3339))
			}
			return p, apperr.Conflict("%s closed for scoring at %s", r.Name, shut.At.UTC().Format(time.RFC3339))
		}
	}
	if req.To == models.RemindOrganizationsWithoutEntry && !submissionsOpen(comp, now) {
		return p, apperr.Conflict("the competition does not take entries now: OPDs can no longer submit")
	}
	return p, nil
}

// Send e-mails a reminder, through the outbox, to every judge of a round who
// has scorecards left or to the participants of every OPD without a
// submitted entry, and answers whom it reached. The same reminder is refused
// for an hour after it was sent (429 with Retry-After).
func (h *Reminders) Send(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	var req reminderRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.plan(c, comp, req)
	if err != nil {
		return err
	}
	sent, err := h.Store.SendReminder(c.Request.Context(), actor(c), p)
	var soon *store.TooSoonError
	if errors.As(err, &soon) {
		return apperr.TooMany(int(math.Ceil(soon.Wait.Seconds())), "%s", soon.Error())
	}
	if err != nil {
		return err
	}
	out := toReminder(sent)
	out.Unreached = []statsOrganization{}
	for _, o := range sent.Unreached {
		out.Unreached = append(out.Unreached, statsOrganization{o.ID, o.Code, o.Name, o.Kind})
	}
	return reply(c, http.StatusCreated, out)
}
