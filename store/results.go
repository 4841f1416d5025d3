package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/juri-id/juri/models"
)

// SubmittedScore is one value of a submitted scorecard.
type SubmittedScore struct {
	AssignmentID int64
	EntryID      int64
	JudgeID      int64
	CriterionID  int64
	Value        float64
}

// RankingData is everything the ranking of a round needs, read in a few
// queries.
type RankingData struct {
	Criteria      []models.Criterion
	Entries       []models.Entry
	Assigned      map[int64]int // entry -> judges assigned
	Scores        []SubmittedScore
	Organizations map[int64]models.Organization
	Categories    map[int64]models.Category
	Judges        map[int64]models.User
}

// RankingData loads a round's rubric, its judgeable entries, how many judges
// each has, and the values of every submitted scorecard.
func (s *Store) RankingData(ctx context.Context, r models.Round) (RankingData, error) {
	d := RankingData{Assigned: map[int64]int{}, Categories: map[int64]models.Category{}, Judges: map[int64]models.User{}}
	var err error
	if d.Criteria, err = s.ListCriteria(ctx, r.ID); err != nil {
		return d, err
	}
	if d.Entries, err = s.rankedEntries(ctx, r.ID); err != nil {
		return d, err
	}
	var counts []struct {
		EntryID int64
		N       int
	}
	if err := s.q(ctx).Model(&models.Assignment{}).Select("entry_id, COUNT(*) AS n").Where("round_id = ?", r.ID).
		Group("entry_id").Scan(&counts).Error; err != nil {
		return d, err
	}
	for _, c := range counts {
		d.Assigned[c.EntryID] = c.N
	}
	// At most one value per criterion of every assignment: the slice is
	// sized once instead of growing (and copying) some twenty times.
	most := 0
	for _, n := range d.Assigned {
		most += n
	}
	if d.Scores, err = s.submittedScores(ctx, r.ID, most*len(d.Criteria)); err != nil {
		return d, err
	}
	orgIDs := make([]int64, len(d.Entries))
	for i, e := range d.Entries {
		orgIDs[i] = e.OrganizationID
	}
	if d.Organizations, err = s.OrganizationsByID(ctx, orgIDs); err != nil {
		return d, err
	}
	cats, err := s.ListCategories(ctx, r.CompetitionID)
	if err != nil {
		return d, err
	}
	for _, c := range cats {
		d.Categories[c.ID] = c
	}
	var judges []models.User
	if err := s.q(ctx).Model(&models.User{}).Where("id IN (SELECT judge_id FROM assignments WHERE round_id = ?)", r.ID).
		Find(&judges).Error; err != nil {
		return d, err
	}
	for _, j := range judges {
		d.Judges[j.ID] = j
	}
	return d, nil
}

// rankedEntries is RoundEntries without what a ranking never reads: the
// proposal text (sections, team, video) is most of an entry's bytes, about
// 18 KiB each with realistic proposals, 91 MB for 5,000 entries
// (docs/benchmarks.md). Only the columns the ranking, the published table
// and the advancing read are loaded.
func (s *Store) rankedEntries(ctx context.Context, roundID int64) ([]models.Entry, error) {
	var out []models.Entry
	err := s.q(ctx).Model(&models.Entry{}).
		Select("entries.id, entries.competition_id, entries.organization_id, entries.category_id, entries.title, entries.status, entries.submitted_at").
		Joins("JOIN round_entries re ON re.entry_id = entries.id").
		Where("re.round_id = ? AND entries.status IN ?", roundID, judgeableStatuses).Order("entries.id").Find(&out).Error
	return out, err
}

