// Command juribench is `make bench`: it measures the real juri binary under
// load, against baselines measured in the same run at the same
// concurrency, and writes the figures into docs/benchmarks.md.
//
//	go run ./bench/juribench [-out docs/benchmarks.md] [-duration 4s] [-reps 3]
//
// One run:
//
//  1. builds bin juri (the repository) and bench/baregin into a temporary
//     directory;
//  2. drops and recreates the PostgreSQL database juri_bench and fills it
//     with bench/gen (defaults: 5,000 entries, 300 judges, 3 per entry, 8
//     criteria, and a published competition of 5,000 entries x 5 judges);
//     fills a SQLite file in the temporary directory the same way;
//  3. starts juri on each (JURI_ENV=production, log level info into a file,
//     a free port) and the bare Gin baseline serving the public document
//     juri answered, byte for byte, with juri's ETag;
//  4. signs the judges in through the API and saves every still pending
//     scorecard of theirs once, so the timed saves all update;
//  5. runs every scenario for -duration, -reps times, interleaved with its
//     baseline (A, B, A, B, ...), after one -warmup run of each that is not
//     counted, and takes medians; ratios are Juri / baseline within each
//     repetition, then the median of those;
//  6. samples pg_stat_activity during the saves, counts the queries each
//     request runs (in process, through the real router on the same data),
//     profiles the save and the public read (CPU, in process), and measures
//     a burst of sign-ins with the server's peak resident memory;
//  7. replaces the part of -out between the "make bench" markers, keeping
//     the rest, and drops the database (-keep keeps it).
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/juri-id/juri/bench/gen"
	"github.com/juri-id/juri/bench/load"
	"github.com/juri-id/juri/store"
)

type options struct {
	out         string
	pgAdmin     string
	dbName      string
	pgbench     string
	duration    time.Duration
	warmup      time.Duration
	reps        int
	clients     int
	saveClients int
	burst       int
	sqlite      bool
	sqliteAll   bool
	keep        bool
	gen         gen.Config
}

