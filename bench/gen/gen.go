// Package gen fills a Juri database with a competition of any size, fast,
// for the benchmarks in bench/.
//
// It migrates the database with the store's own migrations and bulk-inserts
// the bulk of the rows through GORM on the store's handle (batched INSERTs in
// a few transactions, never one API call per row), while the few steps whose
// rules matter go through the real router in process: advancing the
// finalists (the real ranking), publishing the results (the real digest and
// snapshot) and the public objections with their answers. Every audit row the
// generator writes itself is chained with store.AuditHash, and at the end
// every chain is checked with the store's VerifyAudit, so the server accepts
// the data as its own.
//
// What one run holds (defaults in brackets):
//
//   - OPDs [120], one participant per OPD, an admin, an organizer and the
//     judges [300], all with one password hashed once with Juri's argon2id
//     parameters;
//   - "KIPP <year>", in judging: the ten KIPP categories, a proposal form of a
//     summary plus one section per criterion, [5,000] submitted entries with
//     sections of a few hundred words [250 on average], an open desk round
//     "Penilaian Proposal" with a rubric of [8] criteria, [3] judges per entry
//     assigned by the real solver (assign.Solve, with expertise), and a
//     fraction of the scorecards saved as drafts or submitted [50% saved, of
//     all 20% submitted];
//   - "Lomba Inovasi Daerah <year>", judged and published yesterday: [5,000]
//     entries scored by [5] judges each on the same rubric (every scorecard
//     submitted: the ranking workload), the top [100] advanced by the real
//     ranking into a final round with two criteria and 5 judges each, that
//     round's publication, and [10] public objections of which 80% are
//     answered.
package gen

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// Config is the size and shape of the generated data.
type Config struct {
	Entries      int     // entries in the open desk round
	Judges       int     // judges, members of both competitions
	PerEntry     int     // judges per entry in the desk round
	Criteria     int     // criteria of the desk and ranked rounds
	Words        int     // mean words per proposal section
	OPDs         int     // organizations, one participant each
	Filled       float64 // fraction of desk assignments with a saved scorecard
	Submitted    float64 // fraction of desk assignments submitted (part of Filled)
	RankEntries  int     // entries of the ranked round of the published competition (0: none)
	RankPerEntry int     // judges per entry there
	Finalists    int     // entries advanced into the published final round
	Objections   int     // public objections to the publication
	Seed         uint64
	Password     string // every user's password
	Log          io.Writer
}

// Defaults returns the default Config: the sizes of issue 13.
func Defaults() Config {
	return Config{Entries: 5000, Judges: 300, PerEntry: 3, Criteria: 8, Words: 250, OPDs: 120, Filled: 0.5, Submitted: 0.2,
		RankEntries: 5000, RankPerEntry: 5, Finalists: 100, Objections: 10, Seed: 2026, Password: DefaultPassword}
}

// DefaultPassword is every generated user's password.
const DefaultPassword = "Bench-Juri-Sandi-2026"

// Target is the database to fill: a PostgreSQL URL, or else a SQLite file.
type Target struct {
	DatabaseURL string
	SQLitePath  string
}

// User is a generated account.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// Step is one timed part of the generation.
type Step struct {
	Name   string  `json:"name"`
	Rows   int     `json:"rows"`
	Millis float64 `json:"ms"`
}

// Result says what was generated, for the load driver.
type Result struct {
	Dialect   string `json:"dialect"`
	Password  string `json:"password"`
	Admin     User   `json:"admin"`
	Organizer User   `json:"organizer"`
	Judges    []User `json:"judges"`
	Desk      struct {
		CompetitionID int64          `json:"competition_id"`
		RoundID       int64          `json:"round_id"`
		Entries       int            `json:"entries"`
		Assignments   int            `json:"assignments"`
		Scorecards    map[string]int `json:"scorecards"` // by status, "pending" for none
		Scores        int            `json:"scores"`
		SectionBytes  int64          `json:"section_bytes"` // total bytes of proposal text
	} `json:"desk"`
	Ranked struct {
		CompetitionID int64 `json:"competition_id"`
		RoundID       int64 `json:"round_id"`
		Entries       int   `json:"entries"`
		Scorecards    int   `json:"scorecards"`
		Scores        int   `json:"scores"`
	} `json:"ranked"`
	Final struct {
		RoundID       int64  `json:"round_id"`
		PublicationID int64  `json:"publication_id"`
		Entries       int    `json:"entries"`
		Digest        string `json:"digest"`
		Objections    int    `json:"objections"`
		Answered      int    `json:"answered"`
	} `json:"final"`
	AuditRows int     `json:"audit_rows"`
	Steps     []Step  `json:"steps"`
	Seconds   float64 `json:"seconds"`
}

// generator carries one run's state.
type generator struct {
	cfg       Config
	st        *store.Store
	db        *gorm.DB
	rng       *rand.Rand
	txt       text
	clockAt   time.Time // the store's and the router's clock: clockAt plus the time since clockWall
	clockWall time.Time
	now       time.Time // wall time at the start: the story is placed before it
	res       *Result
	hash      string // the one argon2id hash every user gets

	orgs         []models.Organization
	participants map[int64]models.User // by organization
	admin        models.User
	organizer    models.User
	judges       []models.User
	global       *chain
}

