package models

import "time"

// Competition statuses, in the only order a competition moves through them.
const (
	CompetitionDraft   = "draft"
	CompetitionOpen    = "open"
	CompetitionJudging = "judging"
	CompetitionClosed  = "closed"
)

// Competition is one contest, e.g. the regency's KIPP of 2020.
type Competition struct {
	ID                        int64 `gorm:"primaryKey"`
	Name                      string
	Year                      int
	Description               string
	Status                    string
	Blind                     bool
	SubmissionOpensAt         *time.Time
	SubmissionClosesAt        *time.Time
	MaxEntriesPerOrganization int
	CreatedBy                 *int64
	CreatedAt                 time.Time
	UpdatedAt                 time.Time
}

// Membership roles within one competition.
const (
	MemberOrganizer = "organizer"
	MemberJudge     = "judge"
)

// Member makes a user an organizer or a judge of one competition.
type Member struct {
	CompetitionID int64 `gorm:"primaryKey"`
	UserID        int64 `gorm:"primaryKey"`
	Role          string
	CreatedAt     time.Time
}

// TableName names the members table.
func (Member) TableName() string { return "competition_members" }

// JudgeExpertise is one category a judge of a competition knows well.
type JudgeExpertise struct {
	CompetitionID int64 `gorm:"primaryKey"`
	UserID        int64 `gorm:"primaryKey"`
	CategoryID    int64 `gorm:"primaryKey"`
}

// TableName names the expertise table.
func (JudgeExpertise) TableName() string { return "judge_expertise" }

// Category is a field of innovation (Kesehatan, Pendidikan, ...) within a group
// (kelompok: umum, replikasi, khusus).
type Category struct {
	ID            int64 `gorm:"primaryKey"`
	CompetitionID int64
	Name          string
	Group         string `gorm:"column:group"`
	Position      int
}

// Section is one part of the proposal form, answered in text by participants.
type Section struct {
	ID            int64 `gorm:"primaryKey"`
	CompetitionID int64
	Key           string
	Title         string
	Guidance      string
	WordLimit     int
	Required      bool
	Position      int
}

// Round kinds and statuses.
const (
	RoundScreening = "screening"
	RoundScoring   = "scoring"

	RoundOpen      = "open"
	RoundClosed    = "closed"
	RoundPublished = "published"
)

// Round is one stage of judging: screening (pass/fail) or scoring on a rubric.
type Round struct {
	ID             int64 `gorm:"primaryKey"`
	CompetitionID  int64
	Name           string
	Kind           string
	Position       int
	Status         string
	OpensAt        *time.Time
	ClosesAt       *time.Time
	JudgesPerEntry int
	MaxPerJudge    int
	AdvanceTopN    int
	PassingScore   *float64
	// FeedbackReleasedAt is when organizers let participants read the
	// round's jury notes; nil while they are the jury's alone.
	FeedbackReleasedAt *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Criterion is one weighted aspect of a round's rubric.
type Criterion struct {
	ID          int64 `gorm:"primaryKey"`
	RoundID     int64
	Key         string
	Name        string
	Description string
	Weight      float64
	MinScore    float64
	MaxScore    float64
	Step        float64
	Descriptors string // JSON object: low, mid, high
	Position    int
}

// TableName names the criteria table.
func (Criterion) TableName() string { return "criteria" }
