package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// RoundStore is what rounds and rubrics need.
type RoundStore interface {
	competitionLoader
	ListRounds(ctx context.Context, competitionID int64) ([]models.Round, error)
	RoundFor(ctx context.Context, v store.Viewer, id int64) (models.Round, models.Competition, store.Access, error)
	CreateRound(ctx context.Context, actor store.Actor, r *models.Round) error
	UpdateRound(ctx context.Context, actor store.Actor, r models.Round, p store.RoundPatch) (models.Round, error)
	DeleteRound(ctx context.Context, actor store.Actor, r models.Round) error
	ListCriteria(ctx context.Context, roundID int64) ([]models.Criterion, error)
	roundScores
	ReplaceCriteria(ctx context.Context, actor store.Actor, r models.Round, crit []models.Criterion) ([]models.Criterion, error)
}

// Rounds serves the rounds of a competition and their rubrics.
type Rounds struct {
	Store RoundStore
	Now   func() time.Time
}

type roundJSON struct {
	ID             int64      `json:"id"`
	CompetitionID  int64      `json:"competition_id"`
	Name           string     `json:"name"`
	Kind           string     `json:"kind"`
	Position       int        `json:"position"`
	Status         string     `json:"status"`
	OpensAt        *time.Time `json:"opens_at"`
	ClosesAt       *time.Time `json:"closes_at"`
	JudgesPerEntry int        `json:"judges_per_entry"`
	MaxPerJudge    int        `json:"max_per_judge"`
	AdvanceTopN    int        `json:"advance_top_n"`
	PassingScore   *float64   `json:"passing_score"`
	// FeedbackReleased lets participants read the jury's notes of the round.
	FeedbackReleased   bool       `json:"feedback_released"`
	FeedbackReleasedAt *time.Time `json:"feedback_released_at"`
	// RubricFrozen: a scorecard exists in the round, so its rubric cannot
	// change (PUT /rounds/:id/criteria answers 409). Told to the
	// competition's organizers (and admins); false for everyone else.
	RubricFrozen bool `json:"rubric_frozen"`
}

// roundScores says which rounds have scores (store.ScoredRounds).
type roundScores interface {
	ScoredRounds(ctx context.Context, roundIDs ...int64) (map[int64]bool, error)
}

// roundOut is one round as the API shows it, with whether it has scores.
func roundOut(ctx context.Context, st roundScores, r models.Round) (roundJSON, error) {
	scored, err := st.ScoredRounds(ctx, r.ID)
	return toRound(r, scored[r.ID]), err
}

func toRound(r models.Round, rubricFrozen bool) roundJSON {
	return roundJSON{ID: r.ID, CompetitionID: r.CompetitionID, Name: r.Name, Kind: r.Kind, Position: r.Position, Status: r.Status,
		OpensAt: utc(r.OpensAt), ClosesAt: utc(r.ClosesAt), JudgesPerEntry: r.JudgesPerEntry, MaxPerJudge: r.MaxPerJudge,
		AdvanceTopN: r.AdvanceTopN, PassingScore: r.PassingScore,
		FeedbackReleased: r.FeedbackReleasedAt != nil, FeedbackReleasedAt: utc(r.FeedbackReleasedAt), RubricFrozen: rubricFrozen}
}

// List lists the competition's rounds.
func (h *Rounds) List(c *gin.Context) error {
	comp, a, err := loadCompetition(c, h.Store)
	if err != nil {
		return err
	}
	rounds, err := h.Store.ListRounds(c.Request.Context(), comp.ID)
	if err != nil {
		return err
	}
	scored := map[int64]bool{} // only organizers are told (rubric_frozen)
	if needOrganizer(a) == nil {
		ids := mapSlice(rounds, func(r models.Round) int64 { return r.ID })
		if scored, err = h.Store.ScoredRounds(c.Request.Context(), ids...); err != nil {
			return err
		}
	}
	return reply(c, http.StatusOK, newList(mapSlice(rounds, func(r models.Round) roundJSON { return toRound(r, scored[r.ID]) }),
		int64(len(rounds))))
}

type roundRequest struct {
	Name           *string             `json:"name"`
	Kind           *string             `json:"kind"`
	Position       *int                `json:"position"`
	Status         *string             `json:"status"`
	OpensAt        Nullable[time.Time] `json:"opens_at"`
	ClosesAt       Nullable[time.Time] `json:"closes_at"`
	JudgesPerEntry *int                `json:"judges_per_entry"`
	MaxPerJudge    *int                `json:"max_per_judge"`
	AdvanceTopN    *int                `json:"advance_top_n"`
	PassingScore   Nullable[float64]   `json:"passing_score"`
	// FeedbackReleased true lets the entries' OPDs read the jury's notes;
	// false takes them back.
	FeedbackReleased *bool `json:"feedback_released"`
}