// Generate fills an empty database.
func Generate(ctx context.Context, t Target, cfg Config) (*Result, error) {
	if err := check(cfg); err != nil {
		return nil, err
	}
	start := time.Now()
	g := &generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 13)), res: &Result{Password: cfg.Password},
		now: start.UTC().Truncate(time.Microsecond), participants: map[int64]models.User{}}
	g.txt = text{rng: g.rng}
	g.setClock(g.now)
	st, err := store.Open(store.Options{DatabaseURL: t.DatabaseURL, SQLitePath: t.SQLitePath, Now: g.clock})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	g.st, g.db, g.res.Dialect = st, st.DB().WithContext(ctx), st.Dialect()
	if err := g.run(ctx); err != nil {
		return nil, err
	}
	g.res.Seconds = time.Since(start).Seconds()
	return g.res, nil
}

func check(c Config) error {
	switch {
	case c.Entries < 1 || c.Judges < 1 || c.OPDs < 1:
		return fmt.Errorf("entries, judges and OPDs must be at least 1")
	case c.PerEntry < 1 || c.PerEntry > c.Judges || c.RankPerEntry > c.Judges:
		return fmt.Errorf("judges per entry must be from 1 to the number of judges (%d)", c.Judges)
	case c.Criteria < 1 || c.Criteria > 20:
		return fmt.Errorf("criteria must be from 1 to 20")
	case c.Filled < 0 || c.Filled > 1 || c.Submitted < 0 || c.Submitted > c.Filled:
		return fmt.Errorf("want 0 <= submitted <= filled <= 1")
	case c.RankEntries > 0 && (c.RankPerEntry < 1 || c.Finalists < 1 || c.Finalists > c.RankEntries):
		return fmt.Errorf("the published competition needs judges per entry >= 1 and 1 <= finalists <= its entries")
	case len(c.Password) < auth.MinPasswordLen:
		return fmt.Errorf("the password must have at least %d characters", auth.MinPasswordLen)
	}
	return nil
}

func (g *generator) logf(format string, args ...any) {
	if g.cfg.Log != nil {
		fmt.Fprintf(g.cfg.Log, format+"\n", args...)
	}
}

// step times fn and records it.
func (g *generator) step(name string, fn func() (int, error)) error {
	t := time.Now()
	rows, err := fn()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	s := Step{Name: name, Rows: rows, Millis: float64(time.Since(t).Microseconds()) / 1000}
	g.res.Steps = append(g.res.Steps, s)
	g.logf("  %-34s %8d rows %9.0f ms", name, rows, s.Millis)
	return nil
}

func (g *generator) run(ctx context.Context) error {
	if err := g.step("migrate", func() (int, error) { return 0, g.st.Migrate() }); err != nil {
		return err
	}
	var n int64
	if err := g.db.Model(&models.User{}).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the database already holds %d users; generate into an empty one", n)
	}
	if err := g.step("argon2id hash (once)", func() (int, error) {
		var err error
		g.hash, err = auth.NewPasswords(auth.OWASPParams).Hash(context.Background(), g.cfg.Password)
		return 1, err
	}); err != nil {
		return err
	}
	g.global = newChain(store.ScopeGlobal)
	if err := g.step("organizations, users", g.people); err != nil {
		return err
	}
	if err := g.desk(ctx); err != nil {
		return err
	}
	if g.cfg.RankEntries > 0 {
		if err := g.published(ctx); err != nil {
			return err
		}
	}
	if err := g.step("audit chain: global", func() (int, error) { return g.global.flush(g) }); err != nil {
		return err
	}
	if err := g.step("ANALYZE", func() (int, error) { return 0, g.db.Exec("ANALYZE").Error }); err != nil {
		return err
	}
	return g.step("verify every audit chain", func() (int, error) { return g.verify(ctx) })
}

// at is a time d before the start of the run, to the microsecond.
func (g *generator) at(d time.Duration) time.Time { return g.now.Add(-d).Truncate(time.Microsecond) }

// between is a random time from a to b before the start of the run.
func (g *generator) between(a, b time.Duration) time.Time {
	if b <= a {
		return g.at(a)
	}
	return g.at(a + time.Duration(g.rng.Int64N(int64(b-a))))
}

// verify checks every chain with the server's own code.
func (g *generator) verify(ctx context.Context) (int, error) {
	var scopes []string
	if err := g.db.Model(&models.AuditEntry{}).Distinct("scope").Order("scope").Pluck("scope", &scopes).Error; err != nil {
		return 0, err
	}
	total := 0
	for _, s := range scopes {
		v, err := g.st.VerifyAudit(ctx, s)
		if err != nil {
			return 0, err
		}
		if !v.Valid {
			return 0, fmt.Errorf("audit chain %s breaks at row %d: %s", s, v.BrokenAt, v.Reason)
		}
		total += v.Entries
	}
	g.res.AuditRows = total
	return total, nil
}

// setClock moves the story's clock to t; it runs on from there.
func (g *generator) setClock(t time.Time) { g.clockAt, g.clockWall = t, time.Now() }

// clock is the time the store and the router see.
func (g *generator) clock() time.Time { return g.clockAt.Add(time.Since(g.clockWall)) }
