package handlers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// PublicStore is what the public pages need.
type PublicStore interface {
	Publications(ctx context.Context, p store.Page) ([]store.PublicationSummary, int64, error)
	Publication(ctx context.Context, id int64) (store.PublicationSummary, error)
	LatestVersion(ctx context.Context, roundID int64) (int64, error)
	RoundPublications(ctx context.Context, roundID int64) ([]store.PublicationSummary, error)
	Objections(ctx context.Context, competitionID, publicationID int64, answeredOnly bool) ([]models.Objection, error)
	CreateObjection(ctx context.Context, o *models.Objection, competitionID int64) error
	ObjectionsFromIP(ctx context.Context, ip string, since time.Time) (int64, error)
	publicVersioner
}

// Public serves published results to anyone, without sign-in.
type Public struct {
	Store  PublicStore
	Now    func() time.Time
	Notify notify.Links

	cache publicCache
}

// Objection limits: text length, and objections per address per day (held
// in the database, so it holds across processes).
const (
	MaxObjectionText   = 3000
	ObjectionsPerIPDay = 10
)

type publicationHead struct {
	ID                int64      `json:"id"`
	Competition       nameRef    `json:"competition"`
	Round             nameRef    `json:"round"`
	Title             string     `json:"title"`
	Version           int        `json:"version"`
	Digest            string     `json:"digest"`
	PublishedAt       time.Time  `json:"published_at"`
	ObjectionsCloseAt *time.Time `json:"objections_close_at"`
}

type nameRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Year int    `json:"year,omitempty"`
}

func toHead(p store.PublicationSummary) publicationHead {
	return publicationHead{ID: p.ID, Competition: nameRef{p.CompetitionID, p.CompetitionName, p.CompetitionYear},
		Round: nameRef{ID: p.RoundID, Name: p.RoundName}, Title: p.Title, Version: p.Version, Digest: p.Digest,
		PublishedAt: p.PublishedAt.UTC(), ObjectionsCloseAt: utc(p.ObjectionsCloseAt)}
}

// List lists publications, newest first.
func (h *Public) List(c *gin.Context) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	pubs, total, err := h.Store.Publications(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=30")
	return reply(c, http.StatusOK, newList(mapSlice(pubs, toHead), total))
}

type publicObjection struct {
	ID         int64      `json:"id"`
	EntryID    int64      `json:"entry_id"`
	Text       string     `json:"text"`
	Status     string     `json:"status"`
	Response   string     `json:"response"`
	AnsweredAt *time.Time `json:"answered_at"`
}

type publicationJSON struct {
	publicationHead
	Note          string            `json:"note"`
	Method        string            `json:"method,omitempty"`
	Normalize     string            `json:"normalize,omitempty"`
	Entries       json.RawMessage   `json:"entries"`
	Objections    []publicObjection `json:"objections"`
	LatestVersion int64             `json:"latest_version_id"`
	ObjectionOpen bool              `json:"objections_open"`
	Versions      []publicVersion   `json:"versions"`
}

// publicVersion is one version of a round's publication, for the list of
// earlier (and later) versions on the results page.
type publicVersion struct {
	ID          int64     `json:"id"`
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	Digest      string    `json:"digest"`
	PublishedAt time.Time `json:"published_at"`
}

// Get serves one publication from its stored snapshot, with an ETag so a
// crowd re-reading the results costs almost nothing. The entries are the
// exact bytes the digest was computed over. A publication is rendered once
// and then served, with its ETag and its 304, from this process's memory
// (publicCache): the ETag is compared before any query, and the one query a
// request may run is the periodic look at public_version.
func (h *Public) Get(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "publication")
	if err != nil {
		return err
	}
	v, err := h.cache.current(ctx, h.Store)
	if err != nil {
		return err
	}
	now := h.Now()
	r := h.cache.get(id, v, now)
	if r == nil {
		if r, err = h.render(ctx, id, v, now); err != nil {
			return err
		}
		h.cache.put(id, r)
	}
	c.Header("ETag", r.etag)
	c.Header("Cache-Control", "public, max-age=60")
	if match := c.GetHeader("If-None-Match"); match != "" && strings.Contains(match, r.etag) {
		c.Status(http.StatusNotModified)
		return nil
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", r.body)
	return nil
}

