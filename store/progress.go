package store

import (
	"context"

	"github.com/juri-id/juri/models"
)

// JudgeProgress is one judge's work in a round.
type JudgeProgress struct {
	JudgeID   int64
	Name      string
	Assigned  int64
	Started   int64 // a draft or submitted scorecard exists
	Submitted int64
}

// RoundProgress is a round's scoring progress.
type RoundProgress struct {
	RoundID   int64
	Name      string
	Kind      string
	Entries   int64
	Assigned  int64
	Started   int64
	Submitted int64
	PerJudge  []JudgeProgress
}

// Progress reports, for every round of a competition, how many assignments
// exist, how many are started and how many submitted, per judge too.
func (s *Store) Progress(ctx context.Context, competitionID int64) ([]RoundProgress, error) {
	rounds, err := s.ListRounds(ctx, competitionID)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		RoundID   int64
		JudgeID   int64
		Name      string
		Assigned  int64
		Started   int64
		Submitted int64
	}
	err = s.q(ctx).Table("assignments").
		Select("assignments.round_id, assignments.judge_id, users.name, COUNT(*) AS assigned, "+
			"COUNT(scorecards.id) AS started, "+
			"SUM(CASE WHEN scorecards.status = ? THEN 1 ELSE 0 END) AS submitted", models.ScorecardSubmitted).
		Joins("JOIN rounds ON rounds.id = assignments.round_id").
		Joins("JOIN users ON users.id = assignments.judge_id").
		Joins("LEFT JOIN scorecards ON scorecards.assignment_id = assignments.id").
		Where("rounds.competition_id = ?", competitionID).
		Group("assignments.round_id, assignments.judge_id, users.name").
		Order("assignments.round_id, users.name").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	var counts []struct {
		RoundID int64
		N       int64
	}
	err = s.q(ctx).Table("round_entries").Select("round_entries.round_id, COUNT(*) AS n").
		Joins("JOIN entries ON entries.id = round_entries.entry_id").
		Joins("JOIN rounds ON rounds.id = round_entries.round_id").
		Where("rounds.competition_id = ? AND entries.status IN ?", competitionID, judgeableStatuses).
		Group("round_entries.round_id").Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	entries := map[int64]int64{}
	for _, c := range counts {
		entries[c.RoundID] = c.N
	}
	out := make([]RoundProgress, len(rounds))
	idx := map[int64]int{}
	for i, r := range rounds {
		out[i] = RoundProgress{RoundID: r.ID, Name: r.Name, Kind: r.Kind, Entries: entries[r.ID], PerJudge: []JudgeProgress{}}
		idx[r.ID] = i
	}
	for _, r := range rows {
		p := &out[idx[r.RoundID]]
		p.Assigned += r.Assigned
		p.Started += r.Started
		p.Submitted += r.Submitted
		p.PerJudge = append(p.PerJudge, JudgeProgress{JudgeID: r.JudgeID, Name: r.Name, Assigned: r.Assigned, Started: r.Started, Submitted: r.Submitted})
	}
	return out, nil
}
