package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"gorm.io/gorm"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
)

// stmt is one statement a request ran: where in the store, and its SQL.
type stmt struct {
	where string
	sql   string
	inTx  bool
}

// queryCount is the statements of one request, counted in process through
// the real router on the benchmark's database.
type queryCount struct {
	site, what string
	status     int
	stmts      []stmt
}

func (q queryCount) inTx() int {
	n := 0
	for _, s := range q.stmts {
		if s.inTx {
			n++
		}
	}
	return n
}

// recorder collects statements through GORM callbacks while on.
type recorder struct {
	mu    sync.Mutex
	on    bool
	stmts []stmt
}

func (r *recorder) install(db *gorm.DB) error {
	cb := func(db *gorm.DB) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if !r.on {
			return
		}
		_, inTx := db.Statement.ConnPool.(*sql.Tx)
		r.stmts = append(r.stmts, stmt{where: storeFrame(), sql: oneLine(db.Statement.SQL.String()), inTx: inTx})
	}
	c := db.Callback()
	for _, err := range []error{
		c.Create().After("gorm:create").Register("bench:count", cb),
		c.Query().After("gorm:query").Register("bench:count", cb),
		c.Update().After("gorm:update").Register("bench:count", cb),
		c.Delete().After("gorm:delete").Register("bench:count", cb),
		c.Row().After("gorm:row").Register("bench:count", cb),
		c.Raw().After("gorm:raw").Register("bench:count", cb),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// storeFrame is the innermost caller in package store, as store/file.go:line.
func storeFrame() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "github.com/juri-id/juri/store.") {
			return "store/" + filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return "?"
		}
	}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 150 {
		s = s[:147] + "..."
	}
	return s
}

// countQueries sends one request of each kind through the real router on
// each site's database and records the statements it ran. The save is made
// by the last judge, whom no load client uses.
func (b *bench) countQueries() error {
	for _, s := range []*site{b.pg, b.sq} {
		if s == nil {
			continue
		}
		if err := b.countOn(s); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) countOn(s *site) error {
	rec := &recorder{}
	if err := rec.install(s.st.DB()); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(b.tmp, "count-")
	if err != nil {
		return err
	}
	blobs, err := blob.NewLocal(dir)
	if err != nil {
		return err
	}
	tokens := auth.NewTokens([]byte(jwtSecret), nil)
	h, err := api.New(api.Deps{Store: s.st, Passwords: auth.NewPasswords(auth.OWASPParams), Tokens: tokens,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebDir: dir, MaxUploadBytes: 1 << 20, Blobs: blobs})
	if err != nil {
		return err
	}
	// The save is made by the last judge, whom no load client uses; tokens
	// name a live session, so it signs in through the running server.
	spare := s.res.Judges[len(s.res.Judges)-1]
	spareTok, err := s.login(spare.Email)
	if err != nil {
		return err
	}
	var asg struct {
		ID      int64
		Version int
	}
	if err := s.st.DB().Raw(`SELECT a.id, COALESCE(sc.version, 0) AS version FROM assignments a
		LEFT JOIN scorecards sc ON sc.assignment_id = a.id
		WHERE a.round_id = ? AND a.judge_id = ? AND COALESCE(sc.status, 'pending') = 'draft' ORDER BY a.id LIMIT 1`,
		s.res.Desk.RoundID, spare.ID).Scan(&asg).Error; err != nil {
		return err
	}
	j := s.judges[0]
	pub := fmt.Sprintf("/api/v1/public/publications/%d", s.res.Final.PublicationID)
	login, _ := json.Marshal(map[string]string{"email": s.res.Judges[1].Email, "password": s.res.Password})
	reqs := []struct {
		what, method, path, token, inm string
		body                           []byte
	}{
		{"public read, 200", "GET", pub, "", "", nil},
		{"public read, 304 (If-None-Match)", "GET", pub, "", s.etag, nil},
		{"scorecard save (update)", "PUT", fmt.Sprintf("/api/v1/assignments/%d/scorecard", asg.ID), spareTok, "",
			saveBody(asg.Version, s.criteria, 1)},
		{"assignment list", "GET", fmt.Sprintf("/api/v1/me/assignments?round_id=%d", s.res.Desk.RoundID), j.token, "", nil},
		{"entry read", "GET", fmt.Sprintf("/api/v1/entries/%d", j.entries[0]), j.token, "", nil},
		{"ranking", "GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", s.res.Ranked.RoundID), s.orgTok, "", nil},
		{"sign-in", "POST", "/api/v1/auth/login", "", "", login},
	}
	for _, r := range reqs {
		if asg.ID == 0 && r.method == "PUT" {
			continue
		}
		var body io.Reader
		if r.body != nil {
			body = strings.NewReader(string(r.body))
		}
		req := httptest.NewRequest(r.method, r.path, body)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "192.0.2.77:40000"
		if r.token != "" {
			req.Header.Set("Authorization", "Bearer "+r.token)
		}
		if r.inm != "" {
			req.Header.Set("If-None-Match", r.inm)
		}
		w := httptest.NewRecorder()
		rec.mu.Lock()
		rec.on, rec.stmts = true, nil
		rec.mu.Unlock()
		h.ServeHTTP(w, req)
		rec.mu.Lock()
		rec.on = false
		b.queries = append(b.queries, queryCount{site: s.name, what: r.what, status: w.Code, stmts: rec.stmts})
		rec.mu.Unlock()
	}
	return nil
}