// submittedScores reads every value of the round's submitted scorecards, for
// the entries still judged (a withdrawn entry's cards stay, unranked). A
// round can hold hundreds of thousands of them, so the rows are scanned by
// hand: GORM's reflection would double the time (docs/benchmarks.md).
func (s *Store) submittedScores(ctx context.Context, roundID int64, capacity int) ([]SubmittedScore, error) {
	rows, err := s.q(ctx).Table("scores").
		Select("a.id, a.entry_id, a.judge_id, scores.criterion_id, scores.value").
		Joins("JOIN scorecards sc ON sc.id = scores.scorecard_id").
		Joins("JOIN assignments a ON a.id = sc.assignment_id").
		Joins("JOIN entries e ON e.id = a.entry_id").
		Where("a.round_id = ? AND sc.status = ? AND scores.value IS NOT NULL AND e.status IN ?",
			roundID, models.ScorecardSubmitted, judgeableStatuses).
		Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]SubmittedScore, 0, capacity)
	// Scanned into interfaces and converted here: database/sql converts an
	// int64 or float64 into *int64 or *float64 by reflection, a sixth of the
	// ranking's CPU for 200,000 rows (docs/benchmarks.md).
	var raw [5]any
	dest := []any{&raw[0], &raw[1], &raw[2], &raw[3], &raw[4]}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		var v SubmittedScore
		ids := [4]*int64{&v.AssignmentID, &v.EntryID, &v.JudgeID, &v.CriterionID}
		for i, p := range ids {
			var ok bool
			if *p, ok = asInt64(raw[i]); !ok {
				return nil, fmt.Errorf("submitted scores: column %d holds a %T", i+1, raw[i])
			}
		}
		var ok bool
		if v.Value, ok = asFloat64(raw[4]); !ok {
			return nil, fmt.Errorf("score of assignment %d: a value of type %T", v.AssignmentID, raw[4])
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return orderScores(out), nil
}

// orderScores puts the rows in (entry, judge, criterion) order, the order the
// ranking reads them in. It is done here and not by the query: 200,000 rows
// overflow PostgreSQL's default work_mem, so an ORDER BY sorted them on disk
// (an external merge, half of the query's time), and sorting the rows
// themselves in Go costs three times what this does (BenchmarkOrderScores).
// Instead the scorecards are sorted (one per assignment, 25,000) and the rows
// placed behind their card, then each card's few rows sorted by criterion.
func orderScores(rows []SubmittedScore) []SubmittedScore {
	type card struct{ assignment, entry, judge int64 }
	var cards []card
	index := make(map[int64]int32, len(rows)/8+1)
	of := make([]int32, len(rows)) // the card of each row
	for i, r := range rows {
		c, ok := index[r.AssignmentID]
		if !ok {
			c = int32(len(cards))
			index[r.AssignmentID] = c
			cards = append(cards, card{r.AssignmentID, r.EntryID, r.JudgeID})
		}
		of[i] = c
	}
	order := make([]int32, len(cards))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := cards[a], cards[b]
		if x.entry != y.entry {
			return cmp.Compare(x.entry, y.entry)
		}
		if x.judge != y.judge {
			return cmp.Compare(x.judge, y.judge)
		}
		return cmp.Compare(x.assignment, y.assignment)
	})
	place := make([]int32, len(cards)) // a card's position in the order
	for k, c := range order {
		place[c] = int32(k)
	}
	start := make([]int, len(cards)+1)
	for _, c := range of {
		start[place[c]+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	out := make([]SubmittedScore, len(rows))
	next := slices.Clone(start[:len(cards)])
	for i, r := range rows {
		k := place[of[i]]
		out[next[k]] = r
		next[k]++
	}
	for k := range cards {
		slices.SortFunc(out[start[k]:start[k+1]], func(a, b SubmittedScore) int { return cmp.Compare(a.CriterionID, b.CriterionID) })
	}
	return out
}

// asInt64 is an integer column's value as the drivers give it (pgx: int64,
// or int32 for an integer column; SQLite: int64); false for anything else,
// which would otherwise merge every card into one.
func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int:
		return int64(n), true
	}
	return 0, false
}

// asFloat64 is a numeric column's value (float64 from both drivers for a
// DOUBLE PRECISION or REAL column; whole numbers are taken too, should a
// column ever be declared as an integer).
func asFloat64(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	}
	return 0, false
}
