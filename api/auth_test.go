package api_test

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

func TestRegister(t *testing.T) {
	s := testenv.NewServer(t)
	opd := s.Org("dinas")
	good := map[string]any{"email": "Siti@Dinkes.Go.Id", "password": "jamu-sehat-kajen-2020", "name": "Siti", "organization_id": opd.ID}
	r := s.Must(http.StatusCreated, "POST", "/api/v1/auth/register", "", good)
	u := r.Map(t)["user"].(map[string]any)
	if u["email"] != "siti@dinkes.go.id" || u["role"] != "participant" || u["organization_id"] != float64(opd.ID) || u["id"] != nil {
		t.Fatalf("registered user = %v", u)
	}
	if strings.Contains(string(r.Body), "argon2") {
		t.Fatal("answer leaks the password hash")
	}
	confirmRegistration(t, s, "siti@dinkes.go.id")

	cases := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"bad email", map[string]any{"email": "siti@", "password": "jamu-sehat-kajen-2020", "name": "S", "organization_id": opd.ID}, 422, "email"},
		{"taken email (any case): the same answer", map[string]any{"email": "SITI@dinkes.go.id", "password": "jamu-sehat-kajen-2020", "name": "S", "organization_id": opd.ID}, 201, ""},
		{"short password", map[string]any{"email": "a@b.go.id", "password": "short", "name": "S", "organization_id": opd.ID}, 422, "password"},
		{"common password", map[string]any{"email": "a@b.go.id", "password": "password123", "name": "S", "organization_id": opd.ID}, 422, "password"},
		{"unknown organization", map[string]any{"email": "a@b.go.id", "password": "jamu-sehat-kajen-2020", "name": "S", "organization_id": 999999}, 422, "organization_id"},
		{"no organization", map[string]any{"email": "a@b.go.id", "password": "jamu-sehat-kajen-2020", "name": "S"}, 422, "organization_id"},
		{"no name", map[string]any{"email": "a@b.go.id", "password": "jamu-sehat-kajen-2020", "organization_id": opd.ID}, 422, "name"},
		{"wrong type", `{"email": 5}`, 422, "email"},
		{"malformed", `{"email":`, 400, ""},
		{"empty body", "", 400, ""},
		{"role is ignored", map[string]any{"email": "c@b.go.id", "password": "jamu-sehat-kajen-2020", "name": "S", "organization_id": opd.ID, "role": "admin"}, 201, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.Do("POST", "/api/v1/auth/register", "", tc.body)
			if r.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Code, tc.status, r.Body)
			}
			if tc.field != "" {
				fields := r.Map(t)["error"].(map[string]any)["fields"].(map[string]any)
				if fields[tc.field] == nil {
					t.Fatalf("fields %v lack %s", fields, tc.field)
				}
			}
			if tc.status == 201 && r.Map(t)["user"].(map[string]any)["role"] != "participant" {
				t.Fatalf("a registration chose its own role: %s", r.Body)
			}
		})
	}
	// Not JSON at all.
	if r := s.Request("POST", "/api/v1/auth/register", "", "application/x-www-form-urlencoded", strings.NewReader("email=a")); r.Code != 415 {
		t.Fatalf("form body: %d", r.Code)
	}
}

