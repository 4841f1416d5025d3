package handlers

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

// ResultStore is what rankings, advancing and publishing need.
type ResultStore interface {
	RoundFor(ctx context.Context, v store.Viewer, id int64) (models.Round, models.Competition, store.Access, error)
	RankingData(ctx context.Context, r models.Round) (store.RankingData, error)
}

// rankedRound is a round's ranking with the names around it.
type rankedRound struct {
	Round  models.Round
	Data   store.RankingData
	Result judging.Ranking
}

// rankOptions reads method, normalize and category_id (query or body).
type rankOptions struct {
	Method     string
	Normalize  string
	CategoryID int64
}

func (o rankOptions) check() error {
	f := fieldErrors{}
	if o.Method != "" && !slices.Contains([]string{judging.MethodMean, judging.MethodMedian, judging.MethodTrimmed}, o.Method) {
		f.check("method", "must be mean, median or trimmed")
	}
	if o.Normalize != "" && !slices.Contains([]string{judging.NormalizeNone, judging.NormalizeZScore}, o.Normalize) {
		f.check("normalize", "must be none or zscore")
	}
	return f.err()
}

// rank computes the round's ranking with package judging.
func rank(c *gin.Context, s ResultStore, r models.Round, o rankOptions) (rankedRound, error) {
	d, err := s.RankingData(c.Request.Context(), r)
	if err != nil {
		return rankedRound{}, err
	}
	return rankData(r, d, o)
}

// rankData ranks data read elsewhere (inside a publishing or advancing
// transaction, say).
func rankData(r models.Round, d store.RankingData, o rankOptions) (rankedRound, error) {
	rr := rankedRound{Round: r, Data: d}
	var err error
	rr.Result, err = results.Rank(r, d, judging.Options{Method: o.Method, Normalize: o.Normalize, CategoryID: o.CategoryID})
	if errors.Is(err, judging.ErrInvalid) {
		return rr, apperr.Invalid("the round cannot be ranked: %v", err)
	}
	return rr, err
}

type rankedEntryJSON struct {
	Rank            int                `json:"rank"`
	EntryID         int64              `json:"entry_id"`
	Title           string             `json:"title"`
	Organization    string             `json:"organization"`
	OrganizationID  int64              `json:"organization_id"`
	Category        string             `json:"category"`
	CategoryID      *int64             `json:"category_id"`
	Score           float64            `json:"score"`
	Judges          int                `json:"judges"`
	Assigned        int                `json:"assigned"`
	Stddev          float64            `json:"stddev"`
	Flags           []string           `json:"flags"`
	TopNProbability float64            `json:"top_n_probability"`
	Criteria        map[string]float64 `json:"criteria"`
	JudgeScores     map[string]float64 `json:"judge_scores"`
	// RawJudgeScores are the judges' totals before normalization; only sent
	// when normalizing, so the two can be compared.
	RawJudgeScores map[string]float64 `json:"raw_judge_scores,omitempty"`
}

type judgeStatJSON struct {
	JudgeID    int64   `json:"judge_id"`
	Name       string  `json:"name"`
	Scored     int     `json:"scored"`
	Mean       float64 `json:"mean"`
	Offset     float64 `json:"offset"`
	Normalized bool    `json:"normalized"`
	Note       string  `json:"note,omitempty"`
}

type reliabilityJSON struct {
	Method    string   `json:"method"`
	ICC       *float64 `json:"icc"`
	ICCSingle *float64 `json:"icc_single"` // the reliability of one judge alone
	Judges    int      `json:"judges"`
	Entries   int      `json:"entries"`
	Note      string   `json:"note,omitempty"`
}

