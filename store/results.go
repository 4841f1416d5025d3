package store

import (
	"context"

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
		Order("a.entry_id, a.judge_id, scores.criterion_id").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]SubmittedScore, 0, capacity)
	for rows.Next() {
		var v SubmittedScore
		if err := rows.Scan(&v.AssignmentID, &v.EntryID, &v.JudgeID, &v.CriterionID, &v.Value); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
