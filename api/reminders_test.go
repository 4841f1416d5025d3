package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
)

type rmRecipient struct {
	UserID               int64   `json:"user_id"`
	Email                string  `json:"email"`
	OrganizationID       *int64  `json:"organization_id"`
	Assigned             *int    `json:"assigned"`
	Submitted            *int    `json:"submitted"`
	PreviouslyRemindedAt *string `json:"previously_reminded_at"`
}

type rmReminder struct {
	ID         int64         `json:"id"`
	To         string        `json:"to"`
	RoundID    *int64        `json:"round_id"`
	SentAt     string        `json:"sent_at"`
	SentBy     string        `json:"sent_by"`
	Recipients []rmRecipient `json:"recipients"`
	Unreached  []struct {
		ID int64 `json:"id"`
	} `json:"unreached"`
}

// outboxTo lists the outbox messages of kind, by recipient.
func outboxTo(t *testing.T, s *testenv.Server, kind string) map[string]models.OutboxMessage {
	t.Helper()
	ms, err := s.Store.Outbox(context.Background(), kind)
	if err != nil {
		t.Fatalf("outbox: %v", err)
	}
	out := map[string]models.OutboxMessage{}
	for _, m := range ms {
		if _, seen := out[m.Recipient]; !seen {
			out[m.Recipient] = m
		}
	}
	return out
}

// TestStatsFunnel: every OPD stands once at the furthest stage its entries
// reached, and the five stages add up to every OPD.
func TestStatsFunnel(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 1, judges: []int{-1}})
	s, org := w.s, w.r.OrganizerTok
	// r.OPD drafts; OPD 1's entry is returned, OPD 2's turned ineligible; a new OPD has nothing.
	s.Must(201, "POST", w.compPath("entries"), w.r.ParticipantTok, map[string]any{"title": "Draf Inovasi", "category_id": w.cats[0]})
	quiet := s.Org("kecamatan")
	s.Must(200, "POST", "/api/v1/entries/"+itoa(w.entries[2].ID)+"/screen", org, map[string]any{"decision": "ineligible", "reason": "Judul ganda"})

	var st struct {
		OrganizationsTotal       int64            `json:"organizations_total"`
		OrganizationsWithEntries int64            `json:"organizations_with_entries"`
		Funnel                   map[string]int64 `json:"funnel"`
		ByOrganization           []struct {
			ID      int64  `json:"id"`
			Stage   string `json:"stage"`
			Entries int64  `json:"entries"`
			Drafts  int64  `json:"drafts"`
		} `json:"by_organization"`
		Without []struct {
			ID int64 `json:"id"`
		} `json:"organizations_without_entries"`
	}
	s.Must(200, "GET", w.compPath("stats"), org, nil).JSON(t, &st)
	want := map[string]int64{"no_entry": 1, "draft_only": 1, "submitted": 1, "eligible": 2, "finalist": 0}
	if !jgMapsEqual(st.Funnel, want) {
		t.Errorf("funnel %v, want %v", st.Funnel, want)
	}
	if st.OrganizationsTotal != 5 || st.OrganizationsWithEntries != 3 || len(st.Without) != 2 || len(st.ByOrganization) != 5 {
		t.Errorf("stats: %d OPDs, %d with entries, %d without, %d listed", st.OrganizationsTotal, st.OrganizationsWithEntries, len(st.Without), len(st.ByOrganization))
	}
	stage := map[int64]string{}
	for _, o := range st.ByOrganization {
		stage[o.ID] = o.Stage
		if o.ID == w.r.OPD.ID && (o.Drafts != 1 || o.Entries != 0) {
			t.Errorf("the drafting OPD: %+v", o)
		}
	}
	// The entries of one round.
	if l := testenv.List(t, s.Must(200, "GET", w.compPath("entries")+"?round_id="+itoa(w.desk), org, nil)); len(l) != 3 {
		t.Errorf("desk round lists %d entries, want 3", len(l))
	}
	if l := testenv.List(t, s.Must(200, "GET", w.compPath("entries")+"?round_id="+itoa(w.presentation), org, nil)); len(l) != 0 {
		t.Errorf("presentation round lists %d entries, want none", len(l))
	}
	runCases(t, s, []reqCase{{name: "round id not a number", method: "GET", path: w.compPath("entries") + "?round_id=x", token: org, status: 422, field: "round_id"}})
	if stage[w.r.OPD.ID] != "draft_only" || stage[quiet.ID] != "no_entry" || stage[w.opds[2].ID] != "submitted" || stage[w.opds[0].ID] != "eligible" {
		t.Errorf("stages %v", stage)
	}
}

