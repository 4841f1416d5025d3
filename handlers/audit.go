package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store"
)

// OversightStore is what objections and the audit log need.
type OversightStore interface {
	competitionLoader
	Objections(ctx context.Context, competitionID, publicationID int64, answeredOnly bool) ([]models.Objection, error)
	ObjectionByID(ctx context.Context, id int64) (models.Objection, int64, error)
	AnswerObjection(ctx context.Context, actor store.Actor, o models.Objection, competitionID int64, status, response string, notes ...models.OutboxMessage) (models.Objection, error)
	AuditLog(ctx context.Context, scope string, p store.Page) ([]models.AuditEntry, int64, error)
	VerifyAudit(ctx context.Context, scope string) (store.AuditVerification, error)
}

// Oversight serves the organizers' side of objections, and the audit log.
type Oversight struct {
	Store  OversightStore
	Notify notify.Links
}

type objectionJSON struct {
	ID            int64      `json:"id"`
	PublicationID int64      `json:"publication_id"`
	EntryID       int64      `json:"entry_id"`
	Name          string     `json:"name"`
	Email         string     `json:"email"`
	Text          string     `json:"text"`
	Status        string     `json:"status"`
	Response      string     `json:"response"`
	CreatedAt     time.Time  `json:"created_at"`
	AnsweredAt    *time.Time `json:"answered_at"`
}

func toObjection(o models.Objection) objectionJSON {
	return objectionJSON{ID: o.ID, PublicationID: o.PublicationID, EntryID: o.EntryID, Name: o.Name, Email: o.Email, Text: o.Text,
		Status: o.Status, Response: o.Response, CreatedAt: o.CreatedAt.UTC(), AnsweredAt: utc(o.AnsweredAt)}
}

// Objections lists the objections to a competition's publications.
func (h *Oversight) Objections(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	os, err := h.Store.Objections(c.Request.Context(), comp.ID, 0, false)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(os, toObjection), int64(len(os))))
}

type answerRequest struct {
	Status   string `json:"status"`
	Response string `json:"response"`
}

// Answer records the organizers' decision on an objection; the answer becomes
// public on the publication and is mailed to whoever objected.
func (h *Oversight) Answer(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "objection")
	if err != nil {
		return err
	}
	o, compID, err := h.Store.ObjectionByID(ctx, id)
	if err != nil {
		return err
	}
	_, a, err := h.Store.CompetitionFor(ctx, viewer(c), compID)
	if err == nil && !a.Organizer {
		// An answered objection is public, so refusing it is a 403; an open
		// one is seen by organizers only.
		if o.Status == models.ObjectionOpen {
			err = apperr.NotFound("objection")
		} else {
			err = apperr.Forbidden("only the competition's organizers answer objections")
		}
	}
	if err != nil {
		return err
	}
	var req answerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	resp := strings.TrimSpace(req.Response)
	f := fieldErrors{}
	if !slices.Contains([]string{models.ObjectionAccepted, models.ObjectionRejected, models.ObjectionOpen}, req.Status) {
		f.check("status", "must be open, accepted or rejected")
	}
	if req.Status != models.ObjectionOpen && resp == "" {
		f.check("response", "is required: the answer is published")
	}
	if len(resp) > 5000 {
		f.check("response", "must be at most 5000 characters")
	}
	if err := f.err(); err != nil {
		return err
	}
	var notes []models.OutboxMessage
	if req.Status != models.ObjectionOpen {
		notes = append(notes, h.Notify.ObjectionAnswered(o.Email, o.Name, req.Status, resp, o.PublicationID))
	}
	o, err = h.Store.AnswerObjection(ctx, actor(c), o, compID, req.Status, resp, notes...)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toObjection(o))
}

type auditJSON struct {
	ID         int64           `json:"id"`
	Chain      string          `json:"chain"`
	At         time.Time       `json:"at"`
	ActorID    *int64          `json:"actor_id"`
	ActorEmail string          `json:"actor_email"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   int64           `json:"object_id"`
	Details    json.RawMessage `json:"details"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

func toAudit(a models.AuditEntry) auditJSON {
	return auditJSON{ID: a.ID, Chain: a.Chain, At: a.At.UTC(), ActorID: a.ActorID, ActorEmail: a.ActorEmail, Action: a.Action,
		ObjectType: a.ObjectType, ObjectID: a.ObjectID, Details: json.RawMessage(a.Details), PrevHash: a.PrevHash, Hash: a.Hash}
}

// Audit lists a competition's audit log, newest first.
func (h *Oversight) Audit(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	p, err := page(c)
	if err != nil {
		return err
	}
	rows, total, err := h.Store.AuditLog(c.Request.Context(), store.CompetitionScope(comp.ID), p)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(rows, toAudit), total))
}

// VerifyAudit recomputes the competition's hash chain and says where it
// breaks, if it does.
func (h *Oversight) VerifyAudit(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	v, err := h.Store.VerifyAudit(c.Request.Context(), store.CompetitionScope(comp.ID))
	if err != nil {
		return err
	}
	out := gin.H{"valid": v.Valid, "entries": v.Entries, "head": v.Head}
	if !v.Valid {
		out["broken_at"], out["reason"] = v.BrokenAt, v.Reason
	}
	return reply(c, http.StatusOK, out)
}
