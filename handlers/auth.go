package handlers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// AuthStore is what sign-in needs from the database.
type AuthStore interface {
	CreateUser(ctx context.Context, actor store.Actor, u *models.User) error
	UserByEmail(ctx context.Context, email string) (models.User, error)
	UserByID(ctx context.Context, id int64) (models.User, error)
	UpdateUser(ctx context.Context, actor store.Actor, id int64, p store.UserPatch) (models.User, error)
	OrganizationByID(ctx context.Context, id int64) (models.Organization, error)
	StartSession(ctx context.Context, userID int64, family, hash string, ttl time.Duration) error
	RotateRefreshToken(ctx context.Context, oldHash, newHash string, ttl time.Duration) (models.User, string, error)
	EndSession(ctx context.Context, userID int64, session string) error
	EndRefreshSession(ctx context.Context, userID int64, hash string) error
	PasswordAttempt(ctx context.Context, email, client string, l store.GuessLimits) (store.Attempt, error)
	PasswordSucceeded(ctx context.Context, email, client string) error
	ForgetAttempt(ctx context.Context, id int64) error
	Memberships(ctx context.Context, userID int64) ([]store.Membership, error)
	Register(ctx context.Context, reg *models.Registration, note models.OutboxMessage, perHour int) error
	ConfirmRegistration(ctx context.Context, tokenHash string) (models.User, error)
}

// Auth serves registration, sign-in, token refresh and the caller's profile.
type Auth struct {
	Store     AuthStore
	Passwords *auth.Passwords
	Tokens    *auth.Tokens
	Now       func() time.Time
	// Guessing is the password throttle; zero means DefaultGuessLimits.
	Guessing store.GuessLimits
	Notify   notify.Links
}

type userJSON struct {
	ID             int64       `json:"id"`
	Email          string      `json:"email"`
	Name           string      `json:"name"`
	Role           models.Role `json:"role"`
	OrganizationID *int64      `json:"organization_id"`
	Disabled       bool        `json:"disabled"`
	HasPassword    bool        `json:"has_password"`
	Verified       bool        `json:"verified"`
}

func toUser(u models.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, OrganizationID: u.OrganizationID,
		Disabled: u.Disabled, HasPassword: u.PasswordHash != "", Verified: u.Verified}
}

func passwordReason(pw *auth.Passwords, password, email string) string {
	if err := pw.Check(password, email); err != nil {
		return err.Error()
	}
	return ""
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password" clean:"-"`
}

type tokenResponse struct {
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	TokenType    string   `json:"token_type"`
	ExpiresIn    int      `json:"expires_in"`
	User         userJSON `json:"user"`
}

// Login checks the password and starts a session (a new refresh token family).
// An unknown address and a wrong password get the same answer in the same time.
func (h *Auth) Login(c *gin.Context) error {
	ctx := c.Request.Context()
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	email := valid.NormalizeEmail(req.Email)
	if email == "" || req.Password == "" || len(req.Password) > auth.MaxPasswordLen {
		return apperr.Validation(map[string]string{"email": "and password are required"})
	}
	u, err := h.Store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// An unknown account is checked against no hash: the same throttle, the
	// same time, the same answer.
	ok, err := h.checkPassword(c, email, req.Password, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok || u.ID == 0 {
		return apperr.Unauthorized("wrong e-mail or password (a new registration signs in once its e-mail link is followed)")
	}
	if u.Disabled {
		return apperr.Unauthorized("this account is disabled; ask the organizers")
	}
	return h.startSession(c, u)
}

// startSession signs u in: a new session with its first refresh token.
func (h *Auth) startSession(c *gin.Context, u models.User) error {
	family, err := auth.NewFamilyID()
	if err != nil {
		return err
	}
	refresh, hash, err := auth.NewRefreshToken()
	if err != nil {
		return err
	}
	if err := h.Store.StartSession(c.Request.Context(), u.ID, family, hash, auth.RefreshTTL); err != nil {
		return err
	}
	return h.respondTokens(c, u, family, refresh)
}

// respondTokens answers with a fresh access token of session beside the
// refresh token.
func (h *Auth) respondTokens(c *gin.Context, u models.User, session, refresh string) error {
	access, ttl, err := h.Tokens.Issue(u.ID, u.Role, session)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, tokenResponse{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", ExpiresIn: ttl, User: toUser(u)})
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// Refresh spends a refresh token for a new pair. A spent token presented again
// revokes its whole family (the store does that) and gets a 401.
func (h *Auth) Refresh(c *gin.Context) error {
	var req refreshRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.RefreshToken == "" || len(req.RefreshToken) > 200 {
		return apperr.Validation(map[string]string{"refresh_token": "is required"})
	}
	refresh, hash, err := auth.NewRefreshToken()
	if err != nil {
		return err
	}
	u, session, err := h.Store.RotateRefreshToken(c.Request.Context(), auth.HashRefreshToken(req.RefreshToken), hash, auth.RefreshTTL)
	if errors.Is(err, store.ErrTokenInvalid) {
		return apperr.Unauthorized("the refresh token is invalid, expired or already used; sign in again")
	}
	if err != nil {
		return err
	}
	return h.respondTokens(c, u, session, refresh)
}

// Logout ends the caller's session at once: its refresh tokens and every
// access token it issued, this one included. A refresh_token in the body ends
// the session it belongs to as well. It answers 204 either way.
func (h *Auth) Logout(c *gin.Context) error {
	var req refreshRequest
	if c.Request.ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	ctx := c.Request.Context()
	if err := h.Store.EndSession(ctx, me(c).ID, session(c)); err != nil {
		return err
	}
	if req.RefreshToken != "" {
		// A refresh token of another of the caller's sessions ends that one too.
		if err := h.Store.EndRefreshSession(ctx, me(c).ID, auth.HashRefreshToken(req.RefreshToken)); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return noContent(c)
}
