package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// EntryStore is what entries need from the database.
type EntryStore interface {
	competitionLoader
	CategoryByID(ctx context.Context, id int64) (models.Category, error)
	ListSections(ctx context.Context, competitionID int64) ([]models.Section, error)
	EntryFor(ctx context.Context, v store.Viewer, id int64) (models.Entry, error)
	ListEntries(ctx context.Context, v store.Viewer, competitionID int64, f store.EntryFilter, p store.Page) ([]models.Entry, int64, error)
	CreateEntry(ctx context.Context, actor store.Actor, e *models.Entry, limit int) error
	UpdateEntry(ctx context.Context, actor store.Actor, e models.Entry, p store.EntryPatch) (models.Entry, error)
	SubmitEntry(ctx context.Context, actor store.Actor, e models.Entry, at time.Time, limit int, notes ...models.OutboxMessage) (models.Entry, error)
	UsersByID(ctx context.Context, ids []int64) (map[int64]models.User, error)
	EntryFeedback(ctx context.Context, entryID int64) ([]store.RoundFeedback, error)
	WithdrawEntry(ctx context.Context, actor store.Actor, e models.Entry) (models.Entry, error)
	ScreenEntry(ctx context.Context, actor store.Actor, e models.Entry, d store.Screening) (models.Entry, error)
	HasProposalFile(ctx context.Context, entryID int64) (bool, error)
	FilesOf(ctx context.Context, entryIDs ...int64) (map[int64][]models.File, error)
	OrganizationsByID(ctx context.Context, ids []int64) (map[int64]models.Organization, error)
}

// Entries serves innovation proposals.
type Entries struct {
	Store  EntryStore
	Now    func() time.Time
	Notify notify.Links
}

var entryStatuses = []string{models.EntryDraft, models.EntrySubmitted, models.EntryReturned, models.EntryEligible,
	models.EntryIneligible, models.EntryWithdrawn, models.EntryFinalist}

type teamMember struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type entryRequest struct {
	Title      *string           `json:"title"`
	CategoryID Nullable[int64]   `json:"category_id"`
	Sections   map[string]string `json:"sections"`
	VideoURL   *string           `json:"video_url"`
	Team       *[]teamMember     `json:"team"`
}

// check validates the fields present and returns the patch they make. Sections
// sent replace only the keys they name; the others keep their text.
func (h *Entries) check(c *gin.Context, comp models.Competition, old models.Entry, req entryRequest) (store.EntryPatch, error) {
	ctx := c.Request.Context()
	f := fieldErrors{}
	var p store.EntryPatch
	if req.Title != nil || old.ID == 0 {
		f.check("title", valid.Text(deref(req.Title), 300))
		t := strings.TrimSpace(deref(req.Title))
		p.Title = &t
	}
	if req.CategoryID.Set {
		cat := req.CategoryID.ptr()
		if cat != nil {
			if got, err := h.Store.CategoryByID(ctx, *cat); err != nil || got.CompetitionID != comp.ID {
				f.check("category_id", "is not a category of this competition")
			}
		}
		p.CategoryID = &cat
	}
	if req.Sections != nil {
		form, err := h.Store.ListSections(ctx, comp.ID)
		if err != nil {
			return p, err
		}
		for k, v := range proposal.CheckDraft(sectionRules(form), req.Sections) {
			f.check(k, v)
		}
		texts := map[string]string{}
		_ = json.Unmarshal([]byte(old.Sections), &texts)
		for k, v := range req.Sections {
			texts[k] = v
		}
		b, _ := json.Marshal(texts)
		s := string(b)
		p.Sections = &s
	}
	if req.VideoURL != nil {
		v := strings.TrimSpace(*req.VideoURL)
		f.check("video_url", videoReason(v))
		p.VideoURL = &v
	}
	if req.Team != nil {
		f.check("team", teamReason(*req.Team))
		b, _ := json.Marshal(*req.Team)
		s := string(b)
		p.Team = &s
	}
	return p, f.err()
}

func sectionRules(form []models.Section) []proposal.Section {
	out := make([]proposal.Section, len(form))
	for i, s := range form {
		out[i] = proposal.Section{Key: s.Key, Title: s.Title, WordLimit: s.WordLimit, Required: s.Required}
	}
	return out
}

func videoReason(v string) string {
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(v) > 500 {
		return "must be an http(s) link of at most 500 characters"
	}
	return ""
}

func teamReason(team []teamMember) string {
	if len(team) > 20 {
		return "may list at most 20 people"
	}
	for _, m := range team {
		if valid.Text(m.Name, 200) != "" {
			return "every member needs a name of at most 200 characters"
		}
		if len(m.Role) > 100 {
			return "a role may have at most 100 characters"
		}
	}
	return ""
}

