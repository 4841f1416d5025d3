// Package config reads Juri's configuration from JURI_* environment variables.
//
// Every variable can also be given as <NAME>_FILE, the path of a file holding the
// value, so container secrets never have to live in the environment. A bad value
// stops start-up with an error that names the variable.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Environments Juri knows. Production tightens the rules: a JWT secret must be
// given, demo data is refused and logs are JSON.
const (
	EnvDevelopment = "development"
	EnvProduction  = "production"
	EnvTest        = "test"
)

// Config is everything the process needs to start. Defaults live in Load.
type Config struct {
	Env            string
	Addr           string
	DataDir        string
	DatabaseURL    string // empty: embedded SQLite in DataDir
	JWTSecret      []byte
	JWTSecretFile  string // where a generated development secret was kept, for the log
	CORSOrigins    []string
	Demo           bool
	WebDir         string
	WebDirSet      bool // JURI_WEB_DIR was given: serve it even from a binary that embeds the app
	LogLevel       string
	MaxUploadBytes int64
	// Quota bounds what uploads may take (files and bytes per entry, bytes
	// per OPD and per unverified account), UploadsPerMinute how fast one
	// account may send files.
	Quota            Quota
	UploadsPerMinute int
	TrustedProxies   []string
	ShutdownGrace    time.Duration
	// Timeouts bound how long one connection may hold the server.
	Timeouts Timeouts
	// SweepGrace is how old an unfinished upload must be for the start-up
	// sweep to remove it (JURI_UPLOAD_SWEEP_SECONDS).
	SweepGrace time.Duration
	PublicURL  string
	SMTP       SMTP
	Blobs      Blobs
}

// Quota is the upload quota of JURI_MAX_FILES_PER_ENTRY, JURI_MAX_ENTRY_MB,
// JURI_MAX_OPD_MB and JURI_MAX_UNVERIFIED_MB.
type Quota struct {
	FilesPerEntry        int
	BytesPerEntry        int64
	BytesPerOrganization int64
	BytesPerUnverified   int64
}

// Timeouts are the HTTP server's: JURI_READ_HEADER_TIMEOUT (a client
// dribbling its headers, slowloris), JURI_READ_TIMEOUT (the whole request,
// body included: a 25 MB upload over a slow village connection takes
// minutes), JURI_WRITE_TIMEOUT (from the end of the headers to the end of the
// answer, so at least the read timeout) and JURI_IDLE_TIMEOUT (a keep-alive
// connection between requests).
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// Blobs is where uploaded files are kept: in a bucket when S3 is set,
// otherwise in the directory Dir.
type Blobs struct {
	Dir string
	S3  *S3
}

// S3 is an S3-compatible bucket, from JURI_BLOB_URL=s3://bucket?... and the
// credentials in the environment.
type S3 struct {
	Bucket, Endpoint, Region, Prefix   string
	Secure                             bool
	PartSize                           int64
	AccessKey, SecretKey, SessionToken string
}

// SMTP is the mail server for notifications; empty Host means none (messages
// are logged and kept as unsent).
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	TLS      string
}

// Production reports whether the process runs with production rules.
func (c Config) Production() bool { return c.Env == EnvProduction }

// SQLitePath is the database file used when no DATABASE_URL is given.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "juri.db") }

// BlobDir is where the local blob store keeps uploaded files: the directory
// of a file:// JURI_BLOB_URL, or blobs in the data directory.
func (c Config) BlobDir() string {
	if c.Blobs.Dir != "" {
		return c.Blobs.Dir
	}
	return filepath.Join(c.DataDir, "blobs")
}

// Getenv is the shape of os.Getenv; tests pass a map lookup instead.
type Getenv func(string) string