// patch validates the request against the round as it is (zero for a new one).
func (req roundRequest) patch(old models.Round) (store.RoundPatch, error) {
	f := fieldErrors{}
	p := store.RoundPatch{Position: req.Position, JudgesPerEntry: req.JudgesPerEntry, MaxPerJudge: req.MaxPerJudge, AdvanceTopN: req.AdvanceTopN}
	if req.Name != nil {
		f.check("name", valid.Text(*req.Name, 200))
		n := strings.TrimSpace(*req.Name)
		p.Name = &n
	}
	if req.Position != nil && *req.Position < 1 {
		f.check("position", "must be at least 1")
	}
	if req.JudgesPerEntry != nil {
		f.check("judges_per_entry", rangeReason(*req.JudgesPerEntry, 1, 20))
	}
	if req.MaxPerJudge != nil {
		f.check("max_per_judge", rangeReason(*req.MaxPerJudge, 0, 100000))
	}
	if req.AdvanceTopN != nil {
		f.check("advance_top_n", rangeReason(*req.AdvanceTopN, 1, 100000))
	}
	if req.Status != nil {
		switch *req.Status {
		case models.RoundOpen, models.RoundClosed:
			if old.Status == models.RoundPublished {
				return p, apperr.Conflict("the round's results are published; it cannot change status")
			}
			p.Status = req.Status
		default:
			f.check("status", "must be open or closed (publishing has its own endpoint)")
		}
	}
	opens, closes := old.OpensAt, old.ClosesAt
	if req.OpensAt.Set {
		opens = req.OpensAt.ptr()
		p.OpensAt = &opens
	}
	if req.ClosesAt.Set {
		closes = req.ClosesAt.ptr()
		p.ClosesAt = &closes
	}
	if opens != nil && closes != nil && !closes.After(*opens) {
		f.check("closes_at", "must be after opens_at")
	}
	if req.PassingScore.Set {
		ps := req.PassingScore.ptr()
		if ps != nil && (*ps < 0 || *ps > 100) {
			f.check("passing_score", "must be from 0 to 100")
		}
		p.PassingScore = &ps
	}
	return p, f.err()
}

// release applies feedback_released: a scoring round's notes go to the
// participants once its scoring is over, at now.
func (req roundRequest) release(r models.Round, now time.Time, p *store.RoundPatch) error {
	if req.FeedbackReleased == nil {
		return nil
	}
	var at *time.Time
	if *req.FeedbackReleased {
		switch {
		case r.Kind != models.RoundScoring:
			return apperr.Validation(map[string]string{"feedback_released": "only a scoring round has jury notes to release"})
		case r.Status == models.RoundOpen && (p.Status == nil || *p.Status == models.RoundOpen):
			return apperr.Conflict("the round is still open for scoring; close it before releasing the jury's notes")
		case r.FeedbackReleasedAt != nil:
			at = r.FeedbackReleasedAt
		default:
			at = &now
		}
	}
	p.FeedbackReleasedAt = &at
	return nil
}

// Create adds a round.
func (h *Rounds) Create(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	var req roundRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := fieldErrors{}
	if req.Name == nil {
		f.check("name", "is required")
	}
	if req.Kind == nil || (*req.Kind != models.RoundScreening && *req.Kind != models.RoundScoring) {
		f.check("kind", "must be screening or scoring")
	}
	if err := f.err(); err != nil {
		return err
	}
	p, err := req.patch(models.Round{})
	if err != nil {
		return err
	}
	r := models.Round{CompetitionID: comp.ID, Name: *p.Name, Kind: *req.Kind, Position: deref(p.Position), Status: deref(p.Status),
		OpensAt: deref(p.OpensAt), ClosesAt: deref(p.ClosesAt), JudgesPerEntry: 3, AdvanceTopN: 10, MaxPerJudge: deref(p.MaxPerJudge),
		PassingScore: deref(p.PassingScore)}
	if p.JudgesPerEntry != nil {
		r.JudgesPerEntry = *p.JudgesPerEntry
	}
	if p.AdvanceTopN != nil {
		r.AdvanceTopN = *p.AdvanceTopN
	}
	if err := h.Store.CreateRound(c.Request.Context(), actor(c), &r); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, toRound(r, false)) // a new round has no scores
}

// round loads the round in the path as the caller sees it.
func (h *Rounds) round(c *gin.Context, manage bool) (models.Round, error) {
	r, _, err := h.roundAccess(c, manage)
	return r, err
}

func (h *Rounds) roundAccess(c *gin.Context, manage bool) (models.Round, store.Access, error) {
	id, err := pathID(c, "id", "round")
	if err != nil {
		return models.Round{}, store.Access{}, err
	}
	r, _, a, err := h.Store.RoundFor(c.Request.Context(), viewer(c), id)
	if err == nil && manage {
		err = needOrganizer(a)
	}
	return r, a, err
}

// Get shows one round; rubric_frozen is said to its organizers only.
func (h *Rounds) Get(c *gin.Context) error {
	r, a, err := h.roundAccess(c, false)
	if err != nil {
		return err
	}
	if needOrganizer(a) != nil {
		return reply(c, http.StatusOK, toRound(r, false))
	}
	out, err := roundOut(c.Request.Context(), h.Store, r)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, out)
}

