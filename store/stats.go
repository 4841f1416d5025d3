package store

import (
	"context"

	"github.com/juri-id/juri/models"
)

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
	// Funnel counts the OPDs at each stage (FunnelStages, in order), and
	// ByOrganization gives every OPD its stage.
	Funnel         map[string]int64
	ByOrganization []OrganizationStage
}

// The stages of an OPD's participation, from none to the furthest: an OPD
// stands at the furthest any of its entries reached. Withdrawn entries do
// not count; returned and ineligible ones count as submitted.
const (
	StageNoEntry   = "no_entry"
	StageDraftOnly = "draft_only"
	StageSubmitted = "submitted"
	StageEligible  = "eligible"
	StageFinalist  = "finalist"
)

// FunnelStages lists the stages in order.
var FunnelStages = []string{StageNoEntry, StageDraftOnly, StageSubmitted, StageEligible, StageFinalist}

// stageOf is how far an entry of status s takes its OPD (0 for none).
func stageOf(s string) int {
	switch s {
	case models.EntryDraft:
		return 1
	case models.EntrySubmitted, models.EntryReturned, models.EntryIneligible:
		return 2
	case models.EntryEligible:
		return 3
	case models.EntryFinalist:
		return 4
	}
	return 0
}

// OrganizationStage is one OPD's participation.
type OrganizationStage struct {
	models.Organization
	Stage   string
	Entries int64 // submitted (and still in the record)
	Drafts  int64
}

// Stats counts a competition's participation.
func (s *Store) Stats(ctx context.Context, competitionID int64) (CompetitionStats, error) {
	st := CompetitionStats{ByStatus: map[string]int64{}, Funnel: map[string]int64{}}
	var orgs []models.Organization
	if err := s.q(ctx).Order("code").Find(&orgs).Error; err != nil {
		return st, err
	}
	var perOrg []struct {
		OrganizationID int64
		Status         string
		N              int64
	}
	err := s.q(ctx).Model(&models.Entry{}).Select("organization_id, status, COUNT(*) AS n").
		Where("competition_id = ? AND status <> ?", competitionID, models.EntryWithdrawn).
		Group("organization_id, status").Scan(&perOrg).Error
	if err != nil {
		return st, err
	}
	entered := map[int64]int64{}
	drafts := map[int64]int64{}
	furthest := map[int64]int{}
	for _, c := range perOrg {
		if c.Status == models.EntryDraft {
			drafts[c.OrganizationID] += c.N
		} else {
			entered[c.OrganizationID] += c.N
		}
		furthest[c.OrganizationID] = max(furthest[c.OrganizationID], stageOf(c.Status))
	}
	for _, stage := range FunnelStages {
		st.Funnel[stage] = 0
	}
	kinds := map[string]*KindCount{}
	for _, o := range orgs {
		k := kinds[o.Kind]
		if k == nil {
			k = &KindCount{Kind: o.Kind}
			kinds[o.Kind] = k
		}
		k.Organizations++
		reached := furthest[o.ID]
		st.Funnel[FunnelStages[reached]]++
		st.ByOrganization = append(st.ByOrganization, OrganizationStage{Organization: o, Stage: FunnelStages[reached],
			Entries: entered[o.ID], Drafts: drafts[o.ID]})
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
