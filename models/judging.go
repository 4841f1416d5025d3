package models

import "time"

// Conflict sources.
const (
	ConflictDeclared  = "declared"  // the judge said so
	ConflictOrganizer = "organizer" // the organizers set it
	ConflictRecusal   = "recusal"   // the judge stepped back from an assignment
)

// Conflict says a judge must not judge an OPD's entries or one entry. A
// judge's own OPD is always a conflict and is not stored.
type Conflict struct {
	ID             int64 `gorm:"primaryKey"`
	CompetitionID  int64
	JudgeID        int64
	OrganizationID *int64
	EntryID        *int64
	Reason         string
	Source         string
	CreatedBy      *int64
	CreatedAt      time.Time
}

// Assignment sources.
const (
	AssignAuto     = "auto"
	AssignManual   = "manual"
	AssignReassign = "reassign"
)

// Assignment gives a judge an entry to score in a round.
type Assignment struct {
	ID        int64 `gorm:"primaryKey"`
	RoundID   int64
	EntryID   int64
	JudgeID   int64
	Source    string
	CreatedBy *int64
	CreatedAt time.Time
	// ConflictFlaggedAt marks a submitted scorecard whose judge became
	// conflicted with the entry afterwards (their OPD changed): the organizer
	// decides what to do with it.
	ConflictFlaggedAt *time.Time
	ConflictNote      string
}

// Scorecard statuses; an assignment without a scorecard is "pending".
const (
	ScorecardPending   = "pending"
	ScorecardDraft     = "draft"
	ScorecardSubmitted = "submitted"
)

// Scorecard is one judge's scoring of one entry. Version grows with every
// save so two open tabs cannot silently overwrite each other.
type Scorecard struct {
	ID           int64 `gorm:"primaryKey"`
	AssignmentID int64
	Status       string
	Version      int
	Comment      string
	SubmittedAt  *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Score is the value (nil until given) and comment for one criterion.
type Score struct {
	ScorecardID int64 `gorm:"primaryKey"`
	CriterionID int64 `gorm:"primaryKey"`
	Value       *float64
	Comment     string
}
