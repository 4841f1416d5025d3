package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// Secret signs the access tokens of test servers.
var Secret = []byte("test-secret-that-is-at-least-32-bytes-long")

// Server is the real router on a fresh database.
type Server struct {
	T      testing.TB
	Router *gin.Engine
	Store  *store.Store
	Clock  *Clock
	Tokens *auth.Tokens
	Deps   api.Deps
	// BlobDir is where uploaded files land, to check that nothing is left
	// behind; empty when an option (S3Blobs) put them elsewhere.
	BlobDir string
	orgs    int
}

// Option adjusts the router's dependencies before it is built.
type Option func(*api.Deps)

// NewServer builds a router on a fresh database.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	clock := NewClock()
	st := Store(t, clock)
	tokens := auth.NewTokens(Secret, clock.Now)
	deps := api.Deps{
		Store: st, Passwords: Passwords(), Tokens: tokens, Now: clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebDir: t.TempDir(),
		MaxUploadBytes: 25 << 20, AuthPerMinute: 6000, AuthBurst: 1000, UploadsPerMinute: 6000, UploadsAtOnce: 50,
	}
	blobDir := t.TempDir()
	blobs, err := blob.NewLocal(blobDir)
	if err != nil {
		t.Fatalf("blobs: %v", err)
	}
	deps.Blobs = blobs
	for _, o := range opts {
		o(&deps)
	}
	if deps.Blobs != blob.Store(blobs) {
		blobDir = ""
	}
	r, err := api.New(deps)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	return &Server{T: t, Router: r, Store: deps.Store, Clock: clock, Tokens: tokens, Deps: deps, BlobDir: blobDir}
}

// OnDatabase makes the server run on the PostgreSQL database at url (a
// private server a fault test stops and starts) instead of the test
// database: migrated there, on the server's clock, closed when the test ends.
func OnDatabase(t testing.TB, url string) Option {
	return func(d *api.Deps) {
		t.Helper()
		st, err := store.Open(store.Options{DatabaseURL: url, Now: d.Now})
		if err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		urls.Store(st, url)
		t.Cleanup(func() { st.Close(); urls.Delete(st) })
		if err := st.Migrate(); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		d.Store = st
	}
}

// Response is a recorded answer.
type Response struct {
	Code   int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it cannot.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// List decodes a list answer ({"items": [...], "total": N}), failing the
// test if it has another shape.
func List(t testing.TB, r *Response) []map[string]any {
	t.Helper()
	var l struct {
		Items []map[string]any `json:"items"`
		Total *int64           `json:"total"`
	}
	r.JSON(t, &l)
	if l.Items == nil || l.Total == nil {
		t.Fatalf("not a list answer: %s", r.Body)
	}
	return l.Items
}

// ID reads a JSON number that must be there, as an id.
func ID(t testing.TB, v any) int64 {
	t.Helper()
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("not a number: %#v", v)
	}
	return int64(f)
}

// ErrorCode returns error.code of an error answer, or "".
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Request sends a request with a raw body and content type.
func (s *Server) Request(method, path, token, contentType string, body io.Reader, headers ...string) *Response {
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	req.RemoteAddr = "192.0.2.10:40000"
	w := httptest.NewRecorder()
	s.Router.ServeHTTP(w, req)
	res := &Response{Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	s.checkAnswer(req, res.Code, res.Header, res.Body)
	return res
}

// Do sends a JSON request; body may be nil, a string (sent as is) or a value.
func (s *Server) Do(method, path, token string, body any) *Response {
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		r, ct = strings.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			s.T.Fatalf("encode body: %v", err)
		}
		r, ct = bytes.NewReader(data), "application/json"
	}
	return s.Request(method, path, token, ct, r)
}

// Must sends a JSON request and fails the test unless the status is want.
func (s *Server) Must(want int, method, path, token string, body any) *Response {
	s.T.Helper()
	r := s.Do(method, path, token, body)
	if r.Code != want {
		s.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Code, want, r.Body)
	}
	return r
}

