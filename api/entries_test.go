package api_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

func entryPath(id int64, rest ...string) string {
	p := "/api/v1/entries/" + itoa(id)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// words makes a text of n words.
func words(n int) string {
	return strings.TrimSpace(strings.Repeat("pelayanan ", n))
}

// kippTexts answers every section of the KIPP form within its limit.
func kippTexts() map[string]string {
	out := map[string]string{}
	for _, k := range kippSectionKeys {
		out[k] = "Jawaban untuk " + k + ": layanan jemput bola posyandu, data sebelum dan sesudah inovasi."
	}
	return out
}

// createEntry starts a draft as tok and returns it.
func createEntry(t *testing.T, s *testenv.Server, tok string, compID int64, body map[string]any) map[string]any {
	t.Helper()
	if body["title"] == nil {
		body["title"] = "Inovasi Jemput Bola"
	}
	return s.Must(201, "POST", compPath(compID, "entries"), tok, body).Map(t)
}

// completeEntry makes a draft that may be submitted: every section answered,
// a category and a proposal PDF.
func completeEntry(t *testing.T, s *testenv.Server, tok string, compID, categoryID int64) int64 {
	t.Helper()
	e := createEntry(t, s, tok, compID, map[string]any{"title": "Si Jempol: Jemput Bola Imunisasi", "category_id": categoryID,
		"sections": kippTexts(), "video_url": "https://www.youtube.com/watch?v=abc", "team": []map[string]string{{"name": "Siti Aminah", "role": "ketua"}}})
	id := testenv.ID(t, e["id"])
	if res := upload(s, tok, id, "proposal", "proposal.pdf", testPDF("Proposal")); res.Code != 201 {
		t.Fatalf("upload proposal: %d %s", res.Code, res.Body)
	}
	return id
}

func submitEntry(t *testing.T, s *testenv.Server, tok string, id int64) map[string]any {
	t.Helper()
	return s.Must(200, "POST", entryPath(id, "submit"), tok, nil).Map(t)
}

func screen(t *testing.T, s *testenv.Server, tok string, id int64, decision, reason string) map[string]any {
	t.Helper()
	return s.Must(200, "POST", entryPath(id, "screen"), tok, map[string]any{"decision": decision, "reason": reason}).Map(t)
}

// entryIDs lists the ids of the entries a list answer holds.
func entryIDs(t *testing.T, res *testenv.Response) []int64 {
	t.Helper()
	ids := []int64{}
	for _, e := range testenv.List(t, res) {
		ids = append(ids, testenv.ID(t, e["id"]))
	}
	slices.Sort(ids)
	return ids
}

func ids(v ...int64) []int64 {
	slices.Sort(v)
	return v
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestEntryLifecycle(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	other := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	kes := categoryIDs(t, s, r.OrganizerTok, comp)["Kesehatan"]
	foreignCat := categoryIDs(t, s, r.OrganizerTok, other)["Kesehatan"]

	// Only participants start entries.
	body := map[string]any{"title": "Si Jempol", "category_id": kes}
	mustCases(t, s, []reqCase{
		{name: "entry created by organizer", method: "POST", path: compPath(comp, "entries"), token: r.OrganizerTok, body: body, status: 403, code: "forbidden"},
		{name: "entry created by judge", method: "POST", path: compPath(comp, "entries"), token: r.JudgeTok, body: body, status: 403, code: "forbidden"},
		{name: "entry created by admin", method: "POST", path: compPath(comp, "entries"), token: r.AdminTok, body: body, status: 403, code: "forbidden"},
		{name: "anonymous entry", method: "POST", path: compPath(comp, "entries"), body: body, status: 401, code: "unauthorized"},
		{name: "entry without title", method: "POST", path: compPath(comp, "entries"), token: r.ParticipantTok,
			body: map[string]any{"title": ""}, status: 422, code: "validation_failed"},
	})

	e := createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Si Jempol", "sections": map[string]string{"ringkasan": "Ringkasan awal"},
		"team": []map[string]string{{"name": "Siti Aminah", "role": "ketua"}}, "video_url": "https://www.youtube.com/watch?v=abc"})
	id := testenv.ID(t, e["id"])
	org, _ := e["organization"].(map[string]any)
	if e["status"] != "draft" || e["submitted_at"] != nil || org == nil || testenv.ID(t, org["id"]) != r.OPD.ID ||
		testenv.ID(t, e["competition_id"]) != comp || e["category_id"] != nil || len(e["files"].([]any)) != 0 {
		t.Fatalf("created %v", e)
	}

	// Drafts can be edited; sections sent replace only the keys they name.
	p := s.Must(200, "PATCH", entryPath(id), r.ParticipantTok, map[string]any{"title": "Si Jempol 2", "sections": map[string]string{"kebaruan": "Baru"}}).Map(t)
	secs := p["sections"].(map[string]any)
	if p["title"] != "Si Jempol 2" || secs["ringkasan"] != "Ringkasan awal" || secs["kebaruan"] != "Baru" || p["status"] != "draft" {
		t.Fatalf("patched %v", p)
	}
	refused := func(name string, body map[string]any, field string) reqCase {
		return reqCase{name: name, method: "PATCH", path: entryPath(id), token: r.ParticipantTok, body: body, status: 422, field: field}
	}
	runCases(t, s, []reqCase{
		refused("unknown section", map[string]any{"sections": map[string]string{"tidak_ada": "x"}}, "sections.tidak_ada"),
		refused("category of another", map[string]any{"category_id": foreignCat}, "category_id"),
		refused("not a link", map[string]any{"video_url": "javascript:alert(1)"}, "video_url"),
		refused("section over the draft cap", map[string]any{"sections": map[string]string{"signifikansi": words(10001)}}, "sections.signifikansi"),
	})

	// Submitting an incomplete entry lists every gap.
	res := s.Do("POST", entryPath(id, "submit"), r.ParticipantTok, nil)
	expect(t, res, 422, "validation_failed", "incomplete submission")
	f := fields(t, res)
	want := []string{"category_id", "files"}
	for _, k := range kippSectionKeys {
		if k != "ringkasan" && k != "kebaruan" {
			want = append(want, "sections."+k)
		}
	}
	got := []string{}
	for k := range f {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("gaps %v, want %v", got, want)
	}

	// Over the summary's word limit: only that is left.
	texts := kippTexts()
	texts["ringkasan"] = words(201)
	s.Must(200, "PATCH", entryPath(id), r.ParticipantTok, map[string]any{"category_id": kes, "sections": texts})
	if res := upload(s, r.ParticipantTok, id, "proposal", "proposal.pdf", testPDF("Si Jempol")); res.Code != 201 {
		t.Fatalf("upload: %d %s", res.Code, res.Body)
	}
	res = s.Do("POST", entryPath(id, "submit"), r.ParticipantTok, nil)
	expect(t, res, 422, "validation_failed", "summary over its limit")
	if f := fields(t, res); len(f) != 1 || f["sections.ringkasan"] == "" {
		t.Fatalf("over the limit: %v", f)
	}

	// At the limit it goes in, and the time is recorded.
	s.Clock.Advance(90 * time.Minute)
	tok := s.Token(r.Participant)
	s.Must(200, "PATCH", entryPath(id), tok, map[string]any{"sections": map[string]string{"ringkasan": words(200)}})
	sub := submitEntry(t, s, tok, id)
	if sub["status"] != "submitted" || sub["submitted_at"] != s.Clock.Now().Format(time.RFC3339) {
		t.Fatalf("submitted %v at %v", sub, s.Clock.Now())
	}
	if g := s.Must(200, "GET", entryPath(id), tok, nil).Map(t); g["status"] != "submitted" || g["submitted_at"] != sub["submitted_at"] {
		t.Fatalf("GET after submit %v", g)
	}

	// A submitted entry is out of the participant's hands.
	mustCases(t, s, []reqCase{
		{name: "edit after submit", method: "PATCH", path: entryPath(id), token: tok, body: map[string]any{"title": "Ganti"}, status: 409, code: "conflict"},
		{name: "submit twice", method: "POST", path: entryPath(id, "submit"), token: tok, status: 409, code: "conflict"},
		{name: "upload after submit", send: func() *testenv.Response { return upload(s, tok, id, "supporting", "foto.png", testPNG()) },
			status: 409, code: "conflict"},
	})

	// Withdrawing is for good.
	w := s.Must(200, "POST", entryPath(id, "withdraw"), tok, nil).Map(t)
	if w["status"] != "withdrawn" {
		t.Fatalf("withdrawn %v", w)
	}
	mustCases(t, s, []reqCase{
		{name: "withdraw twice", method: "POST", path: entryPath(id, "withdraw"), token: tok, status: 409, code: "conflict"},
		{name: "submit a withdrawn entry", method: "POST", path: entryPath(id, "submit"), token: tok, status: 409, code: "conflict"},
		{name: "edit a withdrawn entry", method: "PATCH", path: entryPath(id), token: tok, body: map[string]any{"title": "Ganti"}, status: 409, code: "conflict"},
		{name: "screen a withdrawn entry", method: "POST", path: entryPath(id, "screen"), token: s.Token(r.Organizer),
			body: map[string]any{"decision": "eligible"}, status: 409, code: "conflict"},
	})

	// A draft can be withdrawn too.
	d := testenv.ID(t, createEntry(t, s, tok, comp, map[string]any{})["id"])
	if w := s.Must(200, "POST", entryPath(d, "withdraw"), tok, nil).Map(t); w["status"] != "withdrawn" {
		t.Fatalf("withdrawn draft %v", w)
	}
}

