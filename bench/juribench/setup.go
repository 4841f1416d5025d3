package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/juri-id/juri/bench/gen"
	"github.com/juri-id/juri/store"
)

// target is one assignment a save client scores, with the version it read.
type target struct {
	ID      int64
	EntryID int64
	Version int
}

// judge is a signed-in judge with the assignments it saves.
type judge struct {
	gen.User
	token   string
	targets []target // not submitted: saveable
	entries []int64  // every entry assigned to it in the desk round
	next    int
}

// site is one running juri with its database and what the benchmark learnt.
type site struct {
	name     string // "PostgreSQL" or "SQLite"
	dsn      string // PostgreSQL URL
	srv      *server
	st       *store.Store // the benchmark's own handle on the same database
	sqlDB    *sql.DB
	res      *gen.Result
	criteria []int64 // the desk round's criteria
	orgTok   string  // the organizer's access token
	judges   []*judge
	pubBody  []byte // the public document as juri sends it
	etag     string
}

// ips hands out loopback source addresses: Juri limits sign-ins per client
// address (30 a minute, 20 at once; api.Deps.AuthPerMinute is not settable
// from the environment), so sign-ins come from distinct addresses, as a
// crowd's would. 127.0.0.0/8 is all loopback on Linux.
var ipCounter atomic.Uint32

func nextIP() net.IP {
	n := ipCounter.Add(1)
	return net.IPv4(127, byte(20+(n>>16)%200), byte(n>>8), byte(n))
}

// clientIP is a fixed source address for long-lived client i.
func clientIP(i int) net.IP { return net.IPv4(127, 10, byte(i>>8), byte(i)) }

// httpVia is a net/http client whose connections come from a new loopback
// address each, for set-up calls.
func httpVia() *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DisableKeepAlives: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: nextIP()}}
			return d.DialContext(ctx, network, addr)
		}}}
}

// api calls the site's server and decodes the answer.
func (s *site) api(method, path, token string, body any, want int, out any) (http.Header, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://"+s.srv.addr+path, rd)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpVia().Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != want {
		return nil, nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, tail(string(b), 300))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return nil, nil, err
		}
	}
	return resp.Header, b, nil
}

// login signs a user in through the API.
func (s *site) login(email string) (string, error) {
	var out struct {
		AccessToken string `json:"access_token"`
	}
	_, _, err := s.api("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": s.res.Password}, 200, &out)
	return out.AccessToken, err
}

// prepare signs in the organizer and the first signed of n judges through
// the API (each token names a session of this site's database), loads the
// n judges' desk assignments and fetches the public document with its ETag.
func (s *site) prepare(n, signed int) error {
	var err error
	n = min(n, len(s.res.Judges))
	if s.orgTok, err = s.login(s.res.Organizer.Email); err != nil {
		return err
	}
	if err := s.st.DB().Raw("SELECT id FROM criteria WHERE round_id = ? ORDER BY position, id", s.res.Desk.RoundID).
		Scan(&s.criteria).Error; err != nil {
		return err
	}
	s.judges = make([]*judge, n)
	byID := map[int64]*judge{}
	ids := make([]int64, n)
	for i := range s.judges {
		s.judges[i] = &judge{User: s.res.Judges[i]}
		byID[s.judges[i].ID], ids[i] = s.judges[i], s.judges[i].ID
	}
	if err := parallel(8, n, func(i int) error {
		if i >= signed {
			return nil // pgbench's judges: only their assignments are needed
		}
		var err error
		s.judges[i].token, err = s.login(s.judges[i].Email)
		return err
	}); err != nil {
		return err
	}
	var rows []struct {
		JudgeID, ID, EntryID int64
		Version              int
		Status               string
	}
	if err := s.st.DB().Raw(`SELECT a.judge_id, a.id, a.entry_id, COALESCE(sc.version, 0) AS version,
			COALESCE(sc.status, 'pending') AS status
		FROM assignments a LEFT JOIN scorecards sc ON sc.assignment_id = a.id
		WHERE a.round_id = ? AND a.judge_id IN ? ORDER BY a.judge_id, a.id`, s.res.Desk.RoundID, ids).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		j := byID[r.JudgeID]
		j.entries = append(j.entries, r.EntryID)
		// The drafts: the scorecards a judge goes back to before the deadline.
		// Pending ones would make their first save an INSERT and every later
		// one an update, so the timed mix would drift from run to run.
		if r.Status == "draft" {
			j.targets = append(j.targets, target{ID: r.ID, EntryID: r.EntryID, Version: r.Version})
		}
	}
	for _, r := range rows {
		// A judge without drafts (small data sets) starts on pending ones.
		if j := byID[r.JudgeID]; r.Status == "pending" && (len(j.targets) == 0 || j.targets[0].Version == 0) {
			j.targets = append(j.targets, target{ID: r.ID, EntryID: r.EntryID})
		}
	}
	for _, j := range s.judges {
		if len(j.targets) == 0 {
			return fmt.Errorf("judge %s has no scorecard left to save; generate with a smaller -submitted", j.Email)
		}
	}
	h, body, err := s.api("GET", fmt.Sprintf("/api/v1/public/publications/%d", s.res.Final.PublicationID), "", nil, 200, nil)
	if err != nil {
		return err
	}
	s.pubBody, s.etag = body, h.Get("ETag")
	if s.etag == "" {
		return fmt.Errorf("the public read sent no ETag")
	}
	return nil
}

// parallel runs fn(0..n-1) on k goroutines and returns the first error.
func parallel(k, n int, fn func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// server is the site's juri process now (it changes when restarted).
func (s *site) server() *server { return s.srv }