// TestRemindOrganizations: the participants of the OPDs without a submitted
// entry get one e-mail each; OPDs without an account are named as unreached;
// a second reminder within the hour is refused with Retry-After.
func TestRemindOrganizations(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1}})
	s, org := w.s, w.r.OrganizerTok
	quiet := s.Org("kecamatan")
	// A disabled and an unverified participant of r.OPD are not written to.
	off, _ := s.User(models.RoleParticipant, &w.r.OPD.ID)
	s.Must(200, "PATCH", "/api/v1/users/"+itoa(off.ID), w.r.AdminTok, map[string]any{"disabled": true})
	unverified, _ := s.User(models.RoleParticipant, &w.r.OPD.ID)
	if err := s.Store.DB().Model(&models.User{}).Where("id = ?", unverified.ID).Update("verified", false).Error; err != nil {
		t.Fatal(err)
	}

	var got rmReminder
	s.Must(201, "POST", w.compPath("reminders"), org, map[string]any{"to": "organizations_without_entries"}).JSON(t, &got)
	if got.To != "organizations_without_entries" || got.RoundID != nil || got.SentBy != w.r.Organizer.Name || got.SentAt != "2020-03-02T09:00:00Z" {
		t.Errorf("reminder %+v", got)
	}
	if len(got.Recipients) != 1 || got.Recipients[0].UserID != w.r.Participant.ID || got.Recipients[0].OrganizationID == nil ||
		*got.Recipients[0].OrganizationID != w.r.OPD.ID || got.Recipients[0].Assigned != nil || got.Recipients[0].PreviouslyRemindedAt != nil {
		t.Errorf("recipients %+v, want only the participant of %s", got.Recipients, w.r.OPD.Code)
	}
	if len(got.Unreached) != 1 || got.Unreached[0].ID != quiet.ID {
		t.Errorf("unreached %+v, want the OPD without an account", got.Unreached)
	}
	mails := outboxTo(t, s, notify.KindReminderEntry)
	m, ok := mails[w.r.Participant.Email]
	if len(mails) != 1 || !ok || !strings.Contains(m.Body, w.r.OPD.Name) || !strings.Contains(m.Body, "01-05-2020 00.00 WIB") {
		t.Errorf("outbox %+v", mails)
	}

	res := s.Do("POST", w.compPath("reminders"), org, map[string]any{"to": "organizations_without_entries"})
	if res.Code != 429 || res.Header.Get("Retry-After") != "3600" || res.ErrorCode() != "too_many_requests" {
		t.Errorf("reminded again at once: %d %s (Retry-After %q)", res.Code, res.Body, res.Header.Get("Retry-After"))
	}
	s.Clock.Advance(50 * time.Minute)
	// Access tokens live minutes: sign in again after the clock moves.
	admin := s.Token(w.r.Admin)
	if res := s.Do("POST", w.compPath("reminders"), admin, map[string]any{"to": "organizations_without_entries"}); res.Code != 429 || res.Header.Get("Retry-After") != "600" {
		t.Errorf("reminded again after 50 minutes: %d (Retry-After %q)", res.Code, res.Header.Get("Retry-After"))
	}
	s.Clock.Advance(11 * time.Minute)
	org = s.Token(w.r.Organizer)
	s.Must(201, "POST", w.compPath("reminders"), s.Token(w.r.Admin), map[string]any{"to": "organizations_without_entries"}).JSON(t, &got)
	if len(got.Recipients) != 1 || got.Recipients[0].PreviouslyRemindedAt == nil || *got.Recipients[0].PreviouslyRemindedAt != "2020-03-02T09:00:00Z" {
		t.Errorf("second reminder's recipients %+v", got.Recipients)
	}
	var l struct {
		Items []rmReminder `json:"items"`
		Total int          `json:"total"`
	}
	s.Must(200, "GET", w.compPath("reminders"), org, nil).JSON(t, &l)
	if l.Total != 2 || len(l.Items) != 2 || l.Items[0].SentAt != "2020-03-02T10:01:00Z" || l.Items[0].SentBy != w.r.Admin.Name ||
		l.Items[1].Recipients[0].PreviouslyRemindedAt != nil || l.Items[0].Recipients[0].PreviouslyRemindedAt == nil {
		t.Errorf("reminders list %+v", l)
	}

	// Once every OPD with an account has entered, nobody is left to e-mail.
	s.Clock.Advance(2 * time.Hour)
	org = s.Token(w.r.Organizer)
	w.r.ParticipantTok = s.Token(w.r.Participant)
	w.r.OrganizerTok = org
	s.Must(200, "POST", "/api/v1/entries/"+itoa(enterFor(t, w))+"/submit", w.r.ParticipantTok, nil)
	res = s.Do("POST", w.compPath("reminders"), org, map[string]any{"to": "organizations_without_entries"})
	if res.Code != 409 || !strings.Contains(string(res.Body), "verified participant") {
		t.Errorf("nobody to remind: %d %s", res.Code, res.Body)
	}
}