func TestEntryDeadlines(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()

	// Before the window opens no entry can be started, nor in a competition
	// that is not open yet.
	early := openCompetition(t, s, r.OrganizerTok, "kipp", map[string]any{"submission_opens_at": "2020-03-10T00:00:00Z"})
	draft := testenv.ID(t, newCompetition(t, s, r.OrganizerTok, "kipp", map[string]any{"submission_opens_at": nil})["id"])
	mustCases(t, s, []reqCase{
		{name: "entry before the window", method: "POST", path: compPath(early, "entries"), token: r.ParticipantTok,
			body: map[string]any{"title": "Terlalu awal"}, status: 409, code: "deadline_passed"},
		{name: "entry in a draft competition", method: "POST", path: compPath(draft, "entries"), token: r.ParticipantTok,
			body: map[string]any{"title": "Draf"}, status: 404, code: "not_found"},
	})

	comp := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	kes := categoryIDs(t, s, r.OrganizerTok, comp)["Kesehatan"]
	inTime := completeEntry(t, s, r.ParticipantTok, comp, kes)
	late := completeEntry(t, s, r.ParticipantTok, comp, kes)
	closes := mustTime(t, windowCloses)

	// A minute before the deadline: still in time.
	s.Clock.Set(closes.Add(-time.Minute))
	tok := s.Token(r.Participant)
	submitEntry(t, s, tok, inTime)

	// At and after the deadline: nothing more.
	for _, at := range []time.Time{closes, closes.Add(time.Minute), closes.Add(30 * 24 * time.Hour)} {
		s.Clock.Set(at)
		tok = s.Token(r.Participant)
		when := at.Format(time.RFC3339)
		mustCases(t, s, []reqCase{
			{name: "submit at " + when, method: "POST", path: entryPath(late, "submit"), token: tok, status: 409, code: "deadline_passed"},
			{name: "edit at " + when, method: "PATCH", path: entryPath(late), token: tok, body: map[string]any{"title": "Terlambat"},
				status: 409, code: "deadline_passed"},
			{name: "upload at " + when, send: func() *testenv.Response { return upload(s, tok, late, "supporting", "foto.png", testPNG()) },
				status: 409, code: "deadline_passed"},
			{name: "create at " + when, method: "POST", path: compPath(comp, "entries"), token: tok, body: map[string]any{"title": "Terlambat"},
				status: 409, code: "deadline_passed"},
		})
	}
	if g := s.Must(200, "GET", entryPath(late), tok, nil).Map(t); g["status"] != "draft" || g["title"] == "Terlambat" {
		t.Fatalf("late entry changed: %v", g)
	}

	// Once the window opens, entries can be started.
	s.Clock.Set(mustTime(t, "2020-03-10T00:00:00Z").Add(-30 * 24 * time.Hour))
	tok = s.Token(r.Participant)
	expect(t, s.Do("POST", compPath(early, "entries"), tok, map[string]any{"title": "Terlalu awal"}), 409, "deadline_passed", "entry a month early")
	s.Clock.Set(mustTime(t, "2020-03-10T00:00:00Z"))
	tok = s.Token(r.Participant)
	createEntry(t, s, tok, early, map[string]any{"title": "Tepat waktu"})
}

