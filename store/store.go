// Package store is all of Juri's database access.
//
// One file per resource; every method takes a context and runs through
// db.WithContext. Writes that must hold together run inside WithTx, and every
// change made on behalf of a user writes its audit row in the same transaction.
// Callers see ErrNotFound, a *ConflictError or another named error, and never a driver
// error.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store/migrations"
)

// ErrNotFound is a row that does not exist or that the caller may not see.
// The API maps it, and ConflictError, to HTTP statuses in one place.
var ErrNotFound = errors.New("not found")

// ConflictError is a change that clashes with the current state, with a
// message a person can act on.
type ConflictError struct{ Msg string }

func (e *ConflictError) Error() string { return e.Msg }

// Conflict returns a ConflictError carrying msg.
func Conflict(format string, args ...any) error {
	return &ConflictError{Msg: fmt.Sprintf(format, args...)}
}

// Store wraps the database. A Store returned by WithTx runs on the transaction.
type Store struct {
	db  *gorm.DB
	now func() time.Time
	// links writes the e-mails the store itself decides to send (a judge
	// given an entry by a reassignment).
	links notify.Links
	// public counts this process's committed changes to what public
	// publications show (see PublicChanges); shared by every Store of one
	// Open. touched, in a transaction's Store, marks such a change.
	public  *atomic.Uint64
	touched *bool
	log     *slog.Logger // nil: say nothing
}

// Options configures Open.
type Options struct {
	// DatabaseURL is a postgres:// URL; empty opens SQLite at SQLitePath.
	DatabaseURL string
	SQLitePath  string
	// Now is the clock; nil means time.Now. Times are stored in UTC with
	// microsecond precision so they round-trip equal on both databases.
	Now func() time.Time
	// Logger hears what the store has to say outside a request (a start
	// waiting for another process's migration); nil says nothing.
	Logger *slog.Logger
	// Links points the store's own e-mails at the web app; empty means
	// http://localhost:8080.
	Links notify.Links
}

// Open connects to the database and configures it. It does not migrate.
func Open(opts Options) (*Store, error) {
	var dial gorm.Dialector
	if opts.DatabaseURL != "" {
		dial = postgres.Open(opts.DatabaseURL)
	} else {
		if err := os.MkdirAll(filepath.Dir(opts.SQLitePath), 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
		dial = sqlite.Open(sqliteDSN(opts.SQLitePath))
	}
	db, err := gorm.Open(dial, &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return normalize(clockOrNow(opts.Now)()) },
	})
	if err != nil {
		return nil, fmt.Errorf("cannot connect to the database: %s", redact(err.Error(), opts.DatabaseURL))
	}
	if err := registerGuarantees(db); err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if opts.DatabaseURL == "" {
		// SQLite allows one writer; a small pool avoids piling up on the write lock
		// while WAL lets readers run beside it.
		sqlDB.SetMaxOpenConns(4)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("cannot connect to the database: %s", redact(err.Error(), opts.DatabaseURL))
	}
	if opts.Links.Base == "" {
		opts.Links.Base = "http://localhost:8080"
	}
	return &Store{db: db, now: clockOrNow(opts.Now), links: opts.Links, public: new(atomic.Uint64), log: opts.Logger}, nil
}

// sqliteDSN turns on WAL, a busy timeout and foreign keys for every connection.
// Transactions begin IMMEDIATE so a read-then-write transaction never fails to
// upgrade its lock half-way.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

func clockOrNow(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// normalize keeps stored times comparable on both databases.
func normalize(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// redact keeps a password in the database URL out of error messages.
func redact(msg, dbURL string) string {
	if u, err := url.Parse(dbURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "***")
		}
	}
	return msg
}

// Migrate applies pending migrations.
func (s *Store) Migrate() error {
	return migrations.Run(s.db.WithContext(migrationContext()), s.log)
}

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.db.Dialector.Name() }

// Now is the store's clock, normalized for storage.
func (s *Store) Now() time.Time { return normalize(s.now()) }

// Ping checks that the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// DB exposes the handle for tests and tools that must reach below the store
// (benchmark loaders, tamper tests). Application code never calls it.
func (s *Store) DB() *gorm.DB { return s.db }

// WithTx runs fn in a transaction; fn's Store runs on it. An error or panic
// rolls everything back.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Store) error) error {
	touched := s.touched
	if touched == nil {
		touched = new(bool)
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&Store{db: tx, now: s.now, links: s.links, public: s.public, touched: touched, log: s.log})
	})
	if err == nil && s.touched == nil && *touched {
		// Committed: this process's caches of public documents look again.
		s.public.Add(1)
	}
	return err
}

// q starts a query bound to ctx.
func (s *Store) q(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// notFound turns GORM's record-not-found into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

// translate maps constraint violations to the store's sentinels.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return Conflict("%s already exists", what)
	case errors.Is(err, gorm.ErrForeignKeyViolated), strings.Contains(err.Error(), "FOREIGN KEY constraint failed"):
		// SQLite reports some foreign-key failures under other extended codes
		// than the one the driver translates; the message is stable.
		return Conflict("%s is still referenced or refers to something missing", what)
	}
	return err
}

// Page is a list window: limit <= 200, offset >= 0.
type Page struct {
	Limit  int
	Offset int
}

// Migrations lists the migrations this binary knows, in order.
func Migrations() []string { return migrations.Applied() }

// IsEmpty reports whether the database holds no users and no organizations.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int64
	if err := s.q(ctx).Table("users").Count(&n).Error; err != nil || n > 0 {
		return false, err
	}
	err := s.q(ctx).Table("organizations").Count(&n).Error
	return n == 0, err
}
