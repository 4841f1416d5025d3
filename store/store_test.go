package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// schema lists every table and column, to compare before and after a run.
func schema(t *testing.T, st *store.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	tables, err := st.DB().Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range tables {
		cols, err := st.DB().Migrator().ColumnTypes(tbl)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			out[tbl] = append(out[tbl], c.Name())
		}
	}
	return out
}

func TestMigrationsFromEmptyAndAgain(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock()) // migrated once from empty
	before := schema(t, st)
	for _, table := range []string{"organizations", "users", "refresh_tokens", "login_failures", "audit_log", "schema_migrations"} {
		if len(before[table]) == 0 {
			t.Errorf("table %s missing after migration", table)
		}
	}
	var applied int64
	st.DB().Table("schema_migrations").Count(&applied)
	if int(applied) != len(store.Migrations()) {
		t.Fatalf("%d migrations recorded, binary knows %d", applied, len(store.Migrations()))
	}
	if err := st.Migrate(); err != nil {
		t.Fatalf("second run: %v", err)
	}
	after := schema(t, st)
	if len(after) != len(before) {
		t.Fatalf("second run changed tables: %v -> %v", before, after)
	}
	for k, v := range before {
		if len(after[k]) != len(v) {
			t.Fatalf("second run changed %s: %v -> %v", k, v, after[k])
		}
	}
	var again int64
	st.DB().Table("schema_migrations").Count(&again)
	if again != applied {
		t.Fatalf("second run recorded %d more migrations", again-applied)
	}
}

// Replicas starting together on one empty database each migrate at start:
// one does the work and the others wait for it and find nothing left to do.
func TestMigrationsFromSeveralProcessesAtOnce(t *testing.T) {
	base := testenv.Unmigrated(t, testenv.NewClock())
	url := testenv.URLOf(base)
	if url == "" {
		t.Skip("PostgreSQL only: SQLite takes one writer at a time by itself")
	}
	const starts = 4
	stores := []*store.Store{base}
	for range starts - 1 {
		st, err := store.Open(store.Options{DatabaseURL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
	}
	errs := make(chan error, starts)
	for _, st := range stores {
		go func() { errs <- st.Migrate() }()
	}
	for range starts {
		if err := <-errs; err != nil {
			t.Errorf("a concurrent start failed to migrate: %v", err)
		}
	}
	var applied int64
	base.DB().Table("schema_migrations").Count(&applied)
	if int(applied) != len(store.Migrations()) {
		t.Fatalf("%d migrations recorded, binary knows %d", applied, len(store.Migrations()))
	}
}

func TestAuditChainVerifiesAndDetectsTampering(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	admin := store.Actor{ID: 0, Email: "admin@example.go.id"}
	var ids []int64
	for i, code := range []string{"A", "B", "C", "D"} {
		o := models.Organization{Code: code, Name: "Dinas " + code, Kind: "dinas"}
		if err := st.CreateOrganization(ctx, admin, &o); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if _, err := st.UpdateOrganization(ctx, admin, o.ID, store.OrganizationPatch{Name: ptr("Dinas Baru")}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, o.ID)
	}
	v, err := st.VerifyAudit(ctx, store.ScopeGlobal)
	if err != nil || !v.Valid || v.Entries != 5 || v.Head == "" {
		t.Fatalf("verify %+v %v", v, err)
	}
	rows, total, err := st.AuditLog(ctx, store.ScopeGlobal, store.Page{Limit: 10})
	if err != nil || total != 5 || rows[0].Action != "organization.create" || rows[0].ObjectID != ids[3] {
		t.Fatalf("log %+v %d %v", rows, total, err)
	}
	// An edit made straight in the database breaks the chain at that row.
	target := rows[2]
	if err := st.DB().Exec("UPDATE audit_log SET details = ? WHERE id = ?", `{"code":"FORGED"}`, target.ID).Error; err != nil {
		t.Fatal(err)
	}
	v, _ = st.VerifyAudit(ctx, store.ScopeGlobal)
	if v.Valid || v.BrokenAt != target.ID || v.Entries != 5 {
		t.Fatalf("tampered chain: %+v (edited row %d)", v, target.ID)
	}
	// A deleted row is caught at the row after it.
	st2 := testenv.Store(t, testenv.NewClock())
	for _, code := range []string{"A", "B", "C"} {
		o := models.Organization{Code: code, Name: code, Kind: "dinas"}
		st2.CreateOrganization(ctx, admin, &o)
	}
	all, _, _ := st2.AuditLog(ctx, store.ScopeGlobal, store.Page{Limit: 10})
	st2.DB().Exec("DELETE FROM audit_log WHERE id = ?", all[1].ID)
	v, _ = st2.VerifyAudit(ctx, store.ScopeGlobal)
	if v.Valid || v.BrokenAt != all[0].ID {
		t.Fatalf("deleted row: %+v", v)
	}
}

func TestFailedChangeWritesNoAudit(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	o := models.Organization{Code: "A", Name: "A", Kind: "dinas"}
	if err := st.CreateOrganization(ctx, store.Actor{}, &o); err != nil {
		t.Fatal(err)
	}
	dup := models.Organization{Code: "A", Name: "A again", Kind: "dinas"}
	if err := st.CreateOrganization(ctx, store.Actor{}, &dup); err == nil {
		t.Fatal("duplicate accepted")
	}
	_, total, _ := st.AuditLog(ctx, store.ScopeGlobal, store.Page{Limit: 10})
	if total != 1 {
		t.Fatalf("%d audit rows, want 1", total)
	}
}

func ptr[T any](v T) *T { return &v }

// TestOutboxLeaseIsTheToken: a worker whose lease ran out cannot mark a
// message another worker has claimed since.
func TestOutboxLeaseIsTheToken(t *testing.T) {
	clock := testenv.NewClock()
	st := testenv.Store(t, clock)
	ctx := context.Background()
	if err := st.DB().Create(&models.OutboxMessage{Kind: "k", Recipient: "a@b.go.id", Subject: "s", Body: "b",
		Status: models.OutboxPending, NextAttemptAt: clock.Now(), CreatedAt: clock.Now()}).Error; err != nil {
		t.Fatal(err)
	}
	first, err := st.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(first) != 1 {
		t.Fatalf("first claim %v %v", first, err)
	}
	clock.Advance(2 * time.Minute)
	second, err := st.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(second) != 1 {
		t.Fatalf("second claim after the lease ran out: %v %v", second, err)
	}
	if err := st.MarkSent(ctx, first[0]); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("the first worker marked a message it no longer holds: %v", err)
	}
	if err := st.MarkSent(ctx, second[0]); err != nil {
		t.Fatalf("the holder could not mark it: %v", err)
	}
}