func TestEntryScreening(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	s.Must(201, "POST", compPath(comp, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	_, outsiderOrg := s.User(models.RoleOrganizer, nil)
	kes := categoryIDs(t, s, r.OrganizerTok, comp)["Kesehatan"]
	sub := completeEntry(t, s, r.ParticipantTok, comp, kes)
	submitEntry(t, s, r.ParticipantTok, sub)
	eligible := map[string]any{"decision": "eligible"}

	// Only the competition's organizers screen; those who cannot see the entry get 404.
	mustCases(t, s, []reqCase{
		{name: "screened by anonymous", method: "POST", path: entryPath(sub, "screen"), body: eligible, status: 401},
		{name: "screened by the entry's participant", method: "POST", path: entryPath(sub, "screen"), token: r.ParticipantTok, body: eligible, status: 403},
		{name: "screened by a judge of the competition", method: "POST", path: entryPath(sub, "screen"), token: r.JudgeTok, body: eligible, status: 404},
		{name: "screened by an organizer who is not a member", method: "POST", path: entryPath(sub, "screen"), token: outsiderOrg, body: eligible, status: 404},
	})
	if g := s.Must(200, "GET", entryPath(sub), r.OrganizerTok, nil).Map(t); g["status"] != "submitted" {
		t.Fatalf("refused screening changed the entry: %v", g)
	}

	// Bad decisions.
	future := "2020-05-15T00:00:00Z"
	bad := func(name string, body map[string]any, field string) reqCase {
		return reqCase{name: name, method: "POST", path: entryPath(sub, "screen"), token: r.OrganizerTok, body: body, status: 422, field: field}
	}
	runCases(t, s, []reqCase{
		bad("unknown decision", map[string]any{"decision": "lolos"}, "decision"),
		bad("returned without reason", map[string]any{"decision": "returned"}, "reason"),
		bad("ineligible without one", map[string]any{"decision": "ineligible", "reason": "   "}, "reason"),
		bad("revise_until if eligible", map[string]any{"decision": "eligible", "revise_until": future}, "revise_until"),
		bad("revise_until in the past", map[string]any{"decision": "returned", "reason": "Lengkapi", "revise_until": "2020-03-01T00:00:00Z"}, "revise_until"),
	})
	// A draft is not screened.
	draft := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"category_id": kes})["id"])
	expect(t, s.Do("POST", entryPath(draft, "screen"), r.OrganizerTok, eligible), 409, "conflict", "screen a draft")

	// Eligible, then corrected to ineligible with a reason the participant reads.
	if g := screen(t, s, r.OrganizerTok, sub, "eligible", ""); g["status"] != "eligible" {
		t.Fatalf("eligible %v", g)
	}
	reason := "Inovasi belum berjalan satu tahun"
	if g := screen(t, s, r.AdminTok, sub, "ineligible", reason); g["status"] != "ineligible" {
		t.Fatalf("ineligible %v", g)
	}
	if g := s.Must(200, "GET", entryPath(sub), r.ParticipantTok, nil).Map(t); g["status"] != "ineligible" || g["screening_reason"] != reason {
		t.Fatalf("participant sees %v", g)
	}
	expect(t, s.Do("POST", entryPath(sub, "withdraw"), r.ParticipantTok, nil), 409, "conflict", "withdraw an ineligible entry")

	// Returned: the participant reads why, edits, adds a document and submits again.
	ret := completeEntry(t, s, r.ParticipantTok, comp, kes)
	submitEntry(t, s, r.ParticipantTok, ret)
	why := "Lampirkan data sebelum dan sesudah inovasi"
	screen(t, s, r.OrganizerTok, ret, "returned", why)
	if g := s.Must(200, "GET", entryPath(ret), r.ParticipantTok, nil).Map(t); g["status"] != "returned" || g["screening_reason"] != why {
		t.Fatalf("participant sees %v", g)
	}
	expect(t, s.Do("POST", entryPath(ret, "screen"), r.OrganizerTok, eligible), 409, "conflict", "screen a returned entry before it comes back")
	s.Must(200, "PATCH", entryPath(ret), r.ParticipantTok, map[string]any{"sections": map[string]string{"signifikansi": "Cakupan imunisasi naik dari 71% menjadi 94%."}})
	if res := upload(s, r.ParticipantTok, ret, "supporting", "data.png", testPNG()); res.Code != 201 {
		t.Fatalf("upload to a returned entry: %d %s", res.Code, res.Body)
	}
	if g := submitEntry(t, s, r.ParticipantTok, ret); g["status"] != "submitted" || len(g["files"].([]any)) != 2 {
		t.Fatalf("resubmitted %v", g)
	}
	screen(t, s, r.OrganizerTok, ret, "eligible", "")

	// revise_until extends the deadline of that entry alone.
	extended := completeEntry(t, s, r.ParticipantTok, comp, kes)
	plain := completeEntry(t, s, r.ParticipantTok, comp, kes)
	spent := completeEntry(t, s, r.ParticipantTok, comp, kes)
	submitEntry(t, s, r.ParticipantTok, extended)
	submitEntry(t, s, r.ParticipantTok, plain)
	submitEntry(t, s, r.ParticipantTok, spent)
	g := s.Must(200, "POST", entryPath(extended, "screen"), r.OrganizerTok,
		map[string]any{"decision": "returned", "reason": "Perbaiki ringkasan", "revise_until": "2020-05-07T17:00:00Z"}).Map(t)
	if g["revise_until"] != "2020-05-07T17:00:00Z" {
		t.Fatalf("revise_until %v", g["revise_until"])
	}
	screen(t, s, r.OrganizerTok, plain, "returned", "Perbaiki ringkasan")
	s.Must(200, "POST", entryPath(spent, "screen"), r.OrganizerTok,
		map[string]any{"decision": "returned", "reason": "Perbaiki ringkasan", "revise_until": "2020-05-03T00:00:00Z"})

	s.Clock.Set(mustTime(t, "2020-05-01T08:00:00Z")) // past the competition's deadline
	tok := s.Token(r.Participant)
	mustCases(t, s, []reqCase{
		{name: "edit a returned entry after the deadline", method: "PATCH", path: entryPath(plain), token: tok,
			body: map[string]any{"title": "Perbaikan"}, status: 409, code: "deadline_passed"},
		{name: "resubmit after the deadline", method: "POST", path: entryPath(plain, "submit"), token: tok, status: 409, code: "deadline_passed"},
		{name: "new entry after the deadline", method: "POST", path: compPath(comp, "entries"), token: tok,
			body: map[string]any{"title": "Baru"}, status: 409, code: "deadline_passed"},
	})
	s.Must(200, "PATCH", entryPath(extended), tok, map[string]any{"sections": map[string]string{"ringkasan": "Ringkasan yang diperbaiki."}})
	if g := submitEntry(t, s, tok, extended); g["status"] != "submitted" {
		t.Fatalf("resubmitted within revise_until: %v", g)
	}

	s.Must(200, "PATCH", entryPath(spent), tok, map[string]any{"title": "Masih sempat"})

	// Past revise_until the extension is spent.
	s.Clock.Set(mustTime(t, "2020-05-03T00:00:00Z"))
	tok = s.Token(r.Participant)
	mustCases(t, s, []reqCase{
		{name: "edit past revise_until", method: "PATCH", path: entryPath(spent), token: tok, body: map[string]any{"title": "Terlambat"},
			status: 409, code: "deadline_passed"},
		{name: "resubmit past revise_until", method: "POST", path: entryPath(spent, "submit"), token: tok, status: 409, code: "deadline_passed"},
	})
}