// Patch changes a round.
func (h *Rounds) Patch(c *gin.Context) error {
	r, err := h.round(c, true)
	if err != nil {
		return err
	}
	var req roundRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.Kind != nil && *req.Kind != r.Kind {
		return apperr.Validation(map[string]string{"kind": "cannot change; create another round instead"})
	}
	p, err := req.patch(r)
	if err == nil {
		err = req.release(r, h.Now(), &p)
	}
	if err == nil {
		r, err = h.Store.UpdateRound(c.Request.Context(), actor(c), r, p)
	}
	if err != nil {
		return err
	}
	out, err := roundOut(c.Request.Context(), h.Store, r)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, out)
}

// Delete removes a round that holds no entries.
func (h *Rounds) Delete(c *gin.Context) error {
	r, err := h.round(c, true)
	if err == nil {
		err = h.Store.DeleteRound(c.Request.Context(), actor(c), r)
	}
	if err != nil {
		return err
	}
	return noContent(c)
}

type criterionJSON struct {
	ID          int64             `json:"id"`
	Key         string            `json:"key"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Weight      float64           `json:"weight"`
	MinScore    float64           `json:"min_score"`
	MaxScore    float64           `json:"max_score"`
	Step        float64           `json:"step"`
	Descriptors map[string]string `json:"descriptors"`
}

func toCriterion(cr models.Criterion) criterionJSON {
	d := map[string]string{}
	_ = json.Unmarshal([]byte(cr.Descriptors), &d)
	return criterionJSON{ID: cr.ID, Key: cr.Key, Name: cr.Name, Description: cr.Description, Weight: cr.Weight,
		MinScore: cr.MinScore, MaxScore: cr.MaxScore, Step: cr.Step, Descriptors: d}
}

// Criteria lists the round's rubric.
func (h *Rounds) Criteria(c *gin.Context) error {
	r, err := h.round(c, false)
	if err != nil {
		return err
	}
	crit, err := h.Store.ListCriteria(c.Request.Context(), r.ID)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(crit, toCriterion), int64(len(crit))))
}

// ReplaceCriteria swaps the whole rubric, validated as a whole: weights sum to
// 100, min < max, unique keys. 409 once any score exists in the round.
func (h *Rounds) ReplaceCriteria(c *gin.Context) error {
	r, err := h.round(c, true)
	if err != nil {
		return err
	}
	var req []criterionJSON
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	crit, err := rubric(r, req)
	if err == nil {
		crit, err = h.Store.ReplaceCriteria(c.Request.Context(), actor(c), r, crit)
	}
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(crit, toCriterion), int64(len(crit))))
}

// rubric validates a whole rubric and turns it into models.
func rubric(r models.Round, req []criterionJSON) ([]models.Criterion, error) {
	f := fieldErrors{}
	if r.Kind == models.RoundScreening && len(req) > 0 {
		return nil, apperr.Invalid("a screening round decides eligible or not; it has no rubric")
	}
	if r.Kind == models.RoundScoring && len(req) == 0 {
		return nil, apperr.Invalid("a scoring round needs at least one criterion")
	}
	seen := map[string]bool{}
	sum := 0.0
	out := make([]models.Criterion, len(req))
	for i, cr := range req {
		at := fmt.Sprintf("criteria[%d].", i)
		if !keyPattern.MatchString(cr.Key) {
			f.check(at+"key", "must be lower-case letters, digits and _ (starting with a letter)")
		} else if seen[cr.Key] {
			f.check(at+"key", "duplicates another criterion's key")
		}
		seen[cr.Key] = true
		f.check(at+"name", valid.Text(cr.Name, 200))
		if !(cr.Weight > 0 && cr.Weight <= 100) {
			f.check(at+"weight", "must be more than 0 and at most 100")
		}
		if cr.MinScore < 0 || math.IsNaN(cr.MinScore) {
			f.check(at+"min_score", "must be 0 or more")
		}
		if !(cr.MaxScore > cr.MinScore) || cr.MaxScore > 1000 {
			f.check(at+"max_score", "must be greater than min_score (and at most 1000)")
		}
		if cr.Step == 0 {
			cr.Step = 1
		}
		if cr.Step != 1 && cr.Step != 0.5 {
			f.check(at+"step", "must be 1 (whole points) or 0.5 (half points)")
		}
		for k := range cr.Descriptors {
			if !slices.Contains([]string{"low", "mid", "high"}, k) {
				f.check(at+"descriptors", "may only hold low, mid and high")
			}
		}
		sum += cr.Weight
		d, _ := json.Marshal(orEmptyMap(cr.Descriptors))
		out[i] = models.Criterion{Key: cr.Key, Name: strings.TrimSpace(cr.Name), Description: strings.TrimSpace(cr.Description),
			Weight: cr.Weight, MinScore: cr.MinScore, MaxScore: cr.MaxScore, Step: cr.Step, Descriptors: string(d)}
	}
	if len(req) > 0 && math.Abs(sum-100) > 1e-6 {
		f.check("weight", fmt.Sprintf("weights must sum to 100; they sum to %g", sum))
	}
	return out, f.err()
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