// window checks the submission window of an entry at the server's clock.
func (h *Entries) window(comp models.Competition, e models.Entry) error {
	w := proposal.Window{OpensAt: comp.SubmissionOpensAt, ClosesAt: comp.SubmissionClosesAt, ReviseUntil: e.ReviseUntil}
	var we *proposal.WindowError
	if err := w.Check(h.Now()); errors.As(err, &we) {
		return apperr.DeadlinePassed("%s", we.Error())
	}
	return nil
}

// Create starts a draft entry for the caller's OPD.
func (h *Entries) Create(c *gin.Context) error {
	comp, a, err := loadCompetition(c, h.Store)
	if err != nil {
		return err
	}
	v := viewer(c)
	switch {
	case v.Role != models.RoleParticipant || v.OrganizationID == nil:
		err = apperr.Forbidden("only participants of an OPD can submit entries")
	case comp.Status != models.CompetitionOpen:
		err = apperr.Conflict("the competition is %s; it takes entries only while open", comp.Status)
	default:
		err = h.window(comp, models.Entry{})
	}
	if err != nil {
		return err
	}
	var req entryRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.check(c, comp, models.Entry{}, req)
	if err != nil {
		return err
	}
	e := models.Entry{CompetitionID: comp.ID, OrganizationID: *v.OrganizationID, Title: *p.Title, Sections: "{}", Team: "[]",
		Status: models.EntryDraft, CreatedBy: &v.ID, CategoryID: deref(p.CategoryID), VideoURL: deref(p.VideoURL)}
	if p.Sections != nil {
		e.Sections = *p.Sections
	}
	if p.Team != nil {
		e.Team = *p.Team
	}
	if err := h.Store.CreateEntry(c.Request.Context(), actor(c), &e, comp.MaxEntriesPerOrganization); err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, comp, a, e)
}

// List lists the competition's entries the caller may see.
func (h *Entries) List(c *gin.Context) error {
	comp, a, err := loadCompetition(c, h.Store)
	if err != nil {
		return err
	}
	p, err := page(c)
	if err != nil {
		return err
	}
	cat, err := queryID(c, "category_id")
	if err != nil {
		return err
	}
	round, err := queryID(c, "round_id")
	if err != nil {
		return err
	}
	f := store.EntryFilter{Status: c.Query("status"), CategoryID: cat, Q: c.Query("q"), RoundID: round}
	if f.Status != "" && !slices.Contains(entryStatuses, f.Status) {
		return apperr.Validation(map[string]string{"status": "must be one of " + strings.Join(entryStatuses, ", ")})
	}
	entries, total, err := h.Store.ListEntries(c.Request.Context(), viewer(c), comp.ID, f, p)
	if err != nil {
		return err
	}
	items, err := h.present(c, comp, a, entries)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(items, total))
}

// entry loads the entry in the path as the caller sees it, with its
// competition and the caller's access to it.
func (h *Entries) entry(c *gin.Context) (models.Entry, models.Competition, store.Access, error) {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "entry")
	if err != nil {
		return models.Entry{}, models.Competition{}, store.Access{}, err
	}
	e, err := h.Store.EntryFor(ctx, viewer(c), id)
	if err != nil {
		return e, models.Competition{}, store.Access{}, err
	}
	comp, a, err := h.Store.CompetitionFor(ctx, viewer(c), e.CompetitionID)
	return e, comp, a, err
}

// Get shows one entry.
func (h *Entries) Get(c *gin.Context) error {
	e, comp, a, err := h.entry(c)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, comp, a, e)
}

// Patch edits a draft or returned entry before the deadline.
func (h *Entries) Patch(c *gin.Context) error {
	e, comp, a, err := h.entry(c)
	if err == nil {
		err = h.editable(c, comp, e)
	}
	if err != nil {
		return err
	}
	var req entryRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.check(c, comp, e, req)
	if err == nil {
		e, err = h.Store.UpdateEntry(c.Request.Context(), actor(c), e, p)
	}
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, comp, a, e)
}

// editable requires the owner, an editable status and an open window.
func (h *Entries) editable(c *gin.Context, comp models.Competition, e models.Entry) error {
	if err := needOwner(viewer(c), e); err != nil {
		return err
	}
	if !proposal.Editable(e.Status) {
		return apperr.Conflict("the entry is %s; only draft or returned entries can be changed", e.Status)
	}
	if comp.Status != models.CompetitionOpen {
		return apperr.Conflict("the competition is %s; entries can only change while it is open", comp.Status)
	}
	return h.window(comp, e)
}
