package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/store"
)

type statsOrganization struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type statsCategory struct {
	CategoryID *int64 `json:"category_id"`
	Name       string `json:"name"`
	Entries    int64  `json:"entries"`
	Drafts     int64  `json:"drafts"`
}

type statsKind struct {
	Kind                     string `json:"kind"`
	Organizations            int64  `json:"organizations"`
	OrganizationsWithEntries int64  `json:"organizations_with_entries"`
	Entries                  int64  `json:"entries"`
}

type statsFunnel struct {
	NoEntry   int64 `json:"no_entry"`
	DraftOnly int64 `json:"draft_only"`
	Submitted int64 `json:"submitted"`
	Eligible  int64 `json:"eligible"`
	Finalist  int64 `json:"finalist"`
}

type statsOrganizationStage struct {
	statsOrganization
	Stage   string `json:"stage"`
	Entries int64  `json:"entries"`
	Drafts  int64  `json:"drafts"`
}

type statsResponse struct {
	Funnel                      statsFunnel              `json:"funnel"`
	ByOrganization              []statsOrganizationStage `json:"by_organization"`
	OrganizationsTotal          int64                    `json:"organizations_total"`
	OrganizationsWithEntries    int64                    `json:"organizations_with_entries"`
	OrganizationsWithoutEntries []statsOrganization      `json:"organizations_without_entries"`
	EntriesByStatus             map[string]int64         `json:"entries_by_status"`
	ByCategory                  []statsCategory          `json:"by_category"`
	ByOrganizationKind          []statsKind              `json:"by_organization_kind"`
	Rounds                      []roundProgressJSON      `json:"rounds"`
}

type judgeProgressJSON struct {
	JudgeID   int64  `json:"judge_id"`
	Name      string `json:"name"`
	Assigned  int64  `json:"assigned"`
	Started   int64  `json:"started"`
	Submitted int64  `json:"submitted"`
}

type roundProgressJSON struct {
	RoundID     int64               `json:"round_id"`
	Name        string              `json:"name"`
	Kind        string              `json:"kind"`
	Entries     int64               `json:"entries"`
	Assignments int64               `json:"assignments"`
	Started     int64               `json:"started"`
	Submitted   int64               `json:"submitted"`
	PerJudge    []judgeProgressJSON `json:"per_judge"`
}

// Stats answers how many OPDs have entered, by status, category and OPD kind.
// Entries count once submitted (drafts and withdrawn entries do not).
func (h *Competitions) Stats(c *gin.Context) error {
	ctx := c.Request.Context()
	comp, a, err := h.load(c)
	if err == nil {
		err = needOrganizer(a)
	}
	if err != nil {
		return err
	}
	st, err := h.Store.Stats(ctx, comp.ID)
	if err != nil {
		return err
	}
	resp := statsResponse{
		OrganizationsTotal: st.OrganizationsTotal, OrganizationsWithEntries: st.OrganizationsWithEntries,
		OrganizationsWithoutEntries: []statsOrganization{}, EntriesByStatus: st.ByStatus,
		ByCategory: []statsCategory{}, ByOrganizationKind: []statsKind{}, Rounds: []roundProgressJSON{},
	}
	progress, err := h.Store.Progress(ctx, comp.ID)
	if err != nil {
		return err
	}
	for _, p := range progress {
		rp := roundProgressJSON{RoundID: p.RoundID, Name: p.Name, Kind: p.Kind, Entries: p.Entries, Assignments: p.Assigned,
			Started: p.Started, Submitted: p.Submitted, PerJudge: []judgeProgressJSON{}}
		for _, j := range p.PerJudge {
			rp.PerJudge = append(rp.PerJudge, judgeProgressJSON{j.JudgeID, j.Name, j.Assigned, j.Started, j.Submitted})
		}
		resp.Rounds = append(resp.Rounds, rp)
	}
	f := st.Funnel
	resp.Funnel = statsFunnel{f[store.StageNoEntry], f[store.StageDraftOnly], f[store.StageSubmitted], f[store.StageEligible], f[store.StageFinalist]}
	resp.ByOrganization = []statsOrganizationStage{}
	for _, o := range st.ByOrganization {
		resp.ByOrganization = append(resp.ByOrganization, statsOrganizationStage{statsOrganization{o.ID, o.Code, o.Name, o.Kind}, o.Stage, o.Entries, o.Drafts})
	}
	for _, o := range st.OrganizationsWithout {
		resp.OrganizationsWithoutEntries = append(resp.OrganizationsWithoutEntries, statsOrganization{o.ID, o.Code, o.Name, o.Kind})
	}
	for _, k := range st.ByCategory {
		resp.ByCategory = append(resp.ByCategory, statsCategory{k.CategoryID, k.Name, k.Entries, k.Drafts})
	}
	for _, k := range st.ByKind {
		resp.ByOrganizationKind = append(resp.ByOrganizationKind, statsKind{k.Kind, k.Organizations, k.WithEntries, k.Entries})
	}
	return reply(c, http.StatusOK, resp)
}
