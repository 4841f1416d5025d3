// Package auth holds password hashing and policy, access and refresh tokens, and
// the permission policy of Juri's roles.
package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
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
//
// Every argon2id computation takes one of a fixed number of slots, so a burst
// of sign-ins queues instead of taking the server's memory (each costs
// MemoryKiB while it runs); a computation that waits longer than MaxWait
// fails with ErrBusy, which the API answers 503 with Retry-After.
type Passwords struct {
	params Argon2Params
	common map[string]struct{}
	dummy  string // a hash to verify against when the user is unknown, so timing matches
	slots  chan struct{}
	// MaxWait is how long a computation queues for a slot.
	MaxWait time.Duration
}

// ErrBusy is a password check that found every slot taken for too long.
var ErrBusy = errors.New("the server is busy checking other passwords")

// DefaultSlots is how many argon2id computations run at once when nothing
// else is said: a quarter of the memory budget, and no more than twice the
// processors (more only queue on the CPU anyway), and at least one.
func DefaultSlots(p Argon2Params, memoryBytes uint64) int {
	per := uint64(p.MemoryKiB) * 1024
	n := 1
	if per > 0 && memoryBytes > 0 {
		n = int(memoryBytes / 4 / per)
	}
	return max(1, min(n, 2*runtime.GOMAXPROCS(0)))
}

// NewPasswords builds the hasher with the given parameters and as many
// slots as DefaultSlots gives for the machine's memory.
func NewPasswords(p Argon2Params) *Passwords {
	return NewPasswordsWithSlots(p, DefaultSlots(p, MemoryLimit()))
}

// NewPasswordsWithSlots builds the hasher with exactly slots concurrent
// computations.
func NewPasswordsWithSlots(p Argon2Params, slots int) *Passwords {
	pw := &Passwords{params: p, common: map[string]struct{}{}, slots: make(chan struct{}, max(1, slots)), MaxWait: 5 * time.Second}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			pw.common[strings.ToLower(w)] = struct{}{}
		}
	}
	pw.dummy, _ = pw.Hash(context.Background(), "juri-dummy-password-for-timing")
	return pw
}

// Slots is how many argon2id computations may run at once.
func (pw *Passwords) Slots() int { return cap(pw.slots) }

// Acquire takes a slot as one computation does (Hash and Verify call it),
// waiting up to MaxWait or until ctx ends; the caller must release it.
func (pw *Passwords) Acquire(ctx context.Context) (func(), error) {
	select {
	case pw.slots <- struct{}{}:
		return func() { <-pw.slots }, nil
	default:
	}
	t := time.NewTimer(pw.MaxWait)
	defer t.Stop()
	select {
	case pw.slots <- struct{}{}:
		return func() { <-pw.slots }, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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
func (pw *Passwords) Hash(ctx context.Context, password string) (string, error) {
	release, err := pw.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
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
// The error is ErrBusy or the context's, never a mismatch.
func (pw *Passwords) Verify(ctx context.Context, password, hash string) (bool, error) {
	release, err := pw.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	if hash == "" {
		_, _ = verify(password, pw.dummy)
		return false, nil
	}
	ok, err := verify(password, hash)
	return err == nil && ok, nil
}

// VerifyDummy spends the time of one verification; login calls it for an
// unknown e-mail so the answer time does not reveal which addresses exist.
func (pw *Passwords) VerifyDummy(ctx context.Context, password string) error {
	_, err := pw.Verify(ctx, password, "")
	return err
}

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
