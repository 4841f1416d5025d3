package handlers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

// ScorecardStore is what scoring needs.
type ScorecardStore interface {
	AssignmentFor(ctx context.Context, v store.Viewer, id int64) (store.AssignmentContext, error)
	ListCriteria(ctx context.Context, roundID int64) ([]models.Criterion, error)
	ScorecardOf(ctx context.Context, assignmentID int64) (models.Scorecard, []models.Score, error)
	SaveScorecard(ctx context.Context, actor store.Actor, ac store.AssignmentContext, version int, comment string, scores []models.Score) error
	SubmitScorecard(ctx context.Context, actor store.Actor, ac store.AssignmentContext, sc models.Scorecard) error
	ReopenScorecard(ctx context.Context, actor store.Actor, ac store.AssignmentContext, sc models.Scorecard, reason string, notes ...models.OutboxMessage) error
	UserByID(ctx context.Context, id int64) (models.User, error)
}

// Scorecards serves a judge's scoring of one assignment.
type Scorecards struct {
	Store  ScorecardStore
	Now    func() time.Time
	Notify notify.Links
}

type scoreJSON struct {
	CriterionID int64    `json:"criterion_id"`
	Key         string   `json:"key,omitempty"`
	Value       *float64 `json:"value"`
	Comment     string   `json:"comment"`
}

type scorecardJSON struct {
	AssignmentID int64       `json:"assignment_id"`
	Status       string      `json:"status"`
	Version      int         `json:"version"`
	Scores       []scoreJSON `json:"scores"`
	Comment      string      `json:"comment"`
	Total        *float64    `json:"total"`
	Complete     bool        `json:"complete"`
	SubmittedAt  *time.Time  `json:"submitted_at"`
	UpdatedAt    *time.Time  `json:"updated_at"`
}

// current reads the scorecard as it is, in the answer's shape.
func (h *Scorecards) current(c *gin.Context, ac store.AssignmentContext, crit []models.Criterion) (scorecardJSON, models.Scorecard, error) {
	out := scorecardJSON{AssignmentID: ac.Assignment.ID, Status: models.ScorecardPending, Scores: []scoreJSON{}}
	sc, scores, err := h.Store.ScorecardOf(c.Request.Context(), ac.Assignment.ID)
	if errors.Is(err, store.ErrNotFound) {
		return out, sc, nil
	}
	if err != nil {
		return out, sc, err
	}
	keys := map[int64]string{}
	for _, cr := range crit {
		keys[cr.ID] = cr.Key
	}
	values := map[int64]float64{}
	for _, s := range scores {
		out.Scores = append(out.Scores, scoreJSON{CriterionID: s.CriterionID, Key: keys[s.CriterionID], Value: s.Value, Comment: s.Comment})
		if s.Value != nil {
			values[s.CriterionID] = *s.Value
		}
	}
	total := judging.Total(results.Criteria(crit), values)
	upd := sc.UpdatedAt.UTC()
	out.Status, out.Version, out.Comment, out.Total, out.UpdatedAt = sc.Status, sc.Version, sc.Comment, &total, &upd
	out.SubmittedAt = utc(sc.SubmittedAt)
	out.Complete = len(values) == len(crit)
	return out, sc, nil
}

func (h *Scorecards) load(c *gin.Context) (store.AssignmentContext, []models.Criterion, error) {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "assignment")
	if err != nil {
		return store.AssignmentContext{}, nil, err
	}
	ac, err := h.Store.AssignmentFor(ctx, viewer(c), id)
	if err != nil {
		return ac, nil, err
	}
	crit, err := h.Store.ListCriteria(ctx, ac.Round.ID)
	return ac, crit, err
}

// Get shows the scorecard to its judge and the competition's organizers.
func (h *Scorecards) Get(c *gin.Context) error {
	ac, crit, err := h.load(c)
	if err != nil {
		return err
	}
	out, _, err := h.current(c, ac, crit)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, out)
}

