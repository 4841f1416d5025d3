package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// UserStore is what user administration needs from the database.
type UserStore interface {
	CreateUser(ctx context.Context, actor store.Actor, u *models.User) error
	UserByID(ctx context.Context, id int64) (models.User, error)
	ListUsers(ctx context.Context, f store.UserFilter, p store.Page) ([]models.User, int64, error)
	UpdateUser(ctx context.Context, actor store.Actor, id int64, p store.UserPatch) (models.User, error)
	OrganizationByID(ctx context.Context, id int64) (models.Organization, error)
	CountActiveAdmins(ctx context.Context) (int64, error)
	ImportUsers(ctx context.Context, actor store.Actor, role models.Role, rows []store.UserImportRow, bad []store.LineError, dryRun bool) (store.ImportResult, error)
}

// Users serves user administration (admin) and the user import (admin, organizer).
type Users struct {
	Store     UserStore
	Passwords *auth.Passwords
}

// List lists users, filtered by ?q=, ?role= and ?organization_id=.
func (h *Users) List(c *gin.Context) error {
	p, err := page(c)
	if err != nil {
		return err
	}
	orgID, err := queryID(c, "organization_id")
	if err != nil {
		return err
	}
	f := store.UserFilter{Q: c.Query("q"), Role: models.Role(c.Query("role")), OrganizationID: orgID}
	switch c.Query("verified") {
	case "":
	case "true", "false":
		v := c.Query("verified") == "true"
		f.Verified = &v
	default:
		return apperr.Validation(map[string]string{"verified": "must be true or false"})
	}
	if f.Role != "" && !f.Role.Valid() {
		return apperr.Validation(map[string]string{"role": "must be one of admin, organizer, judge, participant"})
	}
	users, total, err := h.Store.ListUsers(c.Request.Context(), f, p)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(users, toUser), total))
}

// inPath loads the user named by the path.
func (h *Users) inPath(c *gin.Context) (models.User, error) {
	id, err := pathID(c, "id", "user")
	if err != nil {
		return models.User{}, err
	}
	return h.Store.UserByID(c.Request.Context(), id)
}

// Get shows one user.
func (h *Users) Get(c *gin.Context) error {
	u, err := h.inPath(c)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toUser(u))
}

type createUserRequest struct {
	Email          string      `json:"email"`
	Name           string      `json:"name"`
	Role           models.Role `json:"role"`
	OrganizationID *int64      `json:"organization_id"`
	Password       *string     `json:"password" clean:"-"`
}

// Create adds a user of any role. Without a password the user cannot sign in
// until an admin sets one.
func (h *Users) Create(c *gin.Context) error {
	var req createUserRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	email := valid.NormalizeEmail(req.Email)
	f := fieldErrors{}
	f.check("email", valid.Email(email))
	f.check("name", valid.Text(req.Name, 200))
	if !req.Role.Valid() {
		f.check("role", "must be one of admin, organizer, judge, participant")
	}
	h.checkOrganization(c, f, req.Role, req.OrganizationID)
	if req.Password != nil {
		f.check("password", passwordReason(h.Passwords, *req.Password, email))
	}
	if err := f.err(); err != nil {
		return err
	}
	u := models.User{Email: email, Name: strings.TrimSpace(req.Name), Role: req.Role, OrganizationID: req.OrganizationID, Verified: true}
	if req.Password != nil {
		hash, err := hashPassword(c, h.Passwords, *req.Password)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
	}
	if err := h.Store.CreateUser(c.Request.Context(), actor(c), &u); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, toUser(u))
}

// checkOrganization requires an existing OPD for participants and checks any
// OPD given for the other roles.
func (h *Users) checkOrganization(c *gin.Context, f fieldErrors, role models.Role, orgID *int64) {
	switch {
	case orgID == nil && role == models.RoleParticipant:
		f.check("organization_id", "is required for a participant")
	case orgID != nil:
		if _, err := h.Store.OrganizationByID(c.Request.Context(), *orgID); err != nil {
			f.check("organization_id", "does not name an existing organization")
		}
	}
}

type patchUserRequest struct {
	Name           *string         `json:"name"`
	Role           *models.Role    `json:"role"`
	OrganizationID Nullable[int64] `json:"organization_id"`
	Disabled       *bool           `json:"disabled"`
	Password       *string         `json:"password" clean:"-"`
	Verified       *bool           `json:"verified"`
}