// Load reads the configuration. It may create the data directory and, outside
// production, a generated JWT secret kept there with mode 0600.
func Load(getenv Getenv) (Config, error) {
	r := reader{getenv: getenv}
	c := Config{
		Env:      r.str("JURI_ENV", EnvDevelopment),
		Addr:     r.str("JURI_ADDR", ":8080"),
		DataDir:  r.str("JURI_DATA_DIR", "./data"),
		WebDir:   r.str("JURI_WEB_DIR", "./frontend/dist"),
		LogLevel: r.str("JURI_LOG_LEVEL", "info"),
	}
	c.DatabaseURL = r.str("JURI_DATABASE_URL", "")
	_, c.WebDirSet = r.raw("JURI_WEB_DIR")
	c.Demo = r.boolean("JURI_DEMO", false)
	c.CORSOrigins = r.list("JURI_CORS_ORIGINS")
	c.TrustedProxies = r.list("JURI_TRUSTED_PROXIES")
	c.MaxUploadBytes = int64(r.integer("JURI_MAX_UPLOAD_MB", 25, 1, 2048)) << 20
	c.Quota = Quota{
		FilesPerEntry:        r.integer("JURI_MAX_FILES_PER_ENTRY", 20, 1, 1000),
		BytesPerEntry:        int64(r.integer("JURI_MAX_ENTRY_MB", 100, 1, 100000)) << 20,
		BytesPerOrganization: int64(r.integer("JURI_MAX_OPD_MB", 1000, 1, 1000000)) << 20,
		BytesPerUnverified:   int64(r.integer("JURI_MAX_UNVERIFIED_MB", 50, 1, 100000)) << 20,
	}
	c.UploadsPerMinute = r.integer("JURI_UPLOADS_PER_MINUTE", 20, 1, 10000)
	c.ShutdownGrace = 10 * time.Second
	c.Timeouts = Timeouts{
		ReadHeader: r.duration("JURI_READ_HEADER_TIMEOUT", 10*time.Second),
		Read:       r.duration("JURI_READ_TIMEOUT", 15*time.Minute),
		Write:      r.duration("JURI_WRITE_TIMEOUT", 20*time.Minute),
		Idle:       r.duration("JURI_IDLE_TIMEOUT", 120*time.Second),
	}
	c.SweepGrace = time.Duration(r.integer("JURI_UPLOAD_SWEEP_SECONDS", 3600, 0, 7*24*3600)) * time.Second
	c.PublicURL = strings.TrimRight(r.str("JURI_PUBLIC_URL", "http://localhost:8080"), "/")
	c.SMTP = SMTP{
		Host: r.str("JURI_SMTP_HOST", ""), Port: r.integer("JURI_SMTP_PORT", 587, 1, 65535),
		Username: r.str("JURI_SMTP_USERNAME", ""), Password: r.str("JURI_SMTP_PASSWORD", ""),
		From: r.str("JURI_SMTP_FROM", "Juri <juri@localhost>"), TLS: r.str("JURI_SMTP_TLS", "starttls"),
	}
	secret := r.str("JURI_JWT_SECRET", "")
	blobURL := r.str("JURI_BLOB_URL", "")
	s3Access, s3Secret := r.str("JURI_S3_ACCESS_KEY", ""), r.str("JURI_S3_SECRET_KEY", "")
	if r.err != nil {
		return Config{}, r.err
	}
	blobs, err := parseBlobURL(blobURL)
	if err != nil {
		return Config{}, err
	}
	if blobs.S3 != nil {
		if err := s3Credentials(blobs.S3, s3Access, s3Secret, getenv); err != nil {
			return Config{}, err
		}
	}
	c.Blobs = blobs

	switch c.Env {
	case EnvDevelopment, EnvProduction, EnvTest:
	default:
		return Config{}, fmt.Errorf("JURI_ENV: %q is not one of development, production, test", c.Env)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return Config{}, fmt.Errorf("JURI_LOG_LEVEL: %q is not one of debug, info, warn, error", c.LogLevel)
	}
	if err := checkAddr(c.Addr); err != nil {
		return Config{}, err
	}
	if err := checkDatabaseURL(c.DatabaseURL); err != nil {
		return Config{}, err
	}
	for _, o := range c.CORSOrigins {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return Config{}, fmt.Errorf("JURI_CORS_ORIGINS: %q is not an origin like https://juri.example.go.id", o)
		}
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Config{}, fmt.Errorf("JURI_PUBLIC_URL: %q is not an address like https://juri.pekalongankab.go.id", c.PublicURL)
	}
	switch c.SMTP.TLS {
	case "starttls", "tls", "none":
	default:
		return Config{}, fmt.Errorf("JURI_SMTP_TLS: %q is not one of starttls, tls, none", c.SMTP.TLS)
	}
	if c.SMTP.Host != "" {
		if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
			return Config{}, fmt.Errorf("JURI_SMTP_FROM: %q is not an address like \"Juri <juri@pemda.go.id>\"", c.SMTP.From)
		}
	}
	if c.Timeouts.Write < c.Timeouts.Read {
		return Config{}, fmt.Errorf("JURI_WRITE_TIMEOUT: %s is shorter than JURI_READ_TIMEOUT %s; the answer to a slow upload would be cut off", c.Timeouts.Write, c.Timeouts.Read)
	}
	if c.Demo && c.Production() {
		return Config{}, errors.New("JURI_DEMO: demo data is refused when JURI_ENV=production")
	}
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return Config{}, fmt.Errorf("JURI_DATA_DIR: cannot create %q: %v", c.DataDir, err)
	}

	switch {
	case secret != "":
		if len(secret) < 32 {
			return Config{}, fmt.Errorf("JURI_JWT_SECRET: must be at least 32 bytes, got %d", len(secret))
		}
		c.JWTSecret = []byte(secret)
	case c.Production():
		return Config{}, errors.New("JURI_JWT_SECRET: required when JURI_ENV=production (at least 32 random bytes)")
	default:
		c.JWTSecretFile = filepath.Join(c.DataDir, "jwt-secret")
		s, err := devSecret(c.JWTSecretFile)
		if err != nil {
			return Config{}, fmt.Errorf("JURI_JWT_SECRET: %v", err)
		}
		c.JWTSecret = s
	}
	return c, nil
}

