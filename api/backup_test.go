package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/backup"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/store"
)

// TestBackupUnderLoadRestores takes a backup while judges save scorecards
// and a participant uploads files, restores it into a fresh data directory
// (or an empty PostgreSQL database) and serves the copy with a new router:
// every entry, file (the same bytes), scorecard and publication committed
// before the backup started is there, the publication's digest recomputes,
// the audit chain verifies. A restore into a target that is not empty is
// refused.
func TestBackupUnderLoadRestores(t *testing.T) {
	start := time.Now()
	if testenv.DatabaseURL() != "" {
		if _, err := exec.LookPath("pg_dump"); err != nil {
			t.Skip("pg_dump is not installed: a PostgreSQL backup cannot be taken here")
		}
	}
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 2, judges: []int{-1, -1, -1}})
	org := w.r.OrganizerTok
	pub := w.s.Must(201, "POST", w.roundPath(w.screening, "publish"), org, map[string]any{"title": "Lolos seleksi administrasi"}).Map(t)
	jobs := map[int64]string{}
	for i, j := range w.judges {
		jobs[w.assign(w.entries[i].ID, j.ID)] = j.Tok
	}
	// A draft entry that keeps receiving files during the backup.
	draft := testenv.ID(t, createEntry(t, w.s, w.entrants[0].Tok, w.comp, map[string]any{"title": "Inovasi Dalam Penyusunan"})["id"])

	type fileAck struct {
		id  int64
		pdf []byte
	}
	var mu sync.Mutex
	saves := map[int64]ccAck{} // last acknowledged save before the backup began, per assignment
	var files []fileAck        // files acknowledged before the backup began
	var began atomic.Bool
	var during atomic.Int64 // changes acknowledged while the backup ran
	var stop atomic.Bool
	var wg sync.WaitGroup
	for id, tok := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; !stop.Load(); n++ {
				sc := w.scorecardOf(tok, id)
				res := w.put(tok, id, sc.Version, w.scores(len(w.crit), float64(n%11)), fmt.Sprint("simpan ", n))
				if res.Code != 200 {
					if res.Code != 409 {
						t.Errorf("save during the backup: %d %s", res.Code, res.Body)
					}
					continue
				}
				var got jgScorecard
				res.JSON(t, &got)
				if began.Load() {
					during.Add(1)
					continue
				}
				mu.Lock()
				saves[id] = ccAck{version: got.Version, values: ccValues(got)}
				mu.Unlock()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 0; !stop.Load() && n < 40; n++ {
			pdf := testPDF(fmt.Sprintf("Lampiran nomor %d", n))
			res := upload(w.s, w.entrants[0].Tok, draft, "supporting", fmt.Sprintf("lampiran-%d.pdf", n), pdf)
			if res.Code != 201 {
				t.Errorf("upload during the backup: %d %s", res.Code, res.Body)
				return
			}
			if began.Load() {
				during.Add(1)
				continue
			}
			mu.Lock()
			files = append(files, fileAck{testenv.ID(t, res.Map(t)["id"]), pdf})
			mu.Unlock()
		}
	}()

	// The backup begins once every writer has had a change acknowledged.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		ready := len(saves) == len(jobs) && len(files) >= 2
		mu.Unlock()
		if ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the load did not get going within a minute")
		}
	}
	archive := filepath.Join(t.TempDir(), "juri-backup.tar.gz")
	mu.Lock()
	began.Store(true)
	wantSaves, wantFiles := maps.Clone(saves), append([]fileAck(nil), files...)
	mu.Unlock()
	backupStart := time.Now()
	m, err := backup.Write(context.Background(), backup.Source{Store: w.s.Store, DatabaseURL: testenv.URLOf(w.s.Store), Blobs: w.s.Deps.Blobs}, archive)
	took := time.Since(backupStart)
	time.Sleep(200 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if len(wantSaves) != len(jobs) || len(wantFiles) == 0 {
		t.Fatalf("the load had not begun: %d scorecards, %d files acknowledged before the backup", len(wantSaves), len(wantFiles))
	}
	t.Logf("backup of %d files in %v, %d changes acknowledged meanwhile; %d saves' scorecards and %d uploads committed before it",
		len(m.Files), took.Round(time.Millisecond), during.Load(), len(wantSaves), len(wantFiles))

	// Restore into a fresh, empty place.
	tgt := restoreTarget(t, m)
	rep, err := backup.Restore(context.Background(), archive, tgt)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	t.Logf("restored: %+v", struct{ Files, AuditChains, AuditEntries, Publications int }{rep.Files, rep.AuditChains, rep.AuditEntries, rep.Publications})
	if _, err := backup.Restore(context.Background(), archive, tgt); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("a second restore into the same target: %v, want a refusal", err)
	}

	restored, err := tgt.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restored.Close() })
	s2 := testenv.NewServer(t, func(d *api.Deps) { d.Store, d.Blobs = restored, tgt.Blobs })
	for _, e := range append(w.entries, jgEntry{ID: draft}) {
		s2.Must(200, "GET", "/api/v1/entries/"+itoa(e.ID), org, nil)
		if e.FileID != 0 {
			got := s2.Request("GET", "/api/v1/files/"+itoa(e.FileID)+"/content", org, "", nil)
			if got.Code != 200 || !bytes.Equal(got.Body, e.PDF) {
				t.Errorf("entry %d's proposal after the restore: %d, %d bytes (want %d)", e.ID, got.Code, len(got.Body), len(e.PDF))
			}
		}
	}
	for _, f := range wantFiles {
		got := s2.Request("GET", "/api/v1/files/"+itoa(f.id)+"/content", org, "", nil)
		if got.Code != 200 || !bytes.Equal(got.Body, f.pdf) {
			t.Errorf("file %d uploaded before the backup: %d, %d bytes after the restore", f.id, got.Code, len(got.Body))
		}
	}
	for id, ack := range wantSaves {
		var sc jgScorecard
		s2.Must(200, "GET", jgAssignmentPath(id, "scorecard"), org, nil).JSON(t, &sc)
		if sc.Version < ack.version || (sc.Version == ack.version && !maps.Equal(ccValues(sc), ack.values)) {
			t.Errorf("assignment %d after the restore: version %d %v; acknowledged before the backup: version %d %v", id, sc.Version, ccValues(sc), ack.version, ack.values)
		}
	}
	var p resPublication
	s2.Must(200, "GET", resPubPath(testenv.ID(t, pub["id"])), "", nil).JSON(t, &p)
	if p.Digest != pub["digest"] || rep.Publications != 1 {
		t.Errorf("the publication after the restore has digest %s (was %v); %d publications checked", p.Digest, pub["digest"], rep.Publications)
	}
	if v := s2.Must(200, "GET", w.compPath("audit", "verify"), org, nil).Map(t); v["valid"] != true {
		t.Errorf("the restored audit chain: %v", v)
	}
	t.Logf("whole test %v", time.Since(start).Round(time.Millisecond))
}

// restoreTarget is an empty place for a backup of the test database: a
// fresh data directory, or a new database on the test's PostgreSQL server
// (dropped at the end) whose search_path names the dumped schema.
func restoreTarget(t *testing.T, m backup.Manifest) backup.Target {
	t.Helper()
	dir := t.TempDir()
	blobs, err := blob.NewLocal(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	clock := testenv.NewClock()
	if m.Database == "sqlite" {
		path := filepath.Join(dir, "juri.db")
		return backup.Target{SQLitePath: path, Blobs: blobs, Open: func() (*store.Store, error) {
			return store.Open(store.Options{SQLitePath: path, Now: clock.Now})
		}}
	}
	base := testenv.DatabaseURL()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "juri_reliab_restore_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Exec("CREATE DATABASE " + name).Error; err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := admin.DB()
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		sqlDB.Close()
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	q := u.Query()
	q.Set("search_path", m.Schema)
	u.RawQuery = q.Encode()
	target := u.String()
	return backup.Target{DatabaseURL: target, Blobs: blobs, Open: func() (*store.Store, error) {
		return store.Open(store.Options{DatabaseURL: target, Now: clock.Now})
	}}
}
