package store

import (
	"context"

	"github.com/juri-id/juri/models"
)

// submittedStatuses are the statuses of entries that were submitted and are
// still in the competition's record (drafts and withdrawn ones are not).
var submittedStatuses = []string{models.EntrySubmitted, models.EntryReturned, models.EntryEligible, models.EntryIneligible, models.EntryFinalist}

// CategoryCount is one category's entries.
type CategoryCount struct {
	CategoryID *int64
	Name       string
	Entries    int64 // submitted
	Drafts     int64
}

// KindCount is one kind of OPD's participation.
type KindCount struct {
	Kind          string
	Organizations int64
	WithEntries   int64
	Entries       int64
}

// CompetitionStats answers the regent's question: how many of our OPDs have
// innovated, and in which fields.
type CompetitionStats struct {
	OrganizationsTotal       int64
	OrganizationsWithEntries int64
	OrganizationsWithout     []models.Organization
	ByStatus                 map[string]int64
	ByCategory               []CategoryCount
	ByKind                   []KindCount
}

// Stats counts a competition's participation.
func (s *Store) Stats(ctx context.Context, competitionID int64) (CompetitionStats, error) {
	st := CompetitionStats{ByStatus: map[string]int64{}}
	var orgs []models.Organization
	if err := s.q(ctx).Order("code").Find(&orgs).Error; err != nil {
		return st, err
	}
	type orgCount struct {
		OrganizationID int64
		N              int64
	}
	var perOrg []orgCount
	err := s.q(ctx).Model(&models.Entry{}).Select("organization_id, COUNT(*) AS n").
		Where("competition_id = ? AND status IN ?", competitionID, submittedStatuses).
		Group("organization_id").Scan(&perOrg).Error
	if err != nil {
		return st, err
	}
	entered := map[int64]int64{}
	for _, c := range perOrg {
		entered[c.OrganizationID] = c.N
	}
	kinds := map[string]*KindCount{}
	for _, o := range orgs {
		k := kinds[o.Kind]
		if k == nil {
			k = &KindCount{Kind: o.Kind}
			kinds[o.Kind] = k
		}
		k.Organizations++
		if n := entered[o.ID]; n > 0 {
			k.WithEntries++
			k.Entries += n
			st.OrganizationsWithEntries++
		} else {
			st.OrganizationsWithout = append(st.OrganizationsWithout, o)
		}
	}
	st.OrganizationsTotal = int64(len(orgs))
	for _, kind := range models.OrganizationKinds {
		if k := kinds[kind]; k != nil {
			st.ByKind = append(st.ByKind, *k)
		}
	}

	var byStatus []struct {
		Status string
		N      int64
	}
	if err := s.q(ctx).Model(&models.Entry{}).Select("status, COUNT(*) AS n").Where("competition_id = ?", competitionID).
		Group("status").Scan(&byStatus).Error; err != nil {
		return st, err
	}
	for _, r := range byStatus {
		st.ByStatus[r.Status] = r.N
	}
	return st, s.categoryCounts(ctx, competitionID, &st)
}

func (s *Store) categoryCounts(ctx context.Context, competitionID int64, st *CompetitionStats) error {
	cats, err := s.ListCategories(ctx, competitionID)
	if err != nil {
		return err
	}
	var rows []struct {
		CategoryID *int64
		Status     string
		N          int64
	}
	err = s.q(ctx).Model(&models.Entry{}).Select("category_id, status, COUNT(*) AS n").
		Where("competition_id = ? AND status <> ?", competitionID, models.EntryWithdrawn).
		Group("category_id, status").Scan(&rows).Error
	if err != nil {
		return err
	}
	idx := map[int64]int{}
	for i, c := range cats {
		id := c.ID
		st.ByCategory = append(st.ByCategory, CategoryCount{CategoryID: &id, Name: c.Name})
		idx[c.ID] = i
	}
	none := -1
	for _, r := range rows {
		i, ok := -1, false
		if r.CategoryID != nil {
			i, ok = idx[*r.CategoryID]
		}
		if !ok {
			if none < 0 {
				st.ByCategory = append(st.ByCategory, CategoryCount{Name: "(tanpa kategori)"})
				none = len(st.ByCategory) - 1
			}
			i = none
		}
		if r.Status == models.EntryDraft {
			st.ByCategory[i].Drafts += r.N
		} else {
			st.ByCategory[i].Entries += r.N
		}
	}
	return nil
}
