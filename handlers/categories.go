package handlers

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// CategoryStore is what categories and the proposal form need.
type CategoryStore interface {
	competitionLoader
	ListCategories(ctx context.Context, competitionID int64) ([]models.Category, error)
	CategoryByID(ctx context.Context, id int64) (models.Category, error)
	CreateCategory(ctx context.Context, actor store.Actor, c *models.Category) error
	UpdateCategory(ctx context.Context, actor store.Actor, c models.Category, p store.CategoryPatch) (models.Category, error)
	DeleteCategory(ctx context.Context, actor store.Actor, c models.Category) error
	ListSections(ctx context.Context, competitionID int64) ([]models.Section, error)
	ReplaceSections(ctx context.Context, actor store.Actor, competitionID int64, secs []models.Section) ([]models.Section, error)
}

// Categories serves categories and the proposal sections of a competition.
type Categories struct {
	Store CategoryStore
}

// Groups (kelompok) of KIPP.
var categoryGroups = []string{"umum", "replikasi", "khusus"}

type categoryJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Group    string `json:"group"`
	Position int    `json:"position"`
}

func toCategory(c models.Category) categoryJSON {
	return categoryJSON{ID: c.ID, Name: c.Name, Group: c.Group, Position: c.Position}
}

// List lists the competition's categories (any member, or anyone when the
// competition is open).
func (h *Categories) List(c *gin.Context) error {
	comp, _, err := loadCompetition(c, h.Store)
	if err != nil {
		return err
	}
	cats, err := h.Store.ListCategories(c.Request.Context(), comp.ID)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(cats, toCategory), int64(len(cats))))
}

type categoryRequest struct {
	Name     *string `json:"name"`
	Group    *string `json:"group"`
	Position *int    `json:"position"`
}

func (r categoryRequest) check(f fieldErrors, create bool) {
	if r.Name != nil || create {
		f.check("name", valid.Text(deref(r.Name), 200))
	}
	if r.Group != nil && !slices.Contains(categoryGroups, *r.Group) {
		f.check("group", "must be one of "+strings.Join(categoryGroups, ", "))
	}
	if r.Position != nil && *r.Position < 1 {
		f.check("position", "must be at least 1")
	}
}

// Create adds a category.
func (h *Categories) Create(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	var req categoryRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := fieldErrors{}
	req.check(f, true)
	if err := f.err(); err != nil {
		return err
	}
	cat := models.Category{CompetitionID: comp.ID, Name: strings.TrimSpace(*req.Name), Group: "umum", Position: deref(req.Position)}
	if req.Group != nil {
		cat.Group = *req.Group
	}
	if err := h.Store.CreateCategory(c.Request.Context(), actor(c), &cat); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, toCategory(cat))
}

// category loads the category in the path and requires its organizer.
func (h *Categories) category(c *gin.Context) (models.Category, error) {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "category")
	if err != nil {
		return models.Category{}, err
	}
	cat, err := h.Store.CategoryByID(ctx, id)
	if err != nil {
		return cat, err
	}
	_, a, err := h.Store.CompetitionFor(ctx, viewer(c), cat.CompetitionID)
	if err == nil {
		err = needOrganizer(a)
	}
	return cat, err
}

// Patch renames, regroups or moves a category.
func (h *Categories) Patch(c *gin.Context) error {
	cat, err := h.category(c)
	if err != nil {
		return err
	}
	var req categoryRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := fieldErrors{}
	req.check(f, false)
	if err := f.err(); err != nil {
		return err
	}
	if req.Name != nil {
		n := strings.TrimSpace(*req.Name)
		req.Name = &n
	}
	out, err := h.Store.UpdateCategory(c.Request.Context(), actor(c), cat, store.CategoryPatch{Name: req.Name, Group: req.Group, Position: req.Position})
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toCategory(out))
}

// Delete removes a category no entry uses.
func (h *Categories) Delete(c *gin.Context) error {
	cat, err := h.category(c)
	if err == nil {
		err = h.Store.DeleteCategory(c.Request.Context(), actor(c), cat)
	}
	if err != nil {
		return err
	}
	return noContent(c)
}

type sectionJSON struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Guidance  string `json:"guidance"`
	WordLimit int    `json:"word_limit"`
	Required  bool   `json:"required"`
}

func toSection(s models.Section) sectionJSON {
	return sectionJSON{Key: s.Key, Title: s.Title, Guidance: s.Guidance, WordLimit: s.WordLimit, Required: s.Required}
}

// Sections lists the proposal form.
func (h *Categories) Sections(c *gin.Context) error {
	comp, _, err := loadCompetition(c, h.Store)
	if err != nil {
		return err
	}
	secs, err := h.Store.ListSections(c.Request.Context(), comp.ID)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(secs, toSection), int64(len(secs))))
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// ReplaceSections swaps the whole proposal form, validated as a whole.
func (h *Categories) ReplaceSections(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	var req []sectionJSON
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := fieldErrors{}
	seen := map[string]bool{}
	secs := make([]models.Section, len(req))
	for i, s := range req {
		at := "sections[" + itoa(i) + "]."
		if !keyPattern.MatchString(s.Key) {
			f.check(at+"key", "must be lower-case letters, digits and _ (starting with a letter)")
		} else if seen[s.Key] {
			f.check(at+"key", "duplicates another section's key")
		}
		seen[s.Key] = true
		f.check(at+"title", valid.Text(s.Title, 200))
		if s.WordLimit < 0 || s.WordLimit > 20000 {
			f.check(at+"word_limit", "must be from 0 (no limit) to 20000")
		}
		secs[i] = models.Section{Key: s.Key, Title: strings.TrimSpace(s.Title), Guidance: strings.TrimSpace(s.Guidance), WordLimit: s.WordLimit, Required: s.Required}
	}
	if err := f.err(); err != nil {
		return err
	}
	out, err := h.Store.ReplaceSections(c.Request.Context(), actor(c), comp.ID, secs)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(out, toSection), int64(len(out))))
}
