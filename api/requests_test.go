package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// TestBadBodies: every kind of unreadable or mistyped body answers the
// contract's error, with the field named where there is one. Dates are fields
// like any other: a number or an unparsable text is 422, not 400.
func TestBadBodies(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	comp := newCompetition(t, s, who.OrganizerTok, "kipp", nil)
	compID := testenv.ID(t, comp["id"])
	roundID := roundIDs(t, s, who.OrganizerTok, compID)["Penilaian Proposal"]

	cases := []struct {
		name, method, path, body string
		status                   int
		code, field, message     string
	}{
		{"date as a number on create", "POST", "/api/v1/competitions",
			`{"name":"Lomba","year":2021,"template":"blank","submission_opens_at":20200301}`,
			422, "validation_failed", "submission_opens_at", "RFC 3339"},
		{"unparsable date on create", "POST", "/api/v1/competitions",
			`{"name":"Lomba","year":2021,"template":"blank","submission_closes_at":"31/04/2020"}`,
			422, "validation_failed", "submission_closes_at", "RFC 3339"},
		{"unparsable date on patch", "PATCH", compPath(compID), `{"submission_closes_at":"besok"}`,
			422, "validation_failed", "submission_closes_at", "RFC 3339"},
		{"date as a bool on a round", "PATCH", "/api/v1/rounds/" + itoa(roundID), `{"closes_at":true}`,
			422, "validation_failed", "closes_at", "RFC 3339"},
		{"a round's date without a zone", "PATCH", "/api/v1/rounds/" + itoa(roundID), `{"opens_at":"2020-05-01 08:00"}`,
			422, "validation_failed", "opens_at", "RFC 3339"},
		{"number as a string", "POST", "/api/v1/competitions", `{"name":"Lomba","year":"2021","template":"blank"}`,
			422, "validation_failed", "year", "whole number"},
		{"array at the top", "POST", "/api/v1/competitions", `[{"name":"Lomba"}]`,
			400, "bad_request", "", "the body must be a JSON object, not an array"},
		{"string at the top", "PATCH", compPath(compID), `"open"`,
			400, "bad_request", "", "the body must be a JSON object, not a string"},
		{"malformed", "PATCH", compPath(compID), `{"status":`, 400, "bad_request", "", "malformed JSON"},
		{"empty", "PATCH", compPath(compID), ``, 400, "bad_request", "", "empty"},
		{"two values", "PATCH", compPath(compID), `{} {}`, 400, "bad_request", "", "single JSON value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.Request(tc.method, tc.path, who.OrganizerTok, "application/json", strings.NewReader(tc.body))
			var e struct {
				Error struct {
					Code      string            `json:"code"`
					Message   string            `json:"message"`
					RequestID string            `json:"request_id"`
					Fields    map[string]string `json:"fields"`
				} `json:"error"`
			}
			if err := json.Unmarshal(r.Body, &e); err != nil {
				t.Fatalf("not the error shape: %s", r.Body)
			}
			if r.Code != tc.status || e.Error.Code != tc.code {
				t.Fatalf("got %d %s, want %d %s", r.Code, r.Body, tc.status, tc.code)
			}
			if !strings.Contains(e.Error.Message+" "+e.Error.Fields[tc.field], tc.message) {
				t.Errorf("message %q / field %q lacks %q", e.Error.Message, e.Error.Fields[tc.field], tc.message)
			}
			if tc.field != "" && e.Error.Fields[tc.field] == "" {
				t.Errorf("fields %v do not name %s", e.Error.Fields, tc.field)
			}
			if strings.Contains(string(r.Body), "Go value") || strings.Contains(string(r.Body), "2006-01-02") {
				t.Errorf("Go internals in the answer: %s", r.Body)
			}
			if e.Error.RequestID == "" || e.Error.RequestID != r.Header.Get("X-Request-ID") {
				t.Errorf("request_id %q, header %q", e.Error.RequestID, r.Header.Get("X-Request-ID"))
			}
		})
	}
	r := s.Request("PATCH", compPath(compID), who.OrganizerTok, "text/plain", strings.NewReader(`{}`))
	expect(t, r, 415, "unsupported_media_type", "a text body")
}

