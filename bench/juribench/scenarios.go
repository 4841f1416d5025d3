package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/juri-id/juri/bench/load"
)

// saveBody is a scorecard save as the web app sends it: every criterion
// with a value on the half-point step, a comment on two of them and on the
// scorecard.
func saveBody(version int, criteria []int64, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, uint64(version)))
	var b strings.Builder
	fmt.Fprintf(&b, `{"version":%d,"comment":"Proposal cukup lengkap; data dampak perlu diperjelas pada bagian signifikansi.","scores":[`, version)
	for i, c := range criteria {
		if i > 0 {
			b.WriteByte(',')
		}
		comment := ""
		if i < 2 {
			comment = "Uraian jelas, didukung data sebelum dan sesudah inovasi."
		}
		fmt.Fprintf(&b, `{"criterion_id":%d,"value":%s,"comment":%q}`, c, strconv.FormatFloat(float64(8+rng.IntN(13))/2, 'f', -1, 64), comment)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// saves is the deadline: each of the judges saves its own scorecards in
// turn with the version it last read, as fast as the server answers.
func (s *site) saves(clients int, d time.Duration) load.Scenario {
	js := s.judges[:min(clients, len(s.judges))]
	seeds := make([]uint64, len(js))
	return load.Scenario{Name: "save " + s.name, Clients: len(js), Duration: d, Addr: s.srv.addr,
		Setup: func(i int, c *load.Client) error { c.Local = clientIP(i); return nil },
		Do: func(i int, c *load.Client) (int, error) {
			j := js[i]
			t := &j.targets[j.next%len(j.targets)]
			j.next++
			seeds[i]++
			req := load.Request("PUT", s.srv.addr, fmt.Sprintf("/api/v1/assignments/%d/scorecard", t.ID),
				saveBody(t.Version, s.criteria, seeds[i]), "Authorization", "Bearer "+j.token)
			st, err := c.Do(req, true)
			if err != nil {
				return st, err
			}
			var out struct {
				Version int `json:"version"`
				Error   struct {
					Current struct {
						Version int `json:"version"`
					} `json:"current"`
				} `json:"error"`
			}
			if json.Unmarshal(c.Body, &out) == nil {
				switch st {
				case 200:
					t.Version = out.Version
				case 409:
					t.Version = out.Error.Current.Version
				}
			}
			return st, nil
		}}
}

// get is clients sending one prepared GET each time (pick chooses it).
func get(name, addr string, clients int, d time.Duration, pick func(i, n int) []byte) load.Scenario {
	counts := make([]int, clients)
	return load.Scenario{Name: name, Clients: clients, Duration: d, Addr: addr,
		Setup: func(i int, c *load.Client) error { c.Local = clientIP(i); return nil },
		Do: func(i int, c *load.Client) (int, error) {
			counts[i]++
			return c.Do(pick(i, counts[i]), false)
		}}
}

// public is the results page: anonymous reads of the publication, with
// If-None-Match (revalidation, 304) or without (200).
func public(name, addr string, pubID int64, etag string, clients int, d time.Duration) load.Scenario {
	path := fmt.Sprintf("/api/v1/public/publications/%d", pubID)
	req := load.Request("GET", addr, path, nil)
	if etag != "" {
		req = load.Request("GET", addr, path, nil, "If-None-Match", etag)
	}
	return get(name, addr, clients, d, func(int, int) []byte { return req })
}

// assignmentList is each judge opening its list of assignments.
func (s *site) assignmentList(clients int, d time.Duration) load.Scenario {
	reqs := make([][]byte, min(clients, len(s.judges)))
	for i := range reqs {
		reqs[i] = load.Request("GET", s.srv.addr, fmt.Sprintf("/api/v1/me/assignments?round_id=%d", s.res.Desk.RoundID), nil,
			"Authorization", "Bearer "+s.judges[i].token)
	}
	return get("assignment list "+s.name, s.srv.addr, len(reqs), d, func(i, _ int) []byte { return reqs[i] })
}

// entryRead is each judge reading its entries one after the other.
func (s *site) entryRead(clients int, d time.Duration) load.Scenario {
	js := s.judges[:min(clients, len(s.judges))]
	return get("entry read "+s.name, s.srv.addr, len(js), d, func(i, n int) []byte {
		j := js[i]
		return load.Request("GET", s.srv.addr, fmt.Sprintf("/api/v1/entries/%d", j.entries[n%len(j.entries)]), nil,
			"Authorization", "Bearer "+j.token)
	})
}

// ranking is the organizer opening the ranking of the large round, one
// request at a time.
func (s *site) ranking(d time.Duration) load.Scenario {
	req := load.Request("GET", s.srv.addr, fmt.Sprintf("/api/v1/rounds/%d/ranking", s.res.Ranked.RoundID), nil,
		"Authorization", "Bearer "+s.orgTok)
	sc := get("ranking "+s.name, s.srv.addr, 1, d, func(int, int) []byte { return req })
	sc.Min = 3
	return sc
}

// plainSQL is the ranking's baseline: each card's weighted total, averaged
// per entry, for the same scores (bench/ranking's query).
const plainSQL = `
SELECT a.entry_id, AVG(t.total) AS score
FROM (SELECT sc.assignment_id, SUM(c.weight * s.value / c.max_score) AS total
      FROM scores s
      JOIN scorecards sc ON sc.id = s.scorecard_id
      JOIN criteria c ON c.id = s.criterion_id
      WHERE sc.status = 'submitted' AND c.round_id = $1 AND s.value IS NOT NULL
      GROUP BY sc.assignment_id) t
JOIN assignments a ON a.id = t.assignment_id
WHERE a.round_id = $1
GROUP BY a.entry_id
ORDER BY score DESC`

// groupBy runs the baseline through database/sql, reading every row.
func (s *site) groupBy(d time.Duration) load.Scenario {
	return load.Scenario{Name: "SQL GROUP BY " + s.name, Clients: 1, Duration: d, Addr: s.srv.addr, Min: 3,
		Do: func(int, *load.Client) (int, error) {
			rows, err := s.sqlDB.Query(plainSQL, s.res.Ranked.RoundID)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var id int64
				var score float64
				if err := rows.Scan(&id, &score); err != nil {
					return 0, err
				}
				n++
			}
			if err := rows.Err(); err != nil {
				return 0, err
			}
			if n != s.res.Ranked.Entries {
				return 500, nil
			}
			return 200, nil
		}}
}