// enterFor makes a complete entry for r.OPD, ready to submit.
func enterFor(t *testing.T, w *judgingWorld) int64 {
	t.Helper()
	var form struct {
		Items []struct {
			Key string `json:"key"`
		}
	}
	w.s.Must(200, "GET", w.compPath("sections"), w.r.OrganizerTok, nil).JSON(t, &form)
	texts := map[string]string{}
	for _, sec := range form.Items {
		texts[sec.Key] = "Uraian singkat bagian " + sec.Key + "."
	}
	e := w.s.Must(201, "POST", w.compPath("entries"), w.r.ParticipantTok, map[string]any{"title": "Inovasi Terlambat", "category_id": w.cats[0], "sections": texts}).Map(t)
	id := testenv.ID(t, e["id"])
	if up := w.upload(w.r.ParticipantTok, id, "proposal.pdf", jgPDF(t)); up.Code != 201 {
		t.Fatalf("upload: %d %s", up.Code, up.Body)
	}
	return id
}

// TestRemindJudges: the judges of a round with scorecards left get one
// e-mail each with their own count; once all are in, nobody is left.
func TestRemindJudges(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 1, judges: []int{-1, -1}})
	s, org := w.s, w.r.OrganizerTok
	done, late := w.judges[0], w.judges[1]
	for _, e := range w.entries {
		w.score(done.Tok, w.assign(e.ID, done.ID), 8, true)
	}
	a := w.assign(w.entries[0].ID, late.ID)
	w.score(late.Tok, a, 7, true)
	b := w.assign(w.entries[1].ID, late.ID)

	var got rmReminder
	s.Must(201, "POST", w.compPath("reminders"), org, map[string]any{"to": "judges_behind", "round_id": w.desk}).JSON(t, &got)
	if got.RoundID == nil || *got.RoundID != w.desk || len(got.Recipients) != 1 {
		t.Fatalf("reminder %+v", got)
	}
	r := got.Recipients[0]
	if r.UserID != late.ID || r.Assigned == nil || *r.Assigned != 2 || *r.Submitted != 1 || r.OrganizationID != nil || len(got.Unreached) != 0 {
		t.Errorf("recipient %+v, want the late judge with 1 of 2", r)
	}
	mails := outboxTo(t, s, notify.KindReminderJudge)
	if m, ok := mails[late.Email]; len(mails) != 1 || !ok || !strings.Contains(m.Body, "1 dari 2 penilaian") {
		t.Errorf("outbox %+v", mails)
	}
	if res := s.Do("POST", w.compPath("reminders"), org, map[string]any{"to": "judges_behind", "round_id": w.desk}); res.Code != 429 {
		t.Errorf("judges reminded again at once: %d", res.Code)
	}
	// Another audience is another reminder.
	s.Must(201, "POST", w.compPath("reminders"), org, map[string]any{"to": "organizations_without_entries"})

	w.score(late.Tok, b, 6, true)
	s.Clock.Advance(time.Hour)
	org = s.Token(w.r.Organizer)
	res := s.Do("POST", w.compPath("reminders"), org, map[string]any{"to": "judges_behind", "round_id": w.desk})
	if res.Code != 409 || res.ErrorCode() != "conflict" {
		t.Errorf("every judge done: %d %s", res.Code, res.Body)
	}

	runCases(t, s, []reqCase{
		{name: "no audience", method: "POST", path: w.compPath("reminders"), token: org, body: map[string]any{}, status: 422, field: "to"},
		{name: "unknown audience", method: "POST", path: w.compPath("reminders"), token: org, body: map[string]any{"to": "everyone"}, status: 422, field: "to"},
		{name: "judges without a round", method: "POST", path: w.compPath("reminders"), token: org, body: map[string]any{"to": "judges_behind"}, status: 422, field: "round_id"},
		{name: "judges of the screening round", method: "POST", path: w.compPath("reminders"), token: org,
			body: map[string]any{"to": "judges_behind", "round_id": w.screening}, status: 422, field: "round_id"},
		{name: "judges of a round elsewhere", method: "POST", path: w.compPath("reminders"), token: org,
			body: map[string]any{"to": "judges_behind", "round_id": 99999}, status: 422, field: "round_id"},
		{name: "OPDs with a round", method: "POST", path: w.compPath("reminders"), token: org,
			body: map[string]any{"to": "organizations_without_entries", "round_id": w.desk}, status: 422, field: "round_id"},
		{name: "round id of the wrong type", method: "POST", path: w.compPath("reminders"), token: org,
			body: map[string]any{"to": "judges_behind", "round_id": "two"}, status: 422, field: "round_id"},
		{name: "not JSON", method: "POST", path: w.compPath("reminders"), token: org, body: "{", status: 400},
	})
}

