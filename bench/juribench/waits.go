package main

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// waits tallies what the database's backends of one database were doing,
// sampled from pg_stat_activity every 10 ms: for each backend inside a
// request (state active or idle in transaction), its state and wait event.
// A backend "idle in transaction" waits for the application's next
// statement (wait event ClientRead); an active one without a wait event is
// running on the CPU.
type waits struct {
	mu      sync.Mutex
	counts  map[string]int
	samples int
}

func newWaits() *waits { return &waits{counts: map[string]int{}} }

// sample runs until ctx ends.
func (w *waits) sample(ctx context.Context, db *sql.DB, dbName string) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		rows, err := db.QueryContext(ctx, `SELECT state, COALESCE(wait_event_type, ''), COALESCE(wait_event, ''), COUNT(*)
			FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')
			GROUP BY 1, 2, 3`, dbName)
		if err == nil {
			w.mu.Lock()
			w.samples++
			for rows.Next() {
				var state, typ, ev string
				var n int
				if rows.Scan(&state, &typ, &ev, &n) == nil {
					key := state + ": "
					switch {
					case typ == "" && state == "active":
						key += "on CPU (no wait event)"
					case typ == "":
						key += "no wait event"
					default:
						key += typ + "/" + ev
					}
					w.counts[key] += n
				}
			}
			w.mu.Unlock()
			rows.Close()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// around runs fn while sampling.
func (w *waits) around(db *sql.DB, dbName string, fn func() error) error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.sample(ctx, db, dbName); close(done) }()
	err := fn()
	cancel()
	<-done
	return err
}

// total is the number of backend samples.
func (w *waits) total() int {
	n := 0
	for _, v := range w.counts {
		n += v
	}
	return n
}

// table is the tally, largest first, as Markdown rows: "| what | n | % |".
func (w *waits) rows() []string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range w.counts {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v || (all[i].v == all[j].v && all[i].k < all[j].k) })
	total := w.total()
	var out []string
	for _, x := range all {
		out = append(out, fmt.Sprintf("| %s | %d | %.0f%% |", strings.ReplaceAll(x.k, "|", "/"), x.v, 100*float64(x.v)/float64(max(total, 1))))
	}
	return out
}
