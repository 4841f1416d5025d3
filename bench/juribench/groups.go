package main

import (
	"context"
	"crypto/rand"
	"log"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/bench/load"
)

// arm is one contender of a group: Juri on one database, or a baseline.
type arm struct {
	label    string
	baseline bool
	run      runner
	runs     []load.Result
	waits    *waits         // sampled during the timed runs, when set
	server   func() *server // the process whose CPU time is counted, when set
	cpu      []time.Duration
	dbName   string
	site     *site
}

// ratio compares two arms of a group in each repetition: throughput
// (num / den requests per second) or, byTime, median latency.
type ratio struct {
	label    string
	num, den int
	byTime   bool
	values   []float64
}

// group is arms run interleaved: for each repetition every arm once, in
// order, so slow drifts of the shared machine hit all of them alike.
type group struct {
	title  string
	arms   []*arm
	ratios []*ratio
}

func scenario(mk func(d time.Duration) load.Scenario) runner {
	return func(d time.Duration) (load.Result, error) { return load.Run(context.Background(), mk(d)) }
}

func (b *bench) runGroup(g *group) error {
	for rep := 0; rep < b.o.reps; rep++ {
		for _, a := range g.arms {
			if rep == 0 && b.o.warmup > 0 {
				if _, err := a.run(b.o.warmup); err != nil {
					return err
				}
			}
			var r load.Result
			var err error
			var pid int
			var cpu0 time.Duration
			if a.server != nil {
				pid = a.server().pid()
				cpu0 = cpuTime(pid)
			}
			timed := func() error { r, err = a.run(b.o.duration); return err }
			if a.waits != nil {
				err = a.waits.around(a.site.sqlDB, a.dbName, timed)
			} else {
				err = timed()
			}
			if err != nil {
				return err
			}
			if pid != 0 {
				a.cpu = append(a.cpu, cpuTime(pid)-cpu0)
			}
			log.Printf("  %-44s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  [%s]", a.label, r.RPS(), ms(r.Quantile(0.5)),
				ms(r.Quantile(0.99)), r.StatusText())
			a.runs = append(a.runs, r)
		}
	}
	for _, q := range g.ratios {
		for rep := range b.o.reps {
			n, d := g.arms[q.num].runs[rep], g.arms[q.den].runs[rep]
			if q.byTime {
				q.values = append(q.values, float64(n.Quantile(0.5))/float64(max(d.Quantile(0.5), 1)))
			} else {
				q.values = append(q.values, n.RPS()/max(d.RPS(), 1e-9))
			}
		}
	}
	b.groups = append(b.groups, g)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (b *bench) runSaves() error {
	pgWaits, pgbWaits := newWaits(), newWaits()
	b.waits["Juri"], b.waits["pgbench"] = pgWaits, pgbWaits
	n := b.o.saveClients
	g := &group{title: "Scorecard save (PUT /assignments/:id/scorecard, 8 criteria)", arms: []*arm{
		{label: "Juri, PostgreSQL", run: scenario(func(d time.Duration) load.Scenario { return b.pg.saves(n, d) }),
			waits: pgWaits, dbName: b.o.dbName, site: b.pg, server: b.pg.server},
		{label: "pgbench, the same SQL", baseline: true, waits: pgbWaits, dbName: b.o.dbName, site: b.pg,
			run: func(d time.Duration) (load.Result, error) { return b.pgb.run("pgbench", n, d, false) }},
		{label: "pgbench, the same SQL with the old competition-wide lock", baseline: true,
			run: func(d time.Duration) (load.Result, error) { return b.pgb.run("pgbench-oldlock", n, d, true) }},
	}}
	if b.sq != nil {
		g.arms = append(g.arms, &arm{label: "Juri, SQLite", run: scenario(func(d time.Duration) load.Scenario { return b.sq.saves(n, d) }),
			server: b.sq.server})
	}
	g.ratios = []*ratio{{label: "Juri PostgreSQL / pgbench same SQL", num: 0, den: 1},
		{label: "Juri PostgreSQL / pgbench with the old lock", num: 0, den: 2}}
	return b.runGroup(g)
}

func (b *bench) runPublic() error {
	for _, revalidate := range []bool{false, true} {
		what, etag := "200", ""
		if revalidate {
			what = "304 (If-None-Match)"
		}
		title := "Public publication read, " + what
		mk := func(s *site) runner {
			if revalidate {
				etag = s.etag
			}
			e := etag
			return scenario(func(d time.Duration) load.Scenario {
				return public("public "+what+" "+s.name, s.srv.addr, s.res.Final.PublicationID, e, b.o.clients, d)
			})
		}
		g := &group{title: title, arms: []*arm{{label: "Juri, PostgreSQL", run: mk(b.pg), server: b.pg.server},
			{label: "bare Gin, the same document from memory", baseline: true, server: func() *server { return b.gin }, run: scenario(func(d time.Duration) load.Scenario {
				e := ""
				if revalidate {
					e = b.pg.etag
				}
				return public("bare gin "+what, b.gin.addr, b.pg.res.Final.PublicationID, e, b.o.clients, d)
			})}}}
		g.ratios = []*ratio{{label: "Juri PostgreSQL / bare Gin", num: 0, den: 1}}
		if b.sq != nil {
			g.arms = append(g.arms, &arm{label: "Juri, SQLite", run: mk(b.sq), server: b.sq.server})
			g.ratios = append(g.ratios, &ratio{label: "Juri SQLite / bare Gin", num: 2, den: 1})
		}
		if err := b.runGroup(g); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) runJudgeReads() error {
	n := b.o.clients
	g := &group{title: "A judge's reads: assignment list (GET /me/assignments?round_id=) and entry (GET /entries/:id)"}
	for _, s := range b.sitesAll() {
		g.arms = append(g.arms,
			&arm{label: "assignment list, " + s.name, server: s.server, run: scenario(func(d time.Duration) load.Scenario { return s.assignmentList(n, d) })},
			&arm{label: "entry read, " + s.name, server: s.server, run: scenario(func(d time.Duration) load.Scenario { return s.entryRead(n, d) })})
	}
	return b.runGroup(g)
}

func (b *bench) runRanking() error {
	g := &group{title: "Organizer's ranking (GET /rounds/:id/ranking), one request at a time"}
	for _, s := range b.sitesAll() {
		g.arms = append(g.arms,
			&arm{label: "Juri, " + s.name, server: s.server, run: scenario(func(d time.Duration) load.Scenario { return s.ranking(d) })},
			&arm{label: "SQL GROUP BY average, " + s.name, baseline: true, run: scenario(func(d time.Duration) load.Scenario { return s.groupBy(d) })})
		k := len(g.arms)
		g.ratios = append(g.ratios, &ratio{label: "Juri / GROUP BY, " + s.name + " (median time)", num: k - 2, den: k - 1, byTime: true})
	}
	return b.runGroup(g)
}

// argon2Alone is the sign-in's floor: Juri's argon2id verification alone,
// on as many goroutines as cores, in this process while the servers idle.
func argon2Alone(d time.Duration) (load.Result, error) {
	p := auth.OWASPParams
	salt := make([]byte, p.SaltLen)
	_, _ = rand.Read(salt)
	var mu sync.Mutex
	var lat []time.Duration
	var stop atomic.Bool
	var wg sync.WaitGroup
	start := time.Now()
	time.AfterFunc(d, func() { stop.Store(true) })
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				t := time.Now()
				argon2.IDKey([]byte("Bench-Juri-Sandi-2026"), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
				mu.Lock()
				lat = append(lat, time.Since(t))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return load.FromLatencies("argon2id", runtime.NumCPU(), time.Since(start), lat, 200, 0), nil
}

func (b *bench) runSignIn() error {
	g := &group{title: "Sign-in (POST /auth/login), each from a new connection and address", arms: []*arm{
		{label: "Juri, PostgreSQL", server: b.pg.server, run: scenario(func(d time.Duration) load.Scenario { return b.pg.signIns(b.o.clients, d) })},
		{label: "argon2id alone (Juri's parameters, one goroutine per core)", baseline: true, run: argon2Alone},
	}, ratios: []*ratio{{label: "Juri / argon2id alone", num: 0, den: 1}}}
	if err := b.runGroup(g); err != nil {
		return err
	}
	// A fresh process, so the burst starts from an idle server's memory and
	// not from what the sign-ins above left in the heap.
	srv, err := b.pg.srv.restart()
	if err != nil {
		return err
	}
	b.pg.srv = srv
	b.burst, err = b.pg.burst(b.o.burst)
	return err
}

// sitesAll is where the scenarios that are required on PostgreSQL only run:
// PostgreSQL, and SQLite too with -sqlite-all.
func (b *bench) sitesAll() []*site {
	if b.sq != nil && b.o.sqliteAll {
		return []*site{b.pg, b.sq}
	}
	return []*site{b.pg}
}
