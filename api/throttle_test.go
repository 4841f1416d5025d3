package api_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// The test router sees every request from one proxy, 192.0.2.10, and
// believes the client address it forwards.
func behindProxy(d *apiDeps) { d.TrustedProxies = []string{"192.0.2.10"} }

// loginFrom signs in from the client address ip.
func loginFrom(s *testenv.Server, ip, email, password string) *testenv.Response {
	body, _ := json.Marshal(map[string]any{"email": email, "password": password})
	return s.Request("POST", "/api/v1/auth/login", "", "application/json", bytes.NewReader(body), "X-Forwarded-For", ip)
}

func wantRefused(t *testing.T, r *testenv.Response, what string) {
	t.Helper()
	if r.Code != 429 || r.ErrorCode() != "too_many_requests" {
		t.Fatalf("%s: %d %s, want 429", what, r.Code, r.Body)
	}
	if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 || n > 15*60 {
		t.Fatalf("%s: Retry-After %q", what, r.Header.Get("Retry-After"))
	}
}

// TestGuessingDoesNotLockOutTheOwner: five wrong passwords from one address
// refuse that address for that account, and only it. Before, they locked
// the account for everyone, renewable forever by a stranger.
func TestGuessingDoesNotLockOutTheOwner(t *testing.T) {
	s := testenv.NewServer(t, behindProxy)
	u, _ := s.User(models.RoleAdmin, nil)
	const attacker, owner = "203.0.113.66", "198.51.100.7"
	for i := range 5 {
		if r := loginFrom(s, attacker, u.Email, "tebakan-ke-"+strconv.Itoa(i)); r.Code != 401 {
			t.Fatalf("guess %d: %d %s", i, r.Code, r.Body)
		}
	}
	wantRefused(t, loginFrom(s, attacker, u.Email, testenv.TestPassword), "the guessing client, even with the right password")
	if r := loginFrom(s, owner, u.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("the owner from their own address: %d %s", r.Code, r.Body)
	}
	// The owner's success does not forgive the guesser.
	wantRefused(t, loginFrom(s, attacker, u.Email, testenv.TestPassword), "the guesser after the owner signed in")
	s.Clock.Advance(15*time.Minute + time.Second)
	if r := loginFrom(s, attacker, u.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("after the window: %d %s", r.Code, r.Body)
	}
}

// TestDistributedGuessingHitsTheAccountCeiling: many addresses, each under
// its own limit, reach the account-wide ceiling; then new addresses are
// refused, but an address the owner signed in from recently still gets in.
func TestDistributedGuessingHitsTheAccountCeiling(t *testing.T) {
	s := testenv.NewServer(t, behindProxy, func(d *apiDeps) {
		d.Guessing = store.GuessLimits{Window: 15 * time.Minute, PerClient: 5, PerAccount: 8, TrustFor: 30 * 24 * time.Hour}
	})
	u, _ := s.User(models.RoleJudge, nil)
	const owner = "198.51.100.7"
	if r := loginFrom(s, owner, u.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("the owner's usual sign-in: %d", r.Code)
	}
	s.Clock.Advance(24 * time.Hour)
	for i := range 8 {
		ip := "203.0.113." + strconv.Itoa(10+i%4) // four addresses, two guesses each
		if r := loginFrom(s, ip, u.Email, "tebakan-"+strconv.Itoa(i)); r.Code != 401 {
			t.Fatalf("guess %d from %s: %d", i, ip, r.Code)
		}
	}
	wantRefused(t, loginFrom(s, "192.0.2.99", u.Email, testenv.TestPassword), "a new address over the ceiling")
	if r := loginFrom(s, owner, u.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("the owner's known address over the ceiling: %d %s", r.Code, r.Body)
	}
	other, _ := s.User(models.RoleJudge, nil)
	if r := loginFrom(s, "192.0.2.99", other.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("another account from the same new address: %d", r.Code)
	}
}

// TestParallelGuessesStayUnderTheLimit: twenty guesses at once from one
// address get at most five password checks.
func TestParallelGuessesStayUnderTheLimit(t *testing.T) {
	s := testenv.NewServer(t, behindProxy)
	u, _ := s.User(models.RoleJudge, nil)
	var wg sync.WaitGroup
	codes := make(chan int, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- loginFrom(s, "203.0.113.5", u.Email, "tebakan-paralel-"+strconv.Itoa(i)).Code
		}()
	}
	wg.Wait()
	close(codes)
	checked := 0
	for c := range codes {
		switch c {
		case 401:
			checked++
		case 429:
		default:
			t.Errorf("status %d", c)
		}
	}
	if checked > 5 {
		t.Fatalf("%d parallel guesses had their password checked, the limit is 5", checked)
	}
}

// TestPasswordChangeIsThrottled: PATCH /me's current_password is a password
// check like sign-in, under the same throttle (before: unlimited guesses
// with a stolen access token).
func TestPasswordChangeIsThrottled(t *testing.T) {
	s := testenv.NewServer(t, behindProxy)
	u, tok := s.User(models.RoleParticipant, nil)
	change := func(ip, current string) *testenv.Response {
		body, _ := json.Marshal(map[string]any{"password": "kata-sandi-baru-yang-kuat", "current_password": current})
		return s.Request("PATCH", "/api/v1/me", tok, "application/json", bytes.NewReader(body), "X-Forwarded-For", ip)
	}
	for i := range 5 {
		r := change("203.0.113.7", "salah-"+strconv.Itoa(i))
		if r.Code != 422 || fields(t, r)["current_password"] == "" {
			t.Fatalf("wrong current password %d: %d %s", i, r.Code, r.Body)
		}
	}
	wantRefused(t, change("203.0.113.7", testenv.TestPassword), "the sixth check from the same address")
	// Sign-in shares the count: it is the same password.
	wantRefused(t, loginFrom(s, "203.0.113.7", u.Email, testenv.TestPassword), "sign-in from the guessing address")
	if r := change("198.51.100.7", testenv.TestPassword); r.Code != 200 {
		t.Fatalf("from another address: %d %s", r.Code, r.Body)
	}
}

// TestBusyPasswordChecksAnswer503: when every argon2id slot stays taken, a
// sign-in answers 503 with Retry-After instead of piling up memory, and the
// attempt that was never checked does not count as a guess.
func TestBusyPasswordChecksAnswer503(t *testing.T) {
	pw := auth.NewPasswordsWithSlots(auth.OWASPParams, 1)
	pw.MaxWait = 20 * time.Millisecond
	s := testenv.NewServer(t, behindProxy, func(d *apiDeps) { d.Passwords = pw })
	u, _ := s.User(models.RoleJudge, nil)
	for i := range 4 {
		if r := loginFrom(s, "203.0.113.8", u.Email, "salah-"+strconv.Itoa(i)); r.Code != 401 {
			t.Fatalf("guess %d: %d", i, r.Code)
		}
	}
	release, err := pw.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		r := loginFrom(s, "203.0.113.8", u.Email, testenv.TestPassword)
		if r.Code != 503 || r.ErrorCode() != "unavailable" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("with every slot taken: %d %s %v", r.Code, r.Body, r.Header)
		}
	}
	release()
	// Four real failures, not seven: the right password still gets in.
	if r := loginFrom(s, "203.0.113.8", u.Email, testenv.TestPassword); r.Code != 200 {
		t.Fatalf("after the burst: %d %s", r.Code, r.Body)
	}
}