// Org creates an OPD directly in the store.
func (s *Server) Org(kind string) models.Organization {
	s.T.Helper()
	s.orgs++
	o := models.Organization{Code: fmt.Sprintf("OPD%d", s.orgs), Name: fmt.Sprintf("Dinas Uji %d", s.orgs), Kind: kind}
	if err := s.Store.CreateOrganization(context.Background(), store.Actor{}, &o); err != nil {
		s.T.Fatalf("create organization: %v", err)
	}
	return o
}

// TestPassword is the password of every user User creates.
const TestPassword = "correct horse battery staple"

var (
	hashOnce sync.Once
	hash     string
)

// User creates a user with TestPassword and returns it with an access token.
func (s *Server) User(role models.Role, orgID *int64) (models.User, string) {
	s.T.Helper()
	hashOnce.Do(func() { hash, _ = Passwords().Hash(context.Background(), TestPassword) })
	n := s.count()
	u := models.User{Email: fmt.Sprintf("%s%d@example.go.id", role, n), Name: fmt.Sprintf("%s %d", role, n),
		Role: role, OrganizationID: orgID, PasswordHash: hash, Verified: true}
	if err := s.Store.CreateUser(context.Background(), store.Actor{}, &u); err != nil {
		s.T.Fatalf("create user: %v", err)
	}
	return u, s.Token(u)
}

// Token starts a session for u, as a sign-in does, and issues its access
// token.
func (s *Server) Token(u models.User) string {
	s.T.Helper()
	family, err := auth.NewFamilyID()
	if err != nil {
		s.T.Fatal(err)
	}
	_, hash, err := auth.NewRefreshToken()
	if err != nil {
		s.T.Fatal(err)
	}
	if err := s.Store.StartSession(context.Background(), u.ID, family, hash, auth.RefreshTTL); err != nil {
		s.T.Fatalf("start session: %v", err)
	}
	tok, _, err := s.Tokens.Issue(u.ID, u.Role, family)
	if err != nil {
		s.T.Fatalf("issue token: %v", err)
	}
	return tok
}

func (s *Server) count() int {
	s.orgs++
	return s.orgs
}

// Roles gives one user (and token) of every role; the participant belongs to a
// fresh OPD.
type Roles struct {
	Admin, Organizer, Judge, Participant             models.User
	AdminTok, OrganizerTok, JudgeTok, ParticipantTok string
	OPD                                              models.Organization
}

// Everyone creates one user of each role.
func (s *Server) Everyone() Roles {
	var r Roles
	r.OPD = s.Org("dinas")
	r.Admin, r.AdminTok = s.User(models.RoleAdmin, nil)
	r.Organizer, r.OrganizerTok = s.User(models.RoleOrganizer, nil)
	r.Judge, r.JudgeTok = s.User(models.RoleJudge, nil)
	r.Participant, r.ParticipantTok = s.User(models.RoleParticipant, &r.OPD.ID)
	return r
}

// Twin is a second server on the same database, as a second juri process
// would be: its own store (its own connection pool and caches) and its own
// router, with the same clock, token secret and blob storage.
func (s *Server) Twin() *Server {
	s.T.Helper()
	v, ok := opened.Load(s.Store)
	if !ok {
		s.T.Fatalf("Twin: the server's store was not opened by testenv")
	}
	st, err := store.Open(v.(store.Options))
	if err != nil {
		s.T.Fatalf("Twin: open the database again: %v", err)
	}
	s.T.Cleanup(func() { st.Close() })
	deps := s.Deps
	deps.Store = st
	r, err := api.New(deps)
	if err != nil {
		s.T.Fatalf("Twin: router: %v", err)
	}
	return &Server{T: s.T, Router: r, Store: st, Clock: s.Clock, Tokens: s.Tokens, Deps: deps, BlobDir: s.BlobDir, orgs: s.orgs}
}