func TestRemindersAuthorization(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1}})
	s := w.s
	w.member(w.r.Judge)
	// A body that passes authorization and fails validation, so every role
	// meets the same state: organizers get 422, the others are refused first.
	bad := map[string]any{"to": "everyone"}
	checkAuthorization(t, s, w.r, []authCase{
		{"GET", w.compPath("reminders"), nil, only(200, "organizer", "admin"), ""},
		{"POST", w.compPath("reminders"), bad, only(422, "organizer", "admin"), ""},
	})
	_, outsiderTok := s.User(models.RoleOrganizer, nil)
	runCases(t, s, []reqCase{
		{name: "an outside organizer reads", method: "GET", path: w.compPath("reminders"), token: outsiderTok, status: 403},
		{name: "an outside organizer sends", method: "POST", path: w.compPath("reminders"), token: outsiderTok,
			body: map[string]any{"to": "organizations_without_entries"}, status: 403},
		{name: "the competition's judge sends", method: "POST", path: w.compPath("reminders"), token: w.r.JudgeTok,
			body: map[string]any{"to": "organizations_without_entries"}, status: 403},
		{name: "a competition that does not exist", method: "GET", path: "/api/v1/competitions/99999/reminders", token: w.r.OrganizerTok, status: 404},
	})
	// Nothing refused was sent.
	if n := len(outboxTo(t, s, notify.KindReminderEntry)); n != 0 {
		t.Errorf("%d reminders queued by refused calls", n)
	}
}
