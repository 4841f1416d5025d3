package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
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

// AssignmentChain is the chain, within its competition's scope, of one
// assignment's scorecard: its saves, submissions and reopenings chain only
// with each other, so judges saving at once never wait on each other's
// audit rows.
func AssignmentChain(id int64) string { return "assignment:" + strconv.FormatInt(id, 10) }

// AuditEvent is one change to record.
type AuditEvent struct {
	Scope      string // default ScopeGlobal
	Chain      string // default "": the scope's own chain
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

type chainKey struct{ scope, chain string }

type chainHead struct {
	entries int64
	head    string
}

// auditAll appends evs in their order, each to its chain, as Audit one by one
// would: it claims each chain's head once (claimHead), links the rows in
// memory, inserts them in batches and records the new heads. Call it inside
// WithTx.
func (s *Store) auditAll(ctx context.Context, actor Actor, evs []AuditEvent) error {
	if len(evs) == 0 {
		return nil
	}
	now := s.Now()
	heads := map[chainKey]*chainHead{}
	var order []chainKey
	rows := make([]models.AuditEntry, 0, len(evs))
	for _, ev := range evs {
		if ev.Scope == "" {
			ev.Scope = ScopeGlobal
		}
		details, err := json.Marshal(orEmpty(ev.Details))
		if err != nil {
			return err
		}
		k := chainKey{ev.Scope, ev.Chain}
		h := heads[k]
		if h == nil {
			if h, err = s.claimHead(ctx, k); err != nil {
				return err
			}
			heads[k] = h
			order = append(order, k)
		}
		row := models.AuditEntry{
			Scope:      ev.Scope,
			Chain:      ev.Chain,
			At:         now,
			ActorEmail: actor.Email,
			Action:     ev.Action,
			ObjectType: ev.ObjectType,
			ObjectID:   ev.ObjectID,
			Details:    string(details),
			PrevHash:   h.head,
		}
		if actor.ID != 0 {
			id := actor.ID
			row.ActorID = &id
		}
		row.Hash = AuditHash(row)
		h.head, h.entries = row.Hash, h.entries+1
		rows = append(rows, row)
	}
	err := s.q(ctx).CreateInBatches(&rows, s.rowsPerInsert(&models.AuditEntry{})).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// The unique (scope, prev_hash) index refused a second
		// successor of the head: a row was appended without claiming the
		// head. On SQLite the driver does not say which index refused, but
		// the audit rows have no other unique column that a correct append
		// can repeat.
		return &ConflictError{Msg: guarantees["audit_log_chain"]}
	}
	if err != nil {
		return err
	}
	for _, k := range order {
		h := heads[k]
		if err := s.q(ctx).Exec("UPDATE audit_heads SET entries = ?, head = ? WHERE scope = ? AND chain = ?",
			h.entries, h.head, k.scope, k.chain).Error; err != nil {
			return err
		}
	}
	return nil
}

// claimHead reads a chain's recorded head and holds its row until the
// transaction ends, creating it for a new chain: on PostgreSQL the upsert
// locks the row (a second appender of the same chain waits for the first to
// commit and then reads its head), on SQLite transactions already run one at
// a time. Appends to different chains share nothing.
func (s *Store) claimHead(ctx context.Context, k chainKey) (*chainHead, error) {
	var h struct {
		Entries int64
		Head    string
	}
	err := s.q(ctx).Raw(`INSERT INTO audit_heads (scope, chain, entries, head) VALUES (?, ?, 0, ?)
		ON CONFLICT (scope, chain) DO UPDATE SET entries = audit_heads.entries RETURNING entries, head`,
		k.scope, k.chain, chainGenesis(k)).Scan(&h).Error
	if err != nil {
		return nil, err
	}
	return &chainHead{entries: h.Entries, head: h.Head}, nil
}

// chainGenesis is the prev_hash of a chain's first row: "" for a scope's own
// chain (as before chains per object), and for an object's chain the
// SHA-256 of "scope/chain", so that first rows of different chains never
// share a prev_hash and the unique (scope, prev_hash) index of 0006 still
// refuses every fork.
func chainGenesis(k chainKey) string {
	if k.chain == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(k.scope + "/" + k.chain))
	return hex.EncodeToString(sum[:])
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// AuditHash is the SHA-256 (hex) of a row's fields and the previous row's hash,
// joined by newlines in a fixed order. docs/judging.md specifies it so anyone
// with a copy of the table can check the chain. A row of an object's chain
// hashes "scope/chain" where the scope's own rows hash the scope.
func AuditHash(r models.AuditEntry) string {
	actor := ""
	if r.ActorID != nil {
		actor = strconv.FormatInt(*r.ActorID, 10)
	}
	scope := r.Scope
	if r.Chain != "" {
		scope += "/" + r.Chain
	}
	fields := []string{
		r.PrevHash, scope, r.At.UTC().Format(time.RFC3339Nano), actor, r.ActorEmail,
		r.Action, r.ObjectType, strconv.FormatInt(r.ObjectID, 10), r.Details,
	}
	sum := sha256.Sum256([]byte(strings.Join(fields, "\n")))
	return hex.EncodeToString(sum[:])
}