func main() {
	o := options{gen: gen.Defaults()}
	flag.StringVar(&o.out, "out", "docs/benchmarks.md", "the Markdown file to write the results into (between its markers)")
	flag.StringVar(&o.pgAdmin, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL URL of a database to create the benchmark's from")
	flag.StringVar(&o.dbName, "db", "juri_bench", "the benchmark's PostgreSQL database (dropped and recreated)")
	flag.StringVar(&o.pgbench, "pgbench", "/usr/lib/postgresql/15/bin/pgbench", "pgbench")
	flag.DurationVar(&o.duration, "duration", 4*time.Second, "length of each timed run")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "length of the uncounted first run of each scenario")
	flag.IntVar(&o.reps, "reps", 3, "timed runs of each scenario, interleaved with its baseline")
	flag.IntVar(&o.clients, "clients", 32, "concurrent clients of the read and sign-in scenarios")
	flag.IntVar(&o.saveClients, "save-clients", 50, "distinct judges saving at once")
	flag.IntVar(&o.burst, "burst", 200, "parallel sign-ins of the memory burst")
	flag.BoolVar(&o.sqlite, "sqlite", true, "also measure on SQLite")
	flag.BoolVar(&o.sqliteAll, "sqlite-all", false, "also run the judge reads and the ranking on SQLite")
	flag.BoolVar(&o.keep, "keep", false, "keep the PostgreSQL database afterwards")
	flag.IntVar(&o.gen.Entries, "entries", o.gen.Entries, "entries in the open desk round")
	flag.IntVar(&o.gen.Judges, "judges", o.gen.Judges, "judges")
	flag.IntVar(&o.gen.PerEntry, "per-entry", o.gen.PerEntry, "judges per entry in the desk round")
	flag.IntVar(&o.gen.Criteria, "criteria", o.gen.Criteria, "criteria")
	flag.IntVar(&o.gen.Words, "words", o.gen.Words, "mean words per proposal section")
	flag.IntVar(&o.gen.RankEntries, "rank-entries", o.gen.RankEntries, "entries of the ranked round")
	flag.IntVar(&o.gen.RankPerEntry, "rank-per-entry", o.gen.RankPerEntry, "judges per entry of the ranked round")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("juribench: ")
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

// bench is one run's state.
type bench struct {
	o        options
	root     string
	tmp      string
	machine  machine
	pg, sq   *site
	gin      *server
	pgb      *pgbench
	groups   []*group
	waits    map[string]*waits
	burst    burstResult
	queries  []queryCount
	profiles []profile
	phases   []phaseTime
	started  time.Time
}

type phaseTime struct {
	name string
	d    time.Duration
}

func (b *bench) phase(name string, fn func() error) error {
	log.Printf("%s ...", name)
	t := time.Now()
	err := fn()
	b.phases = append(b.phases, phaseTime{name, time.Since(t)})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	log.Printf("%s: %.1f s", name, time.Since(t).Seconds())
	return nil
}

func run(o options) error {
	b := &bench{o: o, started: time.Now(), waits: map[string]*waits{}}
	var err error
	if b.root, err = os.Getwd(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(b.root, "go.mod")); err != nil {
		return fmt.Errorf("run from the repository's root (no go.mod in %s)", b.root)
	}
	if b.tmp, err = os.MkdirTemp("", "juribench-"); err != nil {
		return err
	}
	defer os.RemoveAll(b.tmp)
	defer b.stopAll()
	b.machine = readMachine(o.pgAdmin)
	var juriBin string
	steps := []struct {
		name string
		fn   func() error
	}{
		{"build juri and baregin", func() (err error) { juriBin, _, err = build(b.root, b.tmp); return err }},
		{"generate the data", b.generate},
		{"start the servers", func() error { return b.startAll(juriBin) }},
		{"sign in and prepare", b.prepare},
		{"scorecard saves", b.runSaves},
		{"public read", b.runPublic},
		{"judge reads", b.runJudgeReads},
		{"ranking", b.runRanking},
		{"sign-in", b.runSignIn},
		{"queries per request", b.countQueries},
		{"profiles", b.runProfiles},
	}
	for _, s := range steps {
		if err := b.phase(s.name, s.fn); err != nil {
			return err
		}
	}
	b.stopAll()
	if !o.keep {
		_ = dropDB(o.pgAdmin, o.dbName)
	}
	doc := b.report()
	if err := writeBetweenMarkers(o.out, doc); err != nil {
		return err
	}
	log.Printf("wrote %s in %.0f s", o.out, time.Since(b.started).Seconds())
	return nil
}

// pgURL is the benchmark database's URL: -pg with its database replaced.
func (b *bench) pgURL() string {
	u, err := url.Parse(b.o.pgAdmin)
	if err != nil {
		return b.o.pgAdmin
	}
	u.Path = "/" + b.o.dbName
	return u.String()
}

func (s *site) url() string { return s.dsn }

func dropDB(admin, name string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`)
	return err
}

func (b *bench) generatePG() error {
	if err := dropDB(b.o.pgAdmin, b.o.dbName); err != nil {
		return err
	}
	db, err := sql.Open("pgx", b.o.pgAdmin)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE DATABASE "` + b.o.dbName + `"`); err != nil {
		return err
	}
	cfg := b.o.gen
	res, err := gen.Generate(context.Background(), gen.Target{DatabaseURL: b.pgURL()}, cfg)
	if err != nil {
		return err
	}
	b.pg = &site{name: "PostgreSQL", res: res}
	return nil
}

// generate fills both databases at once: PostgreSQL's side mostly waits for
// the server, SQLite's is all Go, so together they take about the time of
// the longer one.
func (b *bench) generate() error {
	errs := make(chan error, 2)
	go func() { errs <- b.generatePG() }()
	if b.o.sqlite {
		go func() { errs <- b.generateSQLite() }()
	} else {
		errs <- nil
	}
	return errors.Join(<-errs, <-errs)
}