// scorable refuses scoring by anyone but the judge, in a closed or published
// round, or outside the round's window.
func (h *Scorecards) scorable(ac store.AssignmentContext) error {
	r := ac.Round
	switch {
	case !ac.Mine:
		return apperr.Forbidden("only the assigned judge can score")
	case r.Status == models.RoundPublished:
		return apperr.Conflict("the round's results are published; scores are frozen")
	case r.Status == models.RoundClosed:
		return apperr.Conflict("the round is closed for scoring")
	case ac.Entry.Status == models.EntryWithdrawn || ac.Entry.Status == models.EntryIneligible:
		return apperr.Conflict("the entry is %s; it is no longer judged", ac.Entry.Status)
	}
	var shut *proposal.WindowError
	if errors.As(scoringWindow(r).Check(h.Now()), &shut) {
		if shut.NotYet {
			return apperr.DeadlinePassed("scoring opens at %s", shut.At.UTC().Format(time.RFC3339))
		}
		return apperr.DeadlinePassed("scoring closed at %s", shut.At.UTC().Format(time.RFC3339))
	}
	return nil
}

// scoringWindow is when round r takes scores: the rule a save checks and a
// reminder to its judges respects.
func scoringWindow(r models.Round) proposal.Window {
	return proposal.Window{OpensAt: r.OpensAt, ClosesAt: r.ClosesAt}
}

type putScorecardRequest struct {
	Version *int        `json:"version"`
	Scores  []scoreJSON `json:"scores"`
	Comment string      `json:"comment"`
}

// Put saves a draft. The request carries the version it read; a stale one
// answers 409 with the scorecard as it is now, so two open tabs never
// silently overwrite each other.
func (h *Scorecards) Put(c *gin.Context) error {
	ac, crit, err := h.load(c)
	if err == nil {
		err = h.scorable(ac)
	}
	if err != nil {
		return err
	}
	var req putScorecardRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	scores, err := checkScores(crit, req)
	if err != nil {
		return err
	}
	err = h.Store.SaveScorecard(c.Request.Context(), actor(c), ac, *req.Version, strings.TrimSpace(req.Comment), scores)
	return h.answer(c, ac, crit, err)
}

// answer responds with the scorecard after a change, or with the error; stale
// and locked scorecards come back in the error's "current".
func (h *Scorecards) answer(c *gin.Context, ac store.AssignmentContext, crit []models.Criterion, err error) error {
	if err != nil && !errors.Is(err, store.ErrStale) && !errors.Is(err, store.ErrLocked) {
		return err
	}
	out, _, cerr := h.current(c, ac, crit)
	if cerr != nil {
		return cerr
	}
	switch {
	case errors.Is(err, store.ErrStale):
		e := apperr.Conflict("the scorecard was changed elsewhere (now version %d); review it and save again", out.Version)
		e.Current = out
		return e
	case errors.Is(err, store.ErrLocked):
		e := apperr.Conflict("the scorecard is submitted; ask an organizer to reopen it")
		e.Current = out
		return e
	}
	return reply(c, http.StatusOK, out)
}

