package handlers

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/canon"
	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// ResultsStore is what the results need from the database.
type ResultsStore interface {
	ResultStore
	ListRounds(ctx context.Context, competitionID int64) ([]models.Round, error)
	RoundEntries(ctx context.Context, roundID int64) ([]models.Entry, error)
	Advance(ctx context.Context, actor store.Actor, r, next models.Round, choose store.Choice) ([]int64, int, error)
	AdvancePreview(ctx context.Context, r, next models.Round, choose store.Choice) ([]int64, int, error)
	Participants(ctx context.Context, roundID int64) ([]models.User, error)
	Publish(ctx context.Context, actor store.Actor, r models.Round, snapshot store.Snapshot, notes func(*models.Publication) []models.OutboxMessage) (models.Publication, error)
	LatestVersion(ctx context.Context, roundID int64) (int64, error)
	Publication(ctx context.Context, id int64) (store.PublicationSummary, error)
}

// managed loads the round in the path for its organizer.
func (h *Results) managed(c *gin.Context) (models.Round, models.Competition, error) {
	id, err := pathID(c, "id", "round")
	if err != nil {
		return models.Round{}, models.Competition{}, err
	}
	r, comp, a, err := h.Store.RoundFor(c.Request.Context(), viewer(c), id)
	if err == nil {
		err = needOrganizer(a)
	}
	return r, comp, err
}

type advanceRequest struct {
	TopN            *int     `json:"top_n"`
	PerCategoryTopN *int     `json:"per_category_top_n"`
	PassingScore    *float64 `json:"passing_score"`
	Method          string   `json:"method"`
	Normalize       string   `json:"normalize"`
	// DryRun previews: the same choice, from the scores as they are now,
	// with nothing written.
	DryRun bool `json:"dry_run"`
}

// Advance moves entries into the next round: from a screening round the
// eligible ones; from a scoring round the top N overall, the top N of each
// category, or everyone at or above a passing score (one of the three; the
// round's advance_top_n when none is given).
func (h *Results) Advance(c *gin.Context) error {
	r, comp, err := h.managed(c)
	if err != nil {
		return err
	}
	var req advanceRequest
	if c.Request.ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	next, err := h.nextRound(c, r, comp)
	if err != nil {
		return err
	}
	choose := screened
	if r.Kind != models.RoundScreening {
		if choose, err = req.choice(r); err != nil {
			return err
		}
	}
	// The choice is made inside the store's transaction, from the scores as
	// they are when the advance is written.
	advance := h.Store.Advance
	if req.DryRun {
		advance = func(ctx context.Context, _ store.Actor, r, next models.Round, choose store.Choice) ([]int64, int, error) {
			return h.Store.AdvancePreview(ctx, r, next, choose)
		}
	}
	ids, added, err := advance(c.Request.Context(), actor(c), r, next, choose)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, gin.H{"advanced": orEmptyInts(ids), "added": added, "next_round_id": next.ID, "dry_run": req.DryRun})
}

