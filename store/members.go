package store

import (
	"context"
	"errors"
	"slices"

	"gorm.io/gorm"

	"github.com/juri-id/juri/models"
)

// MemberView is a member with their user and expertise.
type MemberView struct {
	models.Member
	Name         string
	Email        string
	Expertise    []int64
	UserRole     models.Role
	Organization *int64
}

// ListMembers lists a competition's organizers and judges.
func (s *Store) ListMembers(ctx context.Context, competitionID int64) ([]MemberView, error) {
	var rows []struct {
		models.Member
		Name           string
		Email          string
		UserRole       models.Role
		OrganizationID *int64
	}
	err := s.q(ctx).Table("competition_members").
		Select("competition_members.*, users.name, users.email, users.role AS user_role, users.organization_id").
		Joins("JOIN users ON users.id = competition_members.user_id").
		Where("competition_members.competition_id = ?", competitionID).
		Order("competition_members.role DESC, users.name").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	exp, err := s.expertise(ctx, competitionID)
	if err != nil {
		return nil, err
	}
	out := make([]MemberView, len(rows))
	for i, r := range rows {
		out[i] = MemberView{Member: r.Member, Name: r.Name, Email: r.Email, UserRole: r.UserRole,
			Organization: r.OrganizationID, Expertise: orEmptyIDs(exp[r.UserID])}
	}
	return out, nil
}

func orEmptyIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// expertise maps each judge of a competition to their category ids.
func (s *Store) expertise(ctx context.Context, competitionID int64) (map[int64][]int64, error) {
	var rows []models.JudgeExpertise
	if err := s.q(ctx).Where("competition_id = ?", competitionID).Order("user_id, category_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	for _, r := range rows {
		out[r.UserID] = append(out[r.UserID], r.CategoryID)
	}
	return out, nil
}

// UpsertMember makes user a member with role and the given expertise (which
// replaces any earlier one). It reports whether the membership is new.
func (s *Store) UpsertMember(ctx context.Context, actor Actor, competitionID, userID int64, role string, expertise []int64) (bool, error) {
	created := false
	err := s.WithTx(ctx, func(tx *Store) error {
		var m models.Member
		err := tx.q(ctx).Where("competition_id = ? AND user_id = ?", competitionID, userID).Take(&m).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			created = true
			m = models.Member{CompetitionID: competitionID, UserID: userID, Role: role, CreatedAt: tx.Now()}
			if err := tx.q(ctx).Create(&m).Error; err != nil {
				return translate(err, "member")
			}
		case err != nil:
			return err
		default:
			if err := tx.q(ctx).Model(&models.Member{}).Where("competition_id = ? AND user_id = ?", competitionID, userID).
				Update("role", role).Error; err != nil {
				return err
			}
		}
		if err := tx.q(ctx).Where("competition_id = ? AND user_id = ?", competitionID, userID).Delete(&models.JudgeExpertise{}).Error; err != nil {
			return err
		}
		slices.Sort(expertise)
		for _, cat := range slices.Compact(expertise) {
			if err := tx.q(ctx).Create(&models.JudgeExpertise{CompetitionID: competitionID, UserID: userID, CategoryID: cat}).Error; err != nil {
				return translate(err, "expertise")
			}
		}
		action := "member.update"
		if created {
			action = "member.add"
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(competitionID), Action: action, ObjectType: "user",
			ObjectID: userID, Details: map[string]any{"role": role, "expertise_category_ids": expertise}})
	})
	return created, err
}

// RemoveMember ends a membership. The last organizer cannot be removed.
func (s *Store) RemoveMember(ctx context.Context, actor Actor, competitionID, userID int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var m models.Member
		if err := tx.q(ctx).Where("competition_id = ? AND user_id = ?", competitionID, userID).Take(&m).Error; err != nil {
			return notFound(err)
		}
		if m.Role == models.MemberOrganizer {
			var n int64
			if err := tx.q(ctx).Model(&models.Member{}).Where("competition_id = ? AND role = ?", competitionID, models.MemberOrganizer).Count(&n).Error; err != nil {
				return err
			}
			if n <= 1 {
				return Conflict("this is the competition's last organizer; add another organizer first")
			}
		}
		if m.Role == models.MemberJudge {
			if err := tx.dropJudgeAssignments(ctx, actor, competitionID, userID); err != nil {
				return err
			}
		}
		if err := tx.removeMemberRows(ctx, competitionID, userID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(competitionID), Action: "member.remove",
			ObjectType: "user", ObjectID: userID, Details: map[string]any{"role": m.Role}})
	})
}

// dropJudgeAssignments removes a leaving judge's assignments in the rounds
// not yet published (their scorecards, drafts or submitted, go into the audit
// log first): a judge who is no longer on the jury must not read the entries
// or count in the ranking. Published rounds stay as they were published.
func (s *Store) dropJudgeAssignments(ctx context.Context, actor Actor, competitionID, judgeID int64) error {
	var as []models.Assignment
	err := s.q(ctx).Table("assignments").Select("assignments.*").Joins("JOIN rounds r ON r.id = assignments.round_id").
		Where("r.competition_id = ? AND assignments.judge_id = ? AND r.status <> ?", competitionID, judgeID, models.RoundPublished).
		Scan(&as).Error
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := s.removeAssignment(ctx, actor, a, "the judge left the competition", true); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) removeMemberRows(ctx context.Context, competitionID, userID int64) error {
	if err := s.q(ctx).Where("competition_id = ? AND user_id = ?", competitionID, userID).Delete(&models.JudgeExpertise{}).Error; err != nil {
		return err
	}
	return translate(s.q(ctx).Where("competition_id = ? AND user_id = ?", competitionID, userID).Delete(&models.Member{}).Error,
		"the member's assignments")
}

// Membership is one competition the user belongs to.
type Membership struct {
	CompetitionID int64
	Role          string
}

// Memberships lists the competitions a user is a member of.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	var ms []models.Member
	if err := s.q(ctx).Where("user_id = ?", userID).Order("competition_id").Find(&ms).Error; err != nil {
		return nil, err
	}
	out := make([]Membership, len(ms))
	for i, m := range ms {
		out[i] = Membership{CompetitionID: m.CompetitionID, Role: m.Role}
	}
	return out, nil
}
