package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/demo"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/store/migrations"
)

// side is one competition of the fixture with one of everything in it.
type side struct {
	comp     models.Competition
	category models.Category
	round    models.Round
	entry    models.Entry
	loose    models.Entry // an entry without a category
}

// fixture is two competitions, an OPD and a judge who is a member of the
// first, written straight into the database.
type fixture struct {
	a, b  side
	org   models.Organization
	judge models.User
	now   time.Time
}

func newFixture(t *testing.T, st *store.Store) fixture {
	t.Helper()
	db := st.DB()
	f := fixture{now: st.Now()}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f.org = models.Organization{Code: "FX", Name: "Dinas Fixture", Kind: "dinas", CreatedAt: f.now, UpdatedAt: f.now}
	must(db.Create(&f.org).Error)
	f.judge = models.User{Email: "juri.fixture@example.go.id", Name: "Juri", Role: models.RoleJudge, Verified: true,
		CreatedAt: f.now, UpdatedAt: f.now}
	must(db.Create(&f.judge).Error)
	for i, s := range []*side{&f.a, &f.b} {
		s.comp = models.Competition{Name: []string{"A", "B"}[i], Year: 2020, Status: models.CompetitionJudging,
			MaxEntriesPerOrganization: 10, CreatedAt: f.now, UpdatedAt: f.now}
		must(db.Create(&s.comp).Error)
		s.category = models.Category{CompetitionID: s.comp.ID, Name: "Tata kelola", Group: "umum", Position: 1}
		must(db.Create(&s.category).Error)
		s.round = models.Round{CompetitionID: s.comp.ID, Name: "Penilaian", Kind: models.RoundScoring, Position: 1,
			Status: models.RoundOpen, JudgesPerEntry: 1, CreatedAt: f.now, UpdatedAt: f.now}
		must(db.Create(&s.round).Error)
		must(db.Create(&models.Criterion{RoundID: s.round.ID, Key: "k", Name: "Kebaruan", Weight: 1, MinScore: 0,
			MaxScore: 10, Step: 1, Descriptors: "{}"}).Error)
		cat := s.category.ID
		s.entry = models.Entry{CompetitionID: s.comp.ID, OrganizationID: f.org.ID, CategoryID: &cat, Title: "Inovasi",
			Sections: "{}", Team: "[]", Status: models.EntrySubmitted, CreatedAt: f.now, UpdatedAt: f.now}
		must(db.Create(&s.entry).Error)
		s.loose = models.Entry{CompetitionID: s.comp.ID, OrganizationID: f.org.ID, Title: "Inovasi lain",
			Sections: "{}", Team: "[]", Status: models.EntrySubmitted, CreatedAt: f.now, UpdatedAt: f.now}
		must(db.Create(&s.loose).Error)
	}
	must(db.Create(&models.Member{CompetitionID: f.a.comp.ID, UserID: f.judge.ID, Role: models.MemberJudge, CreatedAt: f.now}).Error)
	return f
}

// guarantee is one write that a guarantee refuses, next to the same write
// made right, which the database accepts: so a refusal cannot come from a
// broken statement.
type guarantee struct {
	name     string
	bad, ok  string
	badArgs  []any
	okArgs   []any
	want     string // in the conflict's message
	sqliteUK bool   // SQLite's driver reports this one as a bare duplicate key
}

