package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/store/migrations"
)

// chainWorld is one competition scope with its own chain and three object
// chains (assignment:1..3), written through store.Audit as the scorecard
// saves write them: the scope's own rows first, then the objects' rows
// interleaved, as judges saving at once would write them.
func chainWorld(t *testing.T) (*store.Store, string) {
	t.Helper()
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	scope := store.CompetitionScope(7)
	audit := func(chain, action string, obj int64) {
		t.Helper()
		err := st.WithTx(ctx, func(tx *store.Store) error {
			return tx.Audit(ctx, store.Actor{Email: "juri@example.go.id"}, store.AuditEvent{Scope: scope, Chain: chain,
				Action: action, ObjectType: "assignment", ObjectID: obj, Details: map[string]any{"n": obj}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	audit("", "competition.update", 7)
	for round := 0; round < 3; round++ {
		for a := int64(1); a <= 3; a++ {
			audit(store.AssignmentChain(a), "scorecard.save", a)
		}
	}
	audit("", "round.update", 7)
	v, err := st.VerifyAudit(ctx, scope)
	if err != nil || !v.Valid || v.Entries != 11 || v.Head == "" {
		t.Fatalf("fresh chains: %+v %v", v, err)
	}
	return st, scope
}

// rowsOf is a chain's rows in order.
func rowsOf(t *testing.T, st *store.Store, scope, chain string) []models.AuditEntry {
	t.Helper()
	var rows []models.AuditEntry
	if err := st.DB().Where("scope = ? AND chain = ?", scope, chain).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

func mustBreak(t *testing.T, st *store.Store, scope string, brokenAt int64, reason string) {
	t.Helper()
	v, err := st.VerifyAudit(context.Background(), scope)
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || v.BrokenAt != brokenAt || !strings.Contains(v.Reason, reason) {
		t.Fatalf("verify: %+v, want broken at %d with %q", v, brokenAt, reason)
	}
	all, err := st.VerifyAuditAll(context.Background())
	if err != nil || all[scope].Valid || all[scope].BrokenAt != brokenAt {
		t.Fatalf("VerifyAuditAll: %+v %v", all[scope], err)
	}
}

func exec(t *testing.T, st *store.Store, sql string, args ...any) {
	t.Helper()
	if err := st.DB().Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// sealAll seals every object chain of scope, as a publication seals its
// round's, and answers the seal's row.
func sealAll(t *testing.T, st *store.Store, scope string) int64 {
	t.Helper()
	ctx := context.Background()
	chains := []string{store.AssignmentChain(1), store.AssignmentChain(2), store.AssignmentChain(3), store.AssignmentChain(99)}
	err := st.WithTx(ctx, func(tx *store.Store) error {
		return tx.SealChains(ctx, store.Actor{Email: "panitia@example.go.id"}, scope, chains, "publication", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	own := rowsOf(t, st, scope, "")
	seal := own[len(own)-1]
	if seal.Action != store.ActionSeal || strings.Contains(seal.Details, "assignment:99") {
		t.Fatalf("the seal: %+v", seal)
	}
	if v, err := st.VerifyAudit(ctx, scope); err != nil || !v.Valid {
		t.Fatalf("verify after sealing: %+v %v", v, err)
	}
	return seal.ID
}

// Every kind of tampering with an object's chain, made straight in the
// database, fails verification, on both databases.
func TestAuditObjectChainsDetectTampering(t *testing.T) {
	chain := store.AssignmentChain(2)
	t.Run("edited row", func(t *testing.T) {
		st, scope := chainWorld(t)
		rows := rowsOf(t, st, scope, chain)
		exec(t, st, "UPDATE audit_log SET details = ? WHERE id = ?", `{"n":99}`, rows[1].ID)
		mustBreak(t, st, scope, rows[1].ID, "the row was changed")
	})
	t.Run("deleted middle row", func(t *testing.T) {
		st, scope := chainWorld(t)
		rows := rowsOf(t, st, scope, chain)
		exec(t, st, "DELETE FROM audit_log WHERE id = ?", rows[1].ID)
		mustBreak(t, st, scope, rows[2].ID, "prev_hash does not match")
	})
	t.Run("deleted last row", func(t *testing.T) {
		st, scope := chainWorld(t)
		rows := rowsOf(t, st, scope, chain)
		exec(t, st, "DELETE FROM audit_log WHERE id = ?", rows[2].ID)
		mustBreak(t, st, scope, rows[1].ID, "rows were removed or changed")
	})
	t.Run("deleted whole chain", func(t *testing.T) {
		st, scope := chainWorld(t)
		exec(t, st, "DELETE FROM audit_log WHERE scope = ? AND chain = ?", scope, chain)
		mustBreak(t, st, scope, 0, "it was removed")
	})
	t.Run("sealed chain deleted with its head", func(t *testing.T) {
		// The chain and its head both removed leave consistent data; the
		// seal a publication wrote into the scope's own chain remembers it.
		st, scope := chainWorld(t)
		seal := sealAll(t, st, scope)
		exec(t, st, "DELETE FROM audit_log WHERE scope = ? AND chain = ?", scope, chain)
		exec(t, st, "DELETE FROM audit_heads WHERE scope = ? AND chain = ?", scope, chain)
		mustBreak(t, st, scope, seal, "which this seal recorded with 3 rows, has none")
	})
	t.Run("nothing to seal writes no seal", func(t *testing.T) {
		// A screening round has no scorecards: its publication seals nothing.
		st, scope := chainWorld(t)
		before := len(rowsOf(t, st, scope, ""))
		ctx := context.Background()
		if err := st.WithTx(ctx, func(tx *store.Store) error {
			return tx.SealChains(ctx, store.Actor{}, scope, []string{store.AssignmentChain(99)}, "publication", 1)
		}); err != nil {
			t.Fatal(err)
		}
		if after := len(rowsOf(t, st, scope, "")); after != before {
			t.Fatalf("an empty seal was written: %d rows, %d before", after, before)
		}
	})
	t.Run("sealed chain that grows after the seal", func(t *testing.T) {
		st, scope := chainWorld(t)
		sealAll(t, st, scope)
		sealAll(t, st, scope) // a second version of the publication
		ctx := context.Background()
		if err := st.WithTx(ctx, func(tx *store.Store) error {
			return tx.Audit(ctx, store.Actor{}, store.AuditEvent{Scope: scope, Chain: chain, Action: "scorecard.reopen", ObjectType: "assignment", ObjectID: 2})
		}); err != nil {
			t.Fatal(err)
		}
		if v, err := st.VerifyAudit(ctx, scope); err != nil || !v.Valid {
			t.Fatalf("a chain longer than its seals: %+v %v", v, err)
		}
	})
	t.Run("sealed chain cut, its head moved back", func(t *testing.T) {
		st, scope := chainWorld(t)
		sealAll(t, st, scope)
		rows := rowsOf(t, st, scope, chain)
		exec(t, st, "DELETE FROM audit_log WHERE id = ?", rows[2].ID)
		exec(t, st, "UPDATE audit_heads SET entries = 2, head = ? WHERE scope = ? AND chain = ?", rows[1].Hash, scope, chain)
		mustBreak(t, st, scope, rows[1].ID, "but the seal of row")
	})
	t.Run("sealed row replaced, hashes and head redone", func(t *testing.T) {
		// Someone with the database and this code rewrites a scorecard's last
		// save consistently: only the seal still knows the old hash.
		st, scope := chainWorld(t)
		sealAll(t, st, scope)
		rows := rowsOf(t, st, scope, chain)
		last := rows[2]
		last.Details = `{"n":99}`
		last.Hash = store.AuditHash(last)
		exec(t, st, "UPDATE audit_log SET details = ?, hash = ? WHERE id = ?", last.Details, last.Hash, last.ID)
		exec(t, st, "UPDATE audit_heads SET head = ? WHERE scope = ? AND chain = ?", last.Hash, scope, chain)
		mustBreak(t, st, scope, last.ID, "is not the one the seal of row")
	})
	t.Run("unsealed chain deleted with its head", func(t *testing.T) {
		// What a hash chain alone cannot see: a chain no seal recorded yet
		// (a round not published), removed with its record, leaves
		// consistent data. Deleting rows of the scope's own chain with it
		// still shows.
		st, scope := chainWorld(t)
		own := rowsOf(t, st, scope, "")
		exec(t, st, "DELETE FROM audit_log WHERE scope = ? AND chain = ?", scope, chain)
		exec(t, st, "DELETE FROM audit_heads WHERE scope = ? AND chain = ?", scope, chain)
		exec(t, st, "DELETE FROM audit_log WHERE id = ?", own[0].ID)
		mustBreak(t, st, scope, own[1].ID, "prev_hash does not match")
	})
	t.Run("reordered rows", func(t *testing.T) {
		// Two rows of the chain swap places (their ids), content intact.
		st, scope := chainWorld(t)
		rows := rowsOf(t, st, scope, chain)
		exec(t, st, "UPDATE audit_log SET id = ? WHERE id = ?", -1, rows[0].ID)
		exec(t, st, "UPDATE audit_log SET id = ? WHERE id = ?", rows[0].ID, rows[1].ID)
		exec(t, st, "UPDATE audit_log SET id = ? WHERE id = ?", rows[1].ID, -1)
		mustBreak(t, st, scope, rows[0].ID, "prev_hash does not match")
	})
	t.Run("row moved to another chain", func(t *testing.T) {
		st, scope := chainWorld(t)
		rows := rowsOf(t, st, scope, chain)
		exec(t, st, "UPDATE audit_log SET chain = ? WHERE id = ?", store.AssignmentChain(3), rows[2].ID)
		v, err := st.VerifyAudit(context.Background(), scope)
		if err != nil || v.Valid {
			t.Fatalf("verify after moving a row: %+v %v", v, err)
		}
	})
	t.Run("forged row appended", func(t *testing.T) {
		st, scope := chainWorld(t)
		rows := rowsOf(t, st, scope, chain)
		forged := models.AuditEntry{Scope: scope, Chain: chain, At: rows[2].At, Action: "scorecard.save", ObjectType: "assignment",
			ObjectID: 2, Details: "{}", PrevHash: rows[2].Hash}
		forged.Hash = store.AuditHash(forged)
		if err := st.DB().Create(&forged).Error; err != nil {
			t.Fatal(err)
		}
		mustBreak(t, st, scope, forged.ID, "rows were removed or changed")
	})
}

// The fork guarantee holds per chain: a row written after a chain's head
// without claiming it (as a second writer racing past the claim would) makes
// the next append refused, and appends to other chains go on.
func TestAuditObjectChainFork(t *testing.T) {
	st, scope := chainWorld(t)
	ctx := context.Background()
	chain := store.AssignmentChain(1)
	rows := rowsOf(t, st, scope, chain)
	rival := models.AuditEntry{Scope: scope, Chain: chain, At: rows[2].At, Action: "rival", ObjectType: "assignment", ObjectID: 1,
		Details: "{}", PrevHash: rows[2].Hash}
	rival.Hash = store.AuditHash(rival)
	if err := st.DB().Create(&rival).Error; err != nil {
		t.Fatal(err)
	}
	appendTo := func(chain string) error {
		return st.WithTx(ctx, func(tx *store.Store) error {
			return tx.Audit(ctx, store.Actor{}, store.AuditEvent{Scope: scope, Chain: chain, Action: "scorecard.save", ObjectType: "assignment"})
		})
	}
	var ce *store.ConflictError
	if err := appendTo(chain); !errors.As(err, &ce) || !strings.Contains(ce.Msg, "audit chain") {
		t.Fatalf("append to a forked chain: %v", err)
	}
	if err := appendTo(store.AssignmentChain(2)); err != nil {
		t.Fatalf("another chain: %v", err)
	}
}

// Appends to many chains of one scope at once all land, each chain whole:
// nothing but a chain's own head is shared.
func TestAuditChainsConcurrentAppends(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	scope := store.CompetitionScope(3)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for a := int64(1); a <= 10; a++ {
		for i := 0; i < 5; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- st.WithTx(ctx, func(tx *store.Store) error {
					return tx.Audit(ctx, store.Actor{}, store.AuditEvent{Scope: scope, Chain: store.AssignmentChain(a%5 + 1),
						Action: "scorecard.save", ObjectType: "assignment", ObjectID: a})
				})
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	v, err := st.VerifyAudit(ctx, scope)
	if err != nil || !v.Valid || v.Entries != 50 {
		t.Fatalf("after concurrent appends: %+v %v", v, err)
	}
}

// Migration 0011 converts the chains a database already has: their rows
// verify as before, their heads are recorded, and new rows chain after them.
func TestAuditChainsMigrationConvertsChains(t *testing.T) {
	st := testenv.Unmigrated(t, testenv.NewClock())
	if err := migrations.RunWithout(st.DB(), "0012_audit_chains"); err != nil {
		t.Fatal(err)
	}
	// Rows as the code before 0011 wrote them: one chain per scope.
	db := st.DB()
	scope := store.CompetitionScope(1)
	prev := ""
	for i := 0; i < 3; i++ {
		r := models.AuditEntry{Scope: scope, At: testenv.NewClock().Now(), Action: "scorecard.save", ObjectType: "assignment",
			ObjectID: int64(i), Details: "{}", PrevHash: prev}
		r.Hash = store.AuditHash(r) // Chain "" hashes exactly as before
		if err := db.Omit("chain").Create(&r).Error; err != nil {
			t.Fatal(err)
		}
		prev = r.Hash
	}
	if err := st.Migrate(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := st.VerifyAudit(ctx, scope)
	if err != nil || !v.Valid || v.Entries != 3 || v.Head != prev {
		t.Fatalf("converted chain: %+v %v", v, err)
	}
	if err := st.WithTx(ctx, func(tx *store.Store) error {
		return tx.Audit(ctx, store.Actor{}, store.AuditEvent{Scope: scope, Action: "round.update", ObjectType: "round"})
	}); err != nil {
		t.Fatal(err)
	}
	if v, err = st.VerifyAudit(ctx, scope); err != nil || !v.Valid || v.Entries != 4 {
		t.Fatalf("after an append: %+v %v", v, err)
	}
}