type rankingJSON struct {
	RoundID     int64             `json:"round_id"`
	Method      string            `json:"method"`
	Normalize   string            `json:"normalize"`
	CategoryID  *int64            `json:"category_id"`
	TopN        int               `json:"top_n"`
	Resamples   int               `json:"resamples"`
	Entries     []rankedEntryJSON `json:"entries"`
	Judges      []judgeStatJSON   `json:"judges"`
	Reliability reliabilityJSON   `json:"reliability"`
	Notes       []string          `json:"notes"`
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

func (rr rankedRound) json(o rankOptions) rankingJSON {
	d := rr.Data
	out := rankingJSON{RoundID: rr.Round.ID, Method: rr.Result.Method, Normalize: rr.Result.Normalize, TopN: rr.Result.TopN,
		Resamples: rr.Result.Resamples, Entries: []rankedEntryJSON{}, Judges: []judgeStatJSON{}, Notes: rr.Result.Notes}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	if o.CategoryID != 0 {
		id := o.CategoryID
		out.CategoryID = &id
	}
	byID := map[int64]models.Entry{}
	for _, e := range d.Entries {
		byID[e.ID] = e
	}
	for _, re := range rr.Result.Entries {
		e := byID[re.EntryID]
		j := rankedEntryJSON{Rank: re.Rank, EntryID: e.ID, Title: e.Title, Organization: d.Organizations[e.OrganizationID].Name,
			OrganizationID: e.OrganizationID, CategoryID: e.CategoryID, Score: results.Round2(re.Score), Judges: re.Judges,
			Assigned: d.Assigned[e.ID], Stddev: results.Round2(re.Stddev), Flags: re.Flags, TopNProbability: round4(re.TopNProbability),
			Criteria: map[string]float64{}, JudgeScores: map[string]float64{}}
		if e.CategoryID != nil {
			j.Category = d.Categories[*e.CategoryID].Name
		}
		for k, v := range re.Criteria {
			j.Criteria[k] = results.Round2(v)
		}
		for judge, v := range re.JudgeTotals {
			j.JudgeScores[strconv.FormatInt(judge, 10)] = results.Round2(v)
		}
		if rr.Result.Normalize == judging.NormalizeZScore {
			j.RawJudgeScores = map[string]float64{}
			for judge, v := range re.RawJudgeTotals {
				j.RawJudgeScores[strconv.FormatInt(judge, 10)] = results.Round2(v)
			}
		}
		out.Entries = append(out.Entries, j)
	}
	for _, js := range rr.Result.Judges {
		out.Judges = append(out.Judges, judgeStatJSON{JudgeID: js.JudgeID, Name: d.Judges[js.JudgeID].Name, Scored: js.Scored,
			Mean: results.Round2(js.Mean), Offset: results.Round2(js.Offset), Normalized: js.Normalized, Note: js.Note})
	}
	rel := rr.Result.Reliability
	out.Reliability = reliabilityJSON{Method: rel.Method, Judges: rel.Judges, Entries: rel.Entries, Note: rel.Note}
	if rel.ICC != nil {
		v := round4(*rel.ICC)
		out.Reliability.ICC = &v
	}
	if rel.Single != nil {
		v := round4(*rel.Single)
		out.Reliability.ICCSingle = &v
	}
	return out
}

// Results serves rankings, exports, advancing and publishing.
type Results struct {
	Store  ResultsStore
	Now    func() time.Time
	Notify notify.Links
}

// rankingRound loads the scoring round in the path for its organizer, with
// the ranking options of the query.
func (h *Results) rankingRound(c *gin.Context) (models.Round, models.Competition, rankOptions, error) {
	var o rankOptions
	id, err := pathID(c, "id", "round")
	if err != nil {
		return models.Round{}, models.Competition{}, o, err
	}
	r, comp, a, err := h.Store.RoundFor(c.Request.Context(), viewer(c), id)
	if err == nil {
		err = needOrganizer(a)
	}
	if err == nil && r.Kind != models.RoundScoring {
		err = apperr.Conflict("%s is a screening round; it has no scores to rank", r.Name)
	}
	if err != nil {
		return r, comp, o, err
	}
	o.Method, o.Normalize = c.Query("method"), c.Query("normalize")
	if o.CategoryID, err = queryID(c, "category_id"); err != nil {
		return r, comp, o, err
	}
	return r, comp, o, o.check()
}

// ranked loads the round in the path for its organizer and ranks it with the
// query's options: the common start of the ranking and its exports.
func (h *Results) ranked(c *gin.Context) (rankedRound, rankingJSON, error) {
	r, _, o, err := h.rankingRound(c)
	if err != nil {
		return rankedRound{}, rankingJSON{}, err
	}
	rr, err := rank(c, h.Store, r, o)
	if err != nil {
		return rr, rankingJSON{}, err
	}
	return rr, rr.json(o), nil
}

// Ranking answers the calibrated ranking of a scoring round.
func (h *Results) Ranking(c *gin.Context) error {
	_, j, err := h.ranked(c)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, j)
}