// AuditVerification is the result of checking one scope's chains.
type AuditVerification struct {
	Valid    bool
	Entries  int    // rows in every chain of the scope
	Head     string // the hash of the newest row of the scope's own chain
	BrokenAt int64  // id of the first row that does not verify (0 when valid, or when a whole chain is gone)
	Reason   string // why that row fails
}

// ActionSeal is the scope's record of object chains' heads (SealChains).
const ActionSeal = "audit.seal"

// SealChains appends to scope's own chain a seal of the named object chains:
// each one's length and last hash, as audit_heads has them now. A chain
// removed whole, together with its audit_heads row, leaves data consistent
// in itself; the seal remembers it, so VerifyAudit still sees it gone (and a
// chain cut below its sealed length, or changed at its sealed row). Chains
// without a head yet (nothing recorded) are left out, and no seal is written
// when none is left. Publish seals the chains of its round's scorecards.
func (s *Store) SealChains(ctx context.Context, actor Actor, scope string, chains []string, objectType string, objectID int64) error {
	var heads []headRow
	if len(chains) > 0 {
		if err := s.q(ctx).Raw("SELECT chain, entries, head FROM audit_heads WHERE scope = ? AND chain IN ? AND entries > 0",
			scope, chains).Scan(&heads).Error; err != nil {
			return err
		}
	}
	return s.seal(ctx, actor, scope, heads, objectType, objectID)
}

// sealRound seals the chains of round r's scorecards (in one query, however
// many: a 5,000-entry round has 25,000).
func (s *Store) sealRound(ctx context.Context, actor Actor, r models.Round, objectType string, objectID int64) error {
	var heads []headRow
	err := s.q(ctx).Raw(`SELECT chain, entries, head FROM audit_heads WHERE scope = ? AND entries > 0
		AND chain IN (SELECT 'assignment:' || id FROM assignments WHERE round_id = ?)`,
		CompetitionScope(r.CompetitionID), r.ID).Scan(&heads).Error
	if err != nil {
		return err
	}
	return s.seal(ctx, actor, CompetitionScope(r.CompetitionID), heads, objectType, objectID)
}

// headRow is one chain's row of audit_heads.
type headRow struct {
	Chain   string
	Entries int64
	Head    string
}

func (s *Store) seal(ctx context.Context, actor Actor, scope string, heads []headRow, objectType string, objectID int64) error {
	if len(heads) == 0 {
		return nil // nothing to vouch for (a screening round has no scorecards)
	}
	chains := make(map[string]string, len(heads))
	for _, h := range heads {
		chains[h.Chain] = strconv.FormatInt(h.Entries, 10) + ":" + h.Head
	}
	return s.Audit(ctx, actor, AuditEvent{Scope: scope, Action: ActionSeal, ObjectType: objectType, ObjectID: objectID,
		Details: map[string]any{"chains": chains}})
}

// seals are what the seals of a scope's own chain remember, by chain.
type seals map[string][]sealMark

type sealMark struct {
	row     int64 // the seal's row
	entries int64
	head    string
}

// read adds the marks of one seal row; a seal that does not parse is itself
// a failure (its hash holds, so it was written so: never by this code).
func (ss seals) read(r models.AuditEntry) error {
	var d struct {
		Chains map[string]string `json:"chains"`
	}
	if err := json.Unmarshal([]byte(r.Details), &d); err != nil {
		return err
	}
	for chain, mark := range d.Chains {
		n, head, ok := strings.Cut(mark, ":")
		entries, err := strconv.ParseInt(n, 10, 64)
		if !ok || err != nil {
			return fmt.Errorf("mark %q of %s", mark, chain)
		}
		ss[chain] = append(ss[chain], sealMark{row: r.ID, entries: entries, head: head})
	}
	return nil
}

func (v *AuditVerification) fail(id int64, reason string) {
	if v.Valid {
		v.Valid, v.BrokenAt, v.Reason = false, id, reason
	}
}

func chainName(k chainKey) string {
	if k.chain == "" {
		return "the chain of " + k.scope
	}
	return "the chain of " + k.scope + "/" + k.chain
}

