package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/juri-id/juri/models"
)

// Actor is who makes a change, as written into the audit log. A zero Actor is
// the system itself (start-up seeding, the command line).
type Actor struct {
	ID    int64
	Email string
}

// ScopeGlobal is the audit chain for changes that belong to no competition.
const ScopeGlobal = "global"

// CompetitionScope is the audit chain of one competition.
func CompetitionScope(id int64) string { return "competition:" + strconv.FormatInt(id, 10) }

// AuditEvent is one change to record.
type AuditEvent struct {
	Scope      string // default ScopeGlobal
	Action     string // e.g. "user.create", "entry.submit"
	ObjectType string
	ObjectID   int64
	Details    map[string]any
}

// Audit appends ev to its chain. Call it inside WithTx, with the change it
// records, so the two commit or fail together.
func (s *Store) Audit(ctx context.Context, actor Actor, ev AuditEvent) error {
	return s.auditAll(ctx, actor, []AuditEvent{ev})
}

// auditAll appends evs in their order, each to its chain, as Audit one by one
// would: it locks and reads the head of each chain once, links the rows in
// memory and inserts them in batches. Call it inside WithTx.
func (s *Store) auditAll(ctx context.Context, actor Actor, evs []AuditEvent) error {
	if len(evs) == 0 {
		return nil
	}
	now := s.Now()
	heads := map[string]string{}
	rows := make([]models.AuditEntry, 0, len(evs))
	for _, ev := range evs {
		if ev.Scope == "" {
			ev.Scope = ScopeGlobal
		}
		details, err := json.Marshal(orEmpty(ev.Details))
		if err != nil {
			return err
		}
		prevHash, known := heads[ev.Scope]
		if !known {
			if err := s.lockScope(ctx, ev.Scope); err != nil {
				return err
			}
			var prev models.AuditEntry
			if err := s.q(ctx).Where("scope = ?", ev.Scope).Order("id DESC").Limit(1).Find(&prev).Error; err != nil {
				return err
			}
			prevHash = prev.Hash
		}
		row := models.AuditEntry{
			Scope:      ev.Scope,
			At:         now,
			ActorEmail: actor.Email,
			Action:     ev.Action,
			ObjectType: ev.ObjectType,
			ObjectID:   ev.ObjectID,
			Details:    string(details),
			PrevHash:   prevHash,
		}
		if actor.ID != 0 {
			id := actor.ID
			row.ActorID = &id
		}
		row.Hash = AuditHash(row)
		heads[ev.Scope] = row.Hash
		rows = append(rows, row)
	}
	err := s.q(ctx).CreateInBatches(&rows, s.rowsPerInsert(&models.AuditEntry{})).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// The unique (scope, prev_hash) index refused a second successor of
		// the head: another transaction appended to the chain meanwhile. On
		// SQLite the driver does not say which index refused, but the audit
		// rows have no other unique column that a correct append can repeat.
		return &ConflictError{Msg: guarantees["audit_log_chain"]}
	}
	return err
}

// lockScope serializes appends to one chain. On PostgreSQL two transactions
// could otherwise read the same head and fork the chain; SQLite already runs
// one writing transaction at a time (transactions begin IMMEDIATE).
func (s *Store) lockScope(ctx context.Context, scope string) error {
	if s.Dialect() != "postgres" {
		return nil
	}
	return s.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "audit:"+scope).Error
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// AuditHash is the SHA-256 (hex) of a row's fields and the previous row's hash,
// joined by newlines in a fixed order. docs/judging.md specifies it so anyone
// with a copy of the table can check the chain.
func AuditHash(r models.AuditEntry) string {
	actor := ""
	if r.ActorID != nil {
		actor = strconv.FormatInt(*r.ActorID, 10)
	}
	fields := []string{
		r.PrevHash, r.Scope, r.At.UTC().Format(time.RFC3339Nano), actor, r.ActorEmail,
		r.Action, r.ObjectType, strconv.FormatInt(r.ObjectID, 10), r.Details,
	}
	sum := sha256.Sum256([]byte(strings.Join(fields, "\n")))
	return hex.EncodeToString(sum[:])
}

// AuditVerification is the result of checking one chain.
type AuditVerification struct {
	Valid    bool
	Entries  int
	Head     string
	BrokenAt int64  // id of the first row that does not verify (0 when valid)
	Reason   string // why that row fails
}

// VerifyAudit recomputes every hash of scope's chain in order. It streams the
// rows in batches so a long chain does not sit in memory.
func (s *Store) VerifyAudit(ctx context.Context, scope string) (AuditVerification, error) {
	var v AuditVerification
	v.Valid = true
	prev := ""
	var lastID int64
	for {
		var batch []models.AuditEntry
		err := s.q(ctx).Where("scope = ? AND id > ?", scope, lastID).Order("id").Limit(500).Find(&batch).Error
		if err != nil {
			return v, err
		}
		for _, r := range batch {
			v.Entries++
			lastID = r.ID
			if v.Valid {
				switch {
				case r.PrevHash != prev:
					v.Valid, v.BrokenAt, v.Reason = false, r.ID, "prev_hash does not match the previous row's hash (a row was removed or changed)"
				case AuditHash(r) != r.Hash:
					v.Valid, v.BrokenAt, v.Reason = false, r.ID, "hash does not match the row's content (the row was changed)"
				}
			}
			prev = r.Hash
		}
		if len(batch) < 500 {
			break
		}
	}
	v.Head = prev
	return v, nil
}

// AuditLog lists a chain's rows, newest first.
func (s *Store) AuditLog(ctx context.Context, scope string, p Page) ([]models.AuditEntry, int64, error) {
	var rows []models.AuditEntry
	var total int64
	q := s.q(ctx).Model(&models.AuditEntry{}).Where("scope = ?", scope)
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	err := q.Order("id DESC").Limit(p.Limit).Offset(p.Offset).Find(&rows).Error
	return rows, total, err
}
