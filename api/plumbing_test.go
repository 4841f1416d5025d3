package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/internal/testenv"
)

func TestHealthAndReadiness(t *testing.T) {
	s := testenv.NewServer(t)
	s.Must(200, "GET", "/healthz", "", nil)
	s.Must(200, "GET", "/readyz", "", nil)
	s.Store.Close()
	r := s.Do("GET", "/readyz", "", nil)
	if r.Code != 503 || r.ErrorCode() != "unavailable" {
		t.Fatalf("readyz with the database gone: %d %s", r.Code, r.Body)
	}
	s.Must(200, "GET", "/healthz", "", nil)
}

func TestMetricsCountRoutesAndStatuses(t *testing.T) {
	s := testenv.NewServer(t)
	s.Do("GET", "/api/v1/organizations", "", nil)
	s.Do("GET", "/api/v1/me", "", nil)
	s.Do("GET", "/no/such/page/12345", "", nil)
	body := string(s.Must(200, "GET", "/metrics", "", nil).Body)
	for _, want := range []string{
		`juri_http_requests_total{method="GET",route="/api/v1/organizations",status="200"} 1`,
		`juri_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1`,
		`juri_http_request_duration_seconds_bucket{method="GET",route="/api/v1/organizations",status="200"`,
		`route="unmatched"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "12345") {
		t.Error("unmatched paths become labels")
	}
	s.Request("BREW", "/api/v1/organizations", "", "", nil)
	s.Request("XYZZY42", "/healthz", "", "", nil)
	body = string(s.Must(200, "GET", "/metrics", "", nil).Body)
	if strings.Contains(body, "BREW") || strings.Contains(body, "XYZZY42") || !strings.Contains(body, `method="OTHER"`) {
		t.Error("arbitrary methods become labels")
	}
}

func TestRequestIDAndSecurityHeaders(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Request("GET", "/api/v1/organizations", "", "", nil, "X-Request-ID", "trace-abc.123")
	if r.Header.Get("X-Request-ID") != "trace-abc.123" {
		t.Fatalf("request id not kept: %q", r.Header.Get("X-Request-ID"))
	}
	r = s.Request("GET", "/api/v1/me", "", "", nil, "X-Request-ID", "bad id with spaces\n")
	id := r.Header.Get("X-Request-ID")
	if id == "" || strings.Contains(id, " ") || !strings.Contains(string(r.Body), id) {
		t.Fatalf("generated request id %q, body %s", id, r.Body)
	}
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "no-referrer",
	} {
		if r.Header.Get(h) != want {
			t.Errorf("%s = %q", h, r.Header.Get(h))
		}
	}
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("CSP %q", r.Header.Get("Content-Security-Policy"))
	}
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS outside production")
	}
	prod := testenv.NewServer(t, func(d *apiDeps) { d.Production = true })
	if prod.Do("GET", "/healthz", "", nil).Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS in production")
	}
}

func TestCORSAllowList(t *testing.T) {
	s := testenv.NewServer(t, func(d *apiDeps) { d.CORSOrigins = []string{"https://juri.pekalongankab.go.id"} })
	pre := func(origin string) *testenv.Response {
		return s.Request("OPTIONS", "/api/v1/me", "", "", nil, "Origin", origin, "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", "authorization")
	}
	r := pre("https://juri.pekalongankab.go.id")
	if r.Code != 204 || r.Header.Get("Access-Control-Allow-Origin") != "https://juri.pekalongankab.go.id" ||
		!strings.Contains(r.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Fatalf("allowed preflight: %d %v", r.Code, r.Header)
	}
	r = pre("https://evil.example")
	if r.Code != 403 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("foreign preflight: %d %v", r.Code, r.Header)
	}
	r = s.Request("GET", "/api/v1/organizations", "", "", nil, "Origin", "https://evil.example")
	if r.Code != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("foreign simple request got CORS headers: %v", r.Header)
	}
	r = s.Request("GET", "/api/v1/organizations", "", "", nil, "Origin", "https://juri.pekalongankab.go.id")
	if r.Header.Get("Access-Control-Allow-Origin") != "https://juri.pekalongankab.go.id" || r.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Fatalf("allowed simple request: %v", r.Header)
	}
}

func TestBodyCap(t *testing.T) {
	s := testenv.NewServer(t)
	big := `{"email":"` + strings.Repeat("a", 2<<20) + `"}`
	r := s.Do("POST", "/api/v1/auth/login", "", big)
	if r.Code != 413 || r.ErrorCode() != "payload_too_large" {
		t.Fatalf("2 MB JSON: %d %.200s", r.Code, r.Body)
	}
	// Without a declared length the cap still holds while reading.
	req := strings.NewReader(big)
	r = s.Request("POST", "/api/v1/auth/login", "", "application/json", struct{ *strings.Reader }{req})
	if r.Code != 413 {
		t.Fatalf("2 MB JSON without length: %d %.200s", r.Code, r.Body)
	}
}

func TestErrorsAndRecovery(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Do("DELETE", "/api/v1/me", "", nil)
	if r.Code != http.StatusMethodNotAllowed || r.ErrorCode() != "method_not_allowed" {
		t.Fatalf("wrong method: %d %s", r.Code, r.Body)
	}
	r = s.Do("GET", "/api/v1/nothing-here", "", nil)
	if r.Code != 404 || r.ErrorCode() != "not_found" {
		t.Fatalf("unknown API path: %d %s", r.Code, r.Body)
	}
	s.Router.GET("/api/v1/test-panic", func(*gin.Context) { panic("boom: secret internal detail") })
	r = s.Do("GET", "/api/v1/test-panic", "", nil)
	if r.Code != 500 || r.ErrorCode() != "internal" || strings.Contains(string(r.Body), "secret") {
		t.Fatalf("panic: %d %s", r.Code, r.Body)
	}
}

func TestWebAppFallback(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html>juri app</html>"), 0o644)
	os.MkdirAll(filepath.Join(dir, "assets"), 0o755)
	os.WriteFile(filepath.Join(dir, "assets", "app-abc123.js"), []byte("console.log(1)"), 0o644)
	s := testenv.NewServer(t, func(d *apiDeps) { d.WebDir = dir })

	for _, path := range []string{"/", "/kompetisi/1/peringkat", "/login"} {
		r := s.Do("GET", path, "", nil)
		if r.Code != 200 || !strings.Contains(string(r.Body), "juri app") || r.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d %q %s", path, r.Code, r.Header.Get("Cache-Control"), r.Body)
		}
	}
	r := s.Do("GET", "/assets/app-abc123.js", "", nil)
	if r.Code != 200 || string(r.Body) != "console.log(1)" || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %d %v", r.Code, r.Header)
	}
	r = s.Do("GET", "/../../etc/passwd", "", nil)
	if strings.Contains(string(r.Body), "root:") {
		t.Fatal("path traversal")
	}
	// Without a built web app, a small page says what Juri is.
	bare := testenv.NewServer(t)
	r = bare.Do("GET", "/", "", nil)
	if r.Code != 200 || !strings.Contains(string(r.Body), "/api/openapi.yaml") {
		t.Fatalf("fallback page: %d %s", r.Code, r.Body)
	}
}
