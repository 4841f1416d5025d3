// Package auth holds password hashing and policy, access and refresh tokens, and
// the permission policy of Juri's roles.
package auth

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the cost parameters of argon2id. Hashes carry their
// parameters, so raising them later still verifies old hashes.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	KeyLen    uint32
	SaltLen   uint32
}

// OWASPParams is OWASP's recommended minimum for argon2id: 19 MiB, t=2, p=1.
var OWASPParams = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// Password length bounds. The upper bound keeps a huge password from being used
// to burn CPU in the hash.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

//go:embed common-passwords.txt
var commonPasswordList string

// Passwords hashes and checks passwords and holds the list of refused ones.
type Passwords struct {
	params Argon2Params
	common map[string]struct{}
	dummy  string // a hash to verify against when the user is unknown, so timing matches
}

// NewPasswords builds the hasher with the given parameters.
func NewPasswords(p Argon2Params) *Passwords {
	pw := &Passwords{params: p, common: map[string]struct{}{}}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			pw.common[strings.ToLower(w)] = struct{}{}
		}
	}
	pw.dummy, _ = pw.Hash("juri-dummy-password-for-timing")
	return pw
}

// ErrWeakPassword explains why a password is refused.
type ErrWeakPassword struct{ Reason string }

func (e ErrWeakPassword) Error() string { return e.Reason }

// Check applies the password policy: length, not a common password, not the
// e-mail address or its name part.
func (pw *Passwords) Check(password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return ErrWeakPassword{fmt.Sprintf("must be at least %d characters", MinPasswordLen)}
	case len(password) > MaxPasswordLen:
		return ErrWeakPassword{fmt.Sprintf("must be at most %d bytes", MaxPasswordLen)}
	}
	lower := strings.ToLower(password)
	if _, ok := pw.common[lower]; ok {
		return ErrWeakPassword{"is one of the most common passwords; choose another"}
	}
	if email != "" {
		e := strings.ToLower(email)
		local, _, _ := strings.Cut(e, "@")
		if lower == e || (len(local) >= 4 && strings.Contains(lower, local) && len(lower)-len(local) < 4) {
			return ErrWeakPassword{"is too close to the e-mail address"}
		}
	}
	if distinct(lower) < 4 {
		return ErrWeakPassword{"uses too few different characters"}
	}
	return nil
}

func distinct(s string) int {
	seen := map[rune]struct{}{}
	for _, r := range s {
		seen[r] = struct{}{}
	}
	return len(seen)
}

// Hash returns a PHC-format argon2id hash: $argon2id$v=19$m=...,t=...,p=...$salt$key.
func (pw *Passwords) Hash(password string) (string, error) {
	salt := make([]byte, pw.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := pw.params
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether password matches hash. An empty hash (a user who has
// no password yet) never matches, but costs the same time as a real check.
func (pw *Passwords) Verify(password, hash string) bool {
	if hash == "" {
		_, _ = verify(password, pw.dummy)
		return false
	}
	ok, err := verify(password, hash)
	return err == nil && ok
}

// VerifyDummy spends the time of one verification; login calls it for an
// unknown e-mail so the answer time does not reveal which addresses exist.
func (pw *Passwords) VerifyDummy(password string) { _, _ = verify(password, pw.dummy) }

var errBadHash = errors.New("malformed password hash")

func verify(password, hash string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
