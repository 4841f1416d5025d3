package api_test

import (
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// unverified registers and confirms a stranger into opd: an account nobody
// has verified yet.
func unverified(t *testing.T, s *testenv.Server, opdID int64, email string) (int64, string) {
	t.Helper()
	s.Must(201, "POST", "/api/v1/auth/register", "", map[string]any{"email": email, "password": "bukan-pegawai-opd-ini",
		"name": "Orang Asing", "organization_id": opdID})
	tok := confirmRegistration(t, s, email)
	return testenv.ID(t, s.Must(200, "GET", "/api/v1/me", tok, nil).Map(t)["id"]), tok
}

// TestUnverifiedAccountsDraftButDoNotSpeakForTheOPD: a stranger who registered
// into an OPD could fill its entry limit and submit in its name. Now such an
// account drafts, but cannot submit until an admin or organizer verifies it,
// and its drafts do not count against the limit; organizers see who created
// and who submitted each entry, and whether that account is verified.
func TestUnverifiedAccountsDraftButDoNotSpeakForTheOPD(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	compID := openCompetition(t, s, who.OrganizerTok, "kipp", map[string]any{"max_entries_per_organization": 2})
	cat := categoryIDs(t, s, who.OrganizerTok, compID)["Kesehatan"]
	strangerID, stranger := unverified(t, s, who.OPD.ID, "orang.asing@example.com")

	// The stranger's drafts do not use up the OPD's two places.
	drafts := []int64{}
	for range 3 {
		drafts = append(drafts, completeEntry(t, s, stranger, compID, cat))
	}
	real1 := completeEntry(t, s, who.ParticipantTok, compID, cat)
	real2 := completeEntry(t, s, who.ParticipantTok, compID, cat)
	expect(t, s.Do("POST", compPath(compID, "entries"), who.ParticipantTok, map[string]any{"title": "Ketiga"}), 409, "conflict",
		"a third counted entry")

	// The stranger cannot submit in the OPD's name; the staff can.
	r := s.Do("POST", entryPath(drafts[0], "submit"), stranger, nil)
	expect(t, r, 403, "forbidden", "submit by an unverified account")
	if got := s.Must(200, "GET", entryPath(drafts[0]), stranger, nil).Map(t)["status"]; got != "draft" {
		t.Fatalf("the refused draft is %v", got)
	}
	submitEntry(t, s, who.ParticipantTok, real1)

	// The organizer sees who did what, and who is verified.
	e := s.Must(200, "GET", entryPath(drafts[0]), who.OrganizerTok, nil).Map(t)
	cb := e["created_by"].(map[string]any)
	if testenv.ID(t, cb["id"]) != strangerID || cb["verified"] != false || e["submitted_by"] != nil {
		t.Fatalf("the stranger's draft as the organizer sees it: %v", e)
	}
	e = s.Must(200, "GET", entryPath(real1), who.OrganizerTok, nil).Map(t)
	if sb := e["submitted_by"].(map[string]any); testenv.ID(t, sb["id"]) != who.Participant.ID || sb["verified"] != true {
		t.Fatalf("submitted_by %v", e["submitted_by"])
	}

	// An organizer verifies the account; its drafts now count, so one more
	// submission fills the OPD's two places and the rest are refused.
	pending := testenv.List(t, s.Must(200, "GET", "/api/v1/users?verified=false&role=participant", who.OrganizerTok, nil))
	if len(pending) != 1 || testenv.ID(t, pending[0]["id"]) != strangerID {
		t.Fatalf("accounts awaiting verification %v", pending)
	}
	expect(t, s.Do("POST", "/api/v1/users/"+itoa(strangerID)+"/verify", who.ParticipantTok, nil), 403, "forbidden", "a participant verifying")
	expect(t, s.Do("POST", "/api/v1/users/"+itoa(who.Judge.ID)+"/verify", who.OrganizerTok, nil), 409, "conflict", "verifying a judge")
	if u := s.Must(200, "POST", "/api/v1/users/"+itoa(strangerID)+"/verify", who.OrganizerTok, nil).Map(t); u["verified"] != true {
		t.Fatalf("verified user %v", u)
	}
	submitEntry(t, s, stranger, drafts[0])
	expect(t, s.Do("POST", entryPath(real2, "submit"), who.ParticipantTok, nil), 409, "conflict", "a third submission of the OPD")
	var audit int64
	s.Store.DB().Model(&models.AuditEntry{}).Where("action = ? AND object_id = ?", "user.update", strangerID).Count(&audit)
	if audit == 0 {
		t.Fatal("the verification is not in the audit log")
	}
}