func orEmptyInts(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func (h *Results) nextRound(c *gin.Context, r models.Round, comp models.Competition) (models.Round, error) {
	rounds, err := h.Store.ListRounds(c.Request.Context(), comp.ID)
	if err != nil {
		return models.Round{}, err
	}
	for i, x := range rounds {
		if x.ID == r.ID && i+1 < len(rounds) {
			return rounds[i+1], nil
		}
	}
	return models.Round{}, apperr.Conflict("%s is the last round; there is no round to advance into", r.Name)
}

// screened picks the entries of a screening round that passed.
func screened(d store.RankingData) ([]int64, error) {
	var ids []int64
	for _, e := range d.Entries {
		if e.Status == models.EntryEligible || e.Status == models.EntryFinalist {
			ids = append(ids, e.ID)
		}
	}
	return ids, nil
}

// choice checks how a scoring round's entries are to be picked and returns
// the pick: the top N overall (the round's advance_top_n when nothing is
// said), the top N of each category, or everyone at or above a passing score.
func (req advanceRequest) choice(r models.Round) (store.Choice, error) {
	modes := 0
	for _, set := range []bool{req.TopN != nil, req.PerCategoryTopN != nil, req.PassingScore != nil} {
		if set {
			modes++
		}
	}
	f := fieldErrors{}
	if modes > 1 {
		f.check("top_n", "give only one of top_n, per_category_top_n and passing_score")
	}
	if req.TopN != nil && *req.TopN < 1 {
		f.check("top_n", "must be at least 1")
	}
	if req.PerCategoryTopN != nil && *req.PerCategoryTopN < 1 {
		f.check("per_category_top_n", "must be at least 1")
	}
	if req.PassingScore != nil && (*req.PassingScore < 0 || *req.PassingScore > 100) {
		f.check("passing_score", "must be from 0 to 100")
	}
	o := rankOptions{Method: req.Method, Normalize: req.Normalize}
	if err := f.err(); err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	if modes == 0 {
		n := r.AdvanceTopN
		req.TopN = &n
	}
	return func(d store.RankingData) ([]int64, error) {
		rr, err := rankData(r, d, o)
		if err != nil {
			return nil, err
		}
		return req.pick(rr), nil
	}, nil
}

// pick applies the request's rule to a ranking.
func (req advanceRequest) pick(rr rankedRound) []int64 {
	perCategory := map[int64]int{}
	var ids []int64
	for _, e := range rr.Result.Entries {
		if slices.Contains(e.Flags, judging.FlagUnscored) {
			continue
		}
		switch {
		case req.PassingScore != nil:
			if e.Score >= *req.PassingScore {
				ids = append(ids, e.EntryID)
			}
		case req.PerCategoryTopN != nil:
			cat := categoryOf(rr, e.EntryID)
			if perCategory[cat] < *req.PerCategoryTopN {
				perCategory[cat]++
				ids = append(ids, e.EntryID)
			}
		default:
			if len(ids) < *req.TopN {
				ids = append(ids, e.EntryID)
			}
		}
	}
	return ids
}

func categoryOf(rr rankedRound, entryID int64) int64 {
	for _, e := range rr.Data.Entries {
		if e.ID == entryID {
			return deref(e.CategoryID)
		}
	}
	return 0
}

type publishRequest struct {
	Title         string `json:"title"`
	Note          string `json:"note"`
	ObjectionDays *int   `json:"objection_days"`
	Method        string `json:"method"`
	Normalize     string `json:"normalize"`
}

// Publish freezes the round and stores an immutable, versioned publication
// of its results whose digest anyone can recompute.
func (h *Results) Publish(c *gin.Context) error {
	ctx := c.Request.Context()
	r, comp, err := h.managed(c)
	if err != nil {
		return err
	}
	var req publishRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	days, err := req.check()
	if err != nil {
		return err
	}
	withheld, err := h.withholdNames(c, r, comp)
	if err != nil {
		return err
	}
	rows := 0
	snapshot := func(d store.RankingData) (models.Publication, error) {
		p, n, err := h.publication(c, r, d, req, days, withheld)
		rows = n
		return p, err
	}
	participants, err := h.Store.Participants(ctx, r.ID)
	if err != nil {
		return err
	}
	notes := func(p *models.Publication) []models.OutboxMessage {
		out := make([]models.OutboxMessage, len(participants))
		for i, u := range participants {
			out[i] = h.Notify.ResultsPublished(u.Email, u.Name, p.Title, comp.Name, p.ID, days)
		}
		return out
	}
	p, err := h.Store.Publish(ctx, actor(c), r, snapshot, notes)
	if err != nil {
		return err
	}
	return reply(c, http.StatusCreated, gin.H{"id": p.ID, "version": p.Version, "digest": p.Digest, "published_at": p.PublishedAt,
		"objections_close_at": utc(p.ObjectionsCloseAt), "entry_count": rows, "organizations_withheld": withheld})
}

// check validates a publish request and returns the objection window in days.
func (req publishRequest) check() (int, error) {
	days := 5
	if req.ObjectionDays != nil {
		days = *req.ObjectionDays
	}
	f := fieldErrors{}
	f.check("title", valid.Text(req.Title, 300))
	if len(req.Note) > 10000 {
		f.check("note", "must be at most 10000 characters")
	}
	f.check("objection_days", rangeReason(days, 0, 60))
	if err := f.err(); err != nil {
		return days, err
	}
	return days, rankOptions{Method: req.Method, Normalize: req.Normalize}.check()
}

// publication builds the immutable snapshot from the round's data d, read
// inside the publishing transaction: the public table as canonical JSON and
// its digest (without OPD names when withheld). It returns the number of rows.
func (h *Results) publication(c *gin.Context, r models.Round, d store.RankingData, req publishRequest, days int, withheld bool) (models.Publication, int, error) {
	rows, method, normalize, err := publicTable(r, d, rankOptions{Method: req.Method, Normalize: req.Normalize})
	if err != nil {
		return models.Publication{}, 0, err
	}
	if withheld {
		for i := range rows {
			rows[i].Organization = ""
		}
	}
	digest, body, err := canon.Digest(rows)
	if err != nil {
		return models.Publication{}, 0, err
	}
	now, uid := h.Now().UTC(), me(c).ID
	p := models.Publication{Title: strings.TrimSpace(req.Title), Note: strings.TrimSpace(req.Note), Method: method,
		Normalize: normalize, Entries: string(body), Digest: digest, PublishedAt: now, CreatedBy: &uid}
	if days > 0 {
		closes := now.AddDate(0, 0, days)
		p.ObjectionsCloseAt = &closes
	}
	return p, len(rows), nil
}

// withholdNames: in a blind competition, a publication names no OPD while a
// later scoring round is still to be judged, or its judges could look up who
// made the entries they score: the list of entries that passed screening, and
// a scoring round's ranking alike (the desk round's finalists go on to a
// presentation round judged blind too). Publishing the round again once the
// later rounds are published gives a version with names.
func (h *Results) withholdNames(c *gin.Context, r models.Round, comp models.Competition) (bool, error) {
	if !comp.Blind {
		return false, nil
	}
	rounds, err := h.Store.ListRounds(c.Request.Context(), comp.ID)
	if err != nil {
		return false, err
	}
	for _, x := range rounds {
		if x.Position > r.Position && x.Kind == models.RoundScoring && x.Status != models.RoundPublished {
			return true, nil
		}
	}
	return false, nil
}

// publicTable is the public table of a round: the ranking of a scoring round, or
// the entries that passed a screening round.
func publicTable(r models.Round, d store.RankingData, o rankOptions) ([]results.PublicEntry, string, string, error) {
	if r.Kind == models.RoundScreening {
		return results.ScreenedTable(d), "", "", nil
	}
	rr, err := rankData(r, d, o)
	if err != nil {
		return nil, "", "", err
	}
	return results.ScoredTable(rr.Data, rr.Result), rr.Result.Method, rr.Result.Normalize, nil
}
