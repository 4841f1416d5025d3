package models

import "time"

// Entry statuses.
const (
	EntryDraft      = "draft"
	EntrySubmitted  = "submitted"
	EntryReturned   = "returned"
	EntryEligible   = "eligible"
	EntryIneligible = "ineligible"
	EntryWithdrawn  = "withdrawn"
	EntryFinalist   = "finalist"
)

// Entry is one innovation proposal of an OPD.
type Entry struct {
	ID              int64 `gorm:"primaryKey"`
	CompetitionID   int64
	OrganizationID  int64
	CategoryID      *int64
	Title           string
	Sections        string // JSON object: section key -> text
	VideoURL        string
	Team            string // JSON array of {name, role}
	Status          string
	SubmittedAt     *time.Time
	ScreeningReason string
	ReviseUntil     *time.Time
	CreatedBy       *int64
	SubmittedBy     *int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// RoundEntry puts an entry into a round (the first round takes every
// submitted entry; later rounds take the entries advanced into them).
type RoundEntry struct {
	RoundID   int64 `gorm:"primaryKey"`
	EntryID   int64 `gorm:"primaryKey"`
	CreatedAt time.Time
}

// File kinds.
const (
	FileProposal   = "proposal"
	FileSupporting = "supporting"
)

// File is an uploaded document of an entry. BlobKey names the bytes in blob
// storage; Filename is the participant's name for it, cleaned, for display.
type File struct {
	ID          int64 `gorm:"primaryKey"`
	EntryID     int64
	Kind        string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string `gorm:"column:sha256"`
	BlobKey     string
	UploadedBy  *int64
	CreatedAt   time.Time
}
