package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/templates"
	"github.com/juri-id/juri/valid"
)

// CompetitionStore is what competition management needs from the database.
type CompetitionStore interface {
	CreateCompetition(ctx context.Context, actor store.Actor, c *models.Competition, setup templates.Setup) error
	CompetitionFor(ctx context.Context, v store.Viewer, id int64) (models.Competition, store.Access, error)
	ListCompetitions(ctx context.Context, v store.Viewer, status string, p store.Page) ([]models.Competition, int64, error)
	AccessMap(ctx context.Context, v store.Viewer, ids []int64) (map[int64]store.Access, error)
	UpdateCompetition(ctx context.Context, actor store.Actor, id int64, p store.CompetitionPatch) (models.Competition, error)
	DeleteCompetition(ctx context.Context, actor store.Actor, id int64) error
	Stats(ctx context.Context, competitionID int64) (store.CompetitionStats, error)
	Progress(ctx context.Context, competitionID int64) ([]store.RoundProgress, error)
}

// Competitions serves competitions and their statistics.
type Competitions struct {
	Store CompetitionStore
}

var competitionStatuses = []string{models.CompetitionDraft, models.CompetitionOpen, models.CompetitionJudging, models.CompetitionClosed}

type competitionJSON struct {
	ID                        int64      `json:"id"`
	Name                      string     `json:"name"`
	Year                      int        `json:"year"`
	Description               string     `json:"description"`
	Status                    string     `json:"status"`
	Blind                     bool       `json:"blind"`
	SubmissionOpensAt         *time.Time `json:"submission_opens_at"`
	SubmissionClosesAt        *time.Time `json:"submission_closes_at"`
	MaxEntriesPerOrganization int        `json:"max_entries_per_organization"`
	CreatedAt                 time.Time  `json:"created_at"`
	UpdatedAt                 time.Time  `json:"updated_at"`
	MyRole                    *string    `json:"my_role"`
}

func toCompetition(c models.Competition, a store.Access) competitionJSON {
	j := competitionJSON{ID: c.ID, Name: c.Name, Year: c.Year, Description: c.Description, Status: c.Status, Blind: c.Blind,
		SubmissionOpensAt: utc(c.SubmissionOpensAt), SubmissionClosesAt: utc(c.SubmissionClosesAt),
		MaxEntriesPerOrganization: c.MaxEntriesPerOrganization, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
	switch {
	case a.Organizer:
		r := models.MemberOrganizer
		j.MyRole = &r
	case a.Judge:
		r := models.MemberJudge
		j.MyRole = &r
	}
	return j
}

// utc presents a stored time in UTC, as the contract wants.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

type createCompetitionRequest struct {
	Name                      string     `json:"name"`
	Year                      int        `json:"year"`
	Description               string     `json:"description"`
	Template                  string     `json:"template"`
	Blind                     bool       `json:"blind"`
	SubmissionOpensAt         *time.Time `json:"submission_opens_at"`
	SubmissionClosesAt        *time.Time `json:"submission_closes_at"`
	MaxEntriesPerOrganization *int       `json:"max_entries_per_organization"`
}

// Create makes a competition from a template; the creator becomes its organizer.
func (h *Competitions) Create(c *gin.Context) error {
	var req createCompetitionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := fieldErrors{}
	f.check("name", valid.Text(req.Name, 200))
	f.check("year", yearReason(req.Year))
	setup, ok := templates.ByName(req.Template)
	if !ok {
		f.check("template", "must be one of "+strings.Join(templates.Names, ", "))
	}
	f.check("submission_closes_at", windowReason(req.SubmissionOpensAt, req.SubmissionClosesAt))
	limit := 10
	if req.MaxEntriesPerOrganization != nil {
		limit = *req.MaxEntriesPerOrganization
		f.check("max_entries_per_organization", rangeReason(limit, 0, 1000))
	}
	if err := f.err(); err != nil {
		return err
	}
	uid := me(c).ID
	comp := models.Competition{Name: strings.TrimSpace(req.Name), Year: req.Year, Description: strings.TrimSpace(req.Description),
		Status: models.CompetitionDraft, Blind: req.Blind, SubmissionOpensAt: req.SubmissionOpensAt,
		SubmissionClosesAt: req.SubmissionClosesAt, MaxEntriesPerOrganization: limit, CreatedBy: &uid}
	if err := h.Store.CreateCompetition(c.Request.Context(), actor(c), &comp, setup); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, toCompetition(comp, store.Access{Organizer: true}))
}

func yearReason(y int) string {
	if y < 2000 || y > 2100 {
		return "must be a year from 2000 to 2100"
	}
	return ""
}

func rangeReason(n, lo, hi int) string {
	if n < lo || n > hi {
		return fmt.Sprintf("must be a whole number from %d to %d", lo, hi)
	}
	return ""
}