func (f fixture) guarantees(t *testing.T, st *store.Store) []guarantee {
	var head models.AuditEntry
	if err := st.DB().Where("scope = ?", store.ScopeGlobal).Order("id DESC").Take(&head).Error; err != nil {
		t.Fatal(err)
	}
	audit := "INSERT INTO audit_log (scope, at, actor_email, action, object_type, object_id, details, prev_hash, hash) " +
		"VALUES (?, ?, '', 'forged', 'user', 1, '{}', ?, ?)"
	criterion := "INSERT INTO criteria (round_id, key, name, weight, min_score, max_score, step, descriptors, position) " +
		"VALUES (?, ?, 'Dampak', 1, ?, ?, 1, '{}', 2)"
	entry := "INSERT INTO entries (competition_id, organization_id, category_id, title, sections, team, status, created_at, updated_at) " +
		"VALUES (?, ?, ?, 'Baru', '{}', '[]', 'draft', ?, ?)"
	conflict := "INSERT INTO conflicts (competition_id, judge_id, entry_id, source, created_at) VALUES (?, ?, ?, 'organizer', ?)"
	publication := "INSERT INTO publications (competition_id, round_id, version, title, entries, digest, published_at) " +
		"VALUES (?, ?, ?, 'Hasil', '[]', 'd', ?)"
	assignment := "INSERT INTO assignments (round_id, entry_id, judge_id, source, created_at) VALUES (?, ?, ?, 'manual', ?)"
	a, b, now := f.a, f.b, f.now
	return []guarantee{
		{name: "audit chain cannot fork", want: "audit chain", sqliteUK: true,
			bad: audit, badArgs: []any{store.ScopeGlobal, now, "", strings.Repeat("a", 64)},
			ok: audit, okArgs: []any{store.ScopeGlobal, now, head.Hash, strings.Repeat("b", 64)}},
		{name: "criterion minimum below maximum", want: "min_score",
			bad: criterion, badArgs: []any{a.round.ID, "same", 5.0, 5.0},
			ok: criterion, okArgs: []any{a.round.ID, "fine", 1.0, 5.0}},
		{name: "criterion update keeps minimum below maximum", want: "min_score",
			bad: "UPDATE criteria SET max_score = min_score - 1 WHERE round_id = ? AND key = 'k'", badArgs: []any{a.round.ID},
			ok: "UPDATE criteria SET max_score = min_score + 4 WHERE round_id = ? AND key = 'k'", okArgs: []any{a.round.ID}},
		{name: "entry category of its competition", want: "category",
			bad: entry, badArgs: []any{a.comp.ID, f.org.ID, b.category.ID, now, now},
			ok: entry, okArgs: []any{a.comp.ID, f.org.ID, a.category.ID, now, now}},
		{name: "entry category update", want: "category",
			bad: "UPDATE entries SET category_id = ? WHERE id = ?", badArgs: []any{b.category.ID, a.entry.ID},
			ok: "UPDATE entries SET category_id = ? WHERE id = ?", okArgs: []any{a.category.ID, a.entry.ID}},
		{name: "judge expertise in the competition", want: "expertise",
			bad: "INSERT INTO judge_expertise (competition_id, user_id, category_id) VALUES (?, ?, ?)", badArgs: []any{a.comp.ID, f.judge.ID, b.category.ID},
			ok: "INSERT INTO judge_expertise (competition_id, user_id, category_id) VALUES (?, ?, ?)", okArgs: []any{a.comp.ID, f.judge.ID, a.category.ID}},
		{name: "conflict names an entry of its competition", want: "conflict",
			bad: conflict, badArgs: []any{a.comp.ID, f.judge.ID, b.entry.ID, now},
			ok: conflict, okArgs: []any{a.comp.ID, f.judge.ID, a.entry.ID, now}},
		{name: "publication of a round of its competition", want: "publication",
			bad: publication, badArgs: []any{a.comp.ID, b.round.ID, 1, now},
			ok: publication, okArgs: []any{a.comp.ID, a.round.ID, 1, now}},
		{name: "assignment entry of the round's competition", want: "assignment",
			bad: assignment, badArgs: []any{a.round.ID, b.entry.ID, f.judge.ID, now},
			ok: assignment, okArgs: []any{a.round.ID, a.entry.ID, f.judge.ID, now}},
		{name: "assignment update", want: "assignment",
			bad: "UPDATE assignments SET entry_id = ? WHERE entry_id = ?", badArgs: []any{b.entry.ID, a.entry.ID},
			ok: "UPDATE assignments SET entry_id = ? WHERE entry_id = ?", okArgs: []any{a.loose.ID, a.entry.ID}},
		{name: "round entries of the round's competition", want: "round's entries",
			bad: "INSERT INTO round_entries (round_id, entry_id, created_at) VALUES (?, ?, ?)", badArgs: []any{a.round.ID, b.entry.ID, now},
			ok: "INSERT INTO round_entries (round_id, entry_id, created_at) VALUES (?, ?, ?)", okArgs: []any{a.round.ID, a.entry.ID, now}},
		{name: "an entry stays in its competition", want: "cannot move",
			bad: "UPDATE entries SET competition_id = ? WHERE id = ?", badArgs: []any{b.comp.ID, a.loose.ID},
			ok: "UPDATE entries SET competition_id = competition_id WHERE id = ?", okArgs: []any{a.loose.ID}},
		{name: "a round stays in its competition", want: "cannot move",
			bad: "UPDATE rounds SET competition_id = ? WHERE id = ?", badArgs: []any{b.comp.ID, a.round.ID},
			ok: "UPDATE rounds SET name = 'Final' WHERE id = ?", okArgs: []any{a.round.ID}},
		{name: "a category stays in its competition", want: "cannot move",
			bad: "UPDATE categories SET competition_id = ? WHERE id = ?", badArgs: []any{b.comp.ID, a.category.ID},
			ok: "UPDATE categories SET name = 'Pelayanan' WHERE id = ?", okArgs: []any{a.category.ID}},
	}
}

