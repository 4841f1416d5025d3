package store

import (
	"context"
	"errors"
	"time"

	"github.com/juri-id/juri/models"
)

// ErrTokenInvalid is any refresh token that cannot be used: unknown, expired,
// revoked, spent, or belonging to a disabled user.
var ErrTokenInvalid = errors.New("refresh token is invalid")

// StartSession begins a session for userID: a session row named family and
// its first refresh token (by hash).
func (s *Store) StartSession(ctx context.Context, userID int64, family, hash string, ttl time.Duration) error {
	return s.WithTx(ctx, func(tx *Store) error {
		now := tx.Now()
		if err := tx.q(ctx).Create(&models.Session{ID: family, UserID: userID, CreatedAt: now}).Error; err != nil {
			return err
		}
		return tx.q(ctx).Create(&models.RefreshToken{
			UserID: userID, FamilyID: family, TokenHash: hash, ExpiresAt: now.Add(ttl), CreatedAt: now,
		}).Error
	})
}

// UserInSession loads the user an access token names, if the session it
// names is still live: one query, on every signed-in request.
func (s *Store) UserInSession(ctx context.Context, userID int64, session string) (models.User, error) {
	var u models.User
	err := s.q(ctx).Model(&models.User{}).
		Joins("JOIN sessions ON sessions.user_id = users.id AND sessions.id = ? AND sessions.revoked_at IS NULL", session).
		Where("users.id = ?", userID).Take(&u).Error
	return u, notFound(err)
}

// RotateRefreshToken spends the token with oldHash and stores newHash as its
// successor in the same family, and returns the user and the session (the
// family). A token presented a second time means it was stolen or replayed:
// the whole family is revoked (and stays revoked, even though the call fails)
// and ErrTokenInvalid is returned.
func (s *Store) RotateRefreshToken(ctx context.Context, oldHash, newHash string, ttl time.Duration) (models.User, string, error) {
	var user models.User
	var family string
	err := s.WithTx(ctx, func(tx *Store) error {
		var t models.RefreshToken
		if err := tx.q(ctx).Where("token_hash = ?", oldHash).Take(&t).Error; err != nil {
			return notFound(err)
		}
		now := tx.Now()
		if t.UsedAt != nil || t.RevokedAt != nil {
			return tx.revokeFamily(ctx, t.FamilyID)
		}
		if !t.ExpiresAt.After(now) {
			return ErrTokenInvalid
		}
		u, err := tx.UserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return tx.revokeFamily(ctx, t.FamilyID)
		}
		// The condition on used_at makes two concurrent refreshes with the same
		// token race safely: only one of them spends it.
		res := tx.q(ctx).Model(&models.RefreshToken{}).Where("id = ? AND used_at IS NULL", t.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return tx.revokeFamily(ctx, t.FamilyID)
		}
		user, family = u, t.FamilyID
		return tx.q(ctx).Create(&models.RefreshToken{
			UserID: t.UserID, FamilyID: t.FamilyID, TokenHash: newHash, ExpiresAt: now.Add(ttl), CreatedAt: now,
		}).Error
	})
	switch {
	case err != nil && errors.Is(err, ErrNotFound):
		return models.User{}, "", ErrTokenInvalid
	case err != nil:
		return models.User{}, "", err
	case user.ID == 0:
		// The transaction committed a revocation (reuse, disabled user) or found
		// the token expired: the caller gets no new token either way.
		return models.User{}, "", ErrTokenInvalid
	}
	return user, family, nil
}

// EndSession ends session of userID at once: its refresh tokens and every
// access token it issued. Ending a session that is already over, or that is
// not userID's, changes nothing.
func (s *Store) EndSession(ctx context.Context, userID int64, session string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.q(ctx).Model(&models.Session{}).Where("id = ? AND user_id = ?", session, userID).Count(&n).Error; err != nil || n == 0 {
			return err
		}
		return tx.revokeFamily(ctx, session)
	})
}

// EndRefreshSession ends the session a refresh token belongs to, if it is
// userID's.
func (s *Store) EndRefreshSession(ctx context.Context, userID int64, hash string) error {
	var t models.RefreshToken
	err := s.q(ctx).Where("token_hash = ? AND user_id = ?", hash, userID).Take(&t).Error
	if err != nil {
		return notFound(err)
	}
	return s.revokeFamily(ctx, t.FamilyID)
}

// revokeFamily ends one session: its row and its refresh tokens.
func (s *Store) revokeFamily(ctx context.Context, family string) error {
	now := s.Now()
	if err := s.q(ctx).Model(&models.Session{}).Where("id = ? AND revoked_at IS NULL", family).Update("revoked_at", now).Error; err != nil {
		return err
	}
	return s.q(ctx).Model(&models.RefreshToken{}).
		Where("family_id = ? AND revoked_at IS NULL", family).Update("revoked_at", now).Error
}

// revokeUserSessions ends every session of userID but keep (which may be "").
func (s *Store) revokeUserSessions(ctx context.Context, userID int64, keep string) error {
	now := s.Now()
	if err := s.q(ctx).Model(&models.Session{}).Where("user_id = ? AND id <> ? AND revoked_at IS NULL", userID, keep).
		Update("revoked_at", now).Error; err != nil {
		return err
	}
	return s.q(ctx).Model(&models.RefreshToken{}).
		Where("user_id = ? AND family_id <> ? AND revoked_at IS NULL", userID, keep).Update("revoked_at", now).Error
}