func login(s *testenv.Server, email, password string) *testenv.Response {
	return s.Do("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})
}

func TestLoginRefreshLogout(t *testing.T) {
	s := testenv.NewServer(t)
	u, _ := s.User(models.RoleJudge, nil)

	r := login(s, strings.ToUpper(u.Email), testenv.TestPassword)
	if r.Code != 200 {
		t.Fatalf("login: %d %s", r.Code, r.Body)
	}
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		TokenType    string `json:"token_type"`
		ExpiresIn    int    `json:"expires_in"`
		User         struct{ ID int64 }
	}
	r.JSON(t, &tok)
	if tok.TokenType != "Bearer" || tok.ExpiresIn != 900 || tok.User.ID != u.ID || tok.RefreshToken == "" {
		t.Fatalf("login answer %s", r.Body)
	}
	me := s.Must(200, "GET", "/api/v1/me", tok.AccessToken, nil).Map(t)
	if me["email"] != u.Email || me["role"] != "judge" {
		t.Fatalf("me = %v", me)
	}

	// Refresh rotates: the new token works, the old one is spent.
	r = s.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": tok.RefreshToken})
	var next struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	r.JSON(t, &next)
	if next.RefreshToken == tok.RefreshToken || next.AccessToken == "" {
		t.Fatal("refresh did not rotate")
	}
	// Reusing the spent token revokes the family: the newest token dies too.
	if r := s.Do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": tok.RefreshToken}); r.Code != 401 {
		t.Fatalf("reuse: %d", r.Code)
	}
	if r := s.Do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": next.RefreshToken}); r.Code != 401 {
		t.Fatalf("family not revoked: %d", r.Code)
	}

	// A new session, then logout ends it.
	r = login(s, u.Email, testenv.TestPassword)
	r.JSON(t, &tok)
	s.Must(204, "POST", "/api/v1/auth/logout", tok.AccessToken, map[string]any{"refresh_token": tok.RefreshToken})
	spent := map[string]any{"refresh_token": tok.RefreshToken}
	mustCases(t, s, []reqCase{
		{name: "refresh after logout", method: "POST", path: "/api/v1/auth/refresh", body: spent, status: 401},
		{name: "anonymous logout", method: "POST", path: "/api/v1/auth/logout", body: spent, status: 401},
	})
	// Refresh tokens expire after 14 days.
	r = login(s, u.Email, testenv.TestPassword)
	r.JSON(t, &tok)
	s.Clock.Advance(auth.RefreshTTL + time.Minute)
	mustCases(t, s, []reqCase{
		{name: "expired refresh", method: "POST", path: "/api/v1/auth/refresh", body: map[string]any{"refresh_token": tok.RefreshToken}, status: 401},
		{name: "garbage refresh", method: "POST", path: "/api/v1/auth/refresh", body: map[string]any{"refresh_token": "garbage"}, status: 401},
	})
}

func TestLoginFailuresAreThrottledPerAccount(t *testing.T) {
	s := testenv.NewServer(t)
	u, _ := s.User(models.RoleParticipant, nil)

	unknown := login(s, "nobody@example.go.id", testenv.TestPassword)
	wrong := login(s, u.Email, "not the password at all")
	if unknown.Code != 401 || wrong.Code != 401 {
		t.Fatalf("unknown %d, wrong %d", unknown.Code, wrong.Code)
	}
	if unknown.Map(t)["error"].(map[string]any)["message"] != wrong.Map(t)["error"].(map[string]any)["message"] {
		t.Fatal("unknown e-mail and wrong password answer differently")
	}
	for i := 0; i < 4; i++ {
		if r := login(s, u.Email, "not the password at all"); r.Code != 401 {
			t.Fatalf("failure %d: %d", i+2, r.Code)
		}
	}
	// Five failures: even the right password is refused now.
	r := login(s, u.Email, testenv.TestPassword)
	if r.Code != 429 || r.ErrorCode() != "too_many_requests" {
		t.Fatalf("sixth attempt: %d %s", r.Code, r.Body)
	}
	retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || retry < 1 || retry > 15*60 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	// Another account is not affected.
	other, _ := s.User(models.RoleParticipant, nil)
	if r := login(s, other.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("other account: %d", r.Code)
	}
	// Once the window has passed, the right password works and clears the count.
	s.Clock.Advance(15*time.Minute + time.Second)
	if r := login(s, u.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("after the window: %d %s", r.Code, r.Body)
	}
}

func TestLoginIsRateLimitedPerIP(t *testing.T) {
	s := testenv.NewServer(t, func(d *apiDeps) { d.AuthPerMinute, d.AuthBurst = 1, 3 })
	for i := 0; i < 3; i++ {
		if r := login(s, "x@example.go.id", "whatever-password"); r.Code != 401 {
			t.Fatalf("attempt %d: %d", i, r.Code)
		}
	}
	wantRefused(t, login(s, "y@example.go.id", "whatever-password"), "over the IP limit")
}