// refused checks that err is the conflict of a broken guarantee.
func refused(t *testing.T, st *store.Store, g guarantee, err error) {
	t.Helper()
	var ce *store.ConflictError
	switch {
	case err == nil:
		t.Fatalf("the database accepted %s", g.bad)
	case g.sqliteUK && st.Dialect() == "sqlite" && errors.Is(err, gorm.ErrDuplicatedKey):
	case !errors.As(err, &ce):
		t.Fatalf("refused, but as %T %v, not as a conflict", err, err)
	case !strings.Contains(ce.Msg, g.want):
		t.Fatalf("conflict %q does not name %q", ce.Msg, g.want)
	}
}

// TestGuaranteesAreTheDatabases writes each forbidden row with raw SQL, past
// every check of the store, and sees the database refuse it.
func TestGuaranteesAreTheDatabases(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	if err := st.CreateOrganization(context.Background(), store.Actor{}, &models.Organization{Code: "G", Name: "G", Kind: "dinas"}); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, st)
	// The cases run in order: "assignment update" moves the assignment that
	// the case before it wrote.
	for _, g := range f.guarantees(t, st) {
		t.Run(g.name, func(t *testing.T) {
			refused(t, st, g, st.DB().Exec(g.bad, g.badArgs...).Error)
			res := st.DB().Exec(g.ok, g.okArgs...)
			if res.Error != nil || res.RowsAffected != 1 {
				t.Fatalf("the right write was refused or wrote %d rows: %v", res.RowsAffected, res.Error)
			}
		})
	}
}

