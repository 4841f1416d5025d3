package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/juri-id/juri/models"
)

// GuessLimits is the password throttle's policy (NIST SP 800-63B 5.2.2):
// guessing is slowed where it comes from, without letting a stranger lock the
// owner out.
type GuessLimits struct {
	// Window is how long a failure counts.
	Window time.Duration
	// PerClient failures for one account from one client address refuse that
	// client for that account until the oldest leaves the window.
	PerClient int
	// PerAccount failures for one account from all clients together refuse
	// every client that has not signed in to it within TrustFor: a ceiling
	// against guessing spread over many addresses.
	PerAccount int
	TrustFor   time.Duration
}

// Attempt is the throttle's answer to one password check.
type Attempt struct {
	OK      bool      // the check may go on
	RetryAt time.Time // when not, the moment to try again
	ID      int64     // the failure recorded for it, until PasswordSucceeded or ForgetAttempt
}

// PasswordAttempt counts one password check of account email from client
// before the password is verified, so concurrent guesses cannot all slip under
// the limits: the attempt is recorded as a failure at once, and
// PasswordSucceeded forgets it. When a limit is reached the attempt is not
// recorded, and OK is false with the moment to try again.
func (s *Store) PasswordAttempt(ctx context.Context, email, client string, l GuessLimits) (Attempt, error) {
	var a Attempt
	err := s.WithTx(ctx, func(tx *Store) error {
		if tx.Dialect() == "postgres" {
			// One account's attempts count one at a time, across processes.
			if err := tx.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "login:"+email).Error; err != nil {
				return err
			}
		}
		now := tx.Now()
		since := now.Add(-l.Window)
		if err := tx.q(ctx).Where("email = ? AND failed_at <= ?", email, since).Delete(&models.LoginFailure{}).Error; err != nil {
			return err
		}
		var mine []time.Time
		if err := tx.q(ctx).Model(&models.LoginFailure{}).Where("email = ? AND ip = ? AND failed_at > ?", email, client, since).
			Order("failed_at").Limit(l.PerClient).Pluck("failed_at", &mine).Error; err != nil {
			return err
		}
		if len(mine) >= l.PerClient {
			a.RetryAt = mine[0].Add(l.Window)
			return nil
		}
		var all int64
		if err := tx.q(ctx).Model(&models.LoginFailure{}).Where("email = ? AND failed_at > ?", email, since).Count(&all).Error; err != nil {
			return err
		}
		if all >= int64(l.PerAccount) {
			var known int64
			if err := tx.q(ctx).Model(&models.LoginClient{}).Where("email = ? AND ip = ? AND last_success_at > ?", email, client, now.Add(-l.TrustFor)).
				Count(&known).Error; err != nil {
				return err
			}
			if known == 0 {
				var oldest time.Time
				if err := tx.q(ctx).Model(&models.LoginFailure{}).Where("email = ? AND failed_at > ?", email, since).
					Order("failed_at").Limit(1).Pluck("failed_at", &oldest).Error; err != nil {
					return err
				}
				a.RetryAt = oldest.Add(l.Window)
				return nil
			}
		}
		f := models.LoginFailure{Email: email, IP: client, FailedAt: now}
		if err := tx.q(ctx).Create(&f).Error; err != nil {
			return err
		}
		a.OK, a.ID = true, f.ID
		return nil
	})
	return a, err
}

// ForgetAttempt drops the failure recorded for an attempt whose password was
// never checked (the server was too busy): it must not count against anyone.
func (s *Store) ForgetAttempt(ctx context.Context, id int64) error {
	return s.q(ctx).Where("id = ?", id).Delete(&models.LoginFailure{}).Error
}

// PasswordSucceeded forgets the failures of account email from client and
// remembers client as one the owner uses. Other clients' failures stay: a
// guesser elsewhere gains nothing from the owner's success.
func (s *Store) PasswordSucceeded(ctx context.Context, email, client string) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.q(ctx).Where("email = ? AND ip = ?", email, client).Delete(&models.LoginFailure{}).Error; err != nil {
			return err
		}
		return tx.q(ctx).Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "email"}, {Name: "ip"}},
			DoUpdates: clause.AssignmentColumns([]string{"last_success_at"}),
		}).Create(&models.LoginClient{Email: email, IP: client, LastSuccessAt: tx.Now()}).Error
	})
}