func (b *bench) sqlitePath() string { return filepath.Join(b.tmp, "sqlite-data", "juri.db") }

func (b *bench) generateSQLite() error {
	cfg := b.o.gen
	if !b.o.sqliteAll {
		// On SQLite only the public read and the saves run: the published
		// competition needs its final round, not 5,000 ranked entries.
		cfg.RankEntries = min(cfg.RankEntries, max(1000, cfg.Finalists))
	}
	res, err := gen.Generate(context.Background(), gen.Target{SQLitePath: b.sqlitePath()}, cfg)
	if err != nil {
		return err
	}
	b.sq = &site{name: "SQLite", res: res}
	return nil
}

const jwtSecret = "juribench-secret-0123456789abcdef0123456789"

func (b *bench) startAll(juriBin string) error {
	web := filepath.Join(b.tmp, "web")
	if err := os.MkdirAll(web, 0o750); err != nil {
		return err
	}
	env := func(dataDir, dbURL string) []string {
		return []string{"JURI_ENV=production", "JURI_LOG_LEVEL=info", "JURI_JWT_SECRET=" + jwtSecret, "JURI_DEMO=0",
			"JURI_WEB_DIR=" + web, "JURI_DATA_DIR=" + dataDir, "JURI_DATABASE_URL=" + dbURL, "JURI_PUBLIC_URL=http://localhost:8080"}
	}
	var err error
	b.pg.srv, err = start("juri (PostgreSQL)", juriBin, filepath.Join(b.tmp, "juri-pg.log"), "/readyz",
		env(filepath.Join(b.tmp, "pg-data"), b.pgURL()))
	if err != nil {
		return err
	}
	b.pg.dsn = b.pgURL()
	if b.pg.st, err = store.Open(store.Options{DatabaseURL: b.pgURL()}); err != nil {
		return err
	}
	if b.pg.sqlDB, err = b.pg.st.DB().DB(); err != nil {
		return err
	}
	if b.sq != nil {
		b.sq.srv, err = start("juri (SQLite)", juriBin, filepath.Join(b.tmp, "juri-sqlite.log"), "/readyz",
			env(filepath.Dir(b.sqlitePath()), ""))
		if err != nil {
			return err
		}
		if b.sq.st, err = store.Open(store.Options{SQLitePath: b.sqlitePath()}); err != nil {
			return err
		}
		if b.sq.sqlDB, err = b.sq.st.DB().DB(); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) stopAll() {
	for _, s := range []*site{b.pg, b.sq} {
		if s != nil && s.srv != nil {
			s.srv.stop()
			s.srv.cmd.Process = nil
		}
		if s != nil && s.st != nil {
			s.st.Close()
			s.st = nil
		}
	}
	if b.gin != nil {
		b.gin.stop()
		b.gin.cmd.Process = nil
	}
}

// prepare signs in the judges on both sites, prepares pgbench's targets and
// starts the bare Gin baseline with PostgreSQL's public document.
func (b *bench) prepare() error {
	need := b.o.saveClients * 2
	if err := b.pg.prepare(need, need); err != nil {
		return err
	}
	var err error
	b.pgb, err = b.pg.preparePgbench(b.o.pgbench, b.tmp, b.o.saveClients, b.o.saveClients)
	if err != nil {
		return err
	}
	if b.sq != nil {
		if err := b.sq.prepare(max(b.o.saveClients, b.o.clients), max(b.o.saveClients, b.o.clients)); err != nil {
			return err
		}
	}
	doc := filepath.Join(b.tmp, "public.json")
	if err := os.WriteFile(doc, b.pg.pubBody, 0o644); err != nil {
		return err
	}
	ginBin := filepath.Join(b.tmp, "baregin")
	b.gin, err = start("bare Gin", ginBin, filepath.Join(b.tmp, "baregin.log"), "/healthz", nil,
		"-addr", "{addr}", "-body", doc, "-etag", b.pg.etag)
	return err
}

// result of one scenario function: what to run for an arm.
type runner func(d time.Duration) (load.Result, error)
