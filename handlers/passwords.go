package handlers

import (
	"errors"
	"math"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/store"
)

// DefaultGuessLimits is the password throttle (docs/security.md): five
// failures for one account from one client address refuse that client for
// fifteen minutes; a hundred from all addresses together refuse clients that
// have not signed in to the account in the last thirty days. The owner on
// their usual device keeps getting in while a stranger guesses.
var DefaultGuessLimits = store.GuessLimits{Window: 15 * time.Minute, PerClient: 5, PerAccount: 100, TrustFor: 30 * 24 * time.Hour}

// checkPassword verifies the password of account email (its stored hash;
// empty for an unknown account, which costs the same time) from the caller's
// client, counted by the throttle. Every password check goes through here.
func (h *Auth) checkPassword(c *gin.Context, email, password, hash string) (bool, error) {
	ctx := c.Request.Context()
	a, err := h.Store.PasswordAttempt(ctx, email, c.ClientIP(), h.limits())
	if err != nil {
		return false, err
	}
	if !a.OK {
		wait := int(math.Ceil(a.RetryAt.Sub(h.Now()).Seconds()))
		return false, apperr.TooMany(max(wait, 1), "too many wrong passwords for this account from your address; try again later")
	}
	ok, err := h.Passwords.Verify(ctx, password, hash)
	if err != nil {
		// Never checked: it must not count as a guess.
		if ferr := h.Store.ForgetAttempt(ctx, a.ID); ferr != nil {
			return false, ferr
		}
		if errors.Is(err, auth.ErrBusy) {
			e := apperr.Unavailable("the server is busy checking other sign-ins; try again in a moment")
			e.RetryAfter = 2
			return false, e
		}
		return false, err
	}
	if ok {
		return true, h.Store.PasswordSucceeded(ctx, email, c.ClientIP())
	}
	return false, nil
}

func (h *Auth) limits() store.GuessLimits {
	if h.Guessing.Window == 0 {
		return DefaultGuessLimits
	}
	return h.Guessing
}

// hashPassword hashes a new password, answering 503 when every argon2id slot
// stays busy.
func hashPassword(c *gin.Context, pw *auth.Passwords, password string) (string, error) {
	hash, err := pw.Hash(c.Request.Context(), password)
	if errors.Is(err, auth.ErrBusy) {
		e := apperr.Unavailable("the server is busy checking other sign-ins; try again in a moment")
		e.RetryAfter = 2
		return "", e
	}
	return hash, err
}
