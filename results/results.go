// Package results turns a round's stored scores into its ranking (through
// package judging) and into the public table that gets published. Handlers
// and the demo seed share it, so a published table is built one way only.
package results

import (
	"math"
	"slices"
	"strings"

	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// Criteria converts a rubric for package judging.
func Criteria(crit []models.Criterion) []judging.Criterion {
	out := make([]judging.Criterion, len(crit))
	for i, c := range crit {
		out[i] = judging.Criterion{ID: c.ID, Key: c.Key, Weight: c.Weight, Min: c.MinScore, Max: c.MaxScore, Position: c.Position}
	}
	return out
}

// Rank ranks a scoring round's entries from its submitted scorecards.
func Rank(r models.Round, d store.RankingData, opt judging.Options) (judging.Ranking, error) {
	crit := Criteria(d.Criteria)
	entries := make([]judging.Entry, len(d.Entries))
	for i, e := range d.Entries {
		entries[i] = judging.Entry{ID: e.ID, Assigned: d.Assigned[e.ID]}
		if e.CategoryID != nil {
			entries[i].CategoryID = *e.CategoryID
		}
		if e.SubmittedAt != nil {
			entries[i].SubmittedAt = *e.SubmittedAt
		}
	}
	listed := map[int64]bool{}
	for _, e := range d.Entries {
		listed[e.ID] = true
	}
	var cards []judging.Scorecard
	byAssignment := map[int64]int{}
	for _, sc := range d.Scores {
		if !listed[sc.EntryID] {
			continue // an entry that left the round (withdrawn, ineligible)
		}
		i, ok := byAssignment[sc.AssignmentID]
		if !ok {
			i = len(cards)
			byAssignment[sc.AssignmentID] = i
			cards = append(cards, judging.Scorecard{EntryID: sc.EntryID, JudgeID: sc.JudgeID, Values: map[int64]float64{}})
		}
		cards[i].Values[sc.CriterionID] = sc.Value
	}
	// Submitting requires every criterion, so every submitted card is
	// complete; keeping only complete ones means a rubric changed by hand in
	// the database cannot make the whole ranking fail.
	complete := cards[:0]
	for _, card := range cards {
		if len(card.Values) == len(crit) {
			complete = append(complete, card)
		}
	}
	if opt.TopN == 0 {
		opt.TopN = r.AdvanceTopN
	}
	return judging.Rank(crit, entries, complete, opt)
}

// Round2 keeps two decimals: what organizers read and what is published.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// PublicEntry is one row of a published table. Its JSON keys are the ones the
// digest covers (see docs/judging.md).
type PublicEntry struct {
	Rank         int      `json:"rank"`
	EntryID      int64    `json:"entry_id"`
	Title        string   `json:"title"`
	Organization string   `json:"organization"`
	Category     string   `json:"category"`
	Score        *float64 `json:"score"`
	// Criteria are the mean raw values of the rubric's criteria over the
	// entry's submitted scorecards, in the rubric's order: what the jury
	// thought of it as a whole, never one judge's values. Absent in a
	// screening round's table, for an entry nobody scored, and for one that
	// only one judge scored (MinJudgesForMeans).
	Criteria []CriterionMean `json:"criteria,omitempty"`
}

// CriterionMean is one criterion's mean in a published row, with what it
// means: its weight and the highest value a judge could give.
type CriterionMean struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Max    float64 `json:"max"`
	Mean   float64 `json:"mean"`
}

// MinJudgesForMeans is how many submitted scorecards an entry needs before
// its per-criterion means are published.
const MinJudgesForMeans = 2

// ScoredTable is the public table of a scoring round: its ranking, with
// scores to two decimals.
func ScoredTable(d store.RankingData, rk judging.Ranking) []PublicEntry {
	byID := map[int64]models.Entry{}
	for _, e := range d.Entries {
		byID[e.ID] = e
	}
	crit := slices.Clone(d.Criteria)
	slices.SortStableFunc(crit, func(a, b models.Criterion) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return int(a.ID - b.ID)
	})
	rows := []PublicEntry{}
	for _, re := range rk.Entries {
		e := byID[re.EntryID]
		score := Round2(re.Score)
		row := PublicEntry{Rank: re.Rank, EntryID: e.ID, Title: valid.Clean(e.Title),
			Organization: valid.Clean(d.Organizations[e.OrganizationID].Name), Category: categoryName(d, e), Score: &score}
		// The means of one judge are that judge's own values: the public
		// never reads a single judge's scores, so they are left out.
		if re.Judges >= MinJudgesForMeans {
			row.Criteria = criterionMeans(crit, re.Criteria)
		}
		rows = append(rows, row)
	}
	return rows
}

// criterionMeans lists an entry's criterion means in the rubric's order,
// to two decimals; nil when it has none.
func criterionMeans(crit []models.Criterion, means map[string]float64) []CriterionMean {
	if len(means) == 0 {
		return nil
	}
	out := make([]CriterionMean, 0, len(crit))
	for _, c := range crit {
		if m, ok := means[c.Key]; ok {
			out = append(out, CriterionMean{Name: valid.Clean(c.Name), Weight: c.Weight, Max: c.MaxScore, Mean: Round2(m)})
		}
	}
	return out
}

// ScreenedTable is the public table of a screening round: the entries that
// passed, by title, without scores.
func ScreenedTable(d store.RankingData) []PublicEntry {
	var passed []models.Entry
	for _, e := range d.Entries {
		if e.Status == models.EntryEligible || e.Status == models.EntryFinalist {
			passed = append(passed, e)
		}
	}
	slices.SortFunc(passed, func(a, b models.Entry) int {
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	rows := []PublicEntry{}
	for i, e := range passed {
		rows = append(rows, PublicEntry{Rank: i + 1, EntryID: e.ID, Title: valid.Clean(e.Title),
			Organization: valid.Clean(d.Organizations[e.OrganizationID].Name), Category: categoryName(d, e)})
	}
	return rows
}

func categoryName(d store.RankingData, e models.Entry) string {
	if e.CategoryID == nil {
		return ""
	}
	return valid.Clean(d.Categories[*e.CategoryID].Name)
}