func TestEntriesPerOrganizationLimit(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "blank", map[string]any{"max_entries_per_organization": 2})
	_, colleague := s.User(models.RoleParticipant, &r.OPD.ID)
	otherOPD := s.Org("kecamatan")
	_, otherTok := s.User(models.RoleParticipant, &otherOPD.ID)

	first := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Satu"})["id"])
	createEntry(t, s, colleague, comp, map[string]any{"title": "Dua"})
	mustCases(t, s, []reqCase{
		{name: "third entry of an OPD", method: "POST", path: compPath(comp, "entries"), token: r.ParticipantTok,
			body: map[string]any{"title": "Tiga"}, status: 409, code: "conflict"},
		{name: "third entry by a colleague", method: "POST", path: compPath(comp, "entries"), token: colleague,
			body: map[string]any{"title": "Tiga"}, status: 409, code: "conflict"},
	})
	// The limit is per OPD.
	createEntry(t, s, otherTok, comp, map[string]any{"title": "Kecamatan"})
	// Withdrawn entries do not count.
	s.Must(200, "POST", entryPath(first, "withdraw"), r.ParticipantTok, nil)
	createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Pengganti"})
	expect(t, s.Do("POST", compPath(comp, "entries"), r.ParticipantTok, map[string]any{"title": "Lagi"}), 409, "conflict", "over the limit again")
	// The organizer may raise it.
	s.Must(200, "PATCH", compPath(comp), r.OrganizerTok, map[string]any{"max_entries_per_organization": 3})
	createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Lagi"})
	// A competition with entries is closed, not deleted.
	expect(t, s.Do("DELETE", compPath(comp), r.OrganizerTok, nil), 409, "conflict", "delete a competition with entries")
}