func TestDisabledUser(t *testing.T) {
	s := testenv.NewServer(t)
	roles := s.Everyone()
	u, tok := s.User(models.RoleJudge, nil)
	r := login(s, u.Email, testenv.TestPassword)
	var session struct {
		RefreshToken string `json:"refresh_token"`
	}
	r.JSON(t, &session)
	s.Must(200, "PATCH", "/api/v1/users/"+itoa(u.ID), roles.AdminTok, map[string]any{"disabled": true})

	mustCases(t, s, []reqCase{
		{name: "disabled login", method: "POST", path: "/api/v1/auth/login",
			body: map[string]any{"email": u.Email, "password": testenv.TestPassword}, status: 401},
		{name: "disabled refresh", method: "POST", path: "/api/v1/auth/refresh", body: map[string]any{"refresh_token": session.RefreshToken}, status: 401},
		{name: "disabled user's access token", method: "GET", path: "/api/v1/me", token: tok, status: 401},
	})
}

func TestTokensThatMustBeRefused(t *testing.T) {
	s := testenv.NewServer(t)
	u, good := s.User(models.RoleAdmin, nil)
	now := s.Clock.Now()
	claims := func(mod func(*auth.Claims)) *auth.Claims {
		c := &auth.Claims{Role: u.Role, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: auth.Issuer, Subject: itoa(u.ID), Audience: jwt.ClaimStrings{auth.Audience},
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)),
		}}
		mod(c)
		return c
	}
	sign := func(c *auth.Claims, secret []byte) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	b64 := base64.RawURLEncoding.EncodeToString
	payload := b64([]byte(`{"sub":"` + itoa(u.ID) + `","iss":"juri","aud":["juri-api"],"exp":` + strconv.FormatInt(now.Add(time.Hour).Unix(), 10) + `}`))
	cases := map[string]string{
		"expired":        sign(claims(func(c *auth.Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) }), testenv.Secret),
		"no expiry":      sign(claims(func(c *auth.Claims) { c.ExpiresAt = nil }), testenv.Secret),
		"other secret":   sign(claims(func(*auth.Claims) {}), []byte("another-secret-of-thirty-two-bytes-or-more")),
		"wrong audience": sign(claims(func(c *auth.Claims) { c.Audience = jwt.ClaimStrings{"someone-else"} }), testenv.Secret),
		"wrong issuer":   sign(claims(func(c *auth.Claims) { c.Issuer = "evil" }), testenv.Secret),
		"alg none":       b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + payload + ".",
		"RS256 header":   b64([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + payload + "." + b64([]byte("sig")),
		"garbage":        "not-a-token",
		"unknown user":   sign(claims(func(c *auth.Claims) { c.Subject = "999999" }), testenv.Secret),
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			r := s.Do("GET", "/api/v1/me", tok, nil)
			if r.Code != 401 || r.ErrorCode() != "unauthorized" || r.Header.Get("WWW-Authenticate") == "" {
				t.Fatalf("status %d %s", r.Code, r.Body)
			}
		})
	}
	if r := s.Request("GET", "/api/v1/me", "", "", nil, "Authorization", "Basic abc"); r.Code != 401 {
		t.Fatalf("basic auth: %d", r.Code)
	}
	if r := s.Do("GET", "/api/v1/me", "", nil); r.Code != 401 {
		t.Fatalf("no token: %d", r.Code)
	}
	// The good token still works, and expires after 15 minutes.
	s.Must(200, "GET", "/api/v1/me", good, nil)
	s.Clock.Advance(auth.AccessTTL + time.Minute)
	if r := s.Do("GET", "/api/v1/me", good, nil); r.Code != 401 {
		t.Fatalf("token past 15 minutes: %d", r.Code)
	}
}