// signIns is sign-in after sign-in, each from a new connection and address,
// cycling through the judges (each e-mail far below its failure limit).
func (s *site) signIns(clients int, d time.Duration) load.Scenario {
	var n atomic.Int64
	return load.Scenario{Name: "sign-in " + s.name, Clients: clients, Duration: d, Addr: s.srv.addr,
		Do: func(i int, c *load.Client) (int, error) {
			c.Close()
			c.Local = nextIP()
			u := s.res.Judges[int(n.Add(1))%len(s.res.Judges)]
			body, _ := json.Marshal(map[string]string{"email": u.Email, "password": s.res.Password})
			st, err := c.Do(load.Request("POST", s.srv.addr, "/api/v1/auth/login", body, "Connection", "close"), false)
			return st, err
		}}
}

// burst is the memory of a crowd signing in at once: n sign-ins started
// together, each from its own address, while the server's resident size is
// sampled every 5 ms and its kernel peak (VmHWM) is reset before and read
// after.
type burstResult struct {
	n                 int
	before, peak, hwm int64 // KiB
	wall              time.Duration
	status            map[int]int
	p50, p99, slowest time.Duration
	transportErrors   int
}

func (s *site) burst(n int) (burstResult, error) {
	r := burstResult{n: n, status: map[int]int{}}
	pid := s.srv.pid()
	time.Sleep(500 * time.Millisecond)
	if err := resetPeak(pid); err != nil {
		return r, err
	}
	var err error
	if r.before, _, err = memKiB(pid); err != nil {
		return r, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	peak := sampleRSS(ctx, pid, 5*time.Millisecond)
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	startGate := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := &load.Client{Addr: s.srv.addr, Local: nextIP()}
			u := s.res.Judges[i%len(s.res.Judges)]
			body, _ := json.Marshal(map[string]string{"email": u.Email, "password": s.res.Password})
			req := load.Request("POST", s.srv.addr, "/api/v1/auth/login", body, "Connection", "close")
			<-startGate
			t := time.Now()
			st, err := c.Do(req, false)
			d := time.Since(t)
			c.Close()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				r.transportErrors++
				return
			}
			r.status[st]++
			lat = append(lat, d)
		}(i)
	}
	t0 := time.Now()
	close(startGate)
	wg.Wait()
	r.wall = time.Since(t0)
	time.Sleep(50 * time.Millisecond)
	cancel()
	r.peak = <-peak
	_, r.hwm, err = memKiB(pid)
	res := load.FromLatencies("", n, r.wall, lat, 200, 0)
	r.p50, r.p99, r.slowest = res.Quantile(0.5), res.Quantile(0.99), res.Quantile(1)
	return r, err
}
