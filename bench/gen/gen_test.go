package gen

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// small is a competition small enough for a test, with every part the
// benchmarks use.
func small() Config {
	c := Defaults()
	c.Entries, c.Judges, c.PerEntry, c.OPDs, c.Words = 60, 12, 3, 15, 12
	c.RankEntries, c.RankPerEntry, c.Finalists, c.Objections = 40, 3, 10, 5
	return c
}

// target is a fresh SQLite file, or a fresh schema on the PostgreSQL server
// of JURI_TEST_DATABASE_URL, dropped after the test.
func target(t *testing.T) Target {
	base := testenv.DatabaseURL()
	if base == "" {
		return Target{SQLitePath: filepath.Join(t.TempDir(), "juri.db")}
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "juri_gen_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		if db, err := admin.DB(); err == nil {
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return Target{DatabaseURL: u.String()}
}

// TestGeneratedDataWorks generates a small competition and uses it through
// the real router: the public read serves the publication, and a judge
// signs in and saves one of its draft scorecards.
func TestGeneratedDataWorks(t *testing.T) {
	tg := target(t)
	res, err := Generate(context.Background(), tg, small())
	if err != nil {
		t.Fatal(err)
	}
	c := small()
	if res.Desk.Entries != c.Entries || res.Desk.Assignments != c.Entries*c.PerEntry || len(res.Judges) != c.Judges {
		t.Fatalf("desk: %d entries, %d assignments, %d judges", res.Desk.Entries, res.Desk.Assignments, len(res.Judges))
	}
	if res.Ranked.Scorecards != c.RankEntries*c.RankPerEntry || res.Ranked.Scores != res.Ranked.Scorecards*c.Criteria {
		t.Fatalf("ranked: %d scorecards, %d scores", res.Ranked.Scorecards, res.Ranked.Scores)
	}
	if res.Final.Entries != c.Finalists || res.Final.Answered != c.Objections*8/10 || res.AuditRows == 0 {
		t.Fatalf("final: %+v, %d audit rows", res.Final, res.AuditRows)
	}

	st, err := store.Open(store.Options{DatabaseURL: tg.DatabaseURL, SQLitePath: tg.SQLitePath})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(api.Deps{Store: st, Passwords: testenv.Passwords(), Tokens: auth.NewTokens([]byte("gen-test-secret-0123456789abcdef0123"), nil),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebDir: t.TempDir(), MaxUploadBytes: 1 << 20, Blobs: blobs})
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path, token string, body any, want int, out any) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req := httptest.NewRequest(method, path, rd)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.Bytes())
		}
		if out != nil {
			if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
				t.Fatal(err)
			}
		}
	}
	var pub struct {
		Digest     string            `json:"digest"`
		Entries    []json.RawMessage `json:"entries"`
		Objections []json.RawMessage `json:"objections"`
	}
	call("GET", fmt.Sprintf("/api/v1/public/publications/%d", res.Final.PublicationID), "", nil, 200, &pub)
	if pub.Digest != res.Final.Digest || len(pub.Entries) != c.Finalists || len(pub.Objections) != res.Final.Answered {
		t.Fatalf("public read: digest %s, %d entries, %d answered objections", pub.Digest, len(pub.Entries), len(pub.Objections))
	}

	// A judge with a draft signs in with the shared password and saves it.
	var draft struct {
		ID      int64
		JudgeID int64
		Version int
	}
	if err := st.DB().Raw(`SELECT a.id, a.judge_id, sc.version FROM assignments a JOIN scorecards sc ON sc.assignment_id = a.id
		WHERE a.round_id = ? AND sc.status = ? ORDER BY a.id LIMIT 1`, res.Desk.RoundID, models.ScorecardDraft).Scan(&draft).Error; err != nil || draft.ID == 0 {
		t.Fatalf("no draft scorecard in the desk round: %v", err)
	}
	email := ""
	for _, j := range res.Judges {
		if j.ID == draft.JudgeID {
			email = j.Email
		}
	}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	call("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": res.Password}, 200, &login)
	var crit []models.Criterion
	if err := st.DB().Where("round_id = ?", res.Desk.RoundID).Order("position").Find(&crit).Error; err != nil {
		t.Fatal(err)
	}
	scores := []map[string]any{}
	for _, cr := range crit {
		scores = append(scores, map[string]any{"criterion_id": cr.ID, "value": 7.5})
	}
	var saved struct {
		Version int `json:"version"`
	}
	call("PUT", fmt.Sprintf("/api/v1/assignments/%d/scorecard", draft.ID), login.AccessToken,
		map[string]any{"version": draft.Version, "scores": scores}, 200, &saved)
	if saved.Version != draft.Version+1 {
		t.Fatalf("saved version %d after %d", saved.Version, draft.Version)
	}
	v, err := st.VerifyAudit(context.Background(), store.CompetitionScope(res.Desk.CompetitionID))
	if err != nil || !v.Valid {
		t.Fatalf("the desk competition's audit chain after a save: %+v, %v", v, err)
	}
}

// TestRefusesAFilledDatabase: generating twice into one database fails
// instead of mixing two data sets.
func TestRefusesAFilledDatabase(t *testing.T) {
	tg := target(t)
	c := small()
	c.RankEntries = 0
	if _, err := Generate(context.Background(), tg, c); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(context.Background(), tg, c); err == nil {
		t.Fatal("a second generation into the same database succeeded")
	}
}
