package api_test

import (
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// TestJudgeCannotUndoASubmittedScorecardByDeclaringAConflict: a judge's
// declaration answers the same whatever it touches; a submitted scorecard, or
// one in a closed round, is not removed but flagged for the organizers, who
// then decide (and may remove the flagged assignment, submitted or not).
func TestJudgeCannotUndoASubmittedScorecardByDeclaringAConflict(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1}})
	judge := w.judges[0]
	a := w.assign(w.entries[0].ID, judge.ID)
	w.score(judge.Tok, a, 8, true)
	w.s.Must(201, "POST", w.compPath("conflicts"), judge.Tok, map[string]any{"judge_id": judge.ID, "entry_id": w.entries[0].ID, "reason": "baru ingat"})
	if sc := w.scorecardOf(judge.Tok, a); sc.Status != "submitted" {
		t.Fatalf("the declaration changed the submitted scorecard: %+v", sc)
	}

	b := w.assign(w.entries[1].ID, judge.ID)
	w.s.Must(200, "PATCH", w.roundPath(w.desk), w.r.OrganizerTok, map[string]any{"status": "closed"})
	w.s.Must(201, "POST", w.compPath("conflicts"), judge.Tok, map[string]any{"judge_id": judge.ID, "entry_id": w.entries[1].ID, "reason": "kenal"})
	w.s.Must(200, "GET", jgAssignmentPath(b, "scorecard"), judge.Tok, nil)

	// The organizers see both flagged; the judge sees no flag.
	flagged := map[int64]string{}
	for _, x := range testenv.List(t, w.s.Must(200, "GET", w.roundPath(w.desk, "assignments"), w.r.OrganizerTok, nil)) {
		if x["conflict_flagged"] == true {
			flagged[testenv.ID(t, x["id"])] = x["conflict_note"].(string)
		}
	}
	if len(flagged) != 2 || !strings.Contains(flagged[a], "baru ingat") || !strings.Contains(flagged[b], "kenal") {
		t.Fatalf("flagged assignments %v, want %d and %d", flagged, a, b)
	}
	for _, x := range testenv.List(t, w.s.Must(200, "GET", "/api/v1/me/assignments", judge.Tok, nil)) {
		if x["conflict_flagged"] != false || x["conflict_note"] != "" {
			t.Fatalf("the judge sees a flag: %v", x)
		}
	}

	// The organizer removes the flagged, submitted assignment; its values go
	// into the audit log.
	w.s.Must(200, "PATCH", w.roundPath(w.desk), w.r.OrganizerTok, map[string]any{"status": "open"})
	w.s.Must(204, "DELETE", jgAssignmentPath(a), w.r.OrganizerTok, nil)
	if res := w.s.Do("GET", jgAssignmentPath(a, "scorecard"), judge.Tok, nil); res.Code != 404 {
		t.Errorf("the removed assignment is still there: %d", res.Code)
	}
}

// TestSlowUploadDoesNotLandInASubmittedEntry: the entry is submitted while a
// supporting document is still streaming in; the upload must then fail and
// leave nothing behind.
func TestSlowUploadDoesNotLandInASubmittedEntry(t *testing.T) {
	s := testenv.NewServer(t)
	r, comp, _ := fileSetup(t, s)
	entry := completeEntry(t, s, r.ParticipantTok, comp, categoryIDs(t, s, r.OrganizerTok, comp)["Kesehatan"])
	ct, body := multipartBody(part{name: "kind", data: []byte("supporting")}, part{name: "file", filename: "late.pdf", data: testPDF("terlambat")})

	pr, pw := io.Pipe()
	done := make(chan *testenv.Response)
	go func() { done <- s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, ct, pr) }()
	half := len(body) / 2
	if _, err := pw.Write(body[:half]); err != nil {
		t.Fatal(err)
	}
	submitEntry(t, s, r.ParticipantTok, entry)
	if _, err := pw.Write(body[half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	res := <-done
	if res.Code != 409 {
		t.Fatalf("upload finished after the submission: %d %s", res.Code, res.Body)
	}
	files := testenv.List(t, s.Must(200, "GET", entryPath(entry, "files"), r.ParticipantTok, nil))
	if len(files) != 1 {
		t.Fatalf("the submitted entry has %d files, want its one proposal", len(files))
	}
}

// TestConcurrentWrongLoginsStayWithinTheLimit: the attempt counts before the
// password is checked, so a burst of parallel guesses gets five tries, not
// as many as run at once.
func TestConcurrentWrongLoginsStayWithinTheLimit(t *testing.T) {
	s := testenv.NewServer(t)
	u, _ := s.User(models.RoleJudge, nil)
	codes := make(chan int, 12)
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- login(s, u.Email, "tebak-tebak-berhadiah").Code
		}()
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[401] != 5 || count[429] != 7 {
		t.Fatalf("12 parallel wrong logins: %v, want 5 x 401 and 7 x 429", count)
	}
}

// TestBlindScreeningPublicationWithholdsNames: publishing who passed the
// screening must not tell the desk round's judges which OPD made what.
func TestBlindScreeningPublicationWithholdsNames(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{blind: true, opds: 2, perOPD: 1, judges: []int{-1}})
	res := w.s.Must(201, "POST", w.roundPath(w.screening, "publish"), w.r.OrganizerTok, map[string]any{"title": "Lolos seleksi administrasi"}).Map(t)
	if res["organizations_withheld"] != true {
		t.Fatalf("publish answer %v", res)
	}
	body := string(w.s.Must(200, "GET", "/api/v1/public/publications/"+itoa(testenv.ID(t, res["id"])), "", nil).Body)
	for _, o := range w.opds {
		if strings.Contains(body, o.Name) {
			t.Fatalf("the screening publication names %s while the blind desk round is judged", o.Name)
		}
	}
}

// TestImportCannotRemoveTheLastAdmin: the import keeps the rule PATCH /users
// keeps.
func TestImportCannotRemoveTheLastAdmin(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	res := s.Request("POST", "/api/v1/users/import", r.AdminTok, "text/csv",
		strings.NewReader("email,name,role,organization_code\n"+r.Admin.Email+",Admin,judge,\n"))
	if res.Code != 422 || !strings.Contains(string(res.Body), "no active admin") {
		t.Fatalf("demoting the only admin by import: %d %s", res.Code, res.Body)
	}
	s.User(models.RoleAdmin, nil)
	res = s.Request("POST", "/api/v1/users/import", r.AdminTok, "text/csv",
		strings.NewReader("email,name,role,organization_code\n"+r.Admin.Email+",Admin,judge,\n"))
	if res.Code != 200 {
		t.Fatalf("with another admin the demotion is fine: %d %s", res.Code, res.Body)
	}
}
