package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

type criterionFeedbackJSON struct {
	CriterionID int64    `json:"criterion_id"`
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Weight      float64  `json:"weight"`
	MaxScore    float64  `json:"max_score"`
	Mean        *float64 `json:"mean"`
	Comments    []string `json:"comments"`
}

type roundFeedbackJSON struct {
	RoundID    int64                   `json:"round_id"`
	Name       string                  `json:"name"`
	ReleasedAt time.Time               `json:"released_at"`
	Judges     int                     `json:"judges"`
	TotalMean  *float64                `json:"total_mean"`
	Criteria   []criterionFeedbackJSON `json:"criteria"`
	Notes      []string                `json:"notes"`
}

type feedbackJSON struct {
	EntryID int64               `json:"entry_id"`
	Rounds  []roundFeedbackJSON `json:"rounds"`
}

// Feedback shows an entry's OPD (and its organizers) what the jury wrote in
// the rounds whose notes are released: per criterion the mean and the
// comments, and the judges' general notes, never a judge's name or a single
// judge's scores.
func (h *Entries) Feedback(c *gin.Context) error {
	e, _, a, err := h.entry(c)
	if err != nil {
		return err
	}
	if !a.Organizer && !owns(viewer(c), e) {
		return apperr.Forbidden("only the entry's OPD and the organizers read the jury's feedback")
	}
	rounds, err := h.Store.EntryFeedback(c.Request.Context(), e.ID)
	if err != nil {
		return err
	}
	out := feedbackJSON{EntryID: e.ID, Rounds: []roundFeedbackJSON{}}
	for _, rf := range rounds {
		out.Rounds = append(out.Rounds, presentFeedback(rf))
	}
	return reply(c, http.StatusOK, out)
}

func presentFeedback(rf store.RoundFeedback) roundFeedbackJSON {
	rj := roundFeedbackJSON{RoundID: rf.Round.ID, Name: rf.Round.Name, ReleasedAt: rf.Round.FeedbackReleasedAt.UTC(),
		Judges: len(rf.Cards), Criteria: []criterionFeedbackJSON{}, Notes: []string{}}
	crit := results.Criteria(rf.Criteria)
	sums, counts := map[int64]float64{}, map[int64]int{}
	comments := map[int64][]string{}
	totals := 0.0
	for _, card := range rf.Cards {
		values := map[int64]float64{}
		for _, s := range card.Scores {
			if s.Value != nil {
				values[s.CriterionID] = *s.Value
				sums[s.CriterionID] += *s.Value
				counts[s.CriterionID]++
			}
			if t := strings.TrimSpace(s.Comment); t != "" {
				comments[s.CriterionID] = append(comments[s.CriterionID], t)
			}
		}
		totals += judging.Total(crit, values)
		if t := strings.TrimSpace(card.Comment); t != "" {
			rj.Notes = append(rj.Notes, t)
		}
	}
	if len(rf.Cards) > 0 {
		m := results.Round2(totals / float64(len(rf.Cards)))
		rj.TotalMean = &m
	}
	for _, cr := range rf.Criteria {
		cj := criterionFeedbackJSON{CriterionID: cr.ID, Key: cr.Key, Name: cr.Name, Weight: cr.Weight, MaxScore: cr.MaxScore,
			Comments: comments[cr.ID]}
		if cj.Comments == nil {
			cj.Comments = []string{}
		}
		if n := counts[cr.ID]; n > 0 {
			m := results.Round2(sums[cr.ID] / float64(n))
			cj.Mean = &m
		}
		rj.Criteria = append(rj.Criteria, cj)
	}
	return rj
}
