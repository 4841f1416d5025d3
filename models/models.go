// Package models holds the GORM structs that map Juri's tables, and their enums.
//
// Nothing else lives here: no behaviour, no JSON shapes. Handlers translate these
// into response structs so a column never leaks into the API by accident.
package models

import "time"

// Role is a user's global role. Competition membership (organizer or judge of one
// competition) is separate and lives in the members table.
type Role string

// The four global roles of the contract.
const (
	RoleAdmin       Role = "admin"
	RoleOrganizer   Role = "organizer"
	RoleJudge       Role = "judge"
	RoleParticipant Role = "participant"
)

// Roles lists every role, in order of power, for validation and docs.
var Roles = []Role{RoleAdmin, RoleOrganizer, RoleJudge, RoleParticipant}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// OrganizationKinds are the kinds of government unit (OPD) a regency has.
var OrganizationKinds = []string{
	"sekretariat", "inspektorat", "dinas", "badan", "kecamatan", "kelurahan", "puskesmas", "rsud", "other",
}

// ValidOrganizationKind reports whether k is a known OPD kind.
func ValidOrganizationKind(k string) bool {
	for _, x := range OrganizationKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Organization is a government unit (OPD) of the regency.
type Organization struct {
	ID        int64 `gorm:"primaryKey"`
	Code      string
	Name      string
	Kind      string
	ParentID  *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is anyone who signs in. PasswordHash is empty for users who were imported
// and have not been given a password yet; they cannot sign in.
type User struct {
	ID             int64 `gorm:"primaryKey"`
	Email          string
	Name           string
	Role           Role
	OrganizationID *int64
	PasswordHash   string
	Disabled       bool
	// Verified is false for participants who registered themselves until an
	// admin confirms they belong to their OPD; until then they work only on
	// the entries they made.
	Verified  bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// RefreshToken is one opaque refresh token, stored as the SHA-256 of its value.
// Tokens rotate: each use spends the token and issues the next of its family; a
// spent token presented again revokes the family.
type RefreshToken struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	FamilyID  string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

// Session is one sign-in: the family of refresh tokens it rotates through,
// and the session every access token it issues names. Ending it (logout, a
// new password) ends them all at once.
type Session struct {
	ID        string `gorm:"primaryKey"`
	UserID    int64
	CreatedAt time.Time
	RevokedAt *time.Time
}

// LoginClient is a client address that signed in to an account: when the
// account is under a flood of guesses from elsewhere, its known clients still
// get in.
type LoginClient struct {
	Email         string `gorm:"primaryKey"`
	IP            string `gorm:"primaryKey"`
	LastSuccessAt time.Time
}

// Registration is a self-registration waiting for its address to be
// confirmed; the account is made from it when the link is followed.
type Registration struct {
	ID             int64 `gorm:"primaryKey"`
	Email          string
	Name           string
	OrganizationID int64
	PasswordHash   string
	TokenHash      string
	ExpiresAt      time.Time
	CreatedAt      time.Time
}

// LoginFailure records one failed sign-in for an e-mail address. Kept in the
// database so throttling holds across several server processes.
type LoginFailure struct {
	ID       int64 `gorm:"primaryKey"`
	Email    string
	IP       string
	FailedAt time.Time
}

// AuditEntry is one row of the append-only audit log. Rows form hash chains per
// scope ("global" or "competition:<id>"): Hash covers the row's fields and
// PrevHash, so editing or deleting a row breaks the chain after it.
type AuditEntry struct {
	ID    int64 `gorm:"primaryKey"`
	Scope string
	// Chain is the chain within the scope: "" for the scope's own, or an
	// object's ("assignment:42") whose changes chain only with each other.
	Chain      string
	At         time.Time
	ActorID    *int64
	ActorEmail string
	Action     string
	ObjectType string
	ObjectID   int64
	Details    string // canonical JSON
	PrevHash   string
	Hash       string
}

// TableName keeps the audit table's name singular and explicit.
func (AuditEntry) TableName() string { return "audit_log" }
