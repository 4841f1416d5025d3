package auth

import (
	"strings"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	pw := NewPasswords(OWASPParams)
	h, err := pw.Hash("pelayanan-publik-prima")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %s does not carry OWASP's parameters", h)
	}
	if !pw.Verify("pelayanan-publik-prima", h) || pw.Verify("pelayanan-publik-prim", h) {
		t.Fatal("verify")
	}
	h2, _ := pw.Hash("pelayanan-publik-prima")
	if h == h2 {
		t.Fatal("no salt")
	}
	// Hashes made with other parameters still verify: the hash carries them.
	light := NewPasswords(Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1, KeyLen: 16, SaltLen: 8})
	old, _ := light.Hash("kata-sandi-lama-sekali")
	if !pw.Verify("kata-sandi-lama-sekali", old) {
		t.Fatal("hash with other parameters does not verify")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "plain"} {
		if pw.Verify("x", bad) {
			t.Fatalf("malformed hash %q verified", bad)
		}
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
	tok, ttl, err := tk.Issue(42, "judge")
	if err != nil || ttl != 900 {
		t.Fatal(err, ttl)
	}
	id, err := tk.Parse(tok)
	if err != nil || id != 42 {
		t.Fatalf("parse %d %v", id, err)
	}
	other := NewTokens([]byte(strings.Repeat("o", 32)), func() time.Time { return now })
	if _, err := other.Parse(tok); err == nil {
		t.Fatal("token of another secret accepted")
	}
	r1, h1, _ := NewRefreshToken()
	r2, _, _ := NewRefreshToken()
	if r1 == r2 || HashRefreshToken(r1) != h1 || len(r1) < 40 {
		t.Fatal("refresh tokens")
	}
}
