package api_test

import (
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// tableCount counts the rows of a table, to prove a dry run wrote nothing
// (the audit log included).
func tableCount(t *testing.T, s *testenv.Server, table string) int64 {
	t.Helper()
	var n int64
	if err := s.Store.DB().WithContext(t.Context()).Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportDryRun: the web app shows every bad line of a file, or what the
// file would change, before anything is written. ?dry_run=true answers what
// the import would answer, counts included, and leaves every table as it was.
func TestImportDryRun(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	post := func(path, tok, q, body string) *testenv.Response {
		return s.Request("POST", path+q, tok, "text/csv", strings.NewReader(body))
	}
	tables := []string{"organizations", "users", "audit_log"}
	counts := func() []int64 {
		out := make([]int64, len(tables))
		for i, tb := range tables {
			out[i] = tableCount(t, s, tb)
		}
		return out
	}
	same := func(what string, before []int64) {
		t.Helper()
		after := counts()
		for i := range tables {
			if after[i] != before[i] {
				t.Fatalf("%s wrote %d rows to %s", what, after[i]-before[i], tables[i])
			}
		}
	}
	const orgs = "/api/v1/organizations/import"
	const users = "/api/v1/users/import"

	goodOPDs := "code,name,kind,parent_code\nPKM-1,Puskesmas Satu,puskesmas,DINKES\nDINKES,Dinas Kesehatan,dinas,\n" +
		r.OPD.Code + ",Nama Baru,badan,\n"
	before := counts()
	res := post(orgs, r.OrganizerTok, "?dry_run=true", goodOPDs)
	expect(t, res, 200, "", "a good OPD file, dry run")
	if m := res.Map(t); m["created"] != float64(2) || m["updated"] != float64(1) || m["dry_run"] != true {
		t.Fatalf("dry run counts %v", m)
	}
	same("a good OPD dry run", before)
	if o, _ := s.Store.OrganizationByID(t.Context(), r.OPD.ID); o.Name == "Nama Baru" {
		t.Fatal("the dry run renamed an OPD")
	}

	badOPDs := "code,name,kind,parent_code\nOK1,Baik,dinas,\nBAD CODE,X,dinas,\nOK2,X,kementerian,\n"
	res = post(orgs, r.OrganizerTok, "?dry_run=true", badOPDs)
	expect(t, res, 422, "validation_failed", "a bad OPD file, dry run")
	var failed struct {
		DryRun bool `json:"dry_run"`
		Errors []struct {
			Line    int
			Message string
		} `json:"errors"`
	}
	res.JSON(t, &failed)
	if !failed.DryRun || len(failed.Errors) != 2 || failed.Errors[0].Line != 3 || failed.Errors[1].Line != 4 ||
		!strings.Contains(failed.Errors[1].Message, "kementerian") {
		t.Fatalf("bad lines %+v", failed)
	}
	same("a bad OPD dry run", before)

	// The real import then does what the dry run said.
	res = post(orgs, r.OrganizerTok, "?dry_run=false", goodOPDs)
	expect(t, res, 200, "", "the good OPD file")
	if m := res.Map(t); m["created"] != float64(2) || m["updated"] != float64(1) || m["dry_run"] != false {
		t.Fatalf("import counts %v", m)
	}

	// Users: an organizer's file, dry run, then for real.
	goodUsers := "email,name,role,organization_code\ndr.satu@unikal.ac.id,Dr. Satu,judge,\npeserta@dinkes.go.id,Peserta,participant,DINKES\n"
	before = counts()
	res = post(users, r.OrganizerTok, "?dry_run=true", goodUsers)
	expect(t, res, 200, "", "a good user file, dry run")
	if m := res.Map(t); m["created"] != float64(2) || m["dry_run"] != true {
		t.Fatalf("dry run counts %v", m)
	}
	same("a good user dry run", before)
	res = post(users, r.OrganizerTok, "?dry_run=true", "email,name,role,organization_code\nbukan-email,X,judge,\nx@y.id,X,admin,\n")
	expect(t, res, 422, "validation_failed", "a bad user file, dry run")
	res.JSON(t, &failed)
	if !failed.DryRun || len(failed.Errors) != 2 || !strings.Contains(failed.Errors[1].Message, "only an admin") {
		t.Fatalf("bad lines %+v", failed)
	}
	same("a bad user dry run", before)
	expect(t, post(users, r.OrganizerTok, "", goodUsers), 200, "", "the good user file")
	if n := tableCount(t, s, "users"); n != before[1]+2 {
		t.Fatalf("users %d, want %d", n, before[1]+2)
	}

	runCases(t, s, []reqCase{
		{name: "dry_run not a boolean", method: "POST", path: orgs + "?dry_run=yes", token: r.AdminTok, body: goodOPDs,
			contentType: "text/csv", status: 422, code: "validation_failed", field: "dry_run"},
		{name: "dry_run not a boolean (users)", method: "POST", path: users + "?dry_run=1", token: r.AdminTok, body: goodUsers,
			contentType: "text/csv", status: 422, code: "validation_failed", field: "dry_run"},
	})
	// Who may: the same as the import itself, dry or not.
	checkAuthorization(t, s, r, []authCase{
		{"POST", orgs + "?dry_run=true", goodOPDs, only(200, "admin", "organizer"), "text/csv"},
		{"POST", users + "?dry_run=true", goodUsers, only(200, "admin", "organizer"), "text/csv"},
	})
}

// TestRemoveConflict: organizers take back a conflict they set; a judge's
// own declaration stands, a conflict of another competition is not found,
// and the removal is in the audit log.
func TestRemoveConflict(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1}})
	judge := w.judges[0]
	set := func(tok string, who int64, opd int) int64 {
		t.Helper()
		k := w.s.Must(201, "POST", w.compPath("conflicts"), tok, map[string]any{"judge_id": who,
			"organization_id": w.opds[opd].ID, "reason": "pernah bekerja di sana"}).Map(t)
		return testenv.ID(t, k["id"])
	}
	byOrganizer := set(w.r.OrganizerTok, judge.ID, 0)
	declared := set(judge.Tok, judge.ID, 1)
	path := func(id int64) string { return w.compPath("conflicts", itoa(id)) }

	// Every role but the competition's organizer and the admin is refused (the
	// competition is open, so others see it: 403);
	// the organizer's removal comes last and succeeds.
	other := set(w.r.OrganizerTok, w.judges[1].ID, 1)
	checkAuthorization(t, w.s, w.r, []authCase{
		{"DELETE", path(other), nil, map[string]int{"anonymous": 401, "participant": 403, "judge": 403, "organizer": 204, "admin": 404}, ""},
	})
	runCases(t, w.s, []reqCase{
		{name: "a judge of the competition", method: "DELETE", path: path(byOrganizer), token: judge.Tok, status: 403, code: "forbidden"},
		{name: "a judge's declaration", method: "DELETE", path: path(declared), token: w.r.OrganizerTok, status: 409, code: "conflict"},
		{name: "no such conflict", method: "DELETE", path: path(999999), token: w.r.OrganizerTok, status: 404, code: "not_found"},
		{name: "not an id", method: "DELETE", path: w.compPath("conflicts", "x"), token: w.r.OrganizerTok, status: 404, code: "not_found"},
		{name: "the organizer's own", method: "DELETE", path: path(byOrganizer), token: w.r.OrganizerTok, status: 204},
		{name: "already removed", method: "DELETE", path: path(byOrganizer), token: w.r.OrganizerTok, status: 404, code: "not_found"},
	})
	// A conflict of this competition named under another one is not found.
	comp2 := newCompetition(t, w.s, w.r.OrganizerTok, "blank", nil)
	res := w.s.Do("DELETE", "/api/v1/competitions/"+itoa(testenv.ID(t, comp2["id"]))+"/conflicts/"+itoa(declared), w.r.OrganizerTok, nil)
	expect(t, res, 404, "not_found", "another competition's conflict")

	ids := map[int64]bool{}
	for _, k := range testenv.List(t, w.s.Must(200, "GET", w.compPath("conflicts"), w.r.OrganizerTok, nil)) {
		if k["id"] != nil {
			ids[testenv.ID(t, k["id"])] = true
		}
	}
	if ids[byOrganizer] || ids[other] || !ids[declared] {
		t.Fatalf("conflicts left %v", ids)
	}
	audit := w.s.Must(200, "GET", w.compPath("audit")+"?limit=200", w.r.OrganizerTok, nil)
	if n := strings.Count(string(audit.Body), `"conflict.delete"`); n != 2 {
		t.Fatalf("%d conflict.delete audit entries, want 2", n)
	}
}
