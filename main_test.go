package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/juri-id/juri/config"
)

func envOf(m map[string]string) config.Getenv { return func(k string) string { return m[k] } }

func TestMigrateAndAdminCreate(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"JURI_DATA_DIR": dir, "JURI_DATABASE_URL": os.Getenv("JURI_TEST_DATABASE_URL")}
	if vars["JURI_DATABASE_URL"] != "" {
		t.Skip("the command test uses its own SQLite file")
	}
	var out bytes.Buffer
	if err := run([]string{"migrate"}, envOf(vars), nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0001_identity") {
		t.Fatalf("migrate printed %q", out.String())
	}
	out.Reset()
	err := run([]string{"admin", "create", "--email", "Kepala@Pekalongankab.go.id", "--name", "Kepala Bagian"}, envOf(vars),
		strings.NewReader("inovasi-daerah-maju-2020\n"), &out, &out)
	if err != nil || !strings.Contains(out.String(), "kepala@pekalongankab.go.id created") {
		t.Fatalf("admin create: %v %q", err, out.String())
	}
	err = run([]string{"admin", "create", "--email", "x@y.go.id", "--name", "X"}, envOf(vars), strings.NewReader("password123\n"), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("weak admin password accepted: %v", err)
	}
	// The password may come from a file, like every other setting.
	pwFile := dir + "/admin-password"
	if err := os.WriteFile(pwFile, []byte("kabupaten-berinovasi-2020\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars["JURI_ADMIN_PASSWORD_FILE"] = pwFile
	out.Reset()
	err = run([]string{"admin", "create", "--email", "sekda@pekalongankab.go.id", "--name", "Sekda"}, envOf(vars), strings.NewReader(""), &out, &out)
	if err != nil || !strings.Contains(out.String(), "sekda@pekalongankab.go.id created") {
		t.Fatalf("admin create with JURI_ADMIN_PASSWORD_FILE: %v %q", err, out.String())
	}
	vars["JURI_ADMIN_PASSWORD_FILE"] = dir + "/missing"
	err = run([]string{"admin", "create", "--email", "a@b.go.id", "--name", "A"}, envOf(vars), strings.NewReader(""), &out, &out)
	if err == nil || !strings.HasPrefix(err.Error(), "JURI_ADMIN_PASSWORD_FILE") {
		t.Fatalf("unreadable JURI_ADMIN_PASSWORD_FILE: %v", err)
	}
	delete(vars, "JURI_ADMIN_PASSWORD_FILE")
	err = run([]string{"bogus"}, envOf(vars), nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
	vars["JURI_ADDR"] = "nonsense"
	if err := run(nil, envOf(vars), nil, &out, &out); err == nil || !strings.HasPrefix(err.Error(), "JURI_ADDR") {
		t.Fatalf("bad config: %v", err)
	}
}

// TestUnreachableDatabase: a PostgreSQL that does not answer stops start-up
// with one line that names the setting to check.
func TestUnreachableDatabase(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	vars := map[string]string{"JURI_DATA_DIR": t.TempDir(),
		"JURI_DATABASE_URL": "postgres://juri:rahasia@" + addr + "/juri?sslmode=disable"}
	for _, cmd := range [][]string{{"migrate"}, {"serve"}} {
		var out bytes.Buffer
		err := run(cmd, envOf(vars), nil, &out, &out)
		if err == nil {
			t.Fatalf("%v started without a database", cmd)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "JURI_DATABASE_URL: ") || strings.Contains(msg, "\n") || strings.Contains(msg, "rahasia") {
			t.Errorf("%v: want one line naming JURI_DATABASE_URL without the password, got %q", cmd, msg)
		}
	}
}

// TestServeAndGracefulShutdown starts the real binary's serve path with the
// demo, checks it answers, then sends SIGTERM and expects a clean exit.
func TestServeAndGracefulShutdown(t *testing.T) {
	if os.Getenv("JURI_TEST_DATABASE_URL") != "" {
		t.Skip("runs once, on SQLite")
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	vars := map[string]string{"JURI_DATA_DIR": t.TempDir(), "JURI_ADDR": addr, "JURI_DEMO": "1", "JURI_WEB_DIR": t.TempDir()}
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(nil, envOf(vars), nil, &out, &out) }()
	// A liveness bound, not a speed check: seeding the demo hashes every
	// demo password with argon2id, slow under -race on a loaded machine.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil && res.StatusCode == 200 {
			res.Body.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before it was ready: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: %v\n%s", err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Get("http://" + addr + "/api/v1/organizations")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	res.Body.Close()
	if !strings.Contains(body.String(), `"total":72`) {
		t.Fatalf("demo organizations: %s", body.String())
	}
	if !strings.Contains(out.String(), "demo-juri-2020") {
		t.Fatalf("start-up does not print the demo password: %s", out.String())
	}
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("no shutdown after SIGTERM")
	}
}

// TestComposeAgreesWithConfig parses docker-compose.yml (no Docker engine runs
// on the build machines) and checks it against the configuration.
func TestComposeAgreesWithConfig(t *testing.T) {
	data, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       string            `yaml:"build"`
			Command     []string          `yaml:"command"`
			Ports       []string          `yaml:"ports"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck map[string]any    `yaml:"healthcheck"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	db, migrate, juri := doc.Services["db"], doc.Services["migrate"], doc.Services["juri"]
	if !strings.HasPrefix(db.Image, "postgres:16") || db.Healthcheck == nil || len(db.Volumes) == 0 {
		t.Errorf("db service: %+v", db)
	}
	if migrate.Build != "." || len(migrate.Command) == 0 || migrate.Command[0] != "migrate" || migrate.DependsOn["db"].Condition != "service_healthy" {
		t.Errorf("migrate service: %+v", migrate)
	}
	if juri.Build != "." || juri.DependsOn["migrate"].Condition != "service_completed_successfully" {
		t.Errorf("juri service: %+v", juri)
	}
	known := map[string]bool{}
	for _, v := range config.Variables {
		known[v.Name] = true
	}
	for name, svc := range doc.Services {
		for k := range svc.Environment {
			if strings.HasPrefix(k, "JURI_") && !known[k] {
				t.Errorf("service %s sets %s, which the config does not read", name, k)
			}
		}
		for _, v := range svc.Volumes {
			vol, _, _ := strings.Cut(v, ":")
			if doc.Volumes[vol] == nil && !strings.HasPrefix(vol, ".") && !strings.HasPrefix(vol, "/") {
				if _, ok := doc.Volumes[vol]; !ok {
					t.Errorf("service %s uses undeclared volume %s", name, vol)
				}
			}
		}
	}
	for _, svc := range []string{"migrate", "juri"} {
		env := doc.Services[svc].Environment
		if !strings.HasPrefix(env["JURI_DATABASE_URL"], "postgres://") || !strings.Contains(env["JURI_DATABASE_URL"], "@db:5432/") {
			t.Errorf("%s does not point JURI_DATABASE_URL at the db service: %q", svc, env["JURI_DATABASE_URL"])
		}
		if env["JURI_ENV"] != "production" || !strings.Contains(env["JURI_JWT_SECRET"], "${JURI_JWT_SECRET") {
			t.Errorf("%s must run in production with the secret from the environment", svc)
		}
	}
	_, port, _ := net.SplitHostPort(juri.Environment["JURI_ADDR"])
	if len(juri.Ports) != 1 || !strings.HasSuffix(juri.Ports[0], ":"+port) {
		t.Errorf("juri publishes %v but listens on %s", juri.Ports, juri.Environment["JURI_ADDR"])
	}
	df, _ := os.ReadFile("Dockerfile")
	for _, want := range []string{"CGO_ENABLED=0", "USER nonroot", "npm ci", "-tags embed", "--chown=nonroot:nonroot /out/data /data"} {
		if !bytes.Contains(df, []byte(want)) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

// TestDocumentedVariables keeps README.md and .env.example in step with the
// variables the configuration reads.
func TestDocumentedVariables(t *testing.T) {
	readme, _ := os.ReadFile("README.md")
	example, _ := os.ReadFile(".env.example")
	for _, v := range config.Variables {
		if !bytes.Contains(readme, []byte(v.Name)) {
			t.Errorf("README.md does not document %s", v.Name)
		}
		if !bytes.Contains(example, []byte(v.Name+"=")) {
			t.Errorf(".env.example does not list %s", v.Name)
		}
	}
	for _, cmd := range []string{"make run", "make test"} {
		if !bytes.Contains(readme, []byte(cmd)) {
			t.Errorf("README.md does not show %s", cmd)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServerTimeouts starts the real server with small timeouts from the
// configuration and shows that a client dribbling its headers (slowloris) is
// disconnected after the read-header timeout, and a keep-alive connection
// left idle after the idle timeout, while a prompt request is answered.
func TestServerTimeouts(t *testing.T) {
	if os.Getenv("JURI_TEST_DATABASE_URL") != "" {
		t.Skip("runs once, on SQLite")
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	const header, idle = 400 * time.Millisecond, 1500 * time.Millisecond
	vars := map[string]string{"JURI_DATA_DIR": t.TempDir(), "JURI_ADDR": addr, "JURI_WEB_DIR": t.TempDir(),
		"JURI_READ_HEADER_TIMEOUT": header.String(), "JURI_IDLE_TIMEOUT": idle.String(),
		"JURI_READ_TIMEOUT": "5s", "JURI_WRITE_TIMEOUT": "5s"}
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(nil, envOf(vars), nil, &out, &out) }()
	defer func() {
		syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("shutdown: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("no shutdown after SIGTERM")
		}
	}()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up:\n%s", out.String())
		}
	}

	// closedAfter waits until the server closes conn and says how long that took.
	closedAfter := func(conn net.Conn, start time.Time, r *bufio.Reader) time.Duration {
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := r.ReadByte(); err == nil {
			t.Fatalf("the server sent an answer instead of closing")
		} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("the server kept the connection open for 10 s")
		}
		return time.Since(start)
	}

	t.Run("slowloris", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: juri\r\n"))
		stop := make(chan struct{})
		defer close(stop)
		go func() { // one more header line every 100 ms, never the blank line
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
					if _, err := fmt.Fprintf(conn, "X-Drip-%d: a\r\n", i); err != nil {
						return
					}
				}
			}
		}()
		took := closedAfter(conn, start, bufio.NewReader(conn))
		if took < header-50*time.Millisecond || took > header+2*time.Second {
			t.Fatalf("a dribbling client was cut off after %v, want about %v", took, header)
		}
	})

	t.Run("idle keep-alive", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: juri\r\n\r\n"))
		res, err := http.ReadResponse(r, nil)
		if err != nil || res.StatusCode != 200 || res.Close {
			t.Fatalf("a prompt request: %v %+v", err, res)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		// The connection stays open past the read-header timeout (an idle
		// connection waits for the idle timeout, not the header one) ...
		start := time.Now()
		took := closedAfter(conn, start, r)
		if took < idle-100*time.Millisecond || took > idle+2*time.Second {
			t.Fatalf("an idle keep-alive connection was closed after %v, want about %v (read-header timeout %v)", took, idle, header)
		}
	})
}

