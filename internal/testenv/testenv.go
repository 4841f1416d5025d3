// Package testenv builds what Juri's tests run against: a fresh, migrated
// database per test (SQLite in a temporary directory, or a fresh schema on the
// PostgreSQL server named by JURI_TEST_DATABASE_URL), a settable clock, and the
// real router with helpers to call it.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/store"
)

// DatabaseURL is the PostgreSQL server the tests use, or "" for SQLite.
func DatabaseURL() string { return os.Getenv("JURI_TEST_DATABASE_URL") }

// Clock is a settable clock shared by the store and the router of one test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at a fixed, realistic moment: the regency's competition
// season of 2020.
func NewClock() *Clock { return &Clock{t: time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC)} }

// Now returns the current fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}

// Store opens a fresh migrated database for one test and closes it after.
func Store(t testing.TB, clock *Clock) *store.Store {
	t.Helper()
	st := Unmigrated(t, clock)
	if err := st.Migrate(); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return st
}

// Unmigrated opens a fresh, empty database for one test, for tests of the
// migrations themselves, and closes it after.
func Unmigrated(t testing.TB, clock *Clock) *store.Store {
	t.Helper()
	opts := store.Options{Now: clock.Now}
	if base := DatabaseURL(); base != "" {
		opts.DatabaseURL = freshSchema(t, base)
	} else {
		opts.SQLitePath = filepath.Join(t.TempDir(), "juri.db")
	}
	st, err := store.Open(opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	urls.Store(st, opts.DatabaseURL)
	opened.Store(st, opts)
	t.Cleanup(func() { opened.Delete(st); urls.Delete(st); st.Close() })
	return st
}

// urls remembers the PostgreSQL URL of each test store, for tools that
// connect by URL themselves (pg_dump).
var urls sync.Map

// URLOf is the PostgreSQL URL (with its schema as search_path) a test store
// was opened on, or "" for SQLite.
func URLOf(st *store.Store) string {
	u, _ := urls.Load(st)
	s, _ := u.(string)
	return s
}

// opened remembers how each test store was opened, so that a second one can
// be opened on the same database (Server.Twin).
var opened sync.Map // *store.Store -> store.Options

// freshSchema creates an empty schema on the server and returns a URL whose
// connections use it; the schema is dropped when the test ends.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "juri_test_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("connect to JURI_TEST_DATABASE_URL: %v", err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	sqlDB, _ := admin.DB()
	t.Cleanup(func() {
		admin.WithContext(context.Background()).Exec("DROP SCHEMA " + schema + " CASCADE")
		sqlDB.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("JURI_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	passwordsOnce sync.Once
	passwords     *auth.Passwords
)

// Passwords is the real hasher at OWASP's parameters, built once per test
// binary because building it hashes a password.
func Passwords() *auth.Passwords {
	passwordsOnce.Do(func() { passwords = auth.NewPasswords(auth.OWASPParams) })
	return passwords
}
