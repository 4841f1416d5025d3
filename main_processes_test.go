package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/juri-id/juri/demo"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
)

// TestTwoProcesses runs two real Juri processes, A and B, on one fresh
// PostgreSQL schema, one blob directory, one JWT secret and one SMTP server,
// as a deployment behind a load balancer does, and checks what must hold
// across processes (docs/architecture.md): a token issued by one is taken
// by the other (access, refresh, the replay of a spent refresh token and
// sign-out included); the password throttle counts failures made on both;
// a publication made on one is served, with its ETag and its 304, by the
// other, and a change made on either is served by both within the cache's
// recheck bound; and every outbox message is sent once, though both mail
// workers drain the outbox at the same time.
func TestTwoProcesses(t *testing.T) {
	if testenv.DatabaseURL() == "" {
		t.Skip("needs PostgreSQL: set JURI_TEST_DATABASE_URL (make test-pg does); two processes share a database only there")
	}
	start := time.Now()
	// A fresh, empty schema: A migrates it and seeds the demo when it starts.
	st := testenv.Unmigrated(t, testenv.NewClock())
	dbURL := testenv.URLOf(st)
	sink := startSMTPSink(t)
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	blobDir := t.TempDir()
	env := func(name string) []string {
		return []string{"JURI_DATABASE_URL=" + dbURL, "JURI_BLOB_URL=file://" + blobDir, "JURI_JWT_SECRET=" + hex.EncodeToString(secret),
			"JURI_SMTP_HOST=127.0.0.1", "JURI_SMTP_PORT=" + sink.port, "JURI_SMTP_TLS=none",
			// The envelope sender tells the SMTP server which process sent a message.
			fmt.Sprintf("JURI_SMTP_FROM=Juri %s <juri-%s@localhost>", name, name)}
	}
	a := startJuri(t, t.TempDir(), freeAddr(t), env("a")...)
	b := startJuri(t, t.TempDir(), freeAddr(t), env("b")...)
	t.Logf("A and B up on one PostgreSQL schema in %v", time.Since(start).Round(time.Millisecond))

	// --- Tokens: issued by one process, taken by the other. ---
	first := signIn(t, a, demo.OrganizerEmail, demo.Password)
	meOn(t, b, first.AccessToken, 200, "B takes the access token A issued")
	var second tokenPair
	b.json("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first.RefreshToken}, 200, &second)
	meOn(t, a, second.AccessToken, 200, "A takes the access token B issued by refreshing A's refresh token")
	if code, body := a.call("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first.RefreshToken}); code != 401 {
		t.Errorf("A accepted the refresh token B had already spent: %d %s", code, body)
	}
	meOn(t, b, second.AccessToken, 401, "the replay on A ended the session on B too")
	meOn(t, a, second.AccessToken, 401, "the replay on A ended the session on A")
	org := signIn(t, b, demo.OrganizerEmail, demo.Password)
	tok := org.AccessToken

	// --- The password throttle: five failures per account and address in
	// 15 minutes, counted in the database, so three on A and two on B lock
	// the account on both. Every process also limits sign-ins per address
	// in memory (30 a minute, 20 at once): this test makes at most 8 sign-in
	// calls per process, and the 429 it checks is the account's.
	const victim, bystander = "juri5@juri.local", "juri4@juri.local"
	wrong := map[string]string{"email": victim, "password": "bukan-kata-sandinya"}
	for i, p := range []*juriProcess{a, a, a, b, b} {
		if code, body := p.call("POST", "/api/v1/auth/login", "", wrong); code != 401 {
			t.Fatalf("wrong password %d of 5 (on %s): %d %s, want 401", i+1, p.name(a), code, body)
		}
	}
	right := map[string]string{"email": victim, "password": demo.Password}
	for _, try := range []struct {
		p    *juriProcess
		body map[string]string
		what string
	}{{a, wrong, "a sixth wrong password on A"}, {b, wrong, "a sixth wrong password on B"},
		{a, right, "the right password on A while locked"}, {b, right, "the right password on B while locked"}} {
		res, body := try.p.do("POST", "/api/v1/auth/login", "", try.body, nil)
		retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		switch {
		case res.StatusCode != 429:
			t.Errorf("%s: %d %s, want 429 (3 failures on A and 2 on B are 5 for the account)", try.what, res.StatusCode, body)
		case !bytes.Contains(body, []byte("wrong passwords for this account")):
			t.Errorf("%s: the 429 is not the account's throttle: %s", try.what, body)
		case retry < 14*60 || retry > 15*60:
			t.Errorf("%s: Retry-After %q, want the rest of the 15-minute window", try.what, res.Header.Get("Retry-After"))
		}
	}
	for _, p := range []*juriProcess{a, b} {
		if code, body := p.call("POST", "/api/v1/auth/login", "", map[string]string{"email": bystander, "password": demo.Password}); code != 200 {
			t.Errorf("another account from the same address on %s: %d %s, want 200 (only %s is locked)", p.name(a), code, body, victim)
		}
	}

	// --- Publications: made on A, served by B; changes served by both. ---
	var comps struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	a.json("GET", "/api/v1/competitions", tok, nil, 200, &comps)
	if len(comps.Items) == 0 {
		t.Fatal("the demo has no competition")
	}
	var rounds struct {
		Items []struct {
			ID     int64  `json:"id"`
			Kind   string `json:"kind"`
			Status string `json:"status"`
		} `json:"items"`
	}
	a.json("GET", fmt.Sprintf("/api/v1/competitions/%d/rounds", comps.Items[0].ID), tok, nil, 200, &rounds)
	var desk int64
	for _, r := range rounds.Items {
		if r.Kind == models.RoundScoring && r.Status != models.RoundPublished && desk == 0 {
			desk = r.ID
		}
	}
	if desk == 0 {
		t.Fatalf("the demo has no scored round to publish: %+v", rounds.Items)
	}
	// From here on the mail workers of A and B are made to drain at the same
	// time: the first to send holds its connection until the other has sent.
	sink.arm()
	var pub struct {
		ID         int64 `json:"id"`
		EntryCount int   `json:"entry_count"`
	}
	a.json("POST", fmt.Sprintf("/api/v1/rounds/%d/publish", desk), tok, map[string]any{"title": "Hasil Penilaian Proposal"}, 201, &pub)
	path := fmt.Sprintf("/api/v1/public/publications/%d", pub.ID)
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	b.json("GET", "/api/v1/public/publications", "", nil, 200, &list)
	if !slices.ContainsFunc(list.Items, func(i struct {
		ID int64 `json:"id"`
	}) bool {
		return i.ID == pub.ID
	}) {
		t.Errorf("B's list of publications lacks %d, just published on A: %+v", pub.ID, list.Items)
	}
	doc, etag := publication(t, b, path)
	if doc.ID != pub.ID || doc.Version != 1 || len(doc.Entries) != pub.EntryCount || pub.EntryCount == 0 {
		t.Fatalf("B serves publication %d version %d with %d entries; A published %d with %d", doc.ID, doc.Version, len(doc.Entries), pub.ID, pub.EntryCount)
	}
	notModified(t, b, path, etag, "B, asked again with its ETag")
	if _, etagA := publication(t, a, path); etagA != etag {
		t.Errorf("A and B give one publication different ETags: %s and %s", etagA, etag)
	}
	notModified(t, a, path, etag, "A, asked with B's ETag")

	// An objection, filed on A, is not public while open: the ETag stays.
	objection := func(p *juriProcess, who string) int64 {
		t.Helper()
		var o struct {
			ID int64 `json:"id"`
		}
		p.json("POST", path+"/objections", "", map[string]any{"entry_id": doc.Entries[0].EntryID, "name": "Warga " + who,
			"email": who + "@warga.example.id", "text": "Nilai proposal ini tidak sesuai dengan isinya."}, 201, &o)
		return o.ID
	}
	o1 := objection(a, "satu")
	notModified(t, a, path, etag, "A, after an objection was filed (open objections are not public)")
	notModified(t, b, path, etag, "B, after an objection was filed on A (open objections are not public)")

	// Its answer, given on A, is public: A serves it at once, B within the
	// recheck bound; the old ETag is no longer current on either.
	answer := func(p *juriProcess, id int64, status string) {
		t.Helper()
		p.json("PATCH", fmt.Sprintf("/api/v1/objections/%d", id), tok, map[string]string{"status": status,
			"response": "Panitia telah memeriksa kembali lembar penilaian."}, 200, nil)
	}
	answer(a, o1, models.ObjectionRejected)
	etag1 := changed(t, a, b, path, etag, o1, models.ObjectionRejected)

	// The other way round: an objection filed and answered on B.
	o2 := objection(b, "dua")
	answer(b, o2, models.ObjectionAccepted)
	etag2 := changed(t, b, a, path, etag1, o2, models.ObjectionAccepted)
	for _, p := range []*juriProcess{a, b} {
		for _, old := range []string{etag, etag1} {
			if res, _ := p.do("GET", path, "", nil, map[string]string{"If-None-Match": old}); res.StatusCode != 200 {
				t.Errorf("%s answers %d to the outdated ETag %s, want 200 with %s", p.name(a), res.StatusCode, old, etag2)
			}
		}
	}

	// --- The outbox: every message sent once, by whichever worker claimed it.
	rows := drained(t, st, sink)
	got := sink.all()
	want := map[string]int{}
	for _, m := range rows {
		want[m.Recipient+" | "+m.Subject]++
		if m.Status != models.OutboxSent || m.Attempts != 1 {
			t.Errorf("outbox %d to %s: status %s after %d attempts (%s), want sent at the first", m.ID, m.Recipient, m.Status, m.Attempts, m.LastError)
		}
	}
	have := map[string]int{}
	senders := map[string]int{}
	for _, m := range got {
		have[m.To+" | "+m.Subject]++
		if m.armed {
			senders[m.From]++
		}
	}
	for k, n := range have {
		if n != want[k] {
			t.Errorf("the SMTP server received %d× %q; the outbox holds it %d×", n, k, want[k])
		}
	}
	for k, n := range want {
		if have[k] == 0 {
			t.Errorf("the outbox holds %d× %q; the SMTP server never received it", n, k)
		}
	}
	if len(got) != len(rows) {
		t.Errorf("the SMTP server received %d messages for %d outbox rows", len(got), len(rows))
	}
	kinds := map[string]int{}
	for _, m := range rows {
		kinds[m.Kind]++
	}
	if kinds[notify.KindResultsPublished] == 0 || kinds[notify.KindObjectionAnswered] != 2 {
		t.Errorf("the outbox holds %v: want the participants' results notices and the two answers", kinds)
	}
	if senders["juri-a@localhost"] == 0 || senders["juri-b@localhost"] == 0 {
		t.Errorf("after the publication only %v sent mail: both workers were meant to drain at once", senders)
	}
	t.Logf("%d outbox messages %v, each received once; after the publication A sent %d, B %d", len(rows), kinds,
		senders["juri-a@localhost"], senders["juri-b@localhost"])

	// --- Signing out on A ends the session on B.
	a.json("POST", "/api/v1/auth/logout", tok, nil, 204, nil)
	meOn(t, b, tok, 401, "B still takes the token of a session ended on A")

	for _, p := range []*juriProcess{a, b} {
		p.cmd.Process.Signal(syscall.SIGTERM)
		err := p.cmd.Wait()
		if err != nil || strings.Contains(p.out.String(), "DATA RACE") || strings.Contains(p.out.String(), "panic") {
			t.Errorf("%s ended with %v:\n%s", p.name(a), err, p.out.String())
		}
	}
	t.Logf("whole test %v", time.Since(start).Round(time.Millisecond))
}

// name is "A" for a, "B" otherwise, for messages.
func (p *juriProcess) name(a *juriProcess) string {
	if p == a {
		return "A"
	}
	return "B"
}

// do sends a request with extra headers and returns the whole answer.
func (p *juriProcess) do(method, path, tok string, body any, header map[string]string) (*http.Response, []byte) {
	p.t.Helper()
	res, b, err := p.send(method, path, tok, body, header)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	return res, b
}

type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func signIn(t *testing.T, p *juriProcess, email, password string) tokenPair {
	t.Helper()
	var tp tokenPair
	p.json("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, 200, &tp)
	return tp
}

func meOn(t *testing.T, p *juriProcess, tok string, want int, what string) {
	t.Helper()
	code, body := p.call("GET", "/api/v1/me", tok, nil)
	if code != want {
		t.Fatalf("%s: GET /me answers %d %s, want %d", what, code, body, want)
	}
	if want == 200 && !bytes.Contains(body, []byte(demo.OrganizerEmail)) {
		t.Fatalf("%s: GET /me is not the organizer: %s", what, body)
	}
}

type publicDoc struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
	Entries []struct {
		EntryID int64 `json:"entry_id"`
	} `json:"entries"`
	Objections []struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	} `json:"objections"`
}