func TestPatchMe(t *testing.T) {
	s := testenv.NewServer(t)
	opd := s.Org("dinas")
	u, tok := s.User(models.RoleParticipant, &opd.ID)
	me := s.Must(200, "GET", "/api/v1/me", tok, nil).Map(t)
	if me["organization"].(map[string]any)["code"] != opd.Code {
		t.Fatalf("me.organization = %v", me["organization"])
	}
	s.Must(200, "PATCH", "/api/v1/me", tok, map[string]any{"name": "Nama Baru"})
	r := s.Do("PATCH", "/api/v1/me", tok, map[string]any{"password": "kata-sandi-baru-2020", "current_password": "wrong"})
	if r.Code != 422 {
		t.Fatalf("wrong current password: %d", r.Code)
	}
	s.Must(200, "PATCH", "/api/v1/me", tok, map[string]any{"password": "kata-sandi-baru-2020", "current_password": testenv.TestPassword})
	if r := login(s, u.Email, testenv.TestPassword); r.Code != 401 {
		t.Fatalf("old password still works: %d", r.Code)
	}
	if r := login(s, u.Email, "kata-sandi-baru-2020"); r.Code != 200 {
		t.Fatalf("new password: %d", r.Code)
	}
	if r := s.Do("PATCH", "/api/v1/me", tok, map[string]any{"role": "admin"}); r.Code != 200 || r.Map(t)["role"] != "participant" {
		t.Fatalf("PATCH /me changed the role: %s", r.Body)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestSelfRegisteredParticipantIsUnverified: anyone may register for any OPD,
// so until an admin verifies them they see and change only their own entries,
// never the OPD's others (which they could otherwise withdraw).
func TestSelfRegisteredParticipantIsUnverified(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := testenv.ID(t, s.Must(201, "POST", "/api/v1/competitions", r.OrganizerTok, map[string]any{
		"name": "KIPP", "year": 2020, "template": "kipp"}).Map(t)["id"])
	s.Must(200, "PATCH", "/api/v1/competitions/"+itoa(comp), r.OrganizerTok, map[string]any{"status": "open"})
	theirs := testenv.ID(t, s.Must(201, "POST", "/api/v1/competitions/"+itoa(comp)+"/entries", r.ParticipantTok,
		map[string]any{"title": "Inovasi resmi OPD"}).Map(t)["id"])

	reg := s.Must(201, "POST", "/api/v1/auth/register", "", map[string]any{"email": "orang.lain@example.com",
		"password": "bukan-pegawai-opd-ini", "name": "Orang Lain", "organization_id": r.OPD.ID}).Map(t)["user"].(map[string]any)
	if reg["verified"] != false {
		t.Fatalf("a self-registered participant starts verified: %v", reg)
	}
	tok := confirmRegistration(t, s, "orang.lain@example.com")

	runCases(t, s, []reqCase{
		{name: "GET the entry by an unverified stranger", method: "GET", path: "/api/v1/entries/" + itoa(theirs), token: tok, status: 404},
		{name: "GET its files by an unverified stranger", method: "GET", path: "/api/v1/entries/" + itoa(theirs) + "/files", token: tok, status: 404},
		{name: "withdraw by an unverified stranger", method: "POST", path: "/api/v1/entries/" + itoa(theirs) + "/withdraw", token: tok, status: 404},
	})
	mine := testenv.ID(t, s.Must(201, "POST", "/api/v1/competitions/"+itoa(comp)+"/entries", tok,
		map[string]any{"title": "Draf saya"}).Map(t)["id"])
	list := testenv.List(t, s.Must(200, "GET", "/api/v1/competitions/"+itoa(comp)+"/entries", tok, nil))
	if len(list) != 1 || testenv.ID(t, list[0]["id"]) != mine {
		t.Fatalf("an unverified participant lists %v", list)
	}
	// The admin finds and verifies them; now they work on the OPD's entries.
	pending := testenv.List(t, s.Must(200, "GET", "/api/v1/users?verified=false", r.AdminTok, nil))
	if len(pending) != 1 || pending[0]["email"] != "orang.lain@example.com" {
		t.Fatalf("pending users %v", pending)
	}
	s.Must(200, "PATCH", "/api/v1/users/"+itoa(testenv.ID(t, pending[0]["id"])), r.AdminTok, map[string]any{"verified": true})
	s.Must(200, "GET", "/api/v1/entries/"+itoa(theirs), tok, nil)
	// The OPD's verified participant sees the stranger's draft all along.
	s.Must(200, "GET", "/api/v1/entries/"+itoa(mine), r.ParticipantTok, nil)
}
