package handlers

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

type organizationRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type membershipJSON struct {
	CompetitionID int64  `json:"competition_id"`
	Role          string `json:"role"`
}

type meResponse struct {
	userJSON
	Organization *organizationRef `json:"organization"`
	Memberships  []membershipJSON `json:"memberships"`
}

// Me answers who the caller is, their OPD and their competition memberships.
func (h *Auth) Me(c *gin.Context) error {
	ctx := c.Request.Context()
	u := me(c)
	resp := meResponse{userJSON: toUser(u), Memberships: []membershipJSON{}}
	if u.OrganizationID != nil {
		o, err := h.Store.OrganizationByID(ctx, *u.OrganizationID)
		if err != nil {
			return err
		}
		resp.Organization = &organizationRef{ID: o.ID, Code: o.Code, Name: o.Name, Kind: o.Kind}
	}
	ms, err := h.Store.Memberships(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		resp.Memberships = append(resp.Memberships, membershipJSON{CompetitionID: m.CompetitionID, Role: m.Role})
	}
	return reply(c, http.StatusOK, resp)
}

type patchMeRequest struct {
	Name            *string `json:"name"`
	Password        *string `json:"password" clean:"-"`
	CurrentPassword string  `json:"current_password" clean:"-"`
}

// PatchMe changes the caller's name or password. A new password needs the
// current one (checked under the sign-in throttle), and ends every other
// session at once, access tokens included.
func (h *Auth) PatchMe(c *gin.Context) error {
	var req patchMeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	u := me(c)
	f := fieldErrors{}
	var p store.UserPatch
	if req.Name != nil {
		f.check("name", valid.Text(*req.Name, 200))
		name := strings.TrimSpace(*req.Name)
		p.Name = &name
	}
	if req.Password != nil {
		f.check("password", passwordReason(h.Passwords, *req.Password, u.Email))
	}
	if err := f.err(); err != nil {
		return err
	}
	if req.Password != nil {
		// The same throttle as sign-in: a stolen access token must not become
		// an unlimited password oracle.
		ok, err := h.checkPassword(c, u.Email, req.CurrentPassword, u.PasswordHash)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Validation(map[string]string{"current_password": "is wrong"})
		}
	}
	if req.Password != nil {
		hash, err := hashPassword(c, h.Passwords, *req.Password)
		if err != nil {
			return err
		}
		p.PasswordHash, p.KeepSession = &hash, session(c)
	}
	updated, err := h.Store.UpdateUser(c.Request.Context(), actor(c), u.ID, p)
	if err != nil {
		return err
	}
	SetPrincipal(c, updated, session(c))
	return h.Me(c)
}