// publication reads a publication and wants a 200 with an ETag.
func publication(t *testing.T, p *juriProcess, path string) (publicDoc, string) {
	t.Helper()
	res, body := p.do("GET", path, "", nil, nil)
	var doc publicDoc
	if res.StatusCode != 200 || res.Header.Get("ETag") == "" || json.Unmarshal(body, &doc) != nil {
		t.Fatalf("GET %s: %d ETag %q %s, want 200 with an ETag", path, res.StatusCode, res.Header.Get("ETag"), body)
	}
	return doc, res.Header.Get("ETag")
}

func notModified(t *testing.T, p *juriProcess, path, etag, who string) {
	t.Helper()
	res, body := p.do("GET", path, "", nil, map[string]string{"If-None-Match": etag})
	if res.StatusCode != 304 || res.Header.Get("ETag") != etag {
		t.Errorf("%s: If-None-Match %s answers %d with ETag %q %s, want 304 with the same ETag", who, etag, res.StatusCode, res.Header.Get("ETag"), body)
	}
}

// changed checks a change made through here: here serves it at once
// (its own commits show at once); there, with its copy cached under the old
// counter, within handlers.PublicRecheck plus a query (polled up to 5 s).
// Both then give the same new ETag, which it returns.
func changed(t *testing.T, here, there *juriProcess, path, old string, objection int64, status string) string {
	t.Helper()
	shows := func(doc publicDoc) bool {
		return slices.ContainsFunc(doc.Objections, func(o struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		}) bool {
			return o.ID == objection && o.Status == status
		})
	}
	res, body := here.do("GET", path, "", nil, map[string]string{"If-None-Match": old})
	var doc publicDoc
	_ = json.Unmarshal(body, &doc)
	etag := res.Header.Get("ETag")
	if res.StatusCode != 200 || etag == old || !shows(doc) {
		t.Fatalf("the process that committed the answer to objection %d serves %d ETag %s (before %s) %s, want 200 with it at once",
			objection, res.StatusCode, etag, old, body)
	}
	began := time.Now()
	for {
		res, body := there.do("GET", path, "", nil, map[string]string{"If-None-Match": old})
		if res.StatusCode == 200 {
			var doc publicDoc
			_ = json.Unmarshal(body, &doc)
			if got := res.Header.Get("ETag"); got != etag || !shows(doc) {
				t.Fatalf("the other process serves ETag %s %s; the one that committed the answer serves %s", got, body, etag)
			}
			t.Logf("the answer to objection %d, committed by one process, served by the other after %v", objection, time.Since(began).Round(time.Millisecond))
			return etag
		}
		if res.StatusCode != 304 {
			t.Fatalf("the other process answers %d %s", res.StatusCode, body)
		}
		if time.Since(began) > 5*time.Second {
			t.Fatalf("5 s after an answer committed by one process, the other still serves the old ETag %s (the recheck bound is 500 ms)", old)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// drained waits until no outbox message is left to send and the SMTP server
// has been quiet for a second (a duplicate still on its way arrives), and
// returns the outbox.
func drained(t *testing.T, st interface {
	Outbox(ctx context.Context, kind string) ([]models.OutboxMessage, error)
}, sink *smtpSink) []models.OutboxMessage {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for last, quietSince := -1, time.Now(); ; time.Sleep(100 * time.Millisecond) {
		rows, err := st.Outbox(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		done := true
		for _, m := range rows {
			done = done && m.Status != models.OutboxPending
		}
		if n := len(sink.all()); n != last {
			last, quietSince = n, time.Now()
		}
		if done && time.Since(quietSince) >= time.Second {
			return rows
		}
		if time.Now().After(deadline) {
			t.Fatalf("the outbox is not drained after a minute: %d rows, %d received", len(rows), last)
		}
	}
}

// --- an SMTP server that records what it receives ---------------------------

type sunkMessage struct {
	From, To, Subject string
	armed             bool // received after arm
}

// smtpSink is a real SMTP server (github.com/emersion/go-smtp) on a loopback
// port. Once armed, it holds the answer to every message of the first
// sender until a second sender has delivered one (for at most 10 s, short
// of the client's 20-second timeout): two workers then drain at once.
type smtpSink struct {
	port     string
	mu       sync.Mutex
	msgs     []sunkMessage
	armed    bool
	senders  map[string]bool
	released chan struct{}
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{senders: map[string]bool{}, released: make(chan struct{})}
	_, s.port, _ = net.SplitHostPort(l.Addr().String())
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.ErrorLog = sinkLogger{}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close(); l.Close() })
	return s
}

func (s *smtpSink) arm() {
	s.mu.Lock()
	s.armed = true
	s.mu.Unlock()
}

func (s *smtpSink) all() []sunkMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

type sinkSession struct {
	s    *smtpSink
	from string
	to   []string
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error { ss.from = from; return nil }
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}
func (ss *sinkSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *sinkSession) Logout() error { return nil }

func (ss *sinkSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, msg.Body)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	s := ss.s
	s.mu.Lock()
	for _, to := range ss.to {
		s.msgs = append(s.msgs, sunkMessage{From: ss.from, To: to, Subject: subject, armed: s.armed})
	}
	hold := false
	if s.armed {
		s.senders[ss.from] = true
		select {
		case <-s.released:
		default:
			if len(s.senders) >= 2 {
				close(s.released)
			} else {
				hold = true
			}
		}
	}
	released := s.released
	s.mu.Unlock()
	if hold {
		select {
		case <-released:
		case <-time.After(10 * time.Second):
			// No second sender: stop holding, so the test fails on that
			// rather than on a slow drain.
			s.mu.Lock()
			select {
			case <-s.released:
			default:
				close(s.released)
			}
			s.mu.Unlock()
		}
	}
	return nil
}

type sinkLogger struct{}

func (sinkLogger) Printf(string, ...any) {}
func (sinkLogger) Println(...any)        {}