func TestEntryVisibility(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	s.Must(201, "POST", compPath(comp, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	cats := categoryIDs(t, s, r.OrganizerTok, comp)
	pkm := s.Org("puskesmas")
	_, otherTok := s.User(models.RoleParticipant, &pkm.ID)
	_, colleagueTok := s.User(models.RoleParticipant, &r.OPD.ID)
	_, outsiderOrg := s.User(models.RoleOrganizer, nil)
	_, outsiderJudge := s.User(models.RoleJudge, nil)

	draft := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Posyandu Digital", "category_id": cats["Kesehatan"]})["id"])
	sub := completeEntry(t, s, r.ParticipantTok, comp, cats["Pendidikan"])
	submitEntry(t, s, r.ParticipantTok, sub)
	theirs := testenv.ID(t, createEntry(t, s, otherTok, comp, map[string]any{"title": "Puskesmas Ramah Anak"})["id"])
	// An entry of another competition never shows in this one.
	other := openCompetition(t, s, r.OrganizerTok, "blank", nil)
	createEntry(t, s, r.ParticipantTok, other, map[string]any{"title": "Lain"})

	for _, tc := range []struct {
		who, tok string
		get      int // GET /entries/draft
		list     []int64
	}{
		{"the OPD's participant", r.ParticipantTok, 200, ids(draft, sub)},
		{"a colleague of the same OPD", colleagueTok, 200, ids(draft, sub)},
		{"another OPD's participant", otherTok, 404, ids(theirs)},
		{"a judge of the competition, not assigned", r.JudgeTok, 404, ids()},
		{"a judge not in the competition", outsiderJudge, 404, ids()},
		{"an organizer not in the competition", outsiderOrg, 404, ids()},
		{"the competition's organizer", r.OrganizerTok, 200, ids(draft, sub, theirs)},
		{"an admin", r.AdminTok, 200, ids(draft, sub, theirs)},
	} {
		runCase(t, s, tc.who, func(t *testing.T) {
			if res := s.Do("GET", entryPath(draft), tc.tok, nil); res.Code != tc.get {
				t.Errorf("GET entry as %s: %d, want %d", tc.who, res.Code, tc.get)
			}
			if res := s.Do("GET", entryPath(sub), tc.tok, nil); res.Code != tc.get {
				t.Errorf("GET submitted entry as %s: %d, want %d", tc.who, res.Code, tc.get)
			}
			if got := entryIDs(t, s.Must(200, "GET", compPath(comp, "entries"), tc.tok, nil)); !slices.Equal(got, tc.list) {
				t.Errorf("list as %s: %v, want %v", tc.who, got, tc.list)
			}
		})
	}
	// Another OPD's participant cannot act on it either: 404, not 403.
	x := map[string]any{"title": "x"}
	mustCases(t, s, []reqCase{
		{name: "anonymous GET", method: "GET", path: entryPath(draft), status: 401, code: "unauthorized"},
		{name: "anonymous list", method: "GET", path: compPath(comp, "entries"), status: 401, code: "unauthorized"},
		{name: "unknown entry", method: "GET", path: entryPath(999999), token: r.OrganizerTok, status: 404, code: "not_found"},
		{name: "PATCH by another OPD", method: "PATCH", path: entryPath(draft), token: otherTok, body: x, status: 404, code: "not_found"},
		{name: "submit by another OPD", method: "POST", path: entryPath(draft, "submit"), token: otherTok, body: x, status: 404, code: "not_found"},
		{name: "withdraw by another OPD", method: "POST", path: entryPath(draft, "withdraw"), token: otherTok, body: x, status: 404, code: "not_found"},
	})

	// Filters.
	for _, f := range []struct {
		query string
		want  []int64
	}{
		{"?status=submitted", ids(sub)},
		{"?status=draft", ids(draft, theirs)},
		{"?category_id=" + itoa(cats["Kesehatan"]), ids(draft)},
		{"?q=puskesmas", ids(theirs)},
		{"?q=POSYANDU", ids(draft)},
	} {
		runCase(t, s, f.query, func(t *testing.T) {
			if got := entryIDs(t, s.Must(200, "GET", compPath(comp, "entries")+f.query, r.OrganizerTok, nil)); !slices.Equal(got, f.want) {
				t.Errorf("list %s: %v, want %v", f.query, got, f.want)
			}
		})
	}

	// What entries use stays: their category, and the first round, which took the submitted one.
	first := roundIDs(t, s, r.OrganizerTok, comp)["Seleksi Administrasi"]
	mustCases(t, s, []reqCase{
		{name: "unknown status filter", method: "GET", path: compPath(comp, "entries") + "?status=lolos", token: r.OrganizerTok,
			status: 422, code: "validation_failed"},
		{name: "delete a category in use", method: "DELETE", path: "/api/v1/categories/" + itoa(cats["Kesehatan"]), token: r.OrganizerTok,
			status: 409, code: "conflict"},
		{name: "delete the round holding the submitted entry", method: "DELETE", path: "/api/v1/rounds/" + itoa(first), token: r.OrganizerTok,
			status: 409, code: "conflict"},
	})
}

func TestEntryEndpointsAuthorization(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := openCompetition(t, s, r.OrganizerTok, "kipp", map[string]any{"max_entries_per_organization": 0})
	s.Must(201, "POST", compPath(comp, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	kes := categoryIDs(t, s, r.OrganizerTok, comp)["Kesehatan"]
	draft := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"category_id": kes})["id"])
	toSubmit := completeEntry(t, s, r.ParticipantTok, comp, kes)
	toWithdraw := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{})["id"])
	scoped := map[string]int{"anonymous": 401, "participant": 200, "judge": 404, "organizer": 200, "admin": 200}
	owner := func(ok int) map[string]int {
		return map[string]int{"anonymous": 401, "participant": ok, "judge": 404, "organizer": 403, "admin": 403}
	}
	checkAuthorization(t, s, r, []authCase{
		{"POST", compPath(comp, "entries"), map[string]any{"title": "Baru", "category_id": kes},
			map[string]int{"anonymous": 401, "participant": 201, "judge": 403, "organizer": 403, "admin": 403}, ""},
		{"GET", compPath(comp, "entries"), nil, map[string]int{"anonymous": 401, "participant": 200, "judge": 200, "organizer": 200, "admin": 200}, ""},
		{"GET", entryPath(draft), nil, scoped, ""},
		{"PATCH", entryPath(draft), map[string]any{"title": "Diubah"}, owner(200), ""},
		{"POST", entryPath(toSubmit, "submit"), nil, owner(200), ""},
		// Screening comes after the submission above.
		{"POST", entryPath(toSubmit, "screen"), map[string]any{"decision": "eligible"},
			map[string]int{"anonymous": 401, "participant": 403, "judge": 404, "organizer": 200, "admin": 200}, ""},
		{"POST", entryPath(toWithdraw, "withdraw"), nil, owner(200), ""},
	})
}