// TestPublicRoutesIgnoreTokens: a stale or broken token left in a browser does
// not turn public pages into a 401; signed-in routes still refuse it.
func TestPublicRoutesIgnoreTokens(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	expired := who.JudgeTok
	s.Clock.Advance(16 * time.Minute) // the access token's 15 minutes are over
	for _, tok := range []string{"not-a-jwt", expired, "eyJhbGciOiJub25lIn0.e30."} {
		for _, path := range []string{"/api/v1/organizations", "/api/v1/public/publications"} {
			r := s.Do("GET", path, tok, nil)
			if r.Code != 200 {
				t.Errorf("GET %s with token %.12s: %d %s", path, tok, r.Code, r.Body)
			}
		}
		r := s.Request("GET", "/api/v1/organizations", "", "", nil, "Authorization", "Basic Zm9vOmJhcg==")
		expect(t, r, 200, "", "a Basic header on a public route")
		expect(t, s.Do("GET", "/api/v1/me", tok, nil), 401, "unauthorized", "a bad token on a signed-in route")
	}
}

// TestInvisibleCharactersAreStripped: direction overrides, isolates and
// zero-width characters never reach the database (and so never public
// results or exports), from JSON bodies and CSV imports alike; passwords are
// kept exactly as typed.
func TestInvisibleCharactersAreStripped(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	compID := openCompetition(t, s, who.OrganizerTok, "kipp", nil)
	e := createEntry(t, s, who.ParticipantTok, compID, map[string]any{
		"title":    "Inovasi \u202Egnalaj\u202C Posyandu",
		"sections": map[string]string{"ringkasan": "Baris satu\u200B\nbaris \u2066dua\u2069."},
		"team":     []map[string]string{{"name": "Siti\u200D Aminah", "role": "ke\u00ADtua"}},
	})
	if e["title"] != "Inovasi gnalaj Posyandu" {
		t.Errorf("title %q", e["title"])
	}
	got := s.Must(200, "GET", entryPath(testenv.ID(t, e["id"])), who.ParticipantTok, nil).Map(t)
	if sec := got["sections"].(map[string]any)["ringkasan"]; sec != "Baris satu\nbaris dua." {
		t.Errorf("section %q", sec)
	}
	if m := got["team"].([]any)[0].(map[string]any); m["name"] != "Siti Aminah" || m["role"] != "ketua" {
		t.Errorf("team %v", m)
	}
	csv := "code,name,kind,parent_code\nUPT-X,UPT \u202ELabkes\u202C Daerah,other,\n"
	r := s.Request("POST", "/api/v1/organizations/import", who.AdminTok, "text/csv", strings.NewReader(csv))
	expect(t, r, 200, "", "import")
	orgs := testenv.List(t, s.Must(200, "GET", "/api/v1/organizations?q=Labkes", "", nil))
	if len(orgs) != 1 || orgs[0]["name"] != "UPT Labkes Daerah" {
		t.Errorf("imported OPD %v", orgs)
	}

	password := "sandi\u200Bdengan spasi nol"
	s.Must(201, "POST", "/api/v1/users", who.AdminTok, map[string]any{"email": "rina@dinkes.go.id", "password": password,
		"name": "Rina", "role": "judge"})
	expect(t, s.Do("POST", "/api/v1/auth/login", "", map[string]any{"email": "rina@dinkes.go.id", "password": password}), 200, "",
		"the password as typed")
	expect(t, s.Do("POST", "/api/v1/auth/login", "", map[string]any{"email": "rina@dinkes.go.id", "password": "sandidengan spasi nol"}),
		401, "unauthorized", "the password without its invisible character")
}
