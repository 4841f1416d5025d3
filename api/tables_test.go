package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// The API tests are tables where they repeat a shape: a case is one request
// and the answer it must get, and each case runs as its own subtest, so a
// failure names its case and `go test -run 'TestX/case'` runs it alone.

// reqCase is one request and the answer it must get.
type reqCase struct {
	name         string
	method, path string
	token        string // "" for an anonymous request
	body         any    // nil, a string sent as it is, or a value sent as JSON
	contentType  string // sends the string body with this type instead of as JSON
	// send, when set, makes the request instead of method, path, token and
	// body: an upload, a request with headers, a helper of the test.
	send   func() *testenv.Response
	status int
	code   string // error.code the answer must carry; "" leaves it unchecked
	field  string // a field error.fields must name; "" leaves it unchecked
}

// do sends the case's request.
func (c reqCase) do(s *testenv.Server) *testenv.Response {
	switch {
	case c.send != nil:
		return c.send()
	case c.contentType != "":
		return s.Request(c.method, c.path, c.token, c.contentType, strings.NewReader(c.body.(string)))
	}
	return s.Do(c.method, c.path, c.token, c.body)
}

// check reports, as one error, how res differs from the answer c wants.
func (c reqCase) check(t testing.TB, res *testenv.Response) bool {
	t.Helper()
	var e struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	_ = json.Unmarshal(res.Body, &e)
	if res.Code == c.status && (c.code == "" || e.Error.Code == c.code) && (c.field == "" || e.Error.Fields[c.field] != "") {
		return true
	}
	want := c.code
	if c.field != "" {
		want += " naming " + c.field
	}
	t.Errorf("%sgot %d %s, want %d %s", strings.TrimLeft(c.method+" "+c.path+": ", " :"), res.Code, res.Body, c.status, want)
	return false
}

// runCases runs every case as a subtest of t, in order, and reports whether
// all of them passed. The cases of one table must not depend on each other.
func runCases(t *testing.T, s *testenv.Server, cases []reqCase) bool {
	t.Helper()
	ok := true
	for _, c := range cases {
		ok = runCase(t, s, c.name, func(t *testing.T) {
			t.Helper()
			c.check(t, c.do(s))
		}) && ok
	}
	return ok
}

// mustCases is runCases for a test that cannot go on once a case failed:
// the request the table replaced stopped the test (expect, Fatal), and what
// follows builds on the answer.
func mustCases(t *testing.T, s *testenv.Server, cases []reqCase) {
	t.Helper()
	if !runCases(t, s, cases) {
		t.FailNow()
	}
}

// runCase runs f as the subtest name of t. While it runs, s reports to the
// subtest, and so do the other holders of a *testing.T passed in also (a test
// world's): s.Must, s.User and the checks inside s.Request then fail the case
// that called them, and their Fatal ends that case alone, as it must (a
// Fatal on the parent test from the subtest's goroutine is not allowed).
func runCase(t *testing.T, s *testenv.Server, name string, f func(t *testing.T), also ...**testing.T) bool {
	t.Helper()
	return t.Run(name, func(t *testing.T) {
		t.Helper()
		parent := s.T
		s.T = t
		saved := make([]*testing.T, len(also))
		for i, p := range also {
			saved[i], *p = *p, t
		}
		defer func() {
			s.T = parent
			for i, p := range also {
				*p = saved[i]
			}
		}()
		f(t)
	})
}

// roles are the callers every authorization table runs as, in order, with
// the names the expectations use.
var allRoles = []string{"anonymous", "participant", "judge", "organizer", "admin"}

// roleTokens maps the names of roles to r's tokens ("" for anonymous).
func roleTokens(r testenv.Roles) map[string]string {
	return map[string]string{"anonymous": "", "participant": r.ParticipantTok, "judge": r.JudgeTok, "organizer": r.OrganizerTok, "admin": r.AdminTok}
}

// caseName names a subtest after a request: "GET rounds 3 ranking" for GET
// /api/v1/rounds/3/ranking. Slashes would split the name into levels of
// subtests for -run.
func caseName(method, path string) string {
	return method + " " + strings.ReplaceAll(strings.TrimPrefix(path, "/api/v1/"), "/", " ")
}