// TestBrokenGuaranteeIsAConflict: a store method whose write breaks a
// guarantee (here past the handler's checks) answers a conflict, which the
// API sends as 409, and writes nothing.
func TestBrokenGuaranteeIsAConflict(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	f := newFixture(t, st)
	_, err := st.CreateAssignments(ctx, store.Actor{}, f.a.round, [][2]int64{{f.a.entry.ID, f.judge.ID}, {f.b.entry.ID, f.judge.ID}},
		models.AssignManual)
	var ce *store.ConflictError
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "assignment") {
		t.Fatalf("assignment to an entry of another competition: %T %v", err, err)
	}
	for _, table := range []string{"assignments", "outbox", "audit_log"} {
		var n int64
		if err := st.DB().Table(table).Count(&n).Error; err != nil || n != 0 {
			t.Errorf("%s holds %d rows after the refused change (%v)", table, n, err)
		}
	}

	// A row that already follows the head of the chain (written with a
	// lower id, as a second writer racing past the lock would) makes the next
	// append a fork, which is refused as a conflict.
	if err := st.CreateOrganization(ctx, store.Actor{}, &models.Organization{Code: "H", Name: "H", Kind: "dinas"}); err != nil {
		t.Fatal(err)
	}
	var head models.AuditEntry
	if err := st.DB().Where("scope = ?", store.ScopeGlobal).Order("id DESC").Take(&head).Error; err != nil {
		t.Fatal(err)
	}
	rival := models.AuditEntry{ID: -1, Scope: store.ScopeGlobal, At: f.now, Action: "rival", ObjectType: "user", ObjectID: 1,
		Details: "{}", PrevHash: head.Hash}
	rival.Hash = store.AuditHash(rival)
	if err := st.DB().Create(&rival).Error; err != nil {
		t.Fatal(err)
	}
	err = st.CreateOrganization(ctx, store.Actor{}, &models.Organization{Code: "I", Name: "I", Kind: "dinas"})
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "audit chain") {
		t.Fatalf("append to a forked chain: %T %v", err, err)
	}
	var kept int64
	if err := st.DB().Table("organizations").Where("code = ?", "I").Count(&kept).Error; err != nil || kept != 0 {
		t.Fatalf("the change whose audit row was refused stayed: %d %v", kept, err)
	}
}

// withoutGuarantees is a fresh database with every migration but
// 0006_guarantees, like a database of the version before it.
func withoutGuarantees(t *testing.T) *store.Store {
	t.Helper()
	st := testenv.Unmigrated(t, testenv.NewClock())
	if err := migrations.RunWithout(st.DB(), "0006_guarantees"); err != nil {
		t.Fatal(err)
	}
	return st
}

// tables whose rows the guarantees concern, counted before and after the
// migration.
var guardedTables = []string{"audit_log", "criteria", "entries", "categories", "judge_expertise", "conflicts",
	"publications", "assignments", "round_entries", "scorecards", "scores", "outbox"}