// render reads publication id and what it shows, after public_version was
// v, and renders the document and its ETag.
func (h *Public) render(ctx context.Context, id, v int64, now time.Time) (*renderedPublication, error) {
	p, err := h.Store.Publication(ctx, id)
	if err != nil {
		return nil, err
	}
	answered, err := h.Store.Objections(ctx, 0, p.ID, true)
	if err != nil {
		return nil, err
	}
	latest, err := h.Store.LatestVersion(ctx, p.RoundID)
	if err != nil {
		return nil, err
	}
	// The versions change only when one is added, which changes latest and
	// so the ETag (and public_version, so the cache).
	versions, err := h.Store.RoundPublications(ctx, p.RoundID)
	if err != nil {
		return nil, err
	}
	open := p.ObjectionsCloseAt != nil && now.Before(*p.ObjectionsCloseAt)
	r := &renderedPublication{version: v, etag: publicationETag(p, answered, latest, open)}
	if open {
		r.until = *p.ObjectionsCloseAt
	}
	out := publicationJSON{publicationHead: toHead(p), Note: p.Note, Method: p.Method, Normalize: p.Normalize,
		Entries: json.RawMessage(p.Entries), Objections: []publicObjection{}, LatestVersion: latest, ObjectionOpen: open,
		Versions: mapSlice(versions, func(v store.PublicationSummary) publicVersion {
			return publicVersion{ID: v.ID, Version: v.Version, Title: v.Title, Digest: v.Digest, PublishedAt: v.PublishedAt.UTC()}
		})}
	for _, o := range answered {
		out.Objections = append(out.Objections, publicObjection{ID: o.ID, EntryID: o.EntryID, Text: o.Text, Status: o.Status,
			Response: o.Response, AnsweredAt: utc(o.AnsweredAt)})
	}
	// Without HTML escaping, so "entries" goes out as the very bytes the
	// digest was computed over (a title with "&" stays "&").
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	r.body = buf.Bytes()
	return r, nil
}

// publicationETag changes whenever what Get shows changes: a new answer, a
// newer version, the objection window closing, or a renamed competition or
// round (the names are read live; everything else is the snapshot).
func publicationETag(p store.PublicationSummary, answered []models.Objection, latest int64, open bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%d|%t|%s|%d|%s|%s|%s", p.Digest, latest, open, p.CompetitionName, p.CompetitionYear, p.RoundName, p.Title, p.Note)
	for _, o := range answered {
		fmt.Fprintf(h, "|%d:%s:%d", o.ID, o.Status, len(o.Response))
		if o.AnsweredAt != nil {
			fmt.Fprintf(h, ":%d", o.AnsweredAt.UnixNano())
		}
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:32] + `"`
}

type objectionRequest struct {
	EntryID int64  `json:"entry_id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Text    string `json:"text"`
}

// Object lets anyone object to a listed entry while the window is open.
func (h *Public) Object(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "publication")
	if err != nil {
		return err
	}
	p, err := h.Store.Publication(ctx, id)
	if err != nil {
		return err
	}
	now := h.Now()
	if p.ObjectionsCloseAt == nil || !now.Before(*p.ObjectionsCloseAt) {
		return apperr.DeadlinePassed("the objection window of this publication is closed")
	}
	n, err := h.Store.ObjectionsFromIP(ctx, c.ClientIP(), now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	if n >= ObjectionsPerIPDay {
		return apperr.TooMany(3600, "too many objections from your address today; try again later")
	}
	var req objectionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.checkObjection(p, &req); err != nil {
		return err
	}
	o := models.Objection{PublicationID: p.ID, EntryID: req.EntryID, Name: req.Name, Email: req.Email, Text: req.Text,
		Status: models.ObjectionOpen, IP: c.ClientIP(), CreatedAt: now.UTC()}
	if err := h.Store.CreateObjection(ctx, &o, p.CompetitionID); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, gin.H{"id": o.ID, "status": o.Status, "entry_id": o.EntryID, "created_at": o.CreatedAt})
}

func (h *Public) checkObjection(p store.PublicationSummary, req *objectionRequest) error {
	var rows []results.PublicEntry
	if err := json.Unmarshal([]byte(p.Entries), &rows); err != nil {
		return err
	}
	listed := false
	for _, r := range rows {
		listed = listed || r.EntryID == req.EntryID
	}
	req.Name, req.Email, req.Text = strings.TrimSpace(req.Name), valid.NormalizeEmail(req.Email), strings.TrimSpace(req.Text)
	f := fieldErrors{}
	if !listed {
		f.check("entry_id", "is not listed in this publication")
	}
	f.check("name", valid.Text(req.Name, 200))
	f.check("email", valid.Email(req.Email))
	switch {
	case req.Text == "":
		f.check("text", "is required: say what is wrong and why")
	case len([]rune(req.Text)) > MaxObjectionText:
		f.check("text", fmt.Sprintf("must be at most %d characters", MaxObjectionText))
	}
	return f.err()
}