// checkScores validates values against the rubric: each within the
// criterion's range and on its step (whole or half points).
func checkScores(crit []models.Criterion, req putScorecardRequest) ([]models.Score, error) {
	f := fieldErrors{}
	if req.Version == nil || *req.Version < 0 {
		f.check("version", "is required: send the version you read (0 for a new scorecard)")
	}
	if len(req.Comment) > 10000 {
		f.check("comment", "must be at most 10000 characters")
	}
	byID := map[int64]models.Criterion{}
	for _, cr := range crit {
		byID[cr.ID] = cr
	}
	seen := map[int64]bool{}
	var out []models.Score
	for i, s := range req.Scores {
		at := fmt.Sprintf("scores[%d].", i)
		cr, ok := byID[s.CriterionID]
		switch {
		case !ok:
			f.check(at+"criterion_id", "is not a criterion of this round")
			continue
		case seen[s.CriterionID]:
			f.check(at+"criterion_id", "appears twice")
		}
		seen[s.CriterionID] = true
		if v := s.Value; v != nil {
			if *v < cr.MinScore || *v > cr.MaxScore || math.IsNaN(*v) {
				f.check(at+"value", fmt.Sprintf("must be from %g to %g for %s", cr.MinScore, cr.MaxScore, cr.Name))
			} else if r := (*v - cr.MinScore) / cr.Step; math.Abs(r-math.Round(r)) > 1e-9 {
				f.check(at+"value", fmt.Sprintf("must be in steps of %g for %s", cr.Step, cr.Name))
			}
		}
		if len(s.Comment) > 5000 {
			f.check(at+"comment", "must be at most 5000 characters")
		}
		out = append(out, models.Score{CriterionID: s.CriterionID, Value: s.Value, Comment: strings.TrimSpace(s.Comment)})
	}
	return out, f.err()
}

type submitRequest struct {
	Version *int `json:"version"`
}

// Submit locks the scorecard once every criterion has a value.
func (h *Scorecards) Submit(c *gin.Context) error {
	ac, crit, err := h.load(c)
	if err == nil {
		err = h.scorable(ac)
	}
	if err != nil {
		return err
	}
	var req submitRequest
	if c.Request.ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	out, sc, err := h.current(c, ac, crit)
	if err != nil {
		return err
	}
	switch {
	case sc.Status == models.ScorecardSubmitted:
		err = store.ErrLocked
	case req.Version != nil && *req.Version != sc.Version:
		err = store.ErrStale
	default:
		err = missing(crit, out)
	}
	if err == nil {
		err = h.Store.SubmitScorecard(c.Request.Context(), actor(c), ac, sc)
	}
	return h.answer(c, ac, crit, err)
}

// missing lists the criteria without a value as a 422.
func missing(crit []models.Criterion, out scorecardJSON) error {
	have := map[int64]bool{}
	for _, s := range out.Scores {
		if s.Value != nil {
			have[s.CriterionID] = true
		}
	}
	f := fieldErrors{}
	for _, cr := range crit {
		if !have[cr.ID] {
			f.check("scores."+cr.Key, "needs a value before the scorecard can be submitted")
		}
	}
	if err := f.err(); err != nil {
		e := err.(*apperr.Error)
		e.Message = "every criterion needs a value before submitting"
		return e
	}
	return nil
}

type reopenRequest struct {
	Reason string `json:"reason"`
}

// Reopen unlocks a submitted scorecard; only an organizer may, with a reason
// that goes into the audit log.
func (h *Scorecards) Reopen(c *gin.Context) error {
	ctx := c.Request.Context()
	ac, crit, err := h.load(c)
	if err == nil {
		err = needOrganizer(ac.Access)
	}
	if err == nil && ac.Round.Status == models.RoundPublished {
		err = apperr.Conflict("the round's results are published; scores are frozen")
	}
	if err != nil {
		return err
	}
	var req reopenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	reason := strings.TrimSpace(req.Reason)
	if reason == "" || len(reason) > 2000 {
		return apperr.Validation(map[string]string{"reason": "is required (at most 2000 characters)"})
	}
	_, sc, err := h.current(c, ac, crit)
	if err == nil && sc.Status != models.ScorecardSubmitted {
		err = apperr.Conflict("the scorecard is not submitted; there is nothing to reopen")
	}
	var judge models.User
	if err == nil {
		judge, err = h.Store.UserByID(ctx, ac.Assignment.JudgeID)
	}
	if err == nil {
		note := h.Notify.ScorecardReopened(judge.Email, judge.Name, ac.Entry.Title, reason, ac.Assignment.ID)
		err = h.Store.ReopenScorecard(ctx, actor(c), ac, sc, reason, note)
	}
	return h.answer(c, ac, crit, err)
}