// Patch changes a user. The last active admin cannot be disabled or demoted,
// so the regency never locks itself out.
func (h *Users) Patch(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "user")
	if err != nil {
		return err
	}
	var req patchUserRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	old, err := h.Store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	p, err := h.patch(c, old, req)
	if err != nil {
		return err
	}
	u, err := h.Store.UpdateUser(ctx, actor(c), id, p)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toUser(u))
}

func (h *Users) patch(c *gin.Context, old models.User, req patchUserRequest) (store.UserPatch, error) {
	f := fieldErrors{}
	p := store.UserPatch{Disabled: req.Disabled, Role: req.Role, Verified: req.Verified}
	if req.Name != nil {
		f.check("name", valid.Text(*req.Name, 200))
		name := strings.TrimSpace(*req.Name)
		p.Name = &name
	}
	role := old.Role
	if req.Role != nil {
		if !req.Role.Valid() {
			f.check("role", "must be one of admin, organizer, judge, participant")
		}
		role = *req.Role
	}
	org := old.OrganizationID
	if req.OrganizationID.Set {
		org = req.OrganizationID.ptr()
		p.OrganizationID = &org
	}
	h.checkOrganization(c, f, role, org)
	if req.Password != nil {
		f.check("password", passwordReason(h.Passwords, *req.Password, old.Email))
	}
	if err := f.err(); err != nil {
		return p, err
	}
	if req.Password != nil {
		hash, err := hashPassword(c, h.Passwords, *req.Password)
		if err != nil {
			return p, err
		}
		p.PasswordHash = &hash
	}
	losesAdmin := old.Role == models.RoleAdmin && !old.Disabled &&
		((req.Disabled != nil && *req.Disabled) || (req.Role != nil && *req.Role != models.RoleAdmin))
	if losesAdmin {
		n, err := h.Store.CountActiveAdmins(c.Request.Context())
		if err != nil {
			return p, err
		}
		if n <= 1 {
			return p, apperr.Conflict("this is the last active admin; make another admin first")
		}
	}
	return p, nil
}

// Verify confirms that a self-registered participant works for their OPD:
// from then on they may submit for it and see its entries. Admins and
// organizers may; only participants are verified this way.
func (h *Users) Verify(c *gin.Context) error {
	u, err := h.inPath(c)
	if err != nil {
		return err
	}
	if u.Role != models.RoleParticipant {
		return apperr.Conflict("only participants are verified; %s is a %s", u.Email, u.Role)
	}
	yes := true
	u, err = h.Store.UpdateUser(c.Request.Context(), actor(c), u.ID, store.UserPatch{Verified: &yes})
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, toUser(u))
}

// Import creates or updates users from CSV email,name,role,organization_code.
func (h *Users) Import(c *gin.Context) error {
	dry, err := dryRun(c)
	if err != nil {
		return err
	}
	recs, bad, err := readImportCSV(c, []string{"email", "name", "role", "organization_code"})
	if err != nil {
		return err
	}
	rows := make([]store.UserImportRow, len(recs))
	for i, r := range recs {
		rows[i] = store.UserImportRow{Line: r.Line, Email: r.Fields["email"], Name: r.Fields["name"],
			Role: r.Fields["role"], OrganizationCode: r.Fields["organization_code"]}
	}
	res, err := h.Store.ImportUsers(c.Request.Context(), actor(c), me(c).Role, rows, bad, dry)
	return respondImport(c, res, dry, err)
}

// respondImport answers an import: 200 with counts, or 422 listing every bad
// line (both in the error shape and as the contract's errors list). The
// message counts lines, not problems: one line can have several. A dry run
// answers the same, with dry_run true.
func respondImport(c *gin.Context, res store.ImportResult, dry bool, err error) error {
	var ie *store.ImportError
	if errors.As(err, &ie) {
		lines := map[int]bool{}
		for _, l := range ie.Lines {
			lines[l.Line] = true
		}
		e := apperr.Invalid("%d line(s) are invalid; nothing was imported", len(lines))
		e.Beside = map[string]any{"created": 0, "updated": 0, "unchanged": 0, "errors": ie.Lines, "dry_run": dry}
		return e
	}
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, importResponse{Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged,
		Errors: []store.LineError{}, DryRun: dry})
}
