package mailer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/go-pdf/fpdf"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/mailer"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
)

// These tests create notifications the way Juri does, by real events through
// the router into a real database, and deliver them to a real SMTP server
// (github.com/emersion/go-smtp) listening on a loopback port.

// --- a recording SMTP server ----------------------------------------------------

type received struct {
	From, To, Subject, HeaderFrom, HeaderTo string
	Body                                    string
}

type smtpBackend struct {
	mu    sync.Mutex
	msgs  []received
	delay time.Duration // per message, to make concurrent workers overlap
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

func (b *smtpBackend) all() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.msgs)
}

type smtpSession struct {
	b    *smtpBackend
	from string
	to   []string
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = append(s.to, to); return nil }
func (s *smtpSession) Reset()                                      { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error                               { return nil }

func (s *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(msg.Body)
	if s.b.delay > 0 {
		time.Sleep(s.b.delay)
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	for _, to := range s.to {
		s.b.msgs = append(s.b.msgs, received{From: s.from, To: to, Subject: subject,
			HeaderFrom: msg.Header.Get("From"), HeaderTo: msg.Header.Get("To"), Body: string(body)})
	}
	return nil
}

type smtpServer struct {
	backend *smtpBackend
	srv     *smtp.Server
	l       net.Listener
	addr    string
}

// stop takes the server down: its port then refuses connections.
func (s *smtpServer) stop(t *testing.T) {
	t.Helper()
	s.srv.Close()
	s.l.Close()
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		t.Fatalf("the stopped SMTP server still accepts connections")
	}
}

// startSMTP serves on addr ("127.0.0.1:0" for any free port).
func startSMTP(t *testing.T, backend *smtpBackend, addr string) *smtpServer {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	srv := smtp.NewServer(backend)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = nopLogger{}
	go srv.Serve(l)
	s := &smtpServer{backend: backend, srv: srv, l: l, addr: l.Addr().String()}
	t.Cleanup(func() { srv.Close(); l.Close() })
	return s
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

func (s *smtpServer) sender(t *testing.T) mailer.SMTP {
	host, port, err := net.SplitHostPort(s.addr)
	if err != nil {
		t.Fatal(err)
	}
	var p int
	fmt.Sscan(port, &p)
	return mailer.SMTP{Config: mailer.SMTPConfig{Host: host, Port: p, From: "Juri <juri@example.go.id>", TLS: "none"}}
}

// --- events through the router ------------------------------------------------------

type user struct {
	models.User
	Tok string
}

type world struct {
	t        *testing.T
	s        *testenv.Server
	r        testenv.Roles
	comp     int64
	desk     int64
	entrants []user // the participants who submitted, one per entry
	others   []user // further participants of the same OPDs
	judges   []user
	titles   []string
	pub      int64
	objector string
}

var (
	pdfOnce sync.Once
	pdfData []byte
)

func testPDF(t *testing.T) []byte {
	pdfOnce.Do(func() {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Cell(0, 10, "Proposal inovasi")
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err == nil {
			pdfData = buf.Bytes()
		}
	})
	if len(pdfData) == 0 {
		t.Fatal("no PDF")
	}
	return pdfData
}

// newWorld runs every event that sends an e-mail: two entries submitted (of
// two OPDs; each OPD has extra participants), judges assigned, a scorecard
// reopened, the desk round's results published and an objection answered.
func newWorld(t *testing.T, extraParticipants int) *world {
	t.Helper()
	s := testenv.NewServer(t)
	w := &world{t: t, s: s, r: s.Everyone(), objector: "warga.peduli@example.com",
		titles: []string{"Layanan Cepat Lansia — Sehat di Rumah", "Sistem Informasi Desa Terpadu"}}
	org := w.r.OrganizerTok
	comp := s.Must(201, "POST", "/api/v1/competitions", org, map[string]any{
		"name": "KIPP Kabupaten 2020", "year": 2020, "template": "kipp",
		"submission_opens_at": "2020-03-01T00:00:00Z", "submission_closes_at": "2020-04-30T17:00:00Z",
	}).Map(t)
	w.comp = testenv.ID(t, comp["id"])
	path := func(rest string) string { return fmt.Sprintf("/api/v1/competitions/%d%s", w.comp, rest) }
	s.Must(200, "PATCH", path(""), org, map[string]any{"status": "open"})
	var screening int64
	for _, rd := range testenv.List(t, s.Must(200, "GET", path("/rounds"), org, nil)) {
		switch rd["position"] {
		case float64(1):
			screening = testenv.ID(t, rd["id"])
		case float64(2):
			w.desk = testenv.ID(t, rd["id"])
		}
	}
	cat := testenv.ID(t, testenv.List(t, s.Must(200, "GET", path("/categories"), org, nil))[0]["id"])
	texts := map[string]string{}
	for _, sec := range testenv.List(t, s.Must(200, "GET", path("/sections"), org, nil)) {
		texts[sec["key"].(string)] = "Uraian singkat bagian ini dari inovasi."
	}
	var entries []int64
	for i, title := range w.titles {
		o := s.Org("dinas")
		u, tok := s.User(models.RoleParticipant, &o.ID)
		w.entrants = append(w.entrants, user{u, tok})
		for range extraParticipants {
			u, tok := s.User(models.RoleParticipant, &o.ID)
			w.others = append(w.others, user{u, tok})
		}
		e := s.Must(201, "POST", path("/entries"), tok, map[string]any{"title": title, "category_id": cat, "sections": texts}).Map(t)
		eid := testenv.ID(t, e["id"])
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("kind", "proposal")
		fw, _ := mw.CreateFormFile("file", fmt.Sprintf("proposal-%d.pdf", i))
		_, _ = fw.Write(testPDF(t))
		_ = mw.Close()
		if up := s.Request("POST", fmt.Sprintf("/api/v1/entries/%d/files", eid), tok, mw.FormDataContentType(), &buf); up.Code != 201 {
			t.Fatalf("upload: %d %s", up.Code, up.Body)
		}
		s.Must(200, "POST", fmt.Sprintf("/api/v1/entries/%d/submit", eid), tok, nil)
		s.Must(200, "POST", fmt.Sprintf("/api/v1/entries/%d/screen", eid), org, map[string]any{"decision": "eligible"})
		entries = append(entries, eid)
	}
	s.Must(200, "POST", fmt.Sprintf("/api/v1/rounds/%d/advance", screening), org, nil)
	for range 2 {
		u, tok := s.User(models.RoleJudge, nil)
		w.judges = append(w.judges, user{u, tok})
		s.Must(201, "POST", path("/members"), org, map[string]any{"user_id": u.ID, "role": "judge"})
	}
	s.Must(200, "POST", fmt.Sprintf("/api/v1/rounds/%d/assignments/auto", w.desk), org, map[string]any{"judges_per_entry": 2})

	// Judge 1 submits the first entry's scorecard; an organizer reopens it.
	mine := testenv.List(t, s.Must(200, "GET", fmt.Sprintf("/api/v1/me/assignments?round_id=%d", w.desk), w.judges[0].Tok, nil))
	var asg int64
	for _, a := range mine {
		if testenv.ID(t, a["entry_id"]) == entries[0] {
			asg = testenv.ID(t, a["id"])
		}
	}
	crit := testenv.List(t, s.Must(200, "GET", fmt.Sprintf("/api/v1/rounds/%d/criteria", w.desk), org, nil))
	var scores []map[string]any
	for _, c := range crit {
		scores = append(scores, map[string]any{"criterion_id": c["id"], "value": 7})
	}
	s.Must(200, "PUT", fmt.Sprintf("/api/v1/assignments/%d/scorecard", asg), w.judges[0].Tok, map[string]any{"version": 0, "scores": scores})
	s.Must(200, "POST", fmt.Sprintf("/api/v1/assignments/%d/scorecard/submit", asg), w.judges[0].Tok, nil)
	s.Must(200, "POST", fmt.Sprintf("/api/v1/assignments/%d/scorecard/reopen", asg), org, map[string]any{"reason": "Nilai keberlanjutan salah ketik"})

	p := s.Must(201, "POST", fmt.Sprintf("/api/v1/rounds/%d/publish", w.desk), org, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5}).Map(t)
	w.pub = testenv.ID(t, p["id"])
	o := s.Must(201, "POST", fmt.Sprintf("/api/v1/public/publications/%d/objections", w.pub), "", map[string]any{
		"entry_id": entries[1], "name": "Warga Peduli", "email": w.objector, "text": "Data tidak sesuai."}).Map(t)
	s.Must(200, "PATCH", fmt.Sprintf("/api/v1/objections/%d", testenv.ID(t, o["id"])), org, map[string]any{"status": "rejected", "response": "Data sudah diverifikasi."})
	return w
}

// want lists (kind, recipient, subject) of every notification the events of
// newWorld must have written.
func (w *world) want() []models.OutboxMessage {
	var out []models.OutboxMessage
	for i, p := range w.entrants {
		out = append(out, models.OutboxMessage{Kind: notify.KindEntrySubmitted, Recipient: p.Email, Subject: "Proposal inovasi diterima: " + w.titles[i]})
	}
	for _, j := range w.judges {
		out = append(out, models.OutboxMessage{Kind: notify.KindJudgesAssigned, Recipient: j.Email, Subject: "Penugasan penilaian: 2 proposal"})
	}
	out = append(out, models.OutboxMessage{Kind: notify.KindScorecardReopened, Recipient: w.judges[0].Email, Subject: "Lembar nilai dibuka kembali: " + w.titles[0]})
	for _, p := range append(slices.Clone(w.entrants), w.others...) {
		out = append(out, models.OutboxMessage{Kind: notify.KindResultsPublished, Recipient: p.Email, Subject: "Pengumuman hasil: Hasil Penilaian Proposal"})
	}
	out = append(out, models.OutboxMessage{Kind: notify.KindObjectionAnswered, Recipient: w.objector, Subject: "Jawaban atas sanggahan Anda"})
	return out
}

func key(kind, to, subject string) string { return kind + " | " + to + " | " + subject }

func sortedKeys(ms []models.OutboxMessage, withKind bool) []string {
	var out []string
	for _, m := range ms {
		k := m.Kind
		if !withKind {
			k = ""
		}
		out = append(out, key(k, m.Recipient, m.Subject))
	}
	sort.Strings(out)
	return out
}

func (w *world) outbox(kind string) []models.OutboxMessage {
	w.t.Helper()
	ms, err := w.s.Store.Outbox(context.Background(), kind)
	if err != nil {
		w.t.Fatal(err)
	}
	return ms
}

func (w *world) worker(sender mailer.Sender) *mailer.Worker {
	return &mailer.Worker{Store: w.s.Store, Sender: sender, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: w.s.Clock.Now}
}

// drain runs the worker until it finds nothing due.
func drain(t *testing.T, wk *mailer.Worker) int {
	t.Helper()
	total := 0
	for range 100 {
		n, err := wk.Drain(context.Background())
		if err != nil {
			t.Fatalf("drain: %v", err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	t.Fatal("drain never ends")
	return total
}

// checkReceived compares what the SMTP server got with the outbox: each
// message exactly once, to its recipient, with its subject.
func checkReceived(t *testing.T, got []received, want []models.OutboxMessage) {
	t.Helper()
	var g []string
	for _, m := range got {
		g = append(g, key("", m.To, m.Subject))
		if m.From != "juri@example.go.id" || !strings.Contains(m.HeaderFrom, "juri@example.go.id") || !strings.Contains(m.HeaderTo, m.To) {
			t.Errorf("message to %s: envelope from %q, From %q, To %q", m.To, m.From, m.HeaderFrom, m.HeaderTo)
		}
	}
	sort.Strings(g)
	if w := sortedKeys(want, false); !slices.Equal(g, w) {
		t.Errorf("the SMTP server received\n%s\nwant each once\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

func TestOutboxHoldsEveryNotification(t *testing.T) {
	w := newWorld(t, 1)
	want := w.want()
	if got, ws := sortedKeys(w.outbox(""), true), sortedKeys(want, true); !slices.Equal(got, ws) {
		t.Errorf("outbox holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(ws, "\n"))
	}
	for _, kind := range []string{notify.KindEntrySubmitted, notify.KindJudgesAssigned, notify.KindScorecardReopened,
		notify.KindResultsPublished, notify.KindObjectionAnswered} {
		ms := w.outbox(kind)
		var k []models.OutboxMessage
		for _, m := range want {
			if m.Kind == kind {
				k = append(k, m)
			}
		}
		if !slices.Equal(sortedKeys(ms, true), sortedKeys(k, true)) {
			t.Errorf("Outbox(%q) = %v", kind, sortedKeys(ms, true))
		}
		for _, m := range ms {
			if m.Status != models.OutboxPending || m.Attempts != 0 || m.SentAt != nil || m.Body == "" || !strings.HasPrefix(m.Body, "Yth. ") {
				t.Errorf("new %s message: status %s attempts %d body %q", kind, m.Status, m.Attempts, m.Body)
			}
		}
	}
	// The participant of an OPD without entries hears nothing about the results.
	for _, m := range w.outbox(notify.KindResultsPublished) {
		if m.Recipient == w.r.Participant.Email {
			t.Errorf("results mailed to a participant whose OPD has no entry")
		}
	}
	// The answer mail names the decision and links the publication.
	ans := w.outbox(notify.KindObjectionAnswered)
	if len(ans) != 1 || !strings.Contains(ans[0].Body, "ditolak") || !strings.Contains(ans[0].Body, "Data sudah diverifikasi.") ||
		!strings.Contains(ans[0].Body, fmt.Sprintf("/hasil/%d", w.pub)) {
		t.Errorf("objection answer mail: %+v", ans)
	}
}

func TestMailerDeliversEachMessageOnce(t *testing.T) {
	w := newWorld(t, 1)
	srv := startSMTP(t, &smtpBackend{}, "127.0.0.1:0")
	wk := w.worker(srv.sender(t))
	want := w.outbox("")
	if n := drain(t, wk); n != len(want) {
		t.Errorf("drained %d messages, want %d", n, len(want))
	}
	checkReceived(t, srv.backend.all(), want)
	for _, m := range w.outbox("") {
		if m.Status != models.OutboxSent || m.SentAt == nil || !m.SentAt.Equal(w.s.Clock.Now()) || m.LastError != "" || m.Attempts != 1 || m.ClaimedUntil != nil {
			t.Errorf("after delivery: %s to %s status %s sent_at %v attempts %d error %q claimed %v",
				m.Kind, m.Recipient, m.Status, m.SentAt, m.Attempts, m.LastError, m.ClaimedUntil)
		}
	}
	// The body arrives too.
	for _, m := range srv.backend.all() {
		if !strings.Contains(m.Body, "Juri, sistem penilaian kompetisi inovasi") {
			t.Errorf("message to %s lacks the signature: %q", m.To, m.Body)
		}
	}
	// Nothing is sent twice, even much later.
	w.s.Clock.Advance(24 * time.Hour)
	if n := drain(t, wk); n != 0 {
		t.Errorf("a second drain handled %d messages", n)
	}
	checkReceived(t, srv.backend.all(), want)
}

func TestMailerRetriesWithBackoffWhileServerIsDown(t *testing.T) {
	w := newWorld(t, 0)
	backend := &smtpBackend{}
	srv := startSMTP(t, backend, "127.0.0.1:0")
	addr := srv.addr
	sender := srv.sender(t)
	srv.stop(t) // the server goes down; its port refuses connections
	wk := w.worker(sender)
	want := w.outbox("")
	start := w.s.Clock.Now()

	if n := drain(t, wk); n != len(want) {
		t.Errorf("first drain handled %d, want %d", n, len(want))
	}
	check := func(attempts int, next time.Time) {
		t.Helper()
		ms := w.outbox("")
		if len(ms) != len(want) {
			t.Fatalf("outbox has %d messages, had %d: something was lost", len(ms), len(want))
		}
		for _, m := range ms {
			if m.Status != models.OutboxPending || m.Attempts != attempts || !m.NextAttemptAt.Equal(next) || m.LastError == "" || m.SentAt != nil {
				t.Errorf("after %d failed attempts: %s to %s status %s attempts %d next %v (want %v) error %q",
					attempts, m.Kind, m.Recipient, m.Status, m.Attempts, m.NextAttemptAt, next, m.LastError)
			}
		}
	}
	check(1, start.Add(30*time.Second))
	// Not yet due: nothing is tried.
	w.s.Clock.Advance(29 * time.Second)
	if n := drain(t, wk); n != 0 {
		t.Errorf("a drain before the retry time handled %d", n)
	}
	// Due, still down: the wait doubles.
	w.s.Clock.Advance(time.Second)
	if n := drain(t, wk); n != len(want) {
		t.Errorf("second attempt handled %d, want %d", n, len(want))
	}
	check(2, start.Add(30*time.Second+60*time.Second))
	if got := backend.all(); len(got) != 0 {
		t.Fatalf("a closed server received %d messages", len(got))
	}

	// The server comes back on the same address; once due, each message goes once.
	startSMTP(t, backend, addr)
	if n := drain(t, wk); n != 0 {
		t.Errorf("drained %d before the retry time", n)
	}
	w.s.Clock.Advance(60 * time.Second)
	if n := drain(t, wk); n != len(want) {
		t.Errorf("third attempt handled %d, want %d", n, len(want))
	}
	checkReceived(t, backend.all(), want)
	for _, m := range w.outbox("") {
		if m.Status != models.OutboxSent || m.Attempts != 3 || m.LastError != "" {
			t.Errorf("after recovery: %s to %s status %s attempts %d error %q", m.Kind, m.Recipient, m.Status, m.Attempts, m.LastError)
		}
	}
	w.s.Clock.Advance(time.Hour)
	drain(t, wk)
	checkReceived(t, backend.all(), want)
}

func TestMailerGivesUpAfterMaxAttempts(t *testing.T) {
	w := newWorld(t, 0)
	srv := startSMTP(t, &smtpBackend{}, "127.0.0.1:0")
	sender := srv.sender(t)
	srv.stop(t)
	wk := w.worker(sender)
	wk.MaxAttempts, wk.BaseBackoff = 2, time.Second
	want := len(w.outbox(""))
	drain(t, wk)
	w.s.Clock.Advance(time.Second)
	drain(t, wk)
	for _, m := range w.outbox("") {
		if m.Status != models.OutboxFailed || m.Attempts != 2 || m.LastError == "" {
			t.Errorf("after the last attempt: %s status %s attempts %d error %q", m.Recipient, m.Status, m.Attempts, m.LastError)
		}
	}
	w.s.Clock.Advance(24 * time.Hour)
	if n := drain(t, wk); n != 0 || len(w.outbox("")) != want {
		t.Errorf("failed messages were tried again (%d) or lost", n)
	}
}

func TestMailerTwoWorkersNeverSendTwice(t *testing.T) {
	w := newWorld(t, 12)
	// More mail: the results are published twice more, 26 participants each time.
	for range 2 {
		w.s.Must(201, "POST", fmt.Sprintf("/api/v1/rounds/%d/publish", w.desk), w.r.OrganizerTok, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	}
	want := w.outbox("")
	if len(want) < 80 {
		t.Fatalf("only %d messages", len(want))
	}
	backend := &smtpBackend{delay: 2 * time.Millisecond}
	srv := startSMTP(t, backend, "127.0.0.1:0")
	sender := srv.sender(t)
	var wg sync.WaitGroup
	handled := make([]int, 2)
	for i := range handled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := w.worker(sender)
			for range 100 {
				n, err := wk.Drain(context.Background())
				if err != nil {
					t.Errorf("worker %d: %v", i, err)
					return
				}
				if n == 0 {
					return
				}
				handled[i] += n
			}
		}()
	}
	wg.Wait()
	if handled[0]+handled[1] != len(want) {
		t.Errorf("workers handled %v messages, want %d in all", handled, len(want))
	}
	checkReceived(t, backend.all(), want)
	for _, m := range w.outbox("") {
		if m.Status != models.OutboxSent || m.Attempts != 1 {
			t.Errorf("%s to %s: status %s attempts %d", m.Kind, m.Recipient, m.Status, m.Attempts)
		}
	}
	t.Logf("%s: worker loads %v", w.s.Store.Dialect(), handled)
}

func TestMailerWithoutServerMarksUnsent(t *testing.T) {
	w := newWorld(t, 0)
	wk := w.worker(nil)
	want := len(w.outbox(""))
	if n := drain(t, wk); n != want {
		t.Errorf("drained %d, want %d", n, want)
	}
	for _, m := range w.outbox("") {
		if m.Status != models.OutboxUnsent || m.SentAt != nil || m.LastError == "" {
			t.Errorf("%s to %s: status %s sent_at %v error %q", m.Kind, m.Recipient, m.Status, m.SentAt, m.LastError)
		}
	}
	w.s.Clock.Advance(24 * time.Hour)
	if n := drain(t, wk); n != 0 {
		t.Errorf("unsent messages were taken again: %d", n)
	}
}

// Many claims at the same moment (several Juri processes polling) never hand
// one message to two of them; on PostgreSQL this is FOR UPDATE SKIP LOCKED.
func TestOutboxConcurrentClaimsAreDisjoint(t *testing.T) {
	w := newWorld(t, 12)
	want := len(w.outbox(""))
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				ms, err := w.s.Store.ClaimOutbox(context.Background(), 3, time.Minute)
				if err != nil {
					t.Errorf("claim: %v", err)
					return
				}
				if len(ms) == 0 {
					return
				}
				mu.Lock()
				for _, m := range ms {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != want {
		t.Errorf("claimed %d distinct messages of %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("message %d was claimed %d times", id, n)
		}
	}
	// Claimed messages are leased: nobody takes them again until the lease ends.
	if ms, _ := w.s.Store.ClaimOutbox(context.Background(), 100, time.Minute); len(ms) != 0 {
		t.Errorf("%d leased messages were claimed again", len(ms))
	}
	w.s.Clock.Advance(time.Minute + time.Second)
	if ms, _ := w.s.Store.ClaimOutbox(context.Background(), 100, time.Minute); len(ms) != want {
		t.Errorf("after the lease %d messages are claimable, want %d", len(ms), want)
	}
}
