package api_test

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
)

// mailTo lists the outbox messages of kind to address.
func mailTo(t *testing.T, s *testenv.Server, address, kind string) []models.OutboxMessage {
	t.Helper()
	var out []models.OutboxMessage
	if err := s.Store.DB().Where("recipient = ? AND kind = ?", address, kind).Order("id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

var confirmLink = regexp.MustCompile(`/konfirmasi\?token=([A-Za-z0-9_-]+)`)

// confirmationToken is the token of the newest confirmation mail to address.
func confirmationToken(t *testing.T, s *testenv.Server, address string) string {
	t.Helper()
	msgs := mailTo(t, s, address, notify.KindRegistration)
	if len(msgs) == 0 {
		t.Fatalf("no confirmation mail to %s", address)
	}
	m := confirmLink.FindStringSubmatch(msgs[len(msgs)-1].Body)
	if m == nil {
		t.Fatalf("no link in %q", msgs[len(msgs)-1].Body)
	}
	return m[1]
}

// confirmRegistration follows the newest link to address and returns the
// access token of the session it starts.
func confirmRegistration(t *testing.T, s *testenv.Server, address string) string {
	t.Helper()
	var out signIn
	s.Must(200, "POST", "/api/v1/auth/confirm", "", map[string]any{"token": confirmationToken(t, s, address)}).JSON(t, &out)
	return out.AccessToken
}

// TestRegistrationTellsNobodyWhoIsRegistered: registering a taken address
// answers exactly as a new one does, makes no second account, and tells
// only the mailbox; the account of a new address exists once its link is
// followed, and until then signing in fails like any wrong password.
func TestRegistrationTellsNobodyWhoIsRegistered(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	opd := who.OPD
	body := func(email string) map[string]any {
		return map[string]any{"email": email, "password": "jamu-sehat-kajen-2020", "name": "Siti", "organization_id": opd.ID}
	}
	fresh := s.Must(201, "POST", "/api/v1/auth/register", "", body("baru@dinkes.go.id"))
	taken := s.Must(201, "POST", "/api/v1/auth/register", "", body(who.Judge.Email))
	strip := func(r *testenv.Response) map[string]any {
		m := r.Map(t)
		delete(m["user"].(map[string]any), "email")
		return m
	}
	if a, b := strip(fresh), strip(taken); !equalJSON(a, b) {
		t.Fatalf("the answers differ:\n%v\n%v", a, b)
	}
	var n int64
	s.Store.DB().Model(&models.User{}).Where("email = ?", who.Judge.Email).Count(&n)
	if n != 1 {
		t.Fatalf("%d accounts for the taken address", n)
	}
	if len(mailTo(t, s, who.Judge.Email, notify.KindRegistrationTaken)) != 1 || len(mailTo(t, s, who.Judge.Email, notify.KindRegistration)) != 0 {
		t.Fatal("the owner of the taken address was not told, or was sent a link")
	}
	// The judge's account is untouched: their own password still works, the
	// registrant's does not.
	expect(t, login(s, who.Judge.Email, testenv.TestPassword), 200, "", "the owner's password")
	wrong := login(s, who.Judge.Email, "jamu-sehat-kajen-2020")
	pending := login(s, "baru@dinkes.go.id", "jamu-sehat-kajen-2020")
	expect(t, wrong, 401, "unauthorized", "the registrant's password on a taken address")
	expect(t, pending, 401, "unauthorized", "a registration not yet confirmed")
	if wrong.Map(t)["error"].(map[string]any)["message"] != pending.Map(t)["error"].(map[string]any)["message"] {
		t.Fatalf("sign-in tells a pending registration from a wrong password:\n%s\n%s", wrong.Body, pending.Body)
	}

	// Following the link makes the account and signs in.
	tok := confirmRegistration(t, s, "baru@dinkes.go.id")
	me := s.Must(200, "GET", "/api/v1/me", tok, nil).Map(t)
	if me["role"] != "participant" || me["verified"] != false || me["email"] != "baru@dinkes.go.id" {
		t.Fatalf("the new account %v", me)
	}
	expect(t, login(s, "baru@dinkes.go.id", "jamu-sehat-kajen-2020"), 200, "", "sign-in after confirming")
	expect(t, s.Do("POST", "/api/v1/auth/confirm", "", map[string]any{"token": confirmationToken(t, s, "baru@dinkes.go.id")}),
		422, "validation_failed", "the same link twice")
	expect(t, s.Do("POST", "/api/v1/auth/confirm", "", map[string]any{"token": "tebakan"}), 422, "validation_failed", "a made-up token")
}

// TestRegistrationLinksExpireAndMailIsBounded: a link dies after 48 hours,
// another registration of the address is still possible, and one address
// gets at most three mails an hour however often it is registered.
func TestRegistrationLinksExpireAndMailIsBounded(t *testing.T) {
	s := testenv.NewServer(t)
	opd := s.Org("dinas")
	reg := map[string]any{"email": "rina@dinkes.go.id", "password": "jamu-sehat-kajen-2020", "name": "Rina", "organization_id": opd.ID}
	s.Must(201, "POST", "/api/v1/auth/register", "", reg)
	old := confirmationToken(t, s, "rina@dinkes.go.id")
	s.Clock.Advance(49 * time.Hour)
	expect(t, s.Do("POST", "/api/v1/auth/confirm", "", map[string]any{"token": old}), 422, "validation_failed", "a link after 48 hours")
	for range 5 {
		s.Must(201, "POST", "/api/v1/auth/register", "", reg)
	}
	if got := len(mailTo(t, s, "rina@dinkes.go.id", notify.KindRegistration)); got != 1+3 {
		t.Fatalf("%d confirmation mails, want 1 then at most 3 in the next hour", got)
	}
	confirmRegistration(t, s, "rina@dinkes.go.id")
}

func equalJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
