package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store"
)

// The bulk writes go in batches (tens of rows on SQLite, hundreds on
// PostgreSQL); these tests write more than two batches on either, so that
// batch boundaries are crossed, and check what one row at a time wrote: every
// row, its audit row in the order of the file, and nothing at all when a line
// is bad.

// globalAudit lists the global chain's rows oldest first, after skip rows.
func globalAudit(t *testing.T, st *store.Store, skip int64) []models.AuditEntry {
	t.Helper()
	var rows []models.AuditEntry
	if err := st.DB().Where("scope = ? AND id > ?", store.ScopeGlobal, skip).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

func lastAuditID(t *testing.T, st *store.Store) int64 {
	t.Helper()
	var id int64
	if err := st.DB().Table("audit_log").Select("COALESCE(MAX(id), 0)").Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

func TestImportUsersInBatches(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	admin := store.Actor{Email: "admin@example.go.id"}
	var orgs []models.Organization
	for i := 0; i < 3; i++ {
		o := models.Organization{Code: fmt.Sprintf("K%d", i), Name: "Kecamatan", Kind: "kecamatan"}
		if err := st.CreateOrganization(ctx, admin, &o); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, o)
	}
	// 1,201 lines: every third e-mail exists already (as a judge), the rest are new.
	const lines = 1201
	rows := make([]store.UserImportRow, lines)
	existing := map[string]int64{}
	for i := range rows {
		email := fmt.Sprintf("pegawai%d@example.go.id", i)
		rows[i] = store.UserImportRow{Line: i + 2, Email: email, Name: fmt.Sprintf("Pegawai %d", i), Role: "participant",
			OrganizationCode: orgs[i%3].Code}
		if i%3 == 0 {
			u := models.User{Email: email, Name: "Lama", Role: models.RoleJudge, Verified: true}
			if err := st.CreateUser(ctx, admin, &u); err != nil {
				t.Fatal(err)
			}
			existing[email] = u.ID
		}
	}
	users := func() int64 {
		var n int64
		st.DB().Table("users").Count(&n)
		return n
	}

	// One bad line near the end (an OPD that does not exist) makes the whole
	// file write nothing, and is reported by its line.
	bad := append([]store.UserImportRow(nil), rows...)
	bad[1100].OrganizationCode = "NOPE"
	before, mark := users(), lastAuditID(t, st)
	_, err := st.ImportUsers(ctx, admin, models.RoleAdmin, bad, nil, false)
	var ie *store.ImportError
	if !errors.As(err, &ie) || len(ie.Lines) != 1 || ie.Lines[0].Line != 1102 {
		t.Fatalf("bad file: %v", err)
	}
	if users() != before || lastAuditID(t, st) != mark {
		t.Fatal("a refused import wrote rows")
	}

	res, err := st.ImportUsers(ctx, admin, models.RoleAdmin, rows, nil, false)
	if err != nil || res.Created != lines-len(existing) || res.Updated != len(existing) {
		t.Fatalf("import %+v %v", res, err)
	}
	audit := globalAudit(t, st, mark)
	if len(audit) != lines {
		t.Fatalf("%d audit rows for %d lines", len(audit), lines)
	}
	for i, r := range rows {
		u, err := st.UserByEmail(ctx, r.Email)
		if err != nil || u.Name != r.Name || u.Role != models.RoleParticipant || u.OrganizationID == nil || *u.OrganizationID != orgs[i%3].ID {
			t.Fatalf("line %d: user %+v %v", r.Line, u, err)
		}
		action := "user.create"
		if id, ok := existing[r.Email]; ok {
			action = "user.update"
			if u.ID != id {
				t.Fatalf("line %d updated user %d into a new user %d", r.Line, id, u.ID)
			}
		}
		if audit[i].Action != action || audit[i].ObjectID != u.ID {
			t.Fatalf("audit row %d is %s of %d, want %s of %d", i, audit[i].Action, audit[i].ObjectID, action, u.ID)
		}
	}
	if v, err := st.VerifyAudit(ctx, store.ScopeGlobal); err != nil || !v.Valid {
		t.Fatalf("chain %+v %v", v, err)
	}
}

func TestImportOrganizationsInBatches(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	admin := store.Actor{Email: "admin@example.go.id"}
	// Two existing OPDs: TOP, and LOW under it.
	top := models.Organization{Code: "TOP", Name: "Sekretariat", Kind: "sekretariat"}
	if err := st.CreateOrganization(ctx, admin, &top); err != nil {
		t.Fatal(err)
	}
	low := models.Organization{Code: "LOW", Name: "Bagian", Kind: "other", ParentID: &top.ID}
	if err := st.CreateOrganization(ctx, admin, &low); err != nil {
		t.Fatal(err)
	}
	// 1,100 lines: 100 dinas, each after its 10 puskesmas; the first dinas
	// hangs under LOW, and the last line renames LOW.
	var rows []store.OrganizationImportRow
	for d := 0; d < 100; d++ {
		parent := fmt.Sprintf("D%d", d)
		for c := 0; c < 10; c++ {
			rows = append(rows, store.OrganizationImportRow{Code: fmt.Sprintf("%s-P%d", parent, c), Name: "Puskesmas", Kind: "puskesmas", ParentCode: parent})
		}
		rows = append(rows, store.OrganizationImportRow{Code: parent, Name: fmt.Sprintf("Dinas %d", d), Kind: "dinas"})
	}
	rows[10].ParentCode = "LOW"
	rows = append(rows, store.OrganizationImportRow{Code: "LOW", Name: "Bagian Umum", Kind: "other", ParentCode: "TOP"})
	for i := range rows {
		rows[i].Line = i + 2
	}
	count := func() int64 {
		var n int64
		st.DB().Table("organizations").Count(&n)
		return n
	}

	// Without the line for LOW, TOP under D0 closes a cycle through the
	// database (D0 under LOW, LOW under TOP), found only after the writes, at
	// the first line whose parents run into it: D0's first puskesmas.
	cyclic := append(append([]store.OrganizationImportRow(nil), rows[:len(rows)-1]...),
		store.OrganizationImportRow{Line: len(rows) + 1, Code: "TOP", Name: "Sekretariat", Kind: "sekretariat", ParentCode: "D0"})
	before, mark := count(), lastAuditID(t, st)
	_, err := st.ImportOrganizations(ctx, admin, cyclic, nil, false)
	var ie *store.ImportError
	if !errors.As(err, &ie) || len(ie.Lines) != 1 || ie.Lines[0].Line != rows[0].Line {
		t.Fatalf("cyclic file: %v %+v", err, ie.Lines)
	}
	if count() != before || lastAuditID(t, st) != mark {
		t.Fatal("a refused import wrote rows")
	}

	res, err := st.ImportOrganizations(ctx, admin, rows, nil, false)
	if err != nil || res.Created != len(rows)-1 || res.Updated != 1 {
		t.Fatalf("import %+v %v", res, err)
	}
	var all []models.Organization
	if err := st.DB().Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	byCode := map[string]models.Organization{}
	for _, o := range all {
		byCode[o.Code] = o
	}
	audit := globalAudit(t, st, mark)
	if len(audit) != len(rows) {
		t.Fatalf("%d audit rows for %d lines", len(audit), len(rows))
	}
	for i, r := range rows {
		o := byCode[r.Code]
		parentOK := o.ParentID == nil
		if r.ParentCode != "" {
			parentOK = o.ParentID != nil && *o.ParentID == byCode[r.ParentCode].ID
		}
		if o.ID == 0 || o.Name != r.Name || o.Kind != r.Kind || !parentOK {
			t.Fatalf("line %d: %+v", r.Line, o)
		}
		action := "organization.create"
		if r.Code == "LOW" {
			action = "organization.update"
		}
		if audit[i].Action != action || audit[i].ObjectID != o.ID {
			t.Fatalf("audit row %d is %s of %d, want %s of %d", i, audit[i].Action, audit[i].ObjectID, action, o.ID)
		}
	}
	if byCode["LOW"].ID != low.ID {
		t.Fatal("LOW was created anew instead of updated")
	}
}

// TestCreateAssignmentsInBatches: 1,200 assignments and 600 notifications
// come back with their ids, and every one of them is in the database.
func TestCreateAssignmentsInBatches(t *testing.T) {
	st := testenv.Store(t, testenv.NewClock())
	ctx := context.Background()
	f := newFixture(t, st)
	db := st.DB()
	var entries []models.Entry
	for i := 0; i < 400; i++ {
		e := models.Entry{CompetitionID: f.a.comp.ID, OrganizationID: f.org.ID, Title: "Inovasi", Sections: "{}", Team: "[]",
			Status: models.EntrySubmitted, CreatedAt: f.now, UpdatedAt: f.now}
		entries = append(entries, e)
	}
	if err := db.CreateInBatches(&entries, 200).Error; err != nil {
		t.Fatal(err)
	}
	var judges []int64
	for i := 0; i < 3; i++ {
		u := models.User{Email: fmt.Sprintf("j%d@example.go.id", i), Name: "J", Role: models.RoleJudge, Verified: true, CreatedAt: f.now, UpdatedAt: f.now}
		if err := db.Create(&u).Error; err != nil {
			t.Fatal(err)
		}
		judges = append(judges, u.ID)
	}
	var pairs [][2]int64
	for _, e := range entries {
		for _, j := range judges {
			pairs = append(pairs, [2]int64{e.ID, j})
		}
	}
	created, err := st.CreateAssignments(ctx, store.Actor{}, f.a.round, pairs, models.AssignAuto)
	if err != nil || len(created) != len(pairs) {
		t.Fatalf("%d created: %v", len(created), err)
	}
	var stored []models.Assignment
	if err := db.Where("round_id = ?", f.a.round.ID).Find(&stored).Error; err != nil || len(stored) != len(pairs) {
		t.Fatalf("%d stored: %v", len(stored), err)
	}
	byID := map[int64]models.Assignment{}
	for _, a := range stored {
		byID[a.ID] = a
	}
	for i, a := range created {
		if s := byID[a.ID]; s.EntryID != pairs[i][0] || s.JudgeID != pairs[i][1] || s.Source != models.AssignAuto {
			t.Fatalf("assignment %d came back as %+v, stored as %+v", i, a, s)
		}
	}
	// One e-mail per judge, telling each how many entries they got.
	out, err := st.Outbox(ctx, notify.KindJudgesAssigned)
	if err != nil || len(out) != 3 || out[0].Status != models.OutboxPending || !strings.Contains(out[0].Body, fmt.Sprintf("menilai %d proposal", len(entries))) {
		t.Fatalf("%d messages in the outbox: %v %+v", len(out), err, out)
	}
}
