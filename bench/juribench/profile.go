package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/juri-id/juri/bench/load"
)

// profile is what pprof showed for one scenario run against juriprof.
type profile struct {
	name       string
	result     load.Result
	top        string         // go tool pprof -top (flat)
	cum        string         // go tool pprof -top -cum, every node
	goroutines map[string]int // request goroutines by where they were, summed over samples
	samples    int
}

// runProfiles starts juriprof (juri's server with pprof) on the PostgreSQL
// database and profiles the saves and the public read: a CPU profile over
// the run, and the stacks of every request goroutine sampled every 100 ms.
func (b *bench) runProfiles() error {
	bin := filepath.Join(b.tmp, "juriprof")
	cmd := exec.Command("go", "build", "-o", bin, "./bench/juriprof")
	cmd.Dir = b.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build juriprof: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	pprofAddr := fmt.Sprintf("127.0.0.1:%d", port)
	web := filepath.Join(b.tmp, "web")
	srv, err := start("juriprof (PostgreSQL)", bin, filepath.Join(b.tmp, "juriprof.log"), "/readyz",
		[]string{"JURI_ENV=production", "JURI_LOG_LEVEL=info", "JURI_JWT_SECRET=" + jwtSecret, "JURI_WEB_DIR=" + web,
			"JURI_DATA_DIR=" + filepath.Join(b.tmp, "prof-data"), "JURI_DATABASE_URL=" + b.pgURL(), "JURI_PPROF_ADDR=" + pprofAddr})
	if err != nil {
		return err
	}
	defer srv.stop()
	d := b.o.duration
	s := *b.pg
	s.srv = srv
	runs := []struct {
		name string
		sc   load.Scenario
	}{
		{"scorecard save, PostgreSQL, 50 judges", s.saves(b.o.saveClients, d)},
		{"public read 200, PostgreSQL", public("public 200", srv.addr, s.res.Final.PublicationID, "", b.o.clients, d)},
		{"public read 304, PostgreSQL", public("public 304", srv.addr, s.res.Final.PublicationID, s.etag, b.o.clients, d)},
	}
	for _, r := range runs {
		// One short uncounted run first, so connections and caches are warm.
		warm := r.sc
		warm.Duration = b.o.warmup
		if _, err := load.Run(context.Background(), warm); err != nil {
			return err
		}
		p, err := profileRun(bin, pprofAddr, b.tmp, r.name, r.sc)
		if err != nil {
			return err
		}
		b.profiles = append(b.profiles, p)
	}
	return nil
}

