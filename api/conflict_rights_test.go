package api_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// TestOrganizerImportCannotChangeAccounts: an organizer's user file was a
// backdoor that moved anyone to another OPD or role. Now it only creates
// accounts; a line that would change an existing one is refused, a line that
// matches one exactly is counted unchanged, and an admin's file may change
// them (PATCH /users/:id's rule).
func TestOrganizerImportCannotChangeAccounts(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	other := s.Org("kecamatan")
	judge, _ := s.User(models.RoleJudge, nil)
	post := func(tok, body string) *testenv.Response {
		return s.Request("POST", "/api/v1/users/import", tok, "text/csv", strings.NewReader("email,name,role,organization_code\n"+body))
	}
	cases := []struct{ name, line string }{
		{"a participant into another OPD", who.Participant.Email + "," + who.Participant.Name + ",participant," + other.Code},
		{"a judge into a participant", judge.Email + "," + judge.Name + ",participant," + other.Code},
		{"a judge into an OPD", judge.Email + "," + judge.Name + ",judge," + other.Code},
		{"a renamed participant", who.Participant.Email + ",Nama Lain,participant," + who.OPD.Code},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := post(who.OrganizerTok, tc.line+"\n")
			expect(t, r, 422, "validation_failed", tc.name)
			if !strings.Contains(string(r.Body), "only an admin may change an existing account") {
				t.Fatalf("the reason is not given: %s", r.Body)
			}
		})
	}
	p, _ := s.Store.UserByID(t.Context(), who.Participant.ID)
	j, _ := s.Store.UserByID(t.Context(), judge.ID)
	if *p.OrganizationID != who.OPD.ID || p.Name != who.Participant.Name || j.Role != models.RoleJudge || j.OrganizationID != nil {
		t.Fatalf("the refused files changed accounts: %+v %+v", p, j)
	}
	// A list of judges that mentions existing ones as they are still imports.
	r := post(who.OrganizerTok, judge.Email+","+judge.Name+",judge,\nbaru@unikal.ac.id,Dr. Baru,judge,\n")
	expect(t, r, 200, "", "an organizer's file with an unchanged account")
	if m := r.Map(t); m["created"] != float64(1) || m["updated"] != float64(0) || m["unchanged"] != float64(1) {
		t.Fatalf("counts %v", m)
	}
	// The admin may move people.
	r = post(who.AdminTok, who.Participant.Email+","+who.Participant.Name+",participant,"+other.Code+"\n")
	expect(t, r, 200, "", "the admin's file")
	if p, _ := s.Store.UserByID(t.Context(), who.Participant.ID); *p.OrganizationID != other.ID {
		t.Fatalf("the admin's file did not move the participant: %+v", p)
	}
}

// TestJudgeWhoseOPDChangesLosesTheConflictedEntries: a judge moved into an
// OPD kept its entries and could score them. Now, in the same transaction:
// unscored assignments to that OPD's entries go to free judges, a submitted
// one is flagged for the organizers, one in a closed round is flagged, and
// a save on a flagged draft is refused once the round reopens.
func TestJudgeWhoseOPDChangesLosesTheConflictedEntries(t *testing.T) {
	for _, via := range []string{"PATCH /users", "import"} {
		t.Run(via, func(t *testing.T) {
			w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 3, judges: []int{-1, -1}})
			judge, spare := w.judges[0], w.judges[1]
			x := w.entries // OPD 0: x[0..2]; OPD 1: x[3..5]
			pending := w.assign(x[0].ID, judge.ID)
			draft := w.assign(x[1].ID, judge.ID)
			submitted := w.assign(x[2].ID, judge.ID)
			elsewhere := w.assign(x[3].ID, judge.ID)
			w.put(judge.Tok, draft, 0, w.scores(2, 7), "separuh")
			w.score(judge.Tok, submitted, 8, true)

			opd := w.opds[0]
			if via == "import" {
				res := w.s.Request("POST", "/api/v1/users/import", w.r.AdminTok, "text/csv", strings.NewReader(
					"email,name,role,organization_code\n"+judge.Email+","+judge.Name+",judge,"+opd.Code+"\n"))
				expect(t, res, 200, "", "moving the judge by import")
			} else {
				w.s.Must(200, "PATCH", "/api/v1/users/"+itoa(judge.ID), w.r.AdminTok, map[string]any{"organization_id": opd.ID})
			}
			byID := map[int64]map[string]any{}
			for _, a := range testenv.List(t, w.s.Must(200, "GET", w.roundPath(w.desk, "assignments"), w.r.OrganizerTok, nil)) {
				byID[testenv.ID(t, a["id"])] = a
			}
			if byID[pending] != nil || byID[draft] != nil {
				t.Fatalf("the unscored assignments to the judge's new OPD stay: %v", byID)
			}
			if a := byID[submitted]; a == nil || a["conflict_flagged"] != true {
				t.Fatalf("the submitted assignment is not kept and flagged: %v", a)
			}
			if a := byID[elsewhere]; a == nil || a["conflict_flagged"] != false {
				t.Fatalf("the assignment to another OPD changed: %v", a)
			}
			for _, e := range []int64{x[0].ID, x[1].ID} {
				found := false
				for _, a := range byID {
					found = found || (testenv.ID(t, a["entry_id"]) == e && testenv.ID(t, a["judge_id"]) == spare.ID && a["source"] == "reassign")
				}
				if !found {
					t.Errorf("entry %d was not given to the free judge", e)
				}
			}
		})
	}
}

