package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/store"
)

// PublicCompetitionStore is what the public competition pages need.
type PublicCompetitionStore interface {
	PublicCompetitions(ctx context.Context, p store.Page) ([]store.PublicCompetition, int64, error)
	PublicCompetitionByID(ctx context.Context, id int64) (models.Competition, error)
	ListCategories(ctx context.Context, competitionID int64) ([]models.Category, error)
	ListRounds(ctx context.Context, competitionID int64) ([]models.Round, error)
	CompetitionPublications(ctx context.Context, competitionID int64) ([]store.PublicationSummary, error)
}

// PublicCompetitions serves the competitions anyone may read about: every
// competition past its draft.
type PublicCompetitions struct {
	Store PublicCompetitionStore
	Now   func() time.Time
}

type publicCompetitionHead struct {
	ID                 int64      `json:"id"`
	Name               string     `json:"name"`
	Year               int        `json:"year"`
	Description        string     `json:"description"`
	Status             string     `json:"status"`
	SubmissionOpensAt  *time.Time `json:"submission_opens_at"`
	SubmissionClosesAt *time.Time `json:"submission_closes_at"`
	SubmissionsOpen    bool       `json:"submissions_open"`
}

type publicCompetitionItem struct {
	publicCompetitionHead
	Publications    int64      `json:"publications"`
	LastPublishedAt *time.Time `json:"last_published_at"`
}

func (h *PublicCompetitions) head(c models.Competition) publicCompetitionHead {
	return publicCompetitionHead{ID: c.ID, Name: c.Name, Year: c.Year, Description: c.Description, Status: c.Status,
		SubmissionOpensAt: utc(c.SubmissionOpensAt), SubmissionClosesAt: utc(c.SubmissionClosesAt),
		SubmissionsOpen: submissionsOpen(c, h.Now())}
}

// submissionsOpen: the competition takes entries now (open, and inside its
// submission window where one is set).
// The window is the one submitting an entry checks (proposal.Window).
func submissionsOpen(c models.Competition, now time.Time) bool {
	w := proposal.Window{OpensAt: c.SubmissionOpensAt, ClosesAt: c.SubmissionClosesAt}
	return c.Status == models.CompetitionOpen && w.Check(now) == nil
}

// List lists the public competitions, newest year first.
func (h *PublicCompetitions) List(c *gin.Context) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	comps, total, err := h.Store.PublicCompetitions(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=30")
	return reply(c, http.StatusOK, newList(mapSlice(comps, func(x store.PublicCompetition) publicCompetitionItem {
		return publicCompetitionItem{publicCompetitionHead: h.head(x.Competition), Publications: x.Publications, LastPublishedAt: utc(x.LastPublishedAt)}
	}), total))
}

type publicCategory struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group"`
}

type publicRound struct {
	ID       int64      `json:"id"`
	Name     string     `json:"name"`
	Kind     string     `json:"kind"`
	Position int        `json:"position"`
	Status   string     `json:"status"`
	OpensAt  *time.Time `json:"opens_at"`
	ClosesAt *time.Time `json:"closes_at"`
	// Publication is the round's newest publication, if any.
	Publication *publicationHead `json:"publication"`
}

type publicCompetitionJSON struct {
	publicCompetitionHead
	MaxEntriesPerOrganization int               `json:"max_entries_per_organization"`
	Categories                []publicCategory  `json:"categories"`
	Rounds                    []publicRound     `json:"rounds"`
	Publications              []publicationHead `json:"publications"`
}

// Get serves one competition's public page: what it is, its categories, the
// timeline of its rounds (each with its newest publication) and every
// publication, newest first.
func (h *PublicCompetitions) Get(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "competition")
	if err != nil {
		return err
	}
	comp, err := h.Store.PublicCompetitionByID(ctx, id)
	if err != nil {
		return err
	}
	cats, err := h.Store.ListCategories(ctx, comp.ID)
	if err != nil {
		return err
	}
	rounds, err := h.Store.ListRounds(ctx, comp.ID)
	if err != nil {
		return err
	}
	pubs, err := h.Store.CompetitionPublications(ctx, comp.ID)
	if err != nil {
		return err
	}
	out := publicCompetitionJSON{publicCompetitionHead: h.head(comp), MaxEntriesPerOrganization: comp.MaxEntriesPerOrganization,
		Categories:   mapSlice(cats, func(x models.Category) publicCategory { return publicCategory{x.ID, x.Name, x.Group} }),
		Publications: mapSlice(pubs, toHead)}
	newest := map[int64]*publicationHead{}
	for i := range out.Publications {
		p := &out.Publications[i]
		if n, ok := newest[p.Round.ID]; !ok || p.Version > n.Version {
			newest[p.Round.ID] = p
		}
	}
	for _, r := range rounds {
		out.Rounds = append(out.Rounds, publicRound{ID: r.ID, Name: r.Name, Kind: r.Kind, Position: r.Position, Status: r.Status,
			OpensAt: utc(r.OpensAt), ClosesAt: utc(r.ClosesAt), Publication: newest[r.ID]})
	}
	if out.Rounds == nil {
		out.Rounds = []publicRound{}
	}
	c.Header("Cache-Control", "public, max-age=30")
	return reply(c, http.StatusOK, out)
}
