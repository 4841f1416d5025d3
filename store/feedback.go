package store

import (
	"context"

	"github.com/juri-id/juri/models"
)

// FeedbackCard is one judge's submitted scorecard of an entry, without the
// judge: what participants may read once the round's notes are released.
type FeedbackCard struct {
	Comment string
	Scores  []models.Score
}

// RoundFeedback is what the jury wrote about one entry in one released round.
type RoundFeedback struct {
	Round    models.Round
	Criteria []models.Criterion
	Cards    []FeedbackCard
}

// EntryFeedback gathers the submitted scorecards of entry entryID in the
// rounds whose feedback is released, round by round in order. Nothing here
// names a judge: the cards come in no judge's order.
func (s *Store) EntryFeedback(ctx context.Context, entryID int64) ([]RoundFeedback, error) {
	var rounds []models.Round
	err := s.q(ctx).Where("feedback_released_at IS NOT NULL AND id IN (SELECT round_id FROM assignments WHERE entry_id = ?)", entryID).
		Order("position, id").Find(&rounds).Error
	if err != nil || len(rounds) == 0 {
		return nil, err
	}
	out := make([]RoundFeedback, 0, len(rounds))
	for _, r := range rounds {
		rf := RoundFeedback{Round: r}
		if rf.Criteria, err = s.ListCriteria(ctx, r.ID); err != nil {
			return nil, err
		}
		var cards []models.Scorecard
		err := s.q(ctx).Model(&models.Scorecard{}).
			Joins("JOIN assignments a ON a.id = scorecards.assignment_id").
			Where("a.round_id = ? AND a.entry_id = ? AND scorecards.status = ?", r.ID, entryID, models.ScorecardSubmitted).
			Order("scorecards.id").Find(&cards).Error
		if err != nil {
			return nil, err
		}
		ids := make([]int64, len(cards))
		for i, c := range cards {
			ids[i] = c.ID
		}
		var scores []models.Score
		if len(ids) > 0 {
			if err := s.q(ctx).Where("scorecard_id IN ?", ids).Order("scorecard_id, criterion_id").Find(&scores).Error; err != nil {
				return nil, err
			}
		}
		byCard := map[int64][]models.Score{}
		for _, sc := range scores {
			byCard[sc.ScorecardID] = append(byCard[sc.ScorecardID], sc)
		}
		for _, c := range cards {
			rf.Cards = append(rf.Cards, FeedbackCard{Comment: c.Comment, Scores: byCard[c.ID]})
		}
		out = append(out, rf)
	}
	return out, nil
}