// devSecret returns the development secret kept in path, creating it once.
// O_EXCL makes two processes starting together agree on one secret.
func devSecret(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return nil, fmt.Errorf("generated secret in %s is too short; delete the file to make a new one", path)
		}
		return []byte(s), nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	s := hex.EncodeToString(raw)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return devSecret(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	return []byte(s), f.Close()
}

func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("JURI_ADDR: %q is not host:port (e.g. :8080)", addr)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("JURI_ADDR: port %q is not a number from 0 to 65535", port)
	}
	return nil
}

func checkDatabaseURL(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "postgres" && p.Scheme != "postgresql") {
		return errors.New("JURI_DATABASE_URL: must be empty (embedded SQLite) or a postgres:// URL")
	}
	return nil
}

// reader collects the first error so Load can report it with the variable's name.
// AdminPassword reads JURI_ADMIN_PASSWORD, or the file JURI_ADMIN_PASSWORD_FILE
// names, for "juri admin create"; "" when neither is set.
func AdminPassword(getenv Getenv) (string, error) {
	r := reader{getenv: getenv}
	v, _ := r.raw("JURI_ADMIN_PASSWORD")
	return v, r.err
}

type reader struct {
	getenv Getenv
	err    error
}

// raw returns NAME, or the content of the file NAME_FILE points to.
func (r *reader) raw(name string) (string, bool) {
	if v := r.getenv(name); v != "" {
		return v, true
	}
	path := r.getenv(name + "_FILE")
	if path == "" {
		return "", false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		r.fail(fmt.Errorf("%s_FILE: cannot read %q: %v", name, path, err))
		return "", false
	}
	return strings.TrimRight(string(b), "\r\n"), true
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) str(name, def string) string {
	if v, ok := r.raw(name); ok {
		return strings.TrimSpace(v)
	}
	return def
}

func (r *reader) boolean(name string, def bool) bool {
	v, ok := r.raw(name)
	if !ok {
		return def
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off", "":
		return false
	}
	r.fail(fmt.Errorf("%s: %q is not a boolean (use 1 or 0)", name, v))
	return def
}

func (r *reader) integer(name string, def, min, max int) int {
	v, ok := r.raw(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < min || n > max {
		r.fail(fmt.Errorf("%s: %q is not a whole number from %d to %d", name, v, min, max))
		return def
	}
	return n
}

// duration reads a Go duration such as 10s, 15m or 1h30m, from 100ms to 24h.
func (r *reader) duration(name string, def time.Duration) time.Duration {
	v, ok := r.raw(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 100*time.Millisecond || d > 24*time.Hour {
		r.fail(fmt.Errorf("%s: %q is not a duration from 100ms to 24h, such as 10s or 15m", name, v))
		return def
	}
	return d
}

func (r *reader) list(name string) []string {
	v, ok := r.raw(name)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, strings.TrimRight(s, "/"))
		}
	}
	return out
}

