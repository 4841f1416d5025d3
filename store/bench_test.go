package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// The write benchmarks of the store: how long the writes of one auto-assignment
// and of one CSV import take, on SQLite or (with JURI_TEST_DATABASE_URL) on
// PostgreSQL. Only the store call is timed; the data it works on is loaded with
// the timer stopped. docs/benchmarks.md gives the commands and the figures.

// benchAdmin is the actor of every benchmarked change.
var benchAdmin = store.Actor{ID: 0, Email: "admin@example.go.id"}

// mustB stops a benchmark on a setup error.
func mustB(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCreateAssignments writes what auto-assignment writes for a round of
// 1,000 entries and 100 judges at 5 judges per entry: 5,000 assignments, one
// notification per judge and the audit row. Every iteration uses a new round.
func BenchmarkCreateAssignments(b *testing.B) {
	const entries, judges, perEntry = 1000, 100, 5
	clock := testenv.NewClock()
	st := testenv.Store(b, clock)
	ctx := context.Background()
	db := st.DB()
	now := clock.Now()
	org := models.Organization{Code: "B1", Name: "Dinas Bench", Kind: "dinas", CreatedAt: now, UpdatedAt: now}
	mustB(b, db.Create(&org).Error)
	comp := models.Competition{Name: "Bench", Year: 2020, Status: models.CompetitionJudging, MaxEntriesPerOrganization: entries,
		CreatedAt: now, UpdatedAt: now}
	mustB(b, db.Create(&comp).Error)
	es := make([]models.Entry, entries)
	for i := range es {
		es[i] = models.Entry{CompetitionID: comp.ID, OrganizationID: org.ID, Title: fmt.Sprintf("Inovasi %d", i),
			Sections: "{}", Team: "[]", Status: models.EntrySubmitted, CreatedAt: now, UpdatedAt: now}
	}
	mustB(b, db.CreateInBatches(es, 200).Error)
	js := make([]models.User, judges)
	for i := range js {
		js[i] = models.User{Email: fmt.Sprintf("judge%d@example.go.id", i), Name: fmt.Sprintf("Juri %d", i),
			Role: models.RoleJudge, Verified: true, CreatedAt: now, UpdatedAt: now}
	}
	mustB(b, db.CreateInBatches(js, 200).Error)
	pairs := make([][2]int64, 0, entries*perEntry)
	for i, e := range es {
		for k := 0; k < perEntry; k++ {
			pairs = append(pairs, [2]int64{e.ID, js[(i+k*judges/perEntry)%judges].ID})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r := models.Round{CompetitionID: comp.ID, Name: fmt.Sprintf("Round %d", i), Kind: models.RoundScoring, Position: i + 1,
			Status: models.RoundOpen, JudgesPerEntry: perEntry, CreatedAt: now, UpdatedAt: now}
		mustB(b, db.Create(&r).Error)
		b.StartTimer()
		created, err := st.CreateAssignments(ctx, benchAdmin, r, pairs, models.AssignAuto)
		if err != nil || len(created) != len(pairs) {
			b.Fatalf("%d assignments created of %d: %v", len(created), len(pairs), err)
		}
	}
}

// benchOrganizations loads n OPDs with codes ORG0..ORG<n-1>.
func benchOrganizations(b *testing.B, st *store.Store, n int) {
	b.Helper()
	now := st.Now()
	orgs := make([]models.Organization, n)
	for i := range orgs {
		orgs[i] = models.Organization{Code: fmt.Sprintf("ORG%d", i), Name: fmt.Sprintf("Dinas %d", i), Kind: "dinas",
			CreatedAt: now, UpdatedAt: now}
	}
	mustB(b, st.DB().CreateInBatches(orgs, 200).Error)
}

// userRows is a 1,000-line user CSV: 900 participants of 50 OPDs and 100
// judges, with e-mails made unique by prefix.
func userRows(prefix string) []store.UserImportRow {
	rows := make([]store.UserImportRow, 1000)
	for i := range rows {
		rows[i] = store.UserImportRow{Line: i + 2, Email: fmt.Sprintf("%s.%d@example.go.id", prefix, i),
			Name: fmt.Sprintf("Pegawai %d", i), Role: "participant", OrganizationCode: fmt.Sprintf("ORG%d", i%50)}
		if i%10 == 0 {
			rows[i].Role, rows[i].OrganizationCode = "judge", ""
		}
	}
	return rows
}

// BenchmarkImportUsers imports a 1,000-line user CSV as an admin: "new"
// creates 1,000 users (a new file every iteration), "again" imports the same
// file once more, so that every line updates an existing user.
func BenchmarkImportUsers(b *testing.B) {
	st := testenv.Store(b, testenv.NewClock())
	ctx := context.Background()
	benchOrganizations(b, st, 50)
	files := 0 // the testing package may call a sub-benchmark more than once
	b.Run("new", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			files++
			rows := userRows(fmt.Sprintf("new%d", files))
			res, err := st.ImportUsers(ctx, benchAdmin, models.RoleAdmin, rows, nil, false)
			if err != nil || res.Created != len(rows) {
				b.Fatalf("%+v %v", res, err)
			}
		}
	})
	b.Run("again", func(b *testing.B) {
		rows := userRows("again")
		_, err := st.ImportUsers(ctx, benchAdmin, models.RoleAdmin, rows, nil, false)
		mustB(b, err)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			res, err := st.ImportUsers(ctx, benchAdmin, models.RoleAdmin, rows, nil, false)
			if err != nil || res.Updated != len(rows) {
				b.Fatalf("%+v %v", res, err)
			}
		}
	})
}

// BenchmarkImportOrganizations imports a new 500-line OPD CSV every iteration:
// 25 dinas and under each of them 19 puskesmas or kecamatan, every child line
// before its parent's line so the import must resolve parents within the file.
func BenchmarkImportOrganizations(b *testing.B) {
	st := testenv.Store(b, testenv.NewClock())
	ctx := context.Background()
	benchOrganizations(b, st, 50)
	for i := 0; i < b.N; i++ {
		rows := make([]store.OrganizationImportRow, 0, 500)
		for p := 0; p < 25; p++ {
			parent := fmt.Sprintf("I%d-D%d", i, p)
			for c := 0; c < 19; c++ {
				kind := "puskesmas"
				if c%2 == 1 {
					kind = "kecamatan"
				}
				rows = append(rows, store.OrganizationImportRow{Code: fmt.Sprintf("%s-%d", parent, c),
					Name: fmt.Sprintf("Unit %d.%d", p, c), Kind: kind, ParentCode: parent})
			}
			rows = append(rows, store.OrganizationImportRow{Code: parent, Name: fmt.Sprintf("Dinas %d", p), Kind: "dinas",
				ParentCode: fmt.Sprintf("ORG%d", p)})
		}
		for k := range rows {
			rows[k].Line = k + 2
		}
		res, err := st.ImportOrganizations(ctx, benchAdmin, rows, nil, false)
		if err != nil || res.Created != len(rows) {
			b.Fatalf("%+v %v", res, err)
		}
	}
}
