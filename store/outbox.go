package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/juri-id/juri/models"
)

// enqueue saves notifications, in batches; call it inside the transaction of
// the event.
func (s *Store) enqueue(ctx context.Context, msgs []models.OutboxMessage) error {
	now := s.Now()
	rows := make([]models.OutboxMessage, 0, len(msgs))
	for _, m := range msgs {
		if m.Recipient == "" {
			continue
		}
		m.ID, m.Status, m.CreatedAt, m.NextAttemptAt = 0, models.OutboxPending, now, now
		rows = append(rows, m)
	}
	if len(rows) == 0 {
		return nil
	}
	return s.q(ctx).CreateInBatches(&rows, s.rowsPerInsert(&models.OutboxMessage{})).Error
}

// ClaimOutbox takes up to limit due messages for this worker for lease, so
// that with several Juri processes each message is sent once. On PostgreSQL
// the rows are locked with FOR UPDATE SKIP LOCKED, so two workers never pick
// the same row; SQLite runs one writing transaction at a time.
func (s *Store) ClaimOutbox(ctx context.Context, limit int, lease time.Duration) ([]models.OutboxMessage, error) {
	var out []models.OutboxMessage
	err := s.WithTx(ctx, func(tx *Store) error {
		now := tx.Now()
		q := tx.q(ctx).Model(&models.OutboxMessage{}).Select("id").
			Where("status = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)", models.OutboxPending, now, now).
			Order("id").Limit(limit)
		if tx.Dialect() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var ids []int64
		if err := q.Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
			return err
		}
		err := tx.q(ctx).Model(&models.OutboxMessage{}).Where("id IN ?", ids).
			Updates(map[string]any{"claimed_until": now.Add(lease), "attempts": gorm.Expr("attempts + 1")}).Error
		if err != nil {
			return err
		}
		return tx.q(ctx).Where("id IN ?", ids).Order("id").Find(&out).Error
	})
	return out, err
}

// ErrLeaseLost means another worker took the message over: the lease ran out.
var ErrLeaseLost = errors.New("the outbox lease ran out")

// MarkSent records a delivered message, if this worker still holds it (the
// claim's lease is the token).
func (s *Store) MarkSent(ctx context.Context, m models.OutboxMessage) error {
	return s.mark(ctx, m, map[string]any{"status": models.OutboxSent, "sent_at": s.Now(), "claimed_until": nil, "last_error": ""})
}

// MarkRetry records a failed attempt: the message is tried again at next, or
// given up (status) after the last attempt.
func (s *Store) MarkRetry(ctx context.Context, m models.OutboxMessage, status string, next time.Time, reason string) error {
	return s.mark(ctx, m, map[string]any{"status": status, "next_attempt_at": next, "claimed_until": nil, "last_error": reason})
}

func (s *Store) mark(ctx context.Context, m models.OutboxMessage, cols map[string]any) error {
	q := s.q(ctx).Model(&models.OutboxMessage{}).Where("id = ?", m.ID)
	if m.ClaimedUntil != nil {
		q = q.Where("claimed_until = ?", *m.ClaimedUntil)
	}
	res := q.Updates(cols)
	if res.Error == nil && res.RowsAffected == 0 {
		return ErrLeaseLost
	}
	return res.Error
}

// Outbox lists messages, newest first, for tests and operators.
func (s *Store) Outbox(ctx context.Context, kind string) ([]models.OutboxMessage, error) {
	q := s.q(ctx).Order("id DESC")
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	var out []models.OutboxMessage
	err := q.Find(&out).Error
	return out, err
}
