// Command juriprof is juri's server with Go's profiler beside it, for the
// benchmark's profiles: the same configuration (config.Load from the JURI_*
// environment), store, router and HTTP server settings as `juri serve`,
// with the local blob store (the benchmarks upload nothing), without the
// mail worker and the demo seed, plus net/http/pprof on
// JURI_PPROF_ADDR (default 127.0.0.1:6061). Block and mutex profiling are
// on, at the rates given by JURI_PPROF_BLOCK_RATE (ns, default 100000) and
// JURI_PPROF_MUTEX_FRACTION (default 10).
//
// It exists so that juri itself carries no profiling endpoint; never deploy it.
package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/config"
	"github.com/juri-id/juri/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "juriprof:", err)
		os.Exit(1)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func run() error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	var log *slog.Logger
	if cfg.Production() {
		log = slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	} else {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	st, err := store.Open(store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(); err != nil {
		return err
	}
	blobs, err := blob.NewLocal(cfg.BlobDir())
	if err != nil {
		return err
	}
	router, err := api.New(api.Deps{
		Store: st, Passwords: auth.NewPasswords(auth.OWASPParams), Tokens: auth.NewTokens(cfg.JWTSecret, nil), Logger: log,
		WebDir: cfg.WebDir, CORSOrigins: cfg.CORSOrigins, TrustedProxies: cfg.TrustedProxies,
		Production: cfg.Production(), MaxUploadBytes: cfg.MaxUploadBytes, Blobs: blobs, PublicURL: cfg.PublicURL,
	})
	if err != nil {
		return err
	}
	runtime.SetBlockProfileRate(envInt("JURI_PPROF_BLOCK_RATE", 100000))
	runtime.SetMutexProfileFraction(envInt("JURI_PPROF_MUTEX_FRACTION", 10))
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	pprofAddr := os.Getenv("JURI_PPROF_ADDR")
	if pprofAddr == "" {
		pprofAddr = "127.0.0.1:6061"
	}
	pln, err := net.Listen("tcp", pprofAddr)
	if err != nil {
		return err
	}
	go func() { _ = http.Serve(pln, mux) }()
	srv := &http.Server{Handler: router, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 15 * time.Minute,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Printf("juriprof listening on %s, pprof on %s\n", ln.Addr(), pln.Addr())
	return srv.Serve(ln)
}
