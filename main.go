// Command juri serves Juri, a judging system for public-service innovation
// competitions: the JSON API under /api/v1 and the web app at /.
//
//	juri                       serve (same as "juri serve")
//	juri migrate               apply database migrations and exit
//	juri admin create --email E --name N
//	                           create an admin; password from JURI_ADMIN_PASSWORD or stdin
//	juri backup FILE           write a backup (database, files, manifest) while Juri runs
//	juri restore FILE          restore a backup into an empty data directory or database
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/config"
	"github.com/juri-id/juri/demo"
	"github.com/juri-id/juri/internal/logbuf"
	"github.com/juri-id/juri/mailer"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "juri:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  juri [serve]                          serve the API and the web app
  juri migrate                          apply database migrations and exit
  juri admin create --email E --name N  create an admin (password from JURI_ADMIN_PASSWORD or stdin)
  juri backup FILE                      write a backup (.tar.gz: database, files, manifest) while Juri runs
  juri restore FILE                     restore a backup into an empty data directory (or empty database)`

func run(args []string, getenv config.Getenv, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprintln(stdout, usage)
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	// Log lines are batched (internal/logbuf): one write per batch instead of
	// one per request made under the logger's lock. Close flushes on return.
	logs := logbuf.New(stderr, 200*time.Millisecond, 64<<10)
	defer logs.Close()
	log := newLogger(cfg, logs)
	switch cmd {
	case "serve":
		return serve(cfg, log, stdout)
	case "migrate":
		st, err := openStore(cfg, log)
		if err != nil {
			return err
		}
		defer st.Close()
		fmt.Fprintln(stdout, "migrations applied:", strings.Join(store.Migrations(), ", "))
		return nil
	case "admin":
		return adminCommand(cfg, log, args, getenv, stdin, stdout)
	case "backup":
		return backupCommand(cfg, log, args, stdout)
	case "restore":
		return restoreCommand(cfg, log, args, stdout)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func newLogger(cfg config.Config, w *logbuf.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.Production() {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(logbuf.Handler(h, w))
}

// openStore connects and migrates. A PostgreSQL that cannot be reached is
// one line naming the setting to check.
func openStore(cfg config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Logger: log,
		Links: notify.Links{Base: cfg.PublicURL}})
	if err != nil && cfg.DatabaseURL != "" {
		return nil, fmt.Errorf("JURI_DATABASE_URL: %s", oneLine(err.Error()))
	}
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func serve(cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	st, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if cfg.JWTSecretFile != "" {
		log.Warn("using a generated development JWT secret; set JURI_JWT_SECRET in production", "file", cfg.JWTSecretFile)
	}
	blobs, err := openBlobs(cfg, log)
	if err != nil {
		return err
	}
	passwords := auth.NewPasswords(auth.OWASPParams)
	if cfg.Demo {
		seeded, err := demo.Seed(context.Background(), st, blobs, passwords)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if seeded {
			log.Info("demo data seeded")
		}
		fmt.Fprintf(stdout, "Demo: sign in as %s, %s, juri1..5@juri.local or peserta1..16@juri.local with the password %q\n",
			demo.AdminEmail, demo.OrganizerEmail, demo.Password)
	}
	router, err := api.New(api.Deps{
		Store: st, Passwords: passwords, Tokens: auth.NewTokens(cfg.JWTSecret, nil), Logger: log,
		WebDir: cfg.WebDir, Web: webApp(cfg), CORSOrigins: cfg.CORSOrigins, TrustedProxies: cfg.TrustedProxies,
		Production: cfg.Production(), MaxUploadBytes: cfg.MaxUploadBytes, Blobs: blobs, PublicURL: cfg.PublicURL,
		Quota: store.FileQuota{FilesPerEntry: cfg.Quota.FilesPerEntry, BytesPerEntry: cfg.Quota.BytesPerEntry,
			BytesPerOrganization: cfg.Quota.BytesPerOrganization, BytesPerUnverified: cfg.Quota.BytesPerUnverified},
		UploadsPerMinute: float64(cfg.UploadsPerMinute),
	})
	if err != nil {
		return err
	}
	srv := httpServer(cfg, router, log)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("JURI_ADDR: cannot listen on %s: %w", cfg.Addr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	worker := &mailer.Worker{Store: st, Log: log, Now: time.Now}
	if cfg.SMTP.Host != "" {
		worker.Sender = mailer.SMTP{Config: mailer.SMTPConfig(cfg.SMTP)}
	} else {
		log.Warn("no mail server configured (JURI_SMTP_HOST): notifications are logged, not sent")
	}
	workerCtx, stopWorker := context.WithCancel(context.Background())
	workerDone := make(chan struct{})
	go func() { worker.Run(workerCtx); close(workerDone) }()
	defer func() { stopWorker(); <-workerDone }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "Juri is listening on http://%s (database: %s)\n", displayAddr(ln.Addr()), st.Dialect())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "grace", cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// httpServer is the server Juri listens with: every timeout set from the
// configuration (config.Timeouts), so a client that dribbles its headers, a
// body that never ends and an idle keep-alive connection are all cut off.
func httpServer(cfg config.Config, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr: cfg.Addr, Handler: h,
		ReadHeaderTimeout: cfg.Timeouts.ReadHeader, ReadTimeout: cfg.Timeouts.Read,
		WriteTimeout: cfg.Timeouts.Write, IdleTimeout: cfg.Timeouts.Idle,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// webApp is the web app the binary carries (a release build), unless
// JURI_WEB_DIR names a directory to serve instead; nil means JURI_WEB_DIR.
func webApp(cfg config.Config) fs.FS {
	if cfg.WebDirSet {
		return nil
	}
	return embeddedWeb()
}

// oneLine folds a multi-line driver message into one line, without the
// repeats some drivers print.
func oneLine(msg string) string {
	var parts []string
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && (len(parts) == 0 || parts[len(parts)-1] != l) {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// openBlobs opens the blob store JURI_BLOB_URL names, checks that it answers,
// and removes uploads a process that died left unfinished. The default hour
// (JURI_UPLOAD_SWEEP_SECONDS) is well past the server's 15-minute read
// timeout, so no upload still running in another process is touched.
func openBlobs(cfg config.Config, log *slog.Logger) (blob.Store, error) {
	blobs, err := openBlobStore(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n, err := blob.SweepTemps(ctx, blobs, cfg.SweepGrace, time.Now())
	if err != nil {
		log.Warn("could not remove unfinished uploads left by an earlier process", "err", err)
	} else if n > 0 {
		log.Info("removed unfinished uploads left by an earlier process", "uploads", n)
	}
	return blobs, nil
}

// openBlobStore opens the blob store JURI_BLOB_URL names and checks that it
// answers.
func openBlobStore(cfg config.Config) (blob.Store, error) {
	var blobs blob.Store
	if s := cfg.Blobs.S3; s != nil {
		s3, err := blob.NewS3(blob.S3Config{Endpoint: s.Endpoint, Secure: s.Secure, Region: s.Region, Bucket: s.Bucket,
			Prefix: s.Prefix, AccessKey: s.AccessKey, SecretKey: s.SecretKey, SessionToken: s.SessionToken, PartSize: s.PartSize})
		if err != nil {
			return nil, fmt.Errorf("JURI_BLOB_URL: %w", err)
		}
		blobs = s3
	} else {
		local, err := blob.NewLocal(cfg.BlobDir())
		if err != nil {
			return nil, fmt.Errorf("JURI_BLOB_URL: %w", err)
		}
		blobs = local
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := blobs.Ready(ctx); err != nil {
		return nil, fmt.Errorf("JURI_BLOB_URL: %w", err)
	}
	return blobs, nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	if strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + strings.TrimPrefix(s, "0.0.0.0:")
	}
	return s
}

func adminCommand(cfg config.Config, log *slog.Logger, args []string, getenv config.Getenv, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("unknown admin command\n%s", usage)
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "e-mail address")
	name := fs.String("name", "", "full name")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%v\n%s", err, usage)
	}
	addr := valid.NormalizeEmail(*email)
	if r := valid.Email(addr); r != "" {
		return fmt.Errorf("--email %s", r)
	}
	if r := valid.Text(*name, 200); r != "" {
		return fmt.Errorf("--name %s", r)
	}
	password, err := config.AdminPassword(getenv)
	if err != nil {
		return err
	}
	if password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password: set JURI_ADMIN_PASSWORD (or JURI_ADMIN_PASSWORD_FILE) or write it on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	passwords := auth.NewPasswords(auth.OWASPParams)
	if err := passwords.Check(password, addr); err != nil {
		return fmt.Errorf("password %v", err)
	}
	hash, err := passwords.Hash(context.Background(), password)
	if err != nil {
		return err
	}
	st, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	u := models.User{Email: addr, Name: strings.TrimSpace(*name), Role: models.RoleAdmin, PasswordHash: hash, Verified: true}
	if err := st.CreateUser(context.Background(), store.Actor{Email: "juri admin create"}, &u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "admin %s created (id %d)\n", u.Email, u.ID)
	return nil
}
