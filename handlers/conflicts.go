package handlers

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// ConflictStore is what conflicts of interest need.
type ConflictStore interface {
	competitionLoader
	ListConflicts(ctx context.Context, competitionID int64) ([]models.Conflict, error)
	CreateConflict(ctx context.Context, actor store.Actor, k *models.Conflict, blind bool) ([]int64, error)
	Judges(ctx context.Context, competitionID int64) ([]store.JudgeMember, error)
	OrganizationByID(ctx context.Context, id int64) (models.Organization, error)
	EntryFor(ctx context.Context, v store.Viewer, id int64) (models.Entry, error)
	RemoveConflict(ctx context.Context, actor store.Actor, competitionID, id int64) error
}

// Conflicts serves conflicts of interest.
type Conflicts struct {
	Store ConflictStore
}

type conflictJSON struct {
	ID                 *int64     `json:"id"`
	JudgeID            int64      `json:"judge_id"`
	OrganizationID     *int64     `json:"organization_id"`
	EntryID            *int64     `json:"entry_id"`
	Reason             string     `json:"reason"`
	Source             string     `json:"source"`
	CreatedAt          *time.Time `json:"created_at"`
	RemovedAssignments []int64    `json:"removed_assignments,omitempty"`
}

func toConflict(k models.Conflict) conflictJSON {
	id, at := k.ID, k.CreatedAt.UTC()
	return conflictJSON{ID: &id, JudgeID: k.JudgeID, OrganizationID: k.OrganizationID, EntryID: k.EntryID, Reason: k.Reason,
		Source: k.Source, CreatedAt: &at}
}

// List lists the competition's conflicts: every judge's own OPD (implied,
// source "own_organization") and the declared and organizer-set ones.
func (h *Conflicts) List(c *gin.Context) error {
	ctx := c.Request.Context()
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	judges, err := h.Store.Judges(ctx, comp.ID)
	if err != nil {
		return err
	}
	items := []conflictJSON{}
	for _, j := range judges {
		if j.OrganizationID != nil {
			items = append(items, conflictJSON{JudgeID: j.ID, OrganizationID: j.OrganizationID,
				Reason: "the judge's own OPD", Source: "own_organization"})
		}
	}
	stored, err := h.Store.ListConflicts(ctx, comp.ID)
	if err != nil {
		return err
	}
	items = append(items, mapSlice(stored, toConflict)...)
	return reply(c, http.StatusOK, newList(items, int64(len(items))))
}

type conflictRequest struct {
	JudgeID        int64  `json:"judge_id"`
	OrganizationID *int64 `json:"organization_id"`
	EntryID        *int64 `json:"entry_id"`
	Reason         string `json:"reason"`
}

// Create records a conflict between a judge and an OPD or an entry, and
// re-checks the assignments it forbids (the store: removed and reassigned, or
// flagged for the organizers). Organizers set conflicts for any judge; a
// judge may declare their own (source "declared"), and gets the same answer
// whatever their entries hold: nothing in it says which entries were touched,
// and in a blind competition nothing they see changes until an organizer acts.
func (h *Conflicts) Create(c *gin.Context) error {
	comp, a, err := loadCompetition(c, h.Store)
	if err != nil {
		return err
	}
	var req conflictRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	source := models.ConflictOrganizer
	if !a.Organizer {
		if !a.Judge || req.JudgeID != me(c).ID {
			return apperr.Forbidden("organizers set conflicts; a judge may only declare their own")
		}
		source = models.ConflictDeclared
	}
	if err := h.check(c, comp, req); err != nil {
		return err
	}
	uid := me(c).ID
	k := models.Conflict{CompetitionID: comp.ID, JudgeID: req.JudgeID, OrganizationID: req.OrganizationID, EntryID: req.EntryID,
		Reason: strings.TrimSpace(req.Reason), Source: source, CreatedBy: &uid}
	removed, err := h.Store.CreateConflict(c.Request.Context(), actor(c), &k, comp.Blind)
	if err != nil {
		return err
	}
	out := toConflict(k)
	if a.Organizer {
		out.RemovedAssignments = removed
	}
	return reply(c, http.StatusCreated, out)
}

func (h *Conflicts) check(c *gin.Context, comp models.Competition, req conflictRequest) error {
	ctx := c.Request.Context()
	f := fieldErrors{}
	judges, err := h.Store.Judges(ctx, comp.ID)
	if err != nil {
		return err
	}
	isJudge := false
	for _, j := range judges {
		isJudge = isJudge || j.ID == req.JudgeID
	}
	if !isJudge {
		f.check("judge_id", "is not a judge of this competition")
	}
	switch {
	case (req.OrganizationID == nil) == (req.EntryID == nil):
		f.check("organization_id", "give exactly one of organization_id and entry_id")
	case req.OrganizationID != nil:
		if _, err := h.Store.OrganizationByID(ctx, *req.OrganizationID); err != nil {
			f.check("organization_id", "does not name an existing organization")
		}
	default:
		// Entries are looked up as an organizer would see them: a judge
		// declaring a conflict may name an entry not assigned to them.
		e, err := h.Store.EntryFor(ctx, store.Viewer{Role: models.RoleAdmin}, *req.EntryID)
		if err != nil || e.CompetitionID != comp.ID {
			f.check("entry_id", "is not an entry of this competition")
		}
	}
	if r := strings.TrimSpace(req.Reason); r == "" || len(r) > 2000 {
		f.check("reason", "is required (at most 2000 characters)")
	}
	return f.err()
}

// Remove deletes a conflict the organizers set (organizers of the
// competition); a judge's declaration or recusal is refused with 409, and
// the implied own-OPD conflict has no id to name.
func (h *Conflicts) Remove(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	id, err := pathID(c, "conflict_id", "conflict")
	if err != nil {
		return err
	}
	if err := h.Store.RemoveConflict(c.Request.Context(), actor(c), comp.ID, id); err != nil {
		return err
	}
	return noContent(c)
}
