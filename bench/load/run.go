package load

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Scenario is N clients each running Do in a loop for Duration. Do sends one
// request on the client's own Client and returns the HTTP status (0 with an
// error for a transport failure); Setup, when set, prepares client i once.
type Scenario struct {
	Name     string
	Clients  int
	Duration time.Duration
	Addr     string
	Setup    func(i int, c *Client) error
	// Min is the fewest requests each client makes, past Duration if need
	// be: slow requests still give a few samples per run.
	Min int
	Do  func(i int, c *Client) (int, error)
}

// Result is what one run of a scenario measured.
type Result struct {
	Name      string
	Clients   int
	Requests  int
	Elapsed   time.Duration
	Status    map[int]int // answers by HTTP status
	Errors    int         // transport errors
	FirstErr  string
	latencies []time.Duration
}

// RPS is completed requests (any status) per second.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// OK counts 2xx and 304 answers.
func (r Result) OK() int {
	n := 0
	for s, k := range r.Status {
		if (s >= 200 && s < 300) || s == 304 {
			n += k
		}
	}
	return n
}

// Quantile is the q-quantile of the latencies (nearest rank).
func (r Result) Quantile(q float64) time.Duration {
	n := len(r.latencies)
	if n == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(n))) - 1
	return r.latencies[max(0, min(n-1, i))]
}

// StatusText lists the answers by status, e.g. "200: 1234, 409: 2".
func (r Result) StatusText() string {
	keys := make([]int, 0, len(r.Status))
	for k := range r.Status {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := []string{}
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d: %d", k, r.Status[k]))
	}
	if r.Errors > 0 {
		parts = append(parts, fmt.Sprintf("transport errors: %d", r.Errors))
	}
	return strings.Join(parts, ", ")
}

// FromLatencies makes a Result out of latencies measured elsewhere (pgbench's
// per-transaction log), with every request counted under status.
func FromLatencies(name string, clients int, elapsed time.Duration, lat []time.Duration, status int, failed int) Result {
	r := Result{Name: name, Clients: clients, Requests: len(lat) + failed, Elapsed: elapsed, Status: map[int]int{status: len(lat)},
		latencies: slices.Clone(lat)}
	if failed > 0 {
		r.Status[0] = failed
	}
	slices.Sort(r.latencies)
	return r
}

// Run runs s once. Every client first runs Setup, then all start together;
// requests started before the deadline are finished and counted, and the
// elapsed time runs until the last of them ends.
func Run(ctx context.Context, s Scenario) (Result, error) {
	clients := make([]*Client, s.Clients)
	for i := range clients {
		clients[i] = &Client{Addr: s.Addr}
		if s.Setup != nil {
			if err := s.Setup(i, clients[i]); err != nil {
				return Result{}, fmt.Errorf("%s: client %d: %w", s.Name, i, err)
			}
		}
	}
	type part struct {
		lat    []time.Duration
		status map[int]int
		errs   int
		first  string
	}
	parts := make([]part, s.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(s.Duration)
	for i := range clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := part{lat: make([]time.Duration, 0, 4096), status: map[int]int{}}
			c := clients[i]
			for done := 0; ctx.Err() == nil && (time.Now().Before(deadline) || done < s.Min); done++ {
				t := time.Now()
				st, err := s.Do(i, c)
				d := time.Since(t)
				if err != nil {
					p.errs++
					if p.first == "" {
						p.first = err.Error()
					}
					// A refused or reset connection must not spin the loop.
					time.Sleep(10 * time.Millisecond)
					continue
				}
				p.lat = append(p.lat, d)
				p.status[st]++
			}
			c.Close()
			parts[i] = p
		}(i)
	}
	wg.Wait()
	r := Result{Name: s.Name, Clients: s.Clients, Elapsed: time.Since(start), Status: map[int]int{}}
	for _, p := range parts {
		r.latencies = append(r.latencies, p.lat...)
		for k, v := range p.status {
			r.Status[k] += v
		}
		r.Errors += p.errs
		if r.FirstErr == "" {
			r.FirstErr = p.first
		}
	}
	r.Requests = len(r.latencies)
	slices.Sort(r.latencies)
	return r, ctx.Err()
}

// Median is the median of v (0 for none).
func Median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
