// Package mailer sends the notifications waiting in the outbox. A worker
// claims due messages (so several Juri processes never send one twice),
// sends each over SMTP, and retries failures with exponential backoff. With
// no SMTP server configured, messages are logged and marked unsent.
package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m models.OutboxMessage) error
}

// SMTPConfig is how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	TLS      string // "starttls" (required), "tls" (implicit, port 465) or "none"
}

// SMTP sends through a mail server with go-mail.
type SMTP struct{ Config SMTPConfig }

// Send opens a connection, sends the message and closes it: notifications
// are few, and a fresh connection survives a server restart between them.
func (s SMTP) Send(ctx context.Context, m models.OutboxMessage) error {
	opts := []mail.Option{mail.WithPort(s.Config.Port), mail.WithTimeout(20 * time.Second)}
	switch s.Config.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Config.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(s.Config.Username), mail.WithPassword(s.Config.Password))
	}
	client, err := mail.NewClient(s.Config.Host, opts...)
	if err != nil {
		return err
	}
	msg := mail.NewMsg()
	if err := msg.From(s.Config.From); err != nil {
		return fmt.Errorf("JURI_SMTP_FROM: %w", err)
	}
	if err := msg.To(m.Recipient); err != nil {
		return fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	return client.DialAndSendWithContext(ctx, msg)
}

// Worker drains the outbox.
type Worker struct {
	Store interface {
		ClaimOutbox(ctx context.Context, limit int, lease time.Duration) ([]models.OutboxMessage, error)
		MarkSent(ctx context.Context, m models.OutboxMessage) error
		MarkRetry(ctx context.Context, m models.OutboxMessage, status string, next time.Time, reason string) error
	}
	Sender      Sender // nil: no mail server, messages are logged and marked unsent
	Log         *slog.Logger
	Now         func() time.Time
	Interval    time.Duration // between polls when idle; default 5 s
	MaxAttempts int           // default 8
	BaseBackoff time.Duration // default 30 s, doubled per attempt, at most 1 h
}

// Run polls until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	interval := w.Interval
	if interval == 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := w.Drain(ctx)
			if err != nil && ctx.Err() == nil {
				w.Log.Error("outbox", "err", err)
			}
			if n == 0 || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Batch and lease: a worker claims batchSize messages for lease, which must
// outlast sending all of them (at most sendTimeout each), so that no other
// worker takes one over while this one still means to send it.
const (
	batchSize   = 10
	sendTimeout = 30 * time.Second
	lease       = 10 * time.Minute
)

// Drain sends one batch of due messages and reports how many it handled.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	msgs, err := w.Store.ClaimOutbox(ctx, batchSize, lease)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		if err := w.deliver(ctx, m); err != nil {
			return len(msgs), err
		}
	}
	return len(msgs), nil
}

func (w *Worker) deliver(ctx context.Context, m models.OutboxMessage) error {
	now := w.Now()
	if m.ClaimedUntil != nil && now.Add(sendTimeout).After(*m.ClaimedUntil) {
		// Not enough lease left to be sure of sending it alone: leave it to
		// whichever worker claims it next.
		return nil
	}
	if w.Sender == nil {
		w.Log.Info("e-mail not sent: no SMTP server configured (JURI_SMTP_HOST)", "id", m.ID, "to", m.Recipient,
			"subject", m.Subject, "body", m.Body)
		return w.mark(w.Store.MarkRetry(ctx, m, models.OutboxUnsent, now, "no SMTP server configured"))
	}
	sctx, cancel := context.WithTimeout(ctx, sendTimeout)
	err := w.Sender.Send(sctx, m)
	cancel()
	if err == nil {
		return w.mark(w.Store.MarkSent(ctx, m))
	}
	max := w.MaxAttempts
	if max == 0 {
		max = 8
	}
	if m.Attempts >= max {
		w.Log.Error("e-mail failed for good", "id", m.ID, "to", m.Recipient, "attempts", m.Attempts, "err", err)
		return w.mark(w.Store.MarkRetry(ctx, m, models.OutboxFailed, now, err.Error()))
	}
	next := now.Add(w.backoff(m.Attempts))
	w.Log.Warn("e-mail failed; will retry", "id", m.ID, "to", m.Recipient, "attempt", m.Attempts, "retry_at", next, "err", err)
	return w.mark(w.Store.MarkRetry(ctx, m, models.OutboxPending, next, err.Error()))
}

// mark logs a lost lease instead of failing the batch: the message is
// another worker's now.
func (w *Worker) mark(err error) error {
	if errors.Is(err, store.ErrLeaseLost) {
		w.Log.Warn("outbox lease lost before the message was marked; another worker has it", "err", err)
		return nil
	}
	return err
}

// backoff doubles from BaseBackoff with each attempt, up to an hour.
func (w *Worker) backoff(attempt int) time.Duration {
	base := w.BaseBackoff
	if base == 0 {
		base = 30 * time.Second
	}
	d := base
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}