// VerifyAudit checks every chain of scope (its own and its objects'): each
// row's hash over its content and the previous row's hash, in order, and
// each chain's last row and length against the head recorded in
// audit_heads, so an edited, removed, inserted or reordered row, the
// removal of a chain's last rows or of a whole chain all show. It streams
// the rows in batches so long chains do not sit in memory.
func (s *Store) VerifyAudit(ctx context.Context, scope string) (AuditVerification, error) {
	v := AuditVerification{Valid: true}
	var recorded []headRow
	if err := s.q(ctx).Raw("SELECT chain, entries, head FROM audit_heads WHERE scope = ?", scope).Scan(&recorded).Error; err != nil {
		return v, err
	}
	heads := make(map[string]chainHead, len(recorded))
	for _, r := range recorded {
		heads[r.Chain] = chainHead{entries: r.Entries, head: r.Head}
	}
	cur, started := chainKey{scope: scope}, false
	prev, n, lastRow := "", int64(0), int64(0)
	// The scope's own chain ("") sorts first, so its seals are read before
	// the object chains they vouch for.
	sealed := seals{}
	finish := func() {
		if !started {
			return
		}
		for _, m := range sealed[cur.chain] {
			if m.entries > n {
				v.fail(lastRow, fmt.Sprintf("%s ends at this row after %d rows, but the seal of row %d recorded %d (rows were removed)",
					chainName(cur), n, m.row, m.entries))
			}
		}
		delete(sealed, cur.chain)
		h, ok := heads[cur.chain]
		switch {
		case !ok:
			v.fail(lastRow, chainName(cur)+" has no recorded head (its record was removed)")
		case h.head != prev || h.entries != n:
			v.fail(lastRow, fmt.Sprintf("%s ends at this row after %d rows, but %d rows ending in %.12s were recorded (rows were removed or changed)",
				chainName(cur), n, h.entries, h.head))
		}
		delete(heads, cur.chain)
		if cur.chain == "" {
			v.Head = prev
		}
	}
	const batchSize = 1000
	lastChain, lastID := "", int64(0)
	for {
		var batch []models.AuditEntry
		err := s.q(ctx).Where("scope = ? AND (chain > ? OR (chain = ? AND id > ?))", scope, lastChain, lastChain, lastID).
			Order("chain, id").Limit(batchSize).Find(&batch).Error
		if err != nil {
			return v, err
		}
		for _, r := range batch {
			if !started || r.Chain != cur.chain {
				finish()
				cur, started, n = chainKey{scope, r.Chain}, true, 0
				prev = chainGenesis(cur)
			}
			v.Entries++
			n++
			lastRow, lastChain, lastID = r.ID, r.Chain, r.ID
			switch {
			case r.PrevHash != prev:
				v.fail(r.ID, "prev_hash does not match the previous row's hash in "+chainName(cur)+" (a row was removed, moved or changed)")
			case AuditHash(r) != r.Hash:
				v.fail(r.ID, "hash does not match the row's content in "+chainName(cur)+" (the row was changed)")
			}
			if r.Chain == "" && r.Action == ActionSeal {
				if err := sealed.read(r); err != nil {
					v.fail(r.ID, "the seal does not read: "+err.Error())
				}
			}
			for _, m := range sealed[r.Chain] {
				if r.Chain != "" && m.entries == n && m.head != r.Hash {
					v.fail(r.ID, fmt.Sprintf("row %d of %s is not the one the seal of row %d recorded (rows were replaced)", n, chainName(cur), m.row))
				}
			}
			prev = r.Hash
		}
		if len(batch) < batchSize {
			break
		}
	}
	finish()
	for _, chain := range slices.Sorted(maps.Keys(sealed)) {
		m := sealed[chain][0]
		v.fail(m.row, fmt.Sprintf("%s, which this seal recorded with %d rows, has none (it was removed, with its head)",
			chainName(chainKey{scope, chain}), m.entries))
	}
	for _, chain := range slices.Sorted(maps.Keys(heads)) {
		h := heads[chain]
		if h.entries > 0 {
			v.fail(0, fmt.Sprintf("%s recorded %d rows and has none (it was removed)", chainName(chainKey{scope, chain}), h.entries))
		}
	}
	return v, nil
}

// VerifyAuditAll checks every chain of every scope in the database (what a
// restore checks before it trusts a backup), by scope.
func (s *Store) VerifyAuditAll(ctx context.Context) (map[string]AuditVerification, error) {
	var scopes []string
	if err := s.q(ctx).Raw("SELECT scope FROM audit_log UNION SELECT scope FROM audit_heads").Scan(&scopes).Error; err != nil {
		return nil, err
	}
	out := make(map[string]AuditVerification, len(scopes))
	for _, scope := range scopes {
		v, err := s.VerifyAudit(ctx, scope)
		if err != nil {
			return nil, err
		}
		out[scope] = v
	}
	return out, nil
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