// TestHTTPServerTakesTimeoutsFromConfig: every timeout of the server is the
// configuration's, none left at Go's default of none.
func TestHTTPServerTakesTimeoutsFromConfig(t *testing.T) {
	cfg, err := config.Load(envOf(map[string]string{"JURI_DATA_DIR": t.TempDir(), "JURI_WRITE_TIMEOUT": "21m", "JURI_READ_TIMEOUT": "16m",
		"JURI_READ_HEADER_TIMEOUT": "7s", "JURI_IDLE_TIMEOUT": "90s"}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httpServer(cfg, http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	got := [4]time.Duration{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout}
	if got != [4]time.Duration{7 * time.Second, 16 * time.Minute, 21 * time.Minute, 90 * time.Second} {
		t.Fatalf("server timeouts %v", got)
	}
}

// TestMakefileListsEveryFuzzTarget: make fuzz runs every FuzzXxx of the
// repository, each with its own package.
func TestMakefileListsEveryFuzzTarget(t *testing.T) {
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	found := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fuzz.FindAllSubmatch(src, -1) {
			found++
			line := fmt.Sprintf("'^%s$$' ./%s\n", m[1], filepath.Dir(path))
			if !bytes.Contains(mk, []byte(line)) {
				t.Errorf("make fuzz does not run %s of ./%s", m[1], filepath.Dir(path))
			}
		}
		return nil
	})
	if err != nil || found < 10 {
		t.Fatalf("%d fuzz targets found: %v", found, err)
	}
}
