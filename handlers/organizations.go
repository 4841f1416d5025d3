package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// OrganizationStore is what OPD administration needs from the database.
type OrganizationStore interface {
	ListOrganizations(ctx context.Context, f store.OrganizationFilter, p store.Page) ([]models.Organization, int64, error)
	OrganizationByID(ctx context.Context, id int64) (models.Organization, error)
	CreateOrganization(ctx context.Context, actor store.Actor, o *models.Organization) error
	UpdateOrganization(ctx context.Context, actor store.Actor, id int64, p store.OrganizationPatch) (models.Organization, error)
	DeleteOrganization(ctx context.Context, actor store.Actor, id int64) error
	ImportOrganizations(ctx context.Context, actor store.Actor, rows []store.OrganizationImportRow, bad []store.LineError, dryRun bool) (store.ImportResult, error)
}

// Organizations serves the regency's OPDs.
type Organizations struct {
	Store OrganizationStore
}

type organizationJSON struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	ParentID *int64 `json:"parent_id"`
}

func toOrganization(o models.Organization) organizationJSON {
	return organizationJSON{ID: o.ID, Code: o.Code, Name: o.Name, Kind: o.Kind, ParentID: o.ParentID}
}

// List lists OPDs, filtered by ?q= and ?kind=. Anyone may read it: the sign-up
// form needs it before the participant has an account.
func (h *Organizations) List(c *gin.Context) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	f := store.OrganizationFilter{Q: c.Query("q"), Kind: c.Query("kind")}
	if f.Kind != "" && !models.ValidOrganizationKind(f.Kind) {
		return apperr.Validation(map[string]string{"kind": "must be one of " + strings.Join(models.OrganizationKinds, ", ")})
	}
	orgs, total, err := h.Store.ListOrganizations(c.Request.Context(), f, p)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(orgs, toOrganization), total))
}

// Get shows one OPD.
func (h *Organizations) Get(c *gin.Context) error {
	id, err := pathID(c, "id", "organization")
	if err != nil {
		return err
	}
	o, err := h.Store.OrganizationByID(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toOrganization(o))
}

type createOrganizationRequest struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	ParentID *int64 `json:"parent_id"`
}

// Create adds an OPD.
func (h *Organizations) Create(c *gin.Context) error {
	var req createOrganizationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	code := strings.TrimSpace(req.Code)
	f := fieldErrors{}
	f.check("code", valid.Code(code))
	f.check("name", valid.Text(req.Name, 200))
	f.check("kind", kindReason(req.Kind))
	if err := f.err(); err != nil {
		return err
	}
	o := models.Organization{Code: code, Name: strings.TrimSpace(req.Name), Kind: req.Kind, ParentID: req.ParentID}
	if err := h.Store.CreateOrganization(c.Request.Context(), actor(c), &o); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, toOrganization(o))
}

func kindReason(kind string) string {
	if models.ValidOrganizationKind(kind) {
		return ""
	}
	return "must be one of " + strings.Join(models.OrganizationKinds, ", ")
}

type patchOrganizationRequest struct {
	Code     *string         `json:"code"`
	Name     *string         `json:"name"`
	Kind     *string         `json:"kind"`
	ParentID Nullable[int64] `json:"parent_id"`
}

// Patch changes an OPD.
func (h *Organizations) Patch(c *gin.Context) error {
	id, err := pathID(c, "id", "organization")
	if err != nil {
		return err
	}
	var req patchOrganizationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := fieldErrors{}
	p := store.OrganizationPatch{Kind: req.Kind}
	if req.Code != nil {
		code := strings.TrimSpace(*req.Code)
		f.check("code", valid.Code(code))
		p.Code = &code
	}
	if req.Name != nil {
		f.check("name", valid.Text(*req.Name, 200))
		name := strings.TrimSpace(*req.Name)
		p.Name = &name
	}
	if req.Kind != nil {
		f.check("kind", kindReason(*req.Kind))
	}
	if req.ParentID.Set {
		parent := req.ParentID.ptr()
		p.ParentID = &parent
	}
	if err := f.err(); err != nil {
		return err
	}
	o, err := h.Store.UpdateOrganization(c.Request.Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toOrganization(o))
}

// Delete removes an OPD nothing refers to; otherwise 409.
func (h *Organizations) Delete(c *gin.Context) error {
	id, err := pathID(c, "id", "organization")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteOrganization(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}

// Import creates or updates OPDs from CSV code,name,kind,parent_code.
func (h *Organizations) Import(c *gin.Context) error {
	dry, err := dryRun(c)
	if err != nil {
		return err
	}
	recs, bad, err := readImportCSV(c, []string{"code", "name", "kind", "parent_code"})
	if err != nil {
		return err
	}
	rows := make([]store.OrganizationImportRow, len(recs))
	for i, r := range recs {
		rows[i] = store.OrganizationImportRow{Line: r.Line, Code: r.Fields["code"], Name: r.Fields["name"],
			Kind: strings.ToLower(r.Fields["kind"]), ParentCode: r.Fields["parent_code"]}
	}
	res, err := h.Store.ImportOrganizations(c.Request.Context(), actor(c), rows, bad, dry)
	return respondImport(c, res, dry, err)
}