// Variable documents one setting; README.md, .env.example and the compose
// file are checked against this list by tests.
type Variable struct {
	Name, Default, Help string
}

// Variables lists every JURI_* setting the binary reads.
var Variables = []Variable{
	{"JURI_ENV", EnvDevelopment, "development, production or test; production requires JURI_JWT_SECRET, refuses demo data and logs JSON"},
	{"JURI_ADDR", ":8080", "address to listen on"},
	{"JURI_DATA_DIR", "./data", "SQLite database, uploaded files and the generated development secret"},
	{"JURI_DATABASE_URL", "", "empty for embedded SQLite, or a postgres:// URL"},
	{"JURI_JWT_SECRET", "", "at least 32 bytes; generated into the data directory outside production"},
	{"JURI_CORS_ORIGINS", "", "comma-separated origins allowed to call the API from a browser"},
	{"JURI_TRUSTED_PROXIES", "", "comma-separated proxy addresses or CIDRs whose X-Forwarded-For is believed"},
	{"JURI_DEMO", "0", "1 seeds the demo regency into an empty database"},
	{"JURI_WEB_DIR", "./frontend/dist", "the built web app"},
	{"JURI_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"JURI_MAX_UPLOAD_MB", "25", "largest file a participant may upload"},
	{"JURI_MAX_FILES_PER_ENTRY", "20", "most files one entry may hold"},
	{"JURI_MAX_ENTRY_MB", "100", "most megabytes the files of one entry may take"},
	{"JURI_MAX_OPD_MB", "1000", "most megabytes the files of one OPD's entries may take"},
	{"JURI_MAX_UNVERIFIED_MB", "50", "most megabytes an account not yet verified may upload"},
	{"JURI_UPLOADS_PER_MINUTE", "20", "files one account may upload per minute (three at a time at most)"},
	{"JURI_READ_HEADER_TIMEOUT", "10s", "longest a client may take to send a request's headers (slowloris)"},
	{"JURI_READ_TIMEOUT", "15m", "longest a client may take to send a whole request, upload included"},
	{"JURI_WRITE_TIMEOUT", "20m", "longest from a request's headers to the end of its answer (at least JURI_READ_TIMEOUT)"},
	{"JURI_IDLE_TIMEOUT", "2m", "longest a keep-alive connection may wait for its next request"},
	{"JURI_UPLOAD_SWEEP_SECONDS", "3600", "at start-up, unfinished uploads older than this are removed (keep it above the 15-minute upload time limit when several processes share the storage)"},
	{"JURI_PUBLIC_URL", "http://localhost:8080", "the address people use, for links in e-mails"},
	{"JURI_SMTP_HOST", "", "mail server for notifications; empty: messages are logged and kept unsent"},
	{"JURI_SMTP_PORT", "587", "mail server port"},
	{"JURI_SMTP_USERNAME", "", "mail server user (PLAIN authentication), if it needs one"},
	{"JURI_SMTP_PASSWORD", "", "mail server password"},
	{"JURI_SMTP_FROM", "Juri <juri@localhost>", "sender of notifications"},
	{"JURI_SMTP_TLS", "starttls", "starttls (required), tls (implicit, port 465) or none"},
	{"JURI_BLOB_URL", "", "empty: uploaded files in JURI_DATA_DIR/blobs; file:///path for another directory; s3://bucket?endpoint=host:port&region=&secure=true&prefix=&part_size_mb=8 for an S3-compatible bucket"},
	{"JURI_S3_ACCESS_KEY", "", "access key for an s3:// JURI_BLOB_URL (else AWS_ACCESS_KEY_ID)"},
	{"JURI_S3_SECRET_KEY", "", "secret key for an s3:// JURI_BLOB_URL (else AWS_SECRET_ACCESS_KEY)"},
}
