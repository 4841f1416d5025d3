package handlers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// MemberStore is what membership management needs.
type MemberStore interface {
	competitionLoader
	UserByID(ctx context.Context, id int64) (models.User, error)
	ListMembers(ctx context.Context, competitionID int64) ([]store.MemberView, error)
	ListCategories(ctx context.Context, competitionID int64) ([]models.Category, error)
	UpsertMember(ctx context.Context, actor store.Actor, competitionID, userID int64, role string, expertise []int64) (bool, error)
	RemoveMember(ctx context.Context, actor store.Actor, competitionID, userID int64) error
}

// Members serves a competition's organizers and judges.
type Members struct {
	Store MemberStore
}

type memberJSON struct {
	UserID               int64     `json:"user_id"`
	Name                 string    `json:"name"`
	Email                string    `json:"email"`
	Role                 string    `json:"role"`
	OrganizationID       *int64    `json:"organization_id"`
	ExpertiseCategoryIDs []int64   `json:"expertise_category_ids"`
	CreatedAt            time.Time `json:"created_at"`
}

func toMember(m store.MemberView) memberJSON {
	return memberJSON{UserID: m.UserID, Name: m.Name, Email: m.Email, Role: m.Role, OrganizationID: m.Organization,
		ExpertiseCategoryIDs: m.Expertise, CreatedAt: m.CreatedAt.UTC()}
}

// List lists the competition's members.
func (h *Members) List(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	ms, err := h.Store.ListMembers(c.Request.Context(), comp.ID)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(ms, toMember), int64(len(ms))))
}

type addMemberRequest struct {
	UserID               int64   `json:"user_id"`
	Role                 string  `json:"role"`
	ExpertiseCategoryIDs []int64 `json:"expertise_category_ids"`
}

// Add makes a user an organizer or judge of the competition, or changes their
// role and expertise: 201 when new, 200 when changed.
func (h *Members) Add(c *gin.Context) error {
	ctx := c.Request.Context()
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	var req addMemberRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.check(c, comp, req); err != nil {
		return err
	}
	created, err := h.Store.UpsertMember(ctx, actor(c), comp.ID, req.UserID, req.Role, req.ExpertiseCategoryIDs)
	if err != nil {
		return err
	}
	ms, err := h.Store.ListMembers(ctx, comp.ID)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	for _, m := range ms {
		if m.UserID == req.UserID {
			return reply(c, status, toMember(m))
		}
	}
	return store.ErrNotFound
}

// check validates a membership: judges must have the judge role, organizers
// the organizer or admin role, and expertise must name this competition's
// categories.
func (h *Members) check(c *gin.Context, comp models.Competition, req addMemberRequest) error {
	ctx := c.Request.Context()
	f := fieldErrors{}
	u, err := h.Store.UserByID(ctx, req.UserID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		f.check("user_id", "does not name an existing user")
	case err != nil:
		return err
	}
	switch req.Role {
	case models.MemberJudge:
		if u.ID != 0 && u.Role != models.RoleJudge {
			f.check("user_id", "is a "+string(u.Role)+"; only users with the judge role can judge")
		}
	case models.MemberOrganizer:
		if u.ID != 0 && u.Role != models.RoleOrganizer && u.Role != models.RoleAdmin {
			f.check("user_id", "is a "+string(u.Role)+"; only organizers and admins can organize")
		}
		if len(req.ExpertiseCategoryIDs) > 0 {
			f.check("expertise_category_ids", "only judges carry expertise")
		}
	default:
		f.check("role", "must be organizer or judge")
	}
	cats, err := h.Store.ListCategories(ctx, comp.ID)
	if err != nil {
		return err
	}
	ids := map[int64]bool{}
	for _, cat := range cats {
		ids[cat.ID] = true
	}
	for _, id := range req.ExpertiseCategoryIDs {
		if !ids[id] {
			f.check("expertise_category_ids", "holds a category that is not part of this competition")
		}
	}
	if u.Disabled {
		return apperr.Conflict("the user is disabled")
	}
	return f.err()
}

// Remove ends a membership.
func (h *Members) Remove(c *gin.Context) error {
	comp, err := loadManaged(c, h.Store)
	if err != nil {
		return err
	}
	uid, err := pathID(c, "user_id", "member")
	if err == nil {
		err = h.Store.RemoveMember(c.Request.Context(), actor(c), comp.ID, uid)
	}
	if err != nil {
		return err
	}
	return noContent(c)
}