func profileRun(bin, pprofAddr, dir, name string, sc load.Scenario) (profile, error) {
	p := profile{name: name, goroutines: map[string]int{}}
	secs := max(1, int(sc.Duration.Seconds()))
	cpuFile := filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", time.Now().UnixNano()))
	cpuDone := make(chan error, 1)
	go func() {
		cpuDone <- fetch(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", pprofAddr, secs), cpuFile)
	}()
	ctx, cancel := context.WithCancel(context.Background())
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		time.Sleep(200 * time.Millisecond)
		for ctx.Err() == nil {
			if err := p.sampleGoroutines(pprofAddr); err == nil {
				p.samples++
			}
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	}()
	res, err := load.Run(context.Background(), sc)
	cancel()
	<-sampled
	if err != nil {
		return p, err
	}
	if err := <-cpuDone; err != nil {
		return p, err
	}
	p.result = res
	out, err := exec.Command("go", "tool", "pprof", "-top", "-nodecount=25", bin, cpuFile).CombinedOutput()
	if err != nil {
		return p, fmt.Errorf("go tool pprof: %v\n%s", err, out)
	}
	p.top = string(out)
	if out, err = exec.Command("go", "tool", "pprof", "-top", "-cum", "-nodecount=100000", bin, cpuFile).CombinedOutput(); err != nil {
		return p, fmt.Errorf("go tool pprof: %v\n%s", err, out)
	}
	p.cum = string(out)
	return p, nil
}

func fetch(url, file string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var storeFrameRe = regexp.MustCompile(`^github\.com/juri-id/juri/store\.\(\*Store\)\.([A-Za-z0-9_]+)`)

// sampleGoroutines reads every goroutine's stack and counts the ones
// serving a request by where they are: the innermost store method (file and
// line) when they are in the store, else "outside the store" with their
// scheduler state.
func (p *profile) sampleGoroutines(addr string) error {
	resp, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=2")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var block []string
	flush := func() {
		if len(block) > 0 {
			if k := classify(block); k != "" {
				p.goroutines[k]++
			}
		}
		block = block[:0]
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "goroutine ") {
			flush()
		}
		block = append(block, line)
	}
	flush()
	return sc.Err()
}

func classify(block []string) string {
	all := strings.Join(block, "\n")
	if !strings.Contains(all, "github.com/juri-id/juri/handlers.") && !strings.Contains(all, "github.com/juri-id/juri/api.") {
		return "" // not serving a request: idle connections, the pool, the runtime
	}
	for i, l := range block {
		if m := storeFrameRe.FindStringSubmatch(l); m != nil && i+1 < len(block) {
			loc := strings.TrimSpace(block[i+1])
			if j := strings.Index(loc, "/store/"); j >= 0 {
				loc = loc[j+1:]
			}
			if j := strings.Index(loc, " +0x"); j >= 0 {
				loc = loc[:j]
			}
			if strings.Contains(all, "database/sql.(*DB).conn(") && !strings.Contains(all, "pgconn") {
				return fmt.Sprintf("in the store, waiting for a free pool connection: %s (%s)", loc, m[1])
			}
			return fmt.Sprintf("in the store: %s (%s)", loc, m[1])
		}
	}
	state := strings.TrimSuffix(strings.SplitN(block[0], "[", 2)[len(strings.SplitN(block[0], "[", 2))-1], "]:")
	if k := strings.Index(state, ","); k >= 0 {
		state = state[:k]
	}
	return "outside the store: " + state
}

// goroutineRows is the tally: first by kind (in a statement, waiting for a
// pool connection, outside the store), then the places, largest first.
func (p profile) goroutineRows() []string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	total := 0
	kinds := map[string]int{}
	for k, v := range p.goroutines {
		all = append(all, kv{k, v})
		total += v
		switch {
		case strings.HasPrefix(k, "in the store, waiting for a free pool connection"):
			kinds["waiting for a free connection of the pool"] += v
		case strings.HasPrefix(k, "in the store"):
			kinds["in a statement (sent, waiting for PostgreSQL's answer, or reading it)"] += v
		default:
			kinds["outside the store"] += v
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v || (all[i].v == all[j].v && all[i].k < all[j].k) })
	share := func(v int) string { return fmt.Sprintf("%.0f%%", 100*float64(v)/float64(max(total, 1))) }
	var out []string
	for _, k := range []string{"in a statement (sent, waiting for PostgreSQL's answer, or reading it)",
		"waiting for a free connection of the pool", "outside the store"} {
		out = append(out, fmt.Sprintf("| **%s** | **%d** | **%s** |", k, kinds[k], share(kinds[k])))
	}
	for i, x := range all {
		if i == 12 {
			break
		}
		out = append(out, fmt.Sprintf("| %s | %d | %s |", x.k, x.v, share(x.v)))
	}
	return out
}

// cpuAreas picks from the cumulative profile the share of CPU samples of a
// few functions that stand for an area of the work, and the profile's
// summary line (how much of the run's wall time the server was on a CPU).
func (p profile) cpuAreas() (summary string, rows []string) {
	areas := []struct{ label, fn string }{
		{"all request handling", "net/http.(*conn).serve"},
		{"the scorecard save handler", "github.com/juri-id/juri/handlers.(*Scorecards).Put"},
		{"the public read handler", "github.com/juri-id/juri/handlers.(*Public).Get"},
		{"GORM with database/sql and pgx (every statement)", "gorm.io/gorm.(*processor).Execute"},
		{"GORM building statements (statement.Build)", "gorm.io/gorm.(*Statement).Build"},
		{"GORM reading rows into structs (scan)", "gorm.io/gorm.Scan"},
		{"pgx waiting for and reading answers (pgproto3 Receive)", "github.com/jackc/pgx/v5/pgproto3.(*Frontend).Receive"},
		{"JSON encoding, request and response (encoding/json)", "encoding/json.(*encodeState).marshal"},
		{"JSON decoding (encoding/json.Unmarshal)", "encoding/json.Unmarshal"},
		{"the request log line (log/slog)", "log/slog.(*Logger).log"},
		{"writing to sockets (syscall.write)", "syscall.write"},
		{"reading from sockets (syscall.read)", "syscall.read"},
		{"memory allocation (runtime.mallocgc)", "runtime.mallocgc"},
		{"garbage collection (runtime.gcBgMarkWorker)", "runtime.gcBgMarkWorker"},
		{"SHA-256 (audit hash, ETag)", "crypto/sha256.(*Digest).Write"},
	}
	cum := map[string]string{}
	for _, line := range strings.Split(p.cum, "\n") {
		if strings.Contains(line, "Total samples") {
			summary = strings.TrimSpace(line)
		}
		f := strings.Fields(line)
		if len(f) >= 6 && strings.HasSuffix(f[4], "%") {
			name := strings.Join(f[5:], " ")
			name = strings.TrimSuffix(name, " (inline)")
			if _, ok := cum[name]; !ok {
				cum[name] = f[4]
			}
		}
	}
	for _, a := range areas {
		if v, ok := cum[a.fn]; ok {
			rows = append(rows, fmt.Sprintf("| %s | `%s` | %s |", a.label, a.fn, v))
		}
	}
	return summary, rows
}
