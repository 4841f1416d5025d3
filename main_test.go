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
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/config"
	"github.com/juri-id/juri/store"
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
	addr := freeAddr(t)
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

// readCompose parses docker-compose.yml.
func readCompose(t *testing.T) composeFile {
	t.Helper()
	data, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc composeFile
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return doc
}

// TestComposeAgreesWithConfig parses docker-compose.yml (no Docker engine runs
// on the build machines) and checks it against the configuration.
func TestComposeAgreesWithConfig(t *testing.T) {
	doc := readCompose(t)
	db, migrate, juri := doc.Services["db"], doc.Services["migrate"], doc.Services["juri"]
	if !strings.HasPrefix(db.Image, "postgres:16") || db.Healthcheck == nil || len(db.Volumes) == 0 {
		t.Errorf("db service: %+v", db)
	}
	if migrate.Build.Context != "." || len(migrate.Command) == 0 || migrate.Command[0] != "migrate" || migrate.DependsOn["db"].Condition != "service_healthy" {
		t.Errorf("migrate service: %+v", migrate)
	}
	if juri.Build.Context != "." || juri.DependsOn["migrate"].Condition != "service_completed_successfully" {
		t.Errorf("juri service: %+v", juri)
	}
	// A plain "docker compose up" is the three services above; everything
	// else belongs to the scale profile (checked in TestComposeScaleProfile).
	for name, svc := range doc.Services {
		single := name == "db" || name == "migrate" || name == "juri"
		if single && len(svc.Profiles) != 0 || !single && !slices.Equal(svc.Profiles, []string{"scale"}) {
			t.Errorf("service %s has profiles %v", name, svc.Profiles)
		}
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

// composeFile is what the tests read of docker-compose.yml.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
	Networks map[string]struct {
		IPAM struct {
			Config []struct {
				Subnet string `yaml:"subnet"`
			} `yaml:"config"`
		} `yaml:"ipam"`
	} `yaml:"networks"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Build       composeBuild      `yaml:"build"`
	Profiles    []string          `yaml:"profiles"`
	Command     []string          `yaml:"command"`
	Ports       []string          `yaml:"ports"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	Healthcheck map[string]any    `yaml:"healthcheck"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Networks map[string]struct {
		IPv4Address string `yaml:"ipv4_address"`
	} `yaml:"networks"`
}

// composeBuild is a service's build: a context directory, or a mapping with
// the context and the Dockerfile stage to stop at.
type composeBuild struct{ Context, Target string }

func (b *composeBuild) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Context = n.Value
		return nil
	}
	var m struct{ Context, Target string }
	if err := n.Decode(&m); err != nil {
		return err
	}
	*b = composeBuild(m)
	return nil
}

// composeVar is an interpolation: ${NAME}, ${NAME:-default}, ${NAME:?message}.
var composeVar = regexp.MustCompile(`\$\{(\w+)(?::([-?])([^}]*))?\}`)

// interpolated is env with every interpolation replaced as docker compose
// does: by the variable's value in given, else by its default.
func interpolated(env, given map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = composeVar.ReplaceAllStringFunc(v, func(m string) string {
			p := composeVar.FindStringSubmatch(m)
			if v, ok := given[p[1]]; ok {
				return v
			}
			if p[2] == "-" {
				return p[3]
			}
			return ""
		})
	}
	return out
}

// TestComposeScaleProfile checks the scale profile (docs/deploy.md) against
// the configuration and deploy/nginx.conf: each replica's settings load; the
// replicas share the single service's database and secret; they believe
// nginx's address, and only it, in X-Forwarded-For; they find the bucket the
// bucket service makes with MinIO's credentials; nginx balances exactly them
// and lets through the largest upload they take.
func TestComposeScaleProfile(t *testing.T) {
	doc := readCompose(t)
	raw, err := os.ReadFile("deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(raw)
	juri, minio, bucket, web, nginx := doc.Services["juri"], doc.Services["minio"], doc.Services["bucket"], doc.Services["web"], doc.Services["nginx"]

	front := doc.Networks["front"].IPAM.Config
	if len(front) != 1 {
		t.Fatalf("network front has no single subnet: %+v", doc.Networks["front"])
	}
	_, subnet, err := net.ParseCIDR(front[0].Subnet)
	if err != nil {
		t.Fatalf("network front: %v", err)
	}
	proxy := nginx.Networks["front"].IPv4Address
	if ip := net.ParseIP(proxy); ip == nil || !subnet.Contains(ip) {
		t.Errorf("nginx's address %q is not in front's subnet %s", proxy, subnet)
	}

	if !strings.HasPrefix(minio.Image, "minio/minio:") || minio.Healthcheck == nil || len(minio.Volumes) == 0 {
		t.Errorf("minio service: %+v", minio)
	}
	if len(bucket.Command) != 3 || bucket.Command[0] != "mb" || !strings.HasPrefix(bucket.Command[2], "local/") ||
		bucket.DependsOn["minio"].Condition != "service_healthy" {
		t.Fatalf("bucket service: %+v", bucket)
	}
	bucketName := strings.TrimPrefix(bucket.Command[2], "local/")
	user, password := minio.Environment["MINIO_ROOT_USER"], minio.Environment["MINIO_ROOT_PASSWORD"]
	if want := "http://" + user + ":" + password + "@minio:9000"; bucket.Environment["MC_HOST_local"] != want {
		t.Errorf("bucket reaches MinIO as %q, want %q", bucket.Environment["MC_HOST_local"], want)
	}

	m := regexp.MustCompile(`(?m)^\s*client_max_body_size\s+(\d+)m;`).FindStringSubmatch(conf)
	if m == nil {
		t.Fatal("deploy/nginx.conf sets no client_max_body_size in megabytes")
	}
	maxBody, _ := strconv.ParseInt(m[1], 10, 64)
	var upstream []string
	for _, u := range regexp.MustCompile(`(?m)^\s*server\s+([\w.-]+:\d+);`).FindAllStringSubmatch(conf, -1) {
		upstream = append(upstream, u[1])
	}
	// The replicas: every service of the profile that runs juri serve.
	var names []string
	for name, svc := range doc.Services {
		if slices.Contains(svc.Profiles, "scale") && slices.Equal(svc.Command, []string{"serve"}) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if len(names) < 2 {
		t.Fatalf("the scale profile runs %v, not two replicas or more", names)
	}
	var replicas []string
	addrs := map[string]bool{}
	for _, name := range names {
		r := doc.Services[name]
		if r.Build.Context != "." || !slices.Equal(r.Command, []string{"serve"}) ||
			r.DependsOn["migrate"].Condition != "service_completed_successfully" || r.DependsOn["bucket"].Condition != "service_completed_successfully" {
			t.Errorf("%s service: %+v", name, r)
		}
		for _, k := range []string{"JURI_ENV", "JURI_ADDR", "JURI_DATABASE_URL", "JURI_JWT_SECRET"} {
			if r.Environment[k] != juri.Environment[k] {
				t.Errorf("%s sets %s to %q, juri to %q", name, k, r.Environment[k], juri.Environment[k])
			}
		}
		ip := r.Networks["front"].IPv4Address
		if a := net.ParseIP(ip); a == nil || !subnet.Contains(a) || addrs[ip] || ip == proxy {
			t.Errorf("%s has the address %q on front", name, ip)
		}
		addrs[ip] = true
		if _, ok := r.Networks["default"]; !ok {
			t.Errorf("%s is not on the default network, so it cannot reach db and minio", name)
		}
		// The variables the compose file's comment says to set.
		env := interpolated(r.Environment, map[string]string{"JURI_DB_PASSWORD": "db-password",
			"JURI_JWT_SECRET": "0123456789abcdef0123456789abcdef", "JURI_S3_SECRET_KEY": "minio-password"})
		env["JURI_DATA_DIR"] = t.TempDir()
		cfg, err := config.Load(envOf(env))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s3 := cfg.Blobs.S3; s3 == nil || s3.Bucket != bucketName || s3.Endpoint != "minio:9000" || s3.Secure || s3.AccessKey != user {
			t.Errorf("%s does not store files in MinIO's bucket %s (minio:9000, plain HTTP) as %s", name, bucketName, user)
		}
		if r.Environment["JURI_S3_SECRET_KEY"] != password {
			t.Errorf("%s's JURI_S3_SECRET_KEY %q is not MinIO's password %q", name, r.Environment["JURI_S3_SECRET_KEY"], password)
		}
		if !slices.Equal(cfg.TrustedProxies, []string{proxy}) {
			t.Errorf("%s trusts %v, not nginx (%s)", name, cfg.TrustedProxies, proxy)
		}
		// The server takes an upload's file plus 1 MiB of multipart envelope;
		// nginx allows 1 MiB more, so that Juri, not nginx, refuses a file too large.
		if maxBody<<20 != cfg.MaxUploadBytes+2<<20 {
			t.Errorf("nginx's client_max_body_size %dm is not %s's JURI_MAX_UPLOAD_MB plus 2", maxBody, name)
		}
		_, port, _ := net.SplitHostPort(cfg.Addr)
		replicas = append(replicas, name+":"+port)
	}
	if !slices.Equal(upstream, replicas) {
		t.Errorf("deploy/nginx.conf balances %v, the compose file runs %v", upstream, replicas)
	}

	df, _ := os.ReadFile("Dockerfile")
	if web.Build.Context != "." || web.Build.Target == "" || !bytes.Contains(df, []byte(" AS "+web.Build.Target+"\n")) ||
		!slices.Contains(web.Volumes, "webapp:/srv/web") || !strings.Contains(strings.Join(web.Command, " "), "/src/frontend/dist/. /srv/web/") {
		t.Errorf("web service: %+v", web)
	}
	listen := regexp.MustCompile(`(?m)^\s*listen\s+(\d+);`).FindStringSubmatch(conf)
	if listen == nil || len(nginx.Ports) != 1 || !strings.HasSuffix(nginx.Ports[0], ":"+listen[1]) {
		t.Errorf("nginx publishes %v but listens on %v", nginx.Ports, listen)
	}
	for _, v := range []string{"./deploy/nginx.conf:/etc/nginx/nginx.conf:ro", "webapp:/usr/share/nginx/html:ro"} {
		if !slices.Contains(nginx.Volumes, v) {
			t.Errorf("nginx does not mount %s", v)
		}
	}
	if nginx.DependsOn["web"].Condition != "service_completed_successfully" {
		t.Errorf("nginx does not wait for the web app: %+v", nginx.DependsOn)
	}
	for _, name := range names {
		if nginx.DependsOn[name].Condition == "" {
			t.Errorf("nginx does not depend on %s", name)
		}
	}
	for _, want := range []string{"root /usr/share/nginx/html;", "proxy_request_buffering off;", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
		"location /api/ {", "location = /readyz {", "location = /healthz {"} {
		if !strings.Contains(conf, want) {
			t.Errorf("deploy/nginx.conf lacks %q", want)
		}
	}
}

// TestNginxAgreesWithServer: nginx serves the web app with the headers juri
// puts on it itself (the security headers of production, and the cache
// lifetimes of index.html and of Vite's hashed assets), so the app behaves
// the same whichever of the two serves it.
func TestNginxAgreesWithServer(t *testing.T) {
	raw, err := os.ReadFile("deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(raw)
	added := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;`).FindAllStringSubmatch(conf, -1) {
		added[http.CanonicalHeaderKey(m[1])] = m[2]
	}
	cache := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(~\^/assets/|default)\s+"([^"]*)";`).FindAllStringSubmatch(conf, -1) {
		cache[m[1]] = m[2]
	}
	if !strings.Contains(conf, "add_header Cache-Control $juri_cache_control always;") || len(cache) != 2 {
		t.Fatalf("deploy/nginx.conf: no Cache-Control by path (%v)", cache)
	}

	st, err := store.Open(store.Options{SQLitePath: filepath.Join(t.TempDir(), "juri.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	router, err := api.New(api.Deps{Store: st, Passwords: auth.NewPasswordsWithSlots(auth.OWASPParams, 1),
		Tokens: auth.NewTokens([]byte(strings.Repeat("k", 32)), nil), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Production: true, Web: fstest.MapFS{
			"index.html":           {Data: []byte("<!doctype html><title>Juri</title>")},
			"assets/app-a1b2c3.js": {Data: []byte("console.log(1)")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Headers that belong to one answer, not to the server's policy.
	own := map[string]bool{"Content-Type": true, "Content-Length": true, "Last-Modified": true, "Accept-Ranges": true,
		"Etag": true, "Date": true, "Vary": true, "X-Request-Id": true, "Cache-Control": true}
	for path, kind := range map[string]string{"/": "default", "/masuk": "default", "/assets/app-a1b2c3.js": "~^/assets/"} {
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		if got := rec.Header().Get("Cache-Control"); got != cache[kind] {
			t.Errorf("GET %s: juri sends Cache-Control %q, nginx %q", path, got, cache[kind])
		}
		for name := range rec.Header() {
			if !own[name] && added[name] != rec.Header().Get(name) {
				t.Errorf("GET %s: juri sends %s: %q, nginx %q", path, name, rec.Header().Get(name), added[name])
			}
		}
		for name := range added {
			if rec.Header().Get(name) == "" {
				t.Errorf("GET %s: nginx adds %s, which juri does not send", path, name)
			}
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
	addr := freeAddr(t)
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
