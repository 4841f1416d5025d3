package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// TestSQLiteBusyAnswers503: when SQLite's write lock stays taken past the
// busy timeout (another connection holds a write transaction), a save
// answers 503 unavailable with Retry-After, not 500; once the lock is
// released the same save lands.
func TestSQLiteBusyAnswers503(t *testing.T) {
	if testenv.DatabaseURL() != "" {
		t.Skip("SQLite's write lock: runs on SQLite")
	}
	w := newJudgingWorld(t, jgSpec{opds: 1, perOPD: 1, judges: []int{-1}})
	a := w.assign(w.entries[0].ID, w.judges[0].ID)
	tok := w.judges[0].Tok
	sqlDB, err := w.s.Store.DB().DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := w.put(tok, a, 0, w.scores(len(w.crit), 5), "terkunci")
	waited := time.Since(start)
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if res.Code != 503 || res.ErrorCode() != "unavailable" || res.Header.Get("Retry-After") == "" {
		t.Fatalf("a save while the write lock is held: %d %s (after %v)", res.Code, res.Body, waited)
	}
	t.Logf("answered 503 after waiting %v for the lock", waited.Round(time.Millisecond))
	if res := w.put(tok, a, 0, w.scores(len(w.crit), 5), "lepas"); res.Code != 200 {
		t.Fatalf("the save once the lock is free: %d %s", res.Code, res.Body)
	}
}
