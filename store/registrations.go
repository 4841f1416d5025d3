package store

import (
	"context"
	"time"

	"github.com/juri-id/juri/models"
)

// Register keeps a self-registration pending with the message that carries
// its confirmation link, or, when the address already has an account, only
// the notice to that account (note). Either way at most perHour messages go
// to one address an hour, so registering cannot flood a mailbox; past that
// the request is answered the same and nothing is sent.
func (s *Store) Register(ctx context.Context, reg *models.Registration, note models.OutboxMessage, perHour int) error {
	return s.WithTx(ctx, func(tx *Store) error {
		now := tx.Now()
		if err := tx.q(ctx).Where("expires_at <= ?", now).Delete(&models.Registration{}).Error; err != nil {
			return err
		}
		var sent int64
		if err := tx.q(ctx).Model(&models.OutboxMessage{}).Where("recipient = ? AND kind IN ? AND created_at > ?",
			note.Recipient, []string{"registration", "registration_taken"}, now.Add(-time.Hour)).Count(&sent).Error; err != nil {
			return err
		}
		if sent >= int64(perHour) {
			return nil
		}
		if reg != nil {
			reg.CreatedAt = now
			if err := tx.q(ctx).Create(reg).Error; err != nil {
				return err
			}
		}
		return tx.enqueue(ctx, []models.OutboxMessage{note})
	})
}

// ConfirmRegistration turns the pending registration with tokenHash into an
// unverified participant, and forgets every other pending registration of
// its address. An unknown or expired token, or an address that has an
// account meanwhile, is ErrTokenInvalid.
func (s *Store) ConfirmRegistration(ctx context.Context, tokenHash string) (models.User, error) {
	var u models.User
	err := s.WithTx(ctx, func(tx *Store) error {
		var reg models.Registration
		if err := tx.q(ctx).Where("token_hash = ? AND expires_at > ?", tokenHash, tx.Now()).Take(&reg).Error; err != nil {
			return notFound(err)
		}
		if err := tx.q(ctx).Where("email = ?", reg.Email).Delete(&models.Registration{}).Error; err != nil {
			return err
		}
		orgID := reg.OrganizationID
		u = models.User{Email: reg.Email, Name: reg.Name, Role: models.RoleParticipant, OrganizationID: &orgID,
			PasswordHash: reg.PasswordHash, Verified: false}
		if err := tx.CreateUser(ctx, Actor{Email: reg.Email}, &u); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		if _, taken := err.(*ConflictError); taken || err == ErrNotFound {
			return models.User{}, ErrTokenInvalid
		}
		return models.User{}, err
	}
	return u, nil
}
