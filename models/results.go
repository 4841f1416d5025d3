package models

import "time"

// Publication is one immutable, versioned publication of a round's results.
// Entries holds the public table as canonical JSON; Digest is its SHA-256.
type Publication struct {
	ID                int64 `gorm:"primaryKey"`
	CompetitionID     int64
	RoundID           int64
	Version           int
	Title             string
	Note              string
	Method            string
	Normalize         string
	Entries           string
	Digest            string
	PublishedAt       time.Time
	ObjectionsCloseAt *time.Time
	CreatedBy         *int64
}

// Objection statuses.
const (
	ObjectionOpen     = "open"
	ObjectionAccepted = "accepted"
	ObjectionRejected = "rejected"
)

// Objection is a member of the public objecting to a published entry during
// the objection window (uji publik / sanggahan).
type Objection struct {
	ID            int64 `gorm:"primaryKey"`
	PublicationID int64
	EntryID       int64
	Name          string
	Email         string
	Text          string
	Status        string
	Response      string
	IP            string
	CreatedAt     time.Time
	AnsweredAt    *time.Time
	AnsweredBy    *int64
}

// Outbox statuses: pending until sent; failed after the last retry; unsent
// when no mail server is configured.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
	OutboxUnsent  = "unsent"
)

// OutboxMessage is a notification written in the same transaction as the
// event it tells about, and sent later by the mail worker.
type OutboxMessage struct {
	ID            int64 `gorm:"primaryKey"`
	Kind          string
	Recipient     string
	Subject       string
	Body          string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	ClaimedUntil  *time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        *time.Time
}

// TableName names the outbox table.
func (OutboxMessage) TableName() string { return "outbox" }

// Reminder audiences.
const (
	RemindJudgesBehind              = "judges_behind"
	RemindOrganizationsWithoutEntry = "organizations_without_entries"
)

// Reminder is one reminder an organizer sent: to the judges behind in a
// round, or to the participants of the OPDs that have not entered.
type Reminder struct {
	ID            int64 `gorm:"primaryKey"`
	CompetitionID int64
	RoundID       *int64
	Audience      string
	SentBy        *int64
	SentAt        time.Time
}

// ReminderRecipient is one person a reminder went to, with what it said
// they had left (judges: assigned and submitted scorecards).
type ReminderRecipient struct {
	ID             int64 `gorm:"primaryKey"`
	ReminderID     int64
	UserID         int64
	OrganizationID *int64
	Assigned       int
	Submitted      int
}
