package api

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/handlers"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// userLoader loads the user a token names, in the session it names.
type userLoader func(ctx context.Context, id int64, session string) (models.User, error)

// authenticate requires a bearer token and loads its user on every request,
// so a disabled account or a changed role takes effect at once rather than
// when the token expires. Public routes do not run it.
func authenticate(tokens *auth.Tokens, load userLoader, f failer) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if h == "" {
			writeError(c, apperr.Unauthorized("sign in first"))
			return
		}
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			writeError(c, apperr.Unauthorized("the Authorization header must be \"Bearer <access_token>\""))
			return
		}
		id, session, err := tokens.Parse(strings.TrimSpace(token))
		if err != nil {
			writeError(c, apperr.Unauthorized("the access token is invalid or expired; refresh it or sign in again"))
			return
		}
		u, err := load(c.Request.Context(), id, session)
		switch {
		case errors.Is(err, store.ErrNotFound):
			writeError(c, apperr.Unauthorized("this session has ended (signed out, or the password changed); sign in again"))
			return
		case err != nil:
			f.fail(c, err)
			return
		case u.Disabled:
			writeError(c, apperr.Unauthorized("this account is disabled"))
			return
		}
		handlers.SetPrincipal(c, u, session)
		c.Next()
	}
}

func principalID(c *gin.Context) (int64, bool) {
	u, ok := handlers.Principal(c)
	return u.ID, ok
}

// roles refuses callers whose global role is not one of allowed; with none
// listed, any signed-in caller goes on.
func roles(allowed ...models.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := handlers.Principal(c)
		if !ok {
			writeError(c, apperr.Unauthorized("sign in first"))
			return
		}
		if len(allowed) > 0 && !slices.Contains(allowed, u.Role) {
			writeError(c, apperr.Forbidden("this needs the role %s", joinRoles(allowed)))
			return
		}
		c.Next()
	}
}

func joinRoles(rs []models.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, " or ")
}
