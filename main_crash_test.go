package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/juri-id/juri/demo"
)

// TestMain lets a test start this binary as Juri itself: with
// JURI_TEST_PROCESS=1 it runs the command in JURI_TEST_ARGS (serve when
// empty) instead of the tests, so a test can SIGKILL a real Juri process.
func TestMain(m *testing.M) {
	if os.Getenv("JURI_TEST_PROCESS") == "1" {
		if err := run(strings.Fields(os.Getenv("JURI_TEST_ARGS")), os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "juri:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// juriProcess is Juri running in a child process on a data directory.
type juriProcess struct {
	t    *testing.T
	cmd  *exec.Cmd
	out  *syncBuffer
	base string
}

// juriEnv is the environment of a Juri child process: SQLite in dataDir, no
// mail server, the demo. Each of extra ("NAME=value") overrides a default, as
// the last of duplicate variables wins.
func juriEnv(dataDir, addr, args string, extra ...string) []string {
	env := append(os.Environ(), "JURI_TEST_PROCESS=1", "JURI_TEST_ARGS="+args, "JURI_DATA_DIR="+dataDir, "JURI_ADDR="+addr,
		"JURI_DEMO=1", "JURI_ENV=development", "JURI_UPLOAD_SWEEP_SECONDS=1", "JURI_WEB_DIR="+dataDir, "JURI_DATABASE_URL=",
		"JURI_BLOB_URL=", "JURI_SMTP_HOST=")
	return append(env, extra...)
}

func startJuri(t *testing.T, dataDir, addr string, extra ...string) *juriProcess {
	t.Helper()
	p := &juriProcess{t: t, out: &syncBuffer{}, base: "http://" + addr}
	p.cmd = exec.Command(os.Args[0])
	p.cmd.Env = juriEnv(dataDir, addr, "serve", extra...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	deadline := time.Now().Add(3 * time.Minute)
	for {
		res, err := http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Juri did not come up: %v\n%s", err, p.out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freeAddr is a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// kill ends the process with SIGKILL: no deferred function, no shutdown.
func (p *juriProcess) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

// send makes one request: body as JSON, tok as the bearer, header on top.
func (p *juriProcess) send(method, path, tok string, body any, header map[string]string) (*http.Response, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.base+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b, nil
}

// call is send's status and body; a request that gets no answer (the
// process was killed) is status 0 with the error as the body.
func (p *juriProcess) call(method, path, tok string, body any) (int, []byte) {
	p.t.Helper()
	res, b, err := p.send(method, path, tok, body, nil)
	if err != nil {
		return 0, []byte(err.Error())
	}
	return res.StatusCode, b
}

func (p *juriProcess) json(method, path, tok string, body any, want int, v any) {
	p.t.Helper()
	code, b := p.call(method, path, tok, body)
	if code != want {
		p.t.Fatalf("%s %s: %d %s", method, path, code, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			p.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func (p *juriProcess) login(email string) string {
	p.t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	for range 10 {
		code, b := p.call("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": demo.Password})
		if code == http.StatusTooManyRequests {
			time.Sleep(3 * time.Second) // the per-address sign-in limit
			continue
		}
		if code != 200 || json.Unmarshal(b, &tok) != nil {
			p.t.Fatalf("login %s: %d %s", email, code, b)
		}
		return tok.AccessToken
	}
	p.t.Fatalf("login %s: still limited", email)
	return ""
}

type crashCard struct {
	Status  string `json:"status"`
	Version int    `json:"version"`
	Scores  []struct {
		CriterionID int64    `json:"criterion_id"`
		Value       *float64 `json:"value"`
	} `json:"scores"`
}

func (c crashCard) values() map[int64]float64 {
	out := map[int64]float64{}
	for _, s := range c.Scores {
		if s.Value != nil {
			out[s.CriterionID] = *s.Value
		}
	}
	return out
}

// TestKilledInTheMiddle runs the real binary on a data directory (the demo
// regency), SIGKILLs it while an upload streams in slowly and a judge saves
// scorecards as fast as it can, and starts it again on the same directory:
// the unfinished upload's temporary file is swept at start-up, every file
// row has its file and every file its row, and the scorecard is the last
// acknowledged save or the one in flight, whole. Then a backup is taken with
// `juri backup` while the process serves, and `juri restore` brings it back
// into an empty directory.
func TestKilledInTheMiddle(t *testing.T) {
	if os.Getenv("JURI_TEST_DATABASE_URL") != "" {
		t.Skip("runs once, on SQLite: the data directory is what a kill can damage")
	}
	start := time.Now()
	dataDir := t.TempDir()
	addr := freeAddr(t)
	p := startJuri(t, dataDir, addr)
	t.Logf("Juri with the demo up in %v", time.Since(start).Round(time.Millisecond))

	// A participant with a draft entry.
	var comps struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	var ptok string
	var draft int64
	for i := 1; i <= 16 && draft == 0; i++ {
		ptok = p.login(fmt.Sprintf("peserta%d@juri.local", i))
		p.json("GET", "/api/v1/competitions", ptok, nil, 200, &comps)
		var entries struct {
			Items []struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			} `json:"items"`
		}
		p.json("GET", fmt.Sprintf("/api/v1/competitions/%d/entries", comps.Items[0].ID), ptok, nil, 200, &entries)
		for _, e := range entries.Items {
			if e.Status == "draft" {
				draft = e.ID
				break
			}
		}
	}
	if draft == 0 {
		t.Fatal("the demo has no participant with a draft entry")
	}

	// A judge with a scorecard that can still change.
	var jtok string
	var assignment int64
	var crit []struct {
		ID       int64   `json:"id"`
		MinScore float64 `json:"min_score"`
		MaxScore float64 `json:"max_score"`
	}
	for i := 1; i <= 5 && assignment == 0; i++ {
		jtok = p.login(fmt.Sprintf("juri%d@juri.local", i))
		var mine struct {
			Items []struct {
				ID      int64 `json:"id"`
				RoundID int64 `json:"round_id"`
			} `json:"items"`
		}
		p.json("GET", "/api/v1/me/assignments", jtok, nil, 200, &mine)
		for _, a := range mine.Items {
			var sc crashCard
			p.json("GET", fmt.Sprintf("/api/v1/assignments/%d/scorecard", a.ID), jtok, nil, 200, &sc)
			if sc.Status != "submitted" {
				var cl struct {
					Items []struct {
						ID       int64   `json:"id"`
						MinScore float64 `json:"min_score"`
						MaxScore float64 `json:"max_score"`
					} `json:"items"`
				}
				p.json("GET", fmt.Sprintf("/api/v1/rounds/%d/criteria", a.RoundID), jtok, nil, 200, &cl)
				assignment, crit = a.ID, cl.Items
				break
			}
		}
	}
	if assignment == 0 {
		t.Fatal("the demo has no judge with a scorecard to change")
	}

	// The slow upload: the multipart head and 256 KiB of a PDF, then nothing.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/entries/%d/files", p.base, draft), pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+ptok)
	go func() {
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			t.Errorf("the upload got an answer (%d) before the kill", res.StatusCode)
		}
	}()
	_ = mw.WriteField("kind", "supporting")
	fw, _ := mw.CreateFormFile("file", "lampiran.pdf")
	fw.Write([]byte("%PDF-1.4\n%" + strings.Repeat("x", 256<<10)))
	temps := filepath.Join(dataDir, "blobs", ".tmp")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if ents, _ := os.ReadDir(temps); len(ents) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow upload never reached the blob directory")
		}
	}

	// The judge saves again and again; the kill lands among the saves.
	var mu sync.Mutex
	var last crashCard             // the last acknowledged save
	var inFlight map[int64]float64 // the values of the save being sent
	saves := 0
	stopSaving := make(chan struct{})
	saving := make(chan struct{})
	go func() {
		defer close(saving)
		for n := 0; ; n++ {
			select {
			case <-stopSaving:
				return
			default:
			}
			var cur crashCard
			code, b := p.call("GET", fmt.Sprintf("/api/v1/assignments/%d/scorecard", assignment), jtok, nil)
			if code != 200 || json.Unmarshal(b, &cur) != nil {
				return // the process is gone
			}
			scores := []map[string]any{}
			values := map[int64]float64{}
			for i, c := range crit {
				v := c.MinScore + float64((n+i)%int(c.MaxScore-c.MinScore+1))
				values[c.ID] = v
				scores = append(scores, map[string]any{"criterion_id": c.ID, "value": v, "comment": ""})
			}
			mu.Lock()
			inFlight = values
			mu.Unlock()
			code, b = p.call("PUT", fmt.Sprintf("/api/v1/assignments/%d/scorecard", assignment), jtok,
				map[string]any{"version": cur.Version, "scores": scores, "comment": fmt.Sprint("simpan ", n)})
			if code == 0 {
				return
			}
			if code != 200 {
				t.Errorf("save before the kill: %d %s", code, b)
				return
			}
			mu.Lock()
			json.Unmarshal(b, &last)
			saves++
			mu.Unlock()
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	p.kill()
	close(stopSaving)
	<-saving
	pw.CloseWithError(io.ErrClosedPipe)
	mu.Lock()
	t.Logf("killed with SIGKILL after %d acknowledged saves, one upload half-way", saves)
	if saves == 0 {
		t.Fatal("no save was acknowledged before the kill")
	}
	if ents, _ := os.ReadDir(temps); len(ents) == 0 {
		t.Fatal("the killed upload left no temporary file: the kill came too late to test the sweep")
	}
	time.Sleep(1100 * time.Millisecond) // past the sweep's grace (JURI_UPLOAD_SWEEP_SECONDS=1)

	p = startJuri(t, dataDir, addr)
	if ents, _ := os.ReadDir(temps); len(ents) != 0 {
		t.Errorf("after the restart %d temporary uploads are left", len(ents))
	}
	// Log lines are batched (internal/logbuf): the sweep's line comes within
	// the flush interval.
	for deadline := time.Now().Add(3 * time.Second); !strings.Contains(p.out.String(), "removed unfinished uploads"); {
		if time.Now().After(deadline) {
			t.Errorf("the restart did not log the sweep:\n%s", p.out.String())
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var now crashCard
	p.json("GET", fmt.Sprintf("/api/v1/assignments/%d/scorecard", assignment), jtok, nil, 200, &now)
	switch {
	case now.Version == last.Version && maps.Equal(now.values(), last.values()):
	case now.Version == last.Version+1 && maps.Equal(now.values(), inFlight):
	default:
		t.Errorf("after the kill the scorecard is version %d %v; the last acknowledged save was version %d %v, the one in flight %v",
			now.Version, now.values(), last.Version, last.values(), inFlight)
	}
	mu.Unlock()
	checkFilesAndRows(t, dataDir)

	// A backup of the running process, restored into an empty directory.
	archive := filepath.Join(t.TempDir(), "juri.tar.gz")
	out, err := juriCommand(dataDir, "backup "+archive)
	if err != nil {
		t.Fatalf("juri backup: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	restored := t.TempDir()
	if out, err = juriCommand(restored, "restore "+archive); err != nil {
		t.Fatalf("juri restore: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	if out, err = juriCommand(restored, "restore "+archive); err == nil || !strings.Contains(out, "empty data directory") {
		t.Errorf("a second restore into the same directory: %v %s", err, out)
	}
	checkFilesAndRows(t, restored)
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
	t.Logf("whole test %v", time.Since(start).Round(time.Millisecond))
}

// juriCommand runs a juri command on a data directory in a child process.
func juriCommand(dataDir, args string) (string, error) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = juriEnv(dataDir, "127.0.0.1:0", args)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// checkFilesAndRows compares the files table with the blob directory: every
// row's file is there with its SHA-256, every file (and judges' copy) has its
// row, and no temporary upload is left.
func checkFilesAndRows(t *testing.T, dataDir string) {
	t.Helper()
	db, err := gorm.Open(sqlite.Open("file:"+filepath.Join(dataDir, "juri.db")+"?mode=ro"), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	var rows []struct {
		BlobKey string
		SHA256  string `gorm:"column:sha256"`
	}
	if err := db.Raw("SELECT blob_key, sha256 FROM files").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, r := range rows {
		keys[r.BlobKey] = true
		b, err := os.ReadFile(filepath.Join(dataDir, "blobs", filepath.FromSlash(r.BlobKey)))
		if err != nil {
			t.Errorf("the row of %s has no file: %v", r.BlobKey, err)
			continue
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != r.SHA256 {
			t.Errorf("%s does not hash to its row's sha256", r.BlobKey)
		}
	}
	blobs := filepath.Join(dataDir, "blobs")
	n := 0
	filepath.WalkDir(blobs, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(blobs, path)
		rel = filepath.ToSlash(rel)
		n++
		if !keys[strings.TrimSuffix(rel, ".clean")] {
			t.Errorf("%s has no row", rel)
		}
		return nil
	})
	if len(rows) == 0 || n < len(rows) {
		t.Errorf("%d file rows, %d files", len(rows), n)
	}
}
