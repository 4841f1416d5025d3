package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/juri-id/juri/models"
)

// judgeableStatuses are the statuses of entries a round's judges score.
var judgeableStatuses = []string{models.EntrySubmitted, models.EntryEligible, models.EntryFinalist}

// RoundEntries lists the entries of a round that can be judged, by id.
func (s *Store) RoundEntries(ctx context.Context, roundID int64) ([]models.Entry, error) {
	var out []models.Entry
	err := s.q(ctx).Model(&models.Entry{}).Joins("JOIN round_entries re ON re.entry_id = entries.id").
		Where("re.round_id = ? AND entries.status IN ?", roundID, judgeableStatuses).Order("entries.id").Find(&out).Error
	return out, err
}

// AddRoundEntries puts entries into a round; entries already in it stay
// once, also when two requests add the same entries at the same moment (the
// insert skips rows that exist). It reports how many were added.
func (s *Store) AddRoundEntries(ctx context.Context, roundID int64, entryIDs []int64) (int, error) {
	now := s.Now()
	seen := map[int64]bool{}
	var rows []models.RoundEntry
	for _, id := range entryIDs {
		if !seen[id] {
			seen[id] = true
			rows = append(rows, models.RoundEntry{RoundID: roundID, EntryID: id, CreatedAt: now})
		}
	}
	if len(rows) == 0 {
		return 0, nil
	}
	res := s.q(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 500)
	return int(res.RowsAffected), res.Error
}

// EntriesByID loads entries by id, keyed by id, without a viewer: for code
// that already knows the caller may see them.
func (s *Store) EntriesByID(ctx context.Context, ids []int64) (map[int64]models.Entry, error) {
	out := map[int64]models.Entry{}
	if len(ids) == 0 {
		return out, nil
	}
	var es []models.Entry
	if err := s.q(ctx).Where("id IN ?", ids).Find(&es).Error; err != nil {
		return nil, err
	}
	for _, e := range es {
		out[e.ID] = e
	}
	return out, nil
}

// JudgeMember is a judge of a competition with their expertise.
type JudgeMember struct {
	models.User
	Expertise []int64
}

// Judges lists a competition's judges who are not disabled.
func (s *Store) Judges(ctx context.Context, competitionID int64) ([]JudgeMember, error) {
	var users []models.User
	err := s.q(ctx).Model(&models.User{}).Joins("JOIN competition_members m ON m.user_id = users.id").
		Where("m.competition_id = ? AND m.role = ? AND users.disabled = ? AND users.role = ?", competitionID, models.MemberJudge, false, models.RoleJudge).
		Order("users.id").Find(&users).Error
	if err != nil {
		return nil, err
	}
	exp, err := s.expertise(ctx, competitionID)
	if err != nil {
		return nil, err
	}
	out := make([]JudgeMember, len(users))
	for i, u := range users {
		out[i] = JudgeMember{User: u, Expertise: exp[u.ID]}
	}
	return out, nil
}

// AssignmentView is an assignment with what lists show about it.
type AssignmentView struct {
	models.Assignment
	JudgeName  string
	EntryTitle string
	Status     string // pending, draft or submitted
	UpdatedAt  time.Time
}

// Assignments lists a round's assignments; judgeID 0 means every judge.
func (s *Store) Assignments(ctx context.Context, roundID, judgeID int64) ([]AssignmentView, error) {
	q := s.q(ctx).Table("assignments").
		Select("assignments.*, users.name AS judge_name, entries.title AS entry_title, " +
			"COALESCE(scorecards.status, 'pending') AS status, scorecards.updated_at AS scorecard_updated_at").
		Joins("JOIN users ON users.id = assignments.judge_id").
		Joins("JOIN entries ON entries.id = assignments.entry_id").
		Joins("LEFT JOIN scorecards ON scorecards.assignment_id = assignments.id")
	if roundID != 0 {
		q = q.Where("assignments.round_id = ?", roundID)
	}
	if judgeID != 0 {
		q = q.Where("assignments.judge_id = ?", judgeID)
	}
	var rows []struct {
		models.Assignment
		JudgeName          string
		EntryTitle         string
		Status             string
		ScorecardUpdatedAt *time.Time
	}
	if err := q.Order("assignments.round_id, assignments.entry_id, assignments.judge_id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]AssignmentView, len(rows))
	for i, r := range rows {
		out[i] = AssignmentView{Assignment: r.Assignment, JudgeName: r.JudgeName, EntryTitle: r.EntryTitle, Status: r.Status,
			UpdatedAt: r.CreatedAt}
		if r.ScorecardUpdatedAt != nil {
			out[i].UpdatedAt = *r.ScorecardUpdatedAt
		}
	}
	return out, nil
}

// AssignmentContext is an assignment with everything around it.
type AssignmentContext struct {
	Assignment  models.Assignment
	Round       models.Round
	Competition models.Competition
	Entry       models.Entry
	Access      Access
	Mine        bool // the viewer is the assigned judge
}

// AssignmentFor loads assignment id as v sees it: the assigned judge and the
// competition's organizers see it; for anyone else it does not exist.
func (s *Store) AssignmentFor(ctx context.Context, v Viewer, id int64) (AssignmentContext, error) {
	var ac AssignmentContext
	if err := s.q(ctx).Where("id = ?", id).Take(&ac.Assignment).Error; err != nil {
		return ac, notFound(err)
	}
	r, c, a, err := s.RoundFor(ctx, v, ac.Assignment.RoundID)
	if err != nil {
		return ac, err
	}
	ac.Round, ac.Competition, ac.Access = r, c, a
	ac.Mine = ac.Assignment.JudgeID == v.ID && v.Role == models.RoleJudge
	if !ac.Mine && !a.Organizer {
		return ac, ErrNotFound
	}
	err = s.q(ctx).Where("id = ?", ac.Assignment.EntryID).Take(&ac.Entry).Error
	return ac, err
}

// DeleteAssignment removes an assignment whose scorecard is not submitted,
// or one flagged for a conflict of interest, submitted or not: the
// organizers decide what a conflicted judge's scores are worth.
func (s *Store) DeleteAssignment(ctx context.Context, actor Actor, a models.Assignment) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var r models.Round
		if err := tx.q(ctx).Where("id = ?", a.RoundID).Take(&r).Error; err != nil {
			return notFound(err)
		}
		if err := tx.lockAssigning(ctx, r.CompetitionID); err != nil {
			return err
		}
		var cur models.Assignment
		if err := tx.q(ctx).Where("id = ?", a.ID).Take(&cur).Error; err != nil {
			return notFound(err)
		}
		return tx.removeAssignment(ctx, actor, cur, "removed by an organizer", cur.ConflictFlaggedAt != nil)
	})
}