func countRows(t *testing.T, st *store.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range guardedTables {
		var n int64
		if err := st.DB().Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestGuaranteesMigrateExistingData seeds the demo regency (and the fixture,
// for the rows the demo has none of) into a database without the guarantees,
// migrates it and finds every row kept, every chain intact and the guarantees
// in force.
func TestGuaranteesMigrateExistingData(t *testing.T) {
	ctx := context.Background()
	st := withoutGuarantees(t)
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if seeded, err := demo.Seed(ctx, st, blobs, testenv.Passwords()); err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	f := newFixture(t, st)
	db, now := st.DB(), f.now
	for _, w := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO judge_expertise (competition_id, user_id, category_id) VALUES (?, ?, ?)", []any{f.a.comp.ID, f.judge.ID, f.a.category.ID}},
		{"INSERT INTO conflicts (competition_id, judge_id, entry_id, source, created_at) VALUES (?, ?, ?, 'organizer', ?)", []any{f.a.comp.ID, f.judge.ID, f.a.loose.ID, now}},
		{"INSERT INTO publications (competition_id, round_id, version, title, entries, digest, published_at) VALUES (?, ?, 1, 'Hasil', '[]', 'd', ?)", []any{f.a.comp.ID, f.a.round.ID, now}},
		{"INSERT INTO assignments (round_id, entry_id, judge_id, source, created_at) VALUES (?, ?, ?, 'manual', ?)", []any{f.a.round.ID, f.a.entry.ID, f.judge.ID, now}},
		{"INSERT INTO round_entries (round_id, entry_id, created_at) VALUES (?, ?, ?)", []any{f.a.round.ID, f.a.entry.ID, now}},
	} {
		if err := db.Exec(w.sql, w.args...).Error; err != nil {
			t.Fatalf("%s: %v", w.sql, err)
		}
	}
	before := countRows(t, st)
	for _, table := range []string{"audit_log", "judge_expertise", "assignments", "round_entries", "scores"} {
		if before[table] == 0 {
			t.Fatalf("no %s to migrate: %v", table, before)
		}
	}
	if err := st.Migrate(); err != nil {
		t.Fatalf("migrate the demo data: %v", err)
	}
	if after := countRows(t, st); len(after) != len(before) {
		t.Fatalf("rows %v -> %v", before, after)
	} else {
		for k, v := range before {
			if after[k] != v {
				t.Errorf("%s: %d rows -> %d", k, v, after[k])
			}
		}
	}
	var scopes []string
	if err := db.Table("audit_log").Distinct("scope").Pluck("scope", &scopes).Error; err != nil || len(scopes) < 2 {
		t.Fatalf("scopes %v %v", scopes, err)
	}
	for _, scope := range scopes {
		if v, err := st.VerifyAudit(ctx, scope); err != nil || !v.Valid {
			t.Errorf("chain %s after the migration: %+v %v", scope, v, err)
		}
	}
	g := f.guarantees(t, st)[3] // an entry with the category of another competition
	refused(t, st, g, db.Exec(g.bad, g.badArgs...).Error)
}

// TestGuaranteesRefuseBrokenData: a database holding a row that breaks a
// guarantee does not migrate, and the failed migration leaves nothing behind
// (the forbidden write still goes through, as before).
func TestGuaranteesRefuseBrokenData(t *testing.T) {
	for _, c := range []struct {
		name, guarantee string
		write           func(f fixture, try int) (string, []any) // a new row on each try
	}{
		{"criterion without range", "criteria_score_range", func(f fixture, try int) (string, []any) {
			return "UPDATE criteria SET min_score = max_score WHERE round_id = ?", []any{f.a.round.ID}
		}},
		{"entry with another competition's category", "entries_category_competition", func(f fixture, try int) (string, []any) {
			return "UPDATE entries SET category_id = ? WHERE id = ?", []any{f.b.category.ID, f.a.entry.ID}
		}},
		{"assignment across competitions", "assignments_round_entry_competition", func(f fixture, try int) (string, []any) {
			return "INSERT INTO assignments (round_id, entry_id, judge_id, source, created_at) VALUES (?, ?, ?, 'manual', ?)",
				[]any{f.a.round.ID, []int64{f.b.entry.ID, f.b.loose.ID}[try], f.judge.ID, f.now}
		}},
		{"forked audit chain", "audit_log_chain", func(f fixture, try int) (string, []any) {
			return "INSERT INTO audit_log (scope, at, actor_email, action, object_type, object_id, details, prev_hash, hash) " +
					"VALUES ('competition:1', ?, '', 'x', 'user', 1, '{}', '', ?), ('competition:1', ?, '', 'y', 'user', 1, '{}', '', ?)",
				[]any{f.now, strings.Repeat("c", 63) + fmt.Sprint(try), f.now, strings.Repeat("d", 63) + fmt.Sprint(try)}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := withoutGuarantees(t)
			f := newFixture(t, st)
			sql, args := c.write(f, 0)
			if res := st.DB().Exec(sql, args...); res.Error != nil || res.RowsAffected == 0 {
				t.Fatalf("write the broken row before the migration: %d rows, %v", res.RowsAffected, res.Error)
			}
			err := st.Migrate()
			if err == nil || !strings.Contains(err.Error(), c.guarantee) {
				t.Fatalf("migration over a broken row: %v", err)
			}
			var n int64
			st.DB().Table("schema_migrations").Where("id = ?", "0006_guarantees").Count(&n)
			if n != 0 {
				t.Fatal("the failed migration is recorded as applied")
			}
			sql, args = c.write(f, 1)
			if res := st.DB().Exec(sql, args...); res.Error != nil {
				t.Fatalf("the failed migration left its guarantee behind: %v", res.Error)
			}
		})
	}
}
