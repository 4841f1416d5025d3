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

// userLoader loads the user a token names.
type userLoader func(ctx context.Context, id int64) (models.User, error)

// authenticate reads a bearer token, if any, and loads its user on every
// request, so a disabled account or a changed role takes effect at once rather
// than when the token expires. A token that is present but bad is refused even
// on public routes: the client should know its session is gone.
func authenticate(tokens *auth.Tokens, load userLoader) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if h == "" {
			c.Next()
			return
		}
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			writeError(c, apperr.Unauthorized("the Authorization header must be \"Bearer <access_token>\""))
			return
		}
		id, err := tokens.Parse(strings.TrimSpace(token))
		if err != nil {
			writeError(c, apperr.Unauthorized("the access token is invalid or expired; refresh it or sign in again"))
			return
		}
		u, err := load(c, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			writeError(c, apperr.Unauthorized("the account of this token no longer exists"))
			return
		case err != nil:
			c.Error(err)
			c.Abort()
			return
		case u.Disabled:
			writeError(c, apperr.Unauthorized("this account is disabled"))
			return
		}
		handlers.SetPrincipal(c, u)
		c.Next()
	}
}

func principalID(c *gin.Context) (int64, bool) {
	u, ok := handlers.Principal(c)
	return u.ID, ok
}

// signedIn refuses anonymous callers.
func signedIn() gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, ok := handlers.Principal(c); !ok {
			writeError(c, apperr.Unauthorized("sign in first"))
			return
		}
		c.Next()
	}
}

// roles refuses callers whose global role is not one of allowed.
func roles(allowed ...models.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := handlers.Principal(c)
		if !ok {
			writeError(c, apperr.Unauthorized("sign in first"))
			return
		}
		if !slices.Contains(allowed, u.Role) {
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
