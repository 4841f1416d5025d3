package auth

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func verified(t *testing.T, pw *Passwords, password, hash string) bool {
	t.Helper()
	ok, err := pw.Verify(context.Background(), password, hash)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestHashAndVerify(t *testing.T) {
	ctx := context.Background()
	pw := NewPasswords(OWASPParams)
	h, err := pw.Hash(ctx, "pelayanan-publik-prima")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %s does not carry OWASP's parameters", h)
	}
	if !verified(t, pw, "pelayanan-publik-prima", h) || verified(t, pw, "pelayanan-publik-prim", h) {
		t.Fatal("verify")
	}
	h2, _ := pw.Hash(ctx, "pelayanan-publik-prima")
	if h == h2 {
		t.Fatal("no salt")
	}
	// Hashes made with other parameters still verify: the hash carries them.
	light := NewPasswords(Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1, KeyLen: 16, SaltLen: 8})
	old, _ := light.Hash(ctx, "kata-sandi-lama-sekali")
	if !verified(t, pw, "kata-sandi-lama-sekali", old) {
		t.Fatal("hash with other parameters does not verify")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "plain"} {
		if verified(t, pw, "x", bad) {
			t.Fatalf("malformed hash %q verified", bad)
		}
	}
}

// TestSlotsBoundArgon2: no more computations run at once than there are
// slots; one that waits too long gets ErrBusy, one whose request ends gets
// the context's error, and a freed slot serves the next.
func TestSlotsBoundArgon2(t *testing.T) {
	if got := DefaultSlots(OWASPParams, 24<<30); got < 1 || got > 2*runtime.GOMAXPROCS(0) {
		t.Errorf("24 GiB: %d slots", got)
	}
	if got := DefaultSlots(OWASPParams, 40<<20); got != 1 {
		t.Errorf("40 MiB holds one 19 MiB computation at a quarter budget at most: %d", got)
	}
	if got := DefaultSlots(OWASPParams, 0); got != 1 {
		t.Errorf("unknown memory: %d", got)
	}
	pw := NewPasswordsWithSlots(Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, KeyLen: 16, SaltLen: 8}, 2)
	pw.MaxWait = 50 * time.Millisecond
	hash, err := pw.Hash(context.Background(), "kata-sandi-uji-slot")
	if err != nil {
		t.Fatal(err)
	}
	// Hold both slots, as two long computations would.
	r1, err1 := pw.Acquire(context.Background())
	r2, err2 := pw.Acquire(context.Background())
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if _, err := pw.Verify(context.Background(), "kata-sandi-uji-slot", hash); !errors.Is(err, ErrBusy) {
		t.Fatalf("a third check with both slots taken: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pw.MaxWait = time.Minute
	if _, err := pw.Hash(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("a check whose request ended: %v", err)
	}
	r1()
	if ok, err := pw.Verify(context.Background(), "kata-sandi-uji-slot", hash); err != nil || !ok {
		t.Fatalf("a freed slot: %v %v", ok, err)
	}
	r2()
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := pw.Acquire(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			running.Add(-1)
			release()
		}()
	}
	wg.Wait()
	if peak.Load() > 2 {
		t.Fatalf("%d computations ran at once with 2 slots", peak.Load())
	}
}

func TestPasswordPolicy(t *testing.T) {
	pw := NewPasswords(OWASPParams)
	for _, p := range []string{"short", "123456789", "1234567890", "Password123", "qwertyuiop", "aaaaaaaaaaaa", "ababababababab", "siti.nurhaliza1", strings.Repeat("x", 300)} {
		if pw.Check(p, "siti.nurhaliza@dinkes.go.id") == nil {
			t.Errorf("%q accepted", p)
		}
	}
	for _, p := range []string{"jamu-sehat-kajen-2020", "Puskesmas Tirto Inovatif", "kuda-pasar-batik-9"} {
		if err := pw.Check(p, "siti@dinkes.go.id"); err != nil {
			t.Errorf("%q refused: %v", p, err)
		}
	}
}

func TestTokens(t *testing.T) {
	now := time.Date(2020, 3, 1, 8, 0, 0, 0, time.UTC)
	tk := NewTokens([]byte(strings.Repeat("k", 32)), func() time.Time { return now })
	tok, ttl, err := tk.Issue(42, "judge", "sesi-1")
	if err != nil || ttl != 900 {
		t.Fatal(err, ttl)
	}
	id, sid, err := tk.Parse(tok)
	if err != nil || id != 42 || sid != "sesi-1" {
		t.Fatalf("parse %d %q %v", id, sid, err)
	}
	other := NewTokens([]byte(strings.Repeat("o", 32)), func() time.Time { return now })
	if _, _, err := other.Parse(tok); err == nil {
		t.Fatal("token of another secret accepted")
	}
	if _, _, err := tk.Issue(42, "judge", ""); err == nil {
		t.Fatal("a token without a session")
	}
	r1, h1, _ := NewRefreshToken()
	r2, _, _ := NewRefreshToken()
	if r1 == r2 || HashRefreshToken(r1) != h1 || len(r1) < 40 {
		t.Fatal("refresh tokens")
	}
}