func windowReason(opens, closes *time.Time) string {
	if opens != nil && closes != nil && !closes.After(*opens) {
		return "must be after submission_opens_at"
	}
	return ""
}

// List lists the competitions the caller may see; ?status= filters.
func (h *Competitions) List(c *gin.Context) error {
	ctx := c.Request.Context()
	p, err := page(c)
	if err != nil {
		return err
	}
	status := c.Query("status")
	if status != "" && !slices.Contains(competitionStatuses, status) {
		return apperr.Validation(map[string]string{"status": "must be one of " + strings.Join(competitionStatuses, ", ")})
	}
	v := viewer(c)
	comps, total, err := h.Store.ListCompetitions(ctx, v, status, p)
	if err != nil {
		return err
	}
	ids := make([]int64, len(comps))
	for i, comp := range comps {
		ids[i] = comp.ID
	}
	access, err := h.Store.AccessMap(ctx, v, ids)
	if err != nil {
		return err
	}
	items := make([]competitionJSON, len(comps))
	for i, comp := range comps {
		items[i] = toCompetition(comp, access[comp.ID])
	}
	return reply(c, http.StatusOK, newList(items, total))
}

// load reads the competition in the path as the caller sees it.
func (h *Competitions) load(c *gin.Context) (models.Competition, store.Access, error) {
	id, err := pathID(c, "id", "competition")
	if err != nil {
		return models.Competition{}, store.Access{}, err
	}
	return h.Store.CompetitionFor(c.Request.Context(), viewer(c), id)
}

// Get shows one competition.
func (h *Competitions) Get(c *gin.Context) error {
	comp, a, err := h.load(c)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toCompetition(comp, a))
}

type patchCompetitionRequest struct {
	Name                      *string             `json:"name"`
	Year                      *int                `json:"year"`
	Description               *string             `json:"description"`
	Status                    *string             `json:"status"`
	Blind                     *bool               `json:"blind"`
	SubmissionOpensAt         Nullable[time.Time] `json:"submission_opens_at"`
	SubmissionClosesAt        Nullable[time.Time] `json:"submission_closes_at"`
	MaxEntriesPerOrganization *int                `json:"max_entries_per_organization"`
}

// Patch changes a competition. Its status only moves forward:
// draft -> open -> judging -> closed.
func (h *Competitions) Patch(c *gin.Context) error {
	comp, a, err := h.load(c)
	if err == nil {
		err = needOrganizer(a)
	}
	if err != nil {
		return err
	}
	var req patchCompetitionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := competitionPatch(comp, req)
	if err != nil {
		return err
	}
	out, err := h.Store.UpdateCompetition(c.Request.Context(), actor(c), comp.ID, p)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toCompetition(out, a))
}

func competitionPatch(comp models.Competition, req patchCompetitionRequest) (store.CompetitionPatch, error) {
	f := fieldErrors{}
	p := store.CompetitionPatch{Year: req.Year, Blind: req.Blind, MaxEntriesPerOrganization: req.MaxEntriesPerOrganization, Status: req.Status}
	if req.Name != nil {
		f.check("name", valid.Text(*req.Name, 200))
		name := strings.TrimSpace(*req.Name)
		p.Name = &name
	}
	if req.Description != nil {
		d := strings.TrimSpace(*req.Description)
		p.Description = &d
	}
	if req.Year != nil {
		f.check("year", yearReason(*req.Year))
	}
	if req.MaxEntriesPerOrganization != nil {
		f.check("max_entries_per_organization", rangeReason(*req.MaxEntriesPerOrganization, 0, 1000))
	}
	opens, closes := comp.SubmissionOpensAt, comp.SubmissionClosesAt
	if req.SubmissionOpensAt.Set {
		opens = req.SubmissionOpensAt.ptr()
		p.SubmissionOpensAt = &opens
	}
	if req.SubmissionClosesAt.Set {
		closes = req.SubmissionClosesAt.ptr()
		p.SubmissionClosesAt = &closes
	}
	f.check("submission_closes_at", windowReason(opens, closes))
	if req.Status != nil {
		to, from := slices.Index(competitionStatuses, *req.Status), slices.Index(competitionStatuses, comp.Status)
		switch {
		case to < 0:
			f.check("status", "must be one of "+strings.Join(competitionStatuses, ", "))
		case to < from:
			return p, apperr.Conflict("a competition cannot go back from %s to %s", comp.Status, *req.Status)
		}
	}
	return p, f.err()
}

// Delete removes a competition without entries.
func (h *Competitions) Delete(c *gin.Context) error {
	comp, a, err := h.load(c)
	if err == nil {
		err = needOrganizer(a)
	}
	if err == nil {
		err = h.Store.DeleteCompetition(c.Request.Context(), actor(c), comp.ID)
	}
	if err != nil {
		return err
	}
	return noContent(c)
}
