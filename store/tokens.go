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

// CreateRefreshToken stores a new token (by hash) in family.
func (s *Store) CreateRefreshToken(ctx context.Context, userID int64, family, hash string, ttl time.Duration) error {
	now := s.Now()
	return s.q(ctx).Create(&models.RefreshToken{
		UserID: userID, FamilyID: family, TokenHash: hash, ExpiresAt: now.Add(ttl), CreatedAt: now,
	}).Error
}

// RotateRefreshToken spends the token with oldHash and stores newHash as its
// successor in the same family. A token presented a second time means it was
// stolen or replayed: the whole family is revoked (and stays revoked, even
// though the call fails) and ErrTokenInvalid is returned.
func (s *Store) RotateRefreshToken(ctx context.Context, oldHash, newHash string, ttl time.Duration) (models.User, error) {
	var user models.User
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
		user = u
		return tx.q(ctx).Create(&models.RefreshToken{
			UserID: t.UserID, FamilyID: t.FamilyID, TokenHash: newHash, ExpiresAt: now.Add(ttl), CreatedAt: now,
		}).Error
	})
	switch {
	case err != nil && errors.Is(err, ErrNotFound):
		return models.User{}, ErrTokenInvalid
	case err != nil:
		return models.User{}, err
	case user.ID == 0:
		// The transaction committed a revocation (reuse, disabled user) or found
		// the token expired: the caller gets no new token either way.
		return models.User{}, ErrTokenInvalid
	}
	return user, nil
}

// RevokeRefreshFamily ends the session the token belongs to, if it is userID's.
func (s *Store) RevokeRefreshFamily(ctx context.Context, userID int64, hash string) error {
	var t models.RefreshToken
	err := s.q(ctx).Where("token_hash = ? AND user_id = ?", hash, userID).Take(&t).Error
	if err != nil {
		return notFound(err)
	}
	return s.revokeFamily(ctx, t.FamilyID)
}

func (s *Store) revokeFamily(ctx context.Context, family string) error {
	return s.q(ctx).Model(&models.RefreshToken{}).
		Where("family_id = ? AND revoked_at IS NULL", family).Update("revoked_at", s.Now()).Error
}

func (s *Store) revokeUserTokens(ctx context.Context, userID int64) error {
	return s.q(ctx).Model(&models.RefreshToken{}).
		Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", s.Now()).Error
}

// LoginAttempt counts a sign-in attempt for email before its password is
// checked, so that concurrent attempts cannot all slip under the limit: the
// attempt is recorded as a failure at once (a good password clears it), and
// at most max attempts per window get through. When the address is over the
// limit the attempt is not kept, and ok is false with the time the oldest
// counted attempt leaves the window.
func (s *Store) LoginAttempt(ctx context.Context, email, ip string, window time.Duration, max int) (ok bool, retryAt time.Time, err error) {
	err = s.WithTx(ctx, func(tx *Store) error {
		if tx.Dialect() == "postgres" {
			// One address's attempts count one at a time.
			if err := tx.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "login:"+email).Error; err != nil {
				return err
			}
		}
		now := tx.Now()
		if err := tx.q(ctx).Where("email = ? AND failed_at <= ?", email, now.Add(-window)).Delete(&models.LoginFailure{}).Error; err != nil {
			return err
		}
		var rows []models.LoginFailure
		if err := tx.q(ctx).Where("email = ? AND failed_at > ?", email, now.Add(-window)).Order("failed_at").Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) >= max {
			retryAt = rows[0].FailedAt.Add(window)
			return nil
		}
		ok = true
		return tx.q(ctx).Create(&models.LoginFailure{Email: email, IP: ip, FailedAt: now}).Error
	})
	return ok, retryAt, err
}

// ClearLoginFailures forgets an address's failures after a good sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, email string) error {
	return s.q(ctx).Where("email = ?", email).Delete(&models.LoginFailure{}).Error
}
