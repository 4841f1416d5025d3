package api_test

import (
	"maps"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// dbLoad is judges saving their scorecards over and over while a test
// breaks the database under them. It counts the answers by status, keeps
// each scorecard's last acknowledged save, and fails the test on any answer
// other than 200, 409 and 503 unavailable.
type dbLoad struct {
	t    *testing.T
	w    *judgingWorld
	stop atomic.Bool
	wg   sync.WaitGroup

	mu     sync.Mutex
	counts map[int]int
	last   map[int64]ccAck // assignment -> last acknowledged save
	ready  map[int]int     // /readyz answers by status
}

func startDBLoad(t *testing.T, w *judgingWorld, jobs map[int64]string) *dbLoad {
	l := &dbLoad{t: t, w: w, counts: map[int]int{}, last: map[int64]ccAck{}, ready: map[int]int{}}
	n := 0
	for id, tok := range jobs {
		n++
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			rng := rand.New(rand.NewPCG(uint64(id), 1))
			for !l.stop.Load() {
				res := w.s.Do("GET", jgAssignmentPath(id, "scorecard"), tok, nil)
				if !l.note(res) {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				var cur jgScorecard
				res.JSON(t, &cur)
				scores := []map[string]any{}
				for _, c := range w.crit {
					scores = append(scores, map[string]any{"criterion_id": c.ID, "value": float64(rng.IntN(11)), "comment": ""})
				}
				res = w.s.Do("PUT", jgAssignmentPath(id, "scorecard"), tok, map[string]any{"version": cur.Version, "scores": scores, "comment": "simpan"})
				if l.note(res) {
					var sc jgScorecard
					res.JSON(t, &sc)
					l.mu.Lock()
					l.last[id] = ccAck{version: sc.Version, save: true, values: ccValues(sc)}
					l.mu.Unlock()
				}
			}
		}()
	}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		for !l.stop.Load() {
			res := w.s.Do("GET", "/readyz", "", nil)
			l.mu.Lock()
			l.ready[res.Code]++
			l.mu.Unlock()
			if res.Code != 200 && (res.Code != 503 || res.ErrorCode() != "unavailable") {
				t.Errorf("/readyz answered %d %s", res.Code, res.Body)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return l
}

// note counts an answer and reports whether it was a 200.
func (l *dbLoad) note(res *testenv.Response) bool {
	l.mu.Lock()
	l.counts[res.Code]++
	l.mu.Unlock()
	switch {
	case res.Code == 200:
		return true
	case res.Code == 409:
	case res.Code == 503 && res.ErrorCode() == "unavailable" && res.Header.Get("Retry-After") != "":
	default:
		l.t.Errorf("during a database fault: answered %d %s", res.Code, res.Body)
	}
	return false
}

func (l *dbLoad) snapshot() (map[int]int, map[int]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.counts), maps.Clone(l.ready)
}

func (l *dbLoad) finish() {
	l.stop.Store(true)
	l.wg.Wait()
}

// waitReady polls /readyz until it answers 200.
func waitReady(t *testing.T, s *testenv.Server, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if s.Do("GET", "/readyz", "", nil).Code == 200 {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("/readyz did not come back within %v", within)
	return 0
}

// TestDatabaseOutage runs Juri on a private PostgreSQL server and, while
// judges save, first kills its connections (pg_terminate_backend), then
// stops the server and starts it again. Throughout, every answer is 200,
// 409 or 503 unavailable with Retry-After, never a 500 or a panic; while
// the server is down the API and /readyz answer 503; once it is up again
// service resumes by itself (the same router and pool, no restart of Juri),
// and each scorecard holds its last acknowledged save or a later one whose
// commit the outage cut off.
func TestDatabaseOutage(t *testing.T) {
	pg := testenv.StartPG(t)
	w := newJudgingWorld(t, jgSpec{opds: 2, perOPD: 2, judges: []int{-1, -1, -1, -1},
		backend: []testenv.Option{testenv.OnDatabase(t, pg.URL)}})
	if w.s.Store.Dialect() != "postgres" {
		t.Fatal("the world is not on the private server")
	}
	jobs := map[int64]string{}
	for i, j := range w.judges {
		jobs[w.assign(w.entries[i].ID, j.ID)] = j.Tok
	}
	l := startDBLoad(t, w, jobs)
	defer l.finish()
	faults := 0

	// 1. Every connection of Juri's pool killed, three times.
	for range 3 {
		time.Sleep(300 * time.Millisecond)
		n := pg.Psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
		t.Logf("pg_terminate_backend ended %s connections", n)
		faults++
	}
	time.Sleep(500 * time.Millisecond)
	counts, _ := l.snapshot()
	if counts[200] == 0 {
		t.Fatalf("no save landed around the killed connections: %v", counts)
	}

	// 2. The server stops (as for a restart or a crash) and comes back.
	for _, mode := range []string{"fast", "immediate"} {
		before, readyBefore := l.snapshot()
		pg.Stop(mode)
		pg.WaitDown()
		faults++
		down := time.Now()
		time.Sleep(1500 * time.Millisecond)
		// While it is down, a judge's request answers 503 in the contract's shape.
		var jid int64
		var tok string
		for jid, tok = range jobs {
			break
		}
		res := w.s.Do("GET", jgAssignmentPath(jid, "scorecard"), tok, nil)
		if res.Code != 503 || res.ErrorCode() != "unavailable" || res.Header.Get("Retry-After") == "" {
			t.Errorf("a request while the database is down (%s stop): %d %s", mode, res.Code, res.Body)
		}
		if r := w.s.Do("GET", "/readyz", "", nil); r.Code != 503 || r.ErrorCode() != "unavailable" {
			t.Errorf("/readyz while the database is down: %d %s", r.Code, r.Body)
		}
		during, readyDuring := l.snapshot()
		pg.Start()
		back := waitReady(t, w.s, 30*time.Second)
		time.Sleep(700 * time.Millisecond)
		after, _ := l.snapshot()
		t.Logf("%s stop: down %v, ready again %v after the start; answers before %v, while down +%d×503, /readyz 503 %d times; 200s after the start: %d",
			mode, time.Since(down).Round(time.Millisecond)-back, back.Round(time.Millisecond), before, during[503]-before[503],
			readyDuring[503]-readyBefore[503], after[200]-during[200])
		if during[503] == before[503] {
			t.Errorf("no request answered 503 while the database was down (%s)", mode)
		}
		if after[200] == during[200] {
			t.Errorf("no request succeeded after the database came back (%s)", mode)
		}
	}
	l.finish()

	// Nothing acknowledged was lost: each scorecard holds its last
	// acknowledged save, or a later version whose answer the outage ate.
	for id, tok := range jobs {
		ack, ok := l.last[id]
		if !ok {
			t.Errorf("assignment %d: no save was ever acknowledged", id)
			continue
		}
		sc := w.scorecardOf(tok, id)
		switch {
		case sc.Version < ack.version:
			t.Errorf("assignment %d: stored version %d is older than the acknowledged %d", id, sc.Version, ack.version)
		case sc.Version == ack.version && !maps.Equal(ccValues(sc), ack.values):
			t.Errorf("assignment %d: version %d holds %v, the acknowledged save had %v", id, sc.Version, ccValues(sc), ack.values)
		}
	}
	counts, ready := l.snapshot()
	t.Logf("%d faults injected and survived; answers by status %v; /readyz %v", faults, counts, ready)
}