// TestSaveRechecksConflicts: an OPD change in a closed round only flags the
// judge's draft; when the round reopens, saving or submitting it is refused
// inside the transaction that would write it.
func TestSaveRechecksConflicts(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1}})
	judge := w.judges[0]
	a := w.assign(w.entries[0].ID, judge.ID)
	w.put(judge.Tok, a, 0, w.scores(len(w.crit), 7), "lengkap")
	w.s.Must(200, "PATCH", w.roundPath(w.desk), w.r.OrganizerTok, map[string]any{"status": "closed"})
	w.s.Must(200, "PATCH", "/api/v1/users/"+itoa(judge.ID), w.r.AdminTok, map[string]any{"organization_id": w.opds[0].ID})
	w.s.Must(200, "PATCH", w.roundPath(w.desk), w.r.OrganizerTok, map[string]any{"status": "open"})
	expect(t, w.put(judge.Tok, a, 1, w.scores(len(w.crit), 9), "ubah"), 409, "conflict", "saving an entry of the judge's new OPD")
	expect(t, w.s.Do("POST", jgAssignmentPath(a, "scorecard", "submit"), judge.Tok, nil), 409, "conflict",
		"submitting an entry of the judge's new OPD")
	if sc := w.scorecardOf(w.r.OrganizerTok, a); sc.Version != 1 || sc.Status != "draft" {
		t.Fatalf("the refused save changed the scorecard: %+v", sc)
	}
}

// TestManualAssignmentRacingADeclaredConflict: run at the same moment, a
// manual assignment and the judge's declaration of a conflict with the
// entry's OPD never leave the judge assigned across the conflict.
func TestManualAssignmentRacingADeclaredConflict(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 6, perOPD: 1, judges: []int{-1}})
	judge := w.judges[0]
	var wg sync.WaitGroup
	for _, e := range w.entries {
		wg.Add(2)
		go func() {
			defer wg.Done()
			w.s.Do("POST", w.roundPath(w.desk, "assignments"), w.r.OrganizerTok, map[string]any{"entry_id": e.ID, "judge_id": judge.ID})
		}()
		go func() {
			defer wg.Done()
			w.s.Do("POST", w.compPath("conflicts"), judge.Tok, map[string]any{"judge_id": judge.ID,
				"organization_id": w.opds[e.OPD].ID, "reason": "keluarga"})
		}()
	}
	wg.Wait()
	ks := w.conflicts()
	if len(ks) != len(w.entries) {
		t.Fatalf("%d conflicts recorded, want %d", len(ks), len(w.entries))
	}
	for _, a := range w.assignments(w.desk) {
		if w.conflicted(ks, a.JudgeID, a.EntryID) {
			t.Errorf("assignment %d crosses the judge's declared conflict", a.ID)
		}
	}
}

// TestBlindDeclarationsTellTheJudgeNothing: a blind judge who declares
// conflicts with OPDs one by one, to learn from the answers which of their
// entries come from which OPD, gets the same answer every time and sees no
// assignment move; the organizers find the touched ones flagged. In an open
// competition the touched assignment goes at once.
func TestBlindDeclarationsTellTheJudgeNothing(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{blind: true, opds: 3, perOPD: 1, judges: []int{-1}})
	judge := w.judges[0]
	w.assign(w.entries[0].ID, judge.ID)                              // from OPD 0, pending
	w.score(judge.Tok, w.assign(w.entries[1].ID, judge.ID), 7, true) // OPD 1, submitted
	before := string(w.s.Must(200, "GET", "/api/v1/me/assignments", judge.Tok, nil).Body)
	shape := func(r *testenv.Response) string {
		m := r.Map(t)
		delete(m, "id")
		delete(m, "organization_id")
		delete(m, "created_at")
		return strings.Join(sortedKeys(m), ",") + "|" + m["source"].(string)
	}
	var answers []string
	for i := range w.opds {
		r := w.s.Do("POST", w.compPath("conflicts"), judge.Tok, map[string]any{"judge_id": judge.ID,
			"organization_id": w.opds[i].ID, "reason": "kenal pimpinannya"})
		expect(t, r, 201, "", "declaring a conflict with OPD "+itoa(int64(i)))
		answers = append(answers, shape(r))
		if after := string(w.s.Must(200, "GET", "/api/v1/me/assignments", judge.Tok, nil).Body); after != before {
			t.Fatalf("the judge's assignments changed after declaring OPD %d:\n%s\n%s", i, before, after)
		}
	}
	for _, a := range answers[1:] {
		if a != answers[0] {
			t.Fatalf("the answers differ: %v", answers)
		}
	}
	flagged := 0
	for _, a := range testenv.List(t, w.s.Must(200, "GET", w.roundPath(w.desk, "assignments"), w.r.OrganizerTok, nil)) {
		if a["conflict_flagged"] == true {
			flagged++
		}
	}
	if flagged != 2 {
		t.Fatalf("%d assignments flagged for the organizers, want both touched ones", flagged)
	}

	open := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1}})
	oj := open.judges[0]
	gone := open.assign(open.entries[0].ID, oj.ID)
	open.s.Must(201, "POST", open.compPath("conflicts"), oj.Tok, map[string]any{"judge_id": oj.ID,
		"organization_id": open.opds[0].ID, "reason": "kenal"})
	for _, a := range open.assignments(open.desk) {
		if a.ID == gone {
			t.Fatal("in an open competition the declared conflict left the assignment")
		}
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
