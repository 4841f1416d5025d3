package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/handlers"
	"github.com/juri-id/juri/internal/testenv"
)

// countingReader counts what the server read of a body.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

var pathParam = regexp.MustCompile(`:[a-z_]+`)

// TestBodyCapsOnEveryRoute walks the router's own route table: every route
// that takes a body refuses one byte over its cap with 413 in the
// contract's error shape, before authentication and before reading when the
// length is declared, takes a body of exactly the cap, and never reads more
// than the cap of a body of unknown length. JSON routes have 1 MB, the CSV
// imports 5 MB and the upload its own cap above the largest file.
func TestBodyCapsOnEveryRoute(t *testing.T) {
	const maxUpload = 2 << 20
	s := testenv.NewServer(t, func(d *api.Deps) { d.MaxUploadBytes = maxUpload })
	who := s.Everyone()
	capOf := func(path string) (int64, string) {
		switch path {
		case "/api/v1/users/import", "/api/v1/organizations/import":
			return handlers.MaxImportBytes + 64<<10, "text/csv"
		case "/api/v1/entries/:id/files":
			return maxUpload + 1<<20, "multipart/form-data; boundary=" + fuzzBoundary
		}
		return 1 << 20, "application/json"
	}
	// body is n bytes of what the route takes: a JSON object, CSV lines or a
	// multipart file, padded.
	body := func(ct string, n int64) []byte {
		var head, tail string
		switch {
		case strings.HasPrefix(ct, "application/json"):
			head, tail = `{"name":"`, `"}`
		case strings.HasPrefix(ct, "text/csv"):
			head, tail = "code,name,kind,parent_code\nX,", ",dinas,\n"
		default:
			head = "--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\n"
			tail = "\n%%EOF\r\n--" + fuzzBoundary + "--\r\n"
		}
		return []byte(head + strings.Repeat("a", int(n)-len(head)-len(tail)) + tail)
	}
	checked := 0
	for _, rt := range s.Router.Routes() {
		if rt.Method == http.MethodGet || rt.Method == http.MethodHead {
			continue
		}
		limit, ct := capOf(rt.Path)
		path := pathParam.ReplaceAllString(rt.Path, "1")
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			checked++
			for _, tok := range []string{"", who.AdminTok} {
				over := s.Request(rt.Method, path, tok, ct, bytes.NewReader(body(ct, limit+1)))
				if over.Code != http.StatusRequestEntityTooLarge || over.ErrorCode() != "payload_too_large" {
					t.Fatalf("one byte over %d (token %v): %d %.300s", limit, tok != "", over.Code, over.Body)
				}
				errorShape(t, over)
				if !strings.Contains(string(over.Body), strconv.FormatInt(limit, 10)) {
					t.Errorf("the answer does not name the cap %d: %s", limit, over.Body)
				}
			}
			if at := s.Request(rt.Method, path, "", ct, bytes.NewReader(body(ct, limit))); at.Code == http.StatusRequestEntityTooLarge {
				t.Fatalf("exactly the cap %d refused: %s", limit, at.Body)
			}
			// Without a declared length the cap holds while reading.
			cr := &countingReader{r: bytes.NewReader(body(ct, limit+64<<10))}
			r := s.Request(rt.Method, path, who.AdminTok, ct, struct{ io.Reader }{cr})
			if n := cr.n.Load(); n > limit+1 {
				t.Fatalf("read %d bytes of a body of unknown length, the cap is %d (answer %d)", n, limit, r.Code)
			}
			if cr.n.Load() > limit && r.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("read past the cap and answered %d: %.300s", r.Code, r.Body)
			}
		})
	}
	if checked < 40 {
		t.Fatalf("only %d routes with a body", checked)
	}

	// The upload's own cap: a file of 1.5 MB, over the JSON cap, is taken.
	comp := openCompetition(t, s, who.OrganizerTok, "kipp", map[string]any{"max_entries_per_organization": 0})
	entry := testenv.ID(t, createEntry(t, s, who.ParticipantTok, comp, map[string]any{"title": "Si Jempol"})["id"])
	if r := upload(s, who.ParticipantTok, entry, "proposal", "besar.pdf", paddedPDF(3<<19)); r.Code != http.StatusCreated {
		t.Fatalf("a 1.5 MB upload: %d %s", r.Code, r.Body)
	}
}

// listRoutes are the GET routes whose answer is a list ({items, total}),
// read from api/openapi.yaml, with whether the contract gives them the
// limit parameter.
func listRoutes(t *testing.T) map[string]bool {
	t.Helper()
	type operation struct {
		Parameters []struct {
			Ref string `yaml:"$ref"`
		} `yaml:"parameters"`
		Responses map[string]struct {
			Content map[string]struct {
				Schema struct {
					Ref        string         `yaml:"$ref"`
					Properties map[string]any `yaml:"properties"`
				} `yaml:"schema"`
			} `yaml:"content"`
		} `yaml:"responses"`
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(api.OpenAPISpec(), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for path, ops := range doc.Paths {
		node, ok := ops["get"]
		if !ok {
			continue
		}
		var op operation
		if err := node.Decode(&op); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		sch := op.Responses["200"].Content["application/json"].Schema
		_, items := sch.Properties["items"]
		_, total := sch.Properties["total"]
		if !(items && total) && !strings.HasSuffix(sch.Ref, "List") {
			continue
		}
		paged := false
		for _, p := range op.Parameters {
			paged = paged || p.Ref == "#/components/parameters/limit"
		}
		out[path] = paged
	}
	return out
}

// unpagedLists are the list routes the contract gives no limit: each
// answers its whole list, which the domain itself keeps small. A new list
// route must either take limit or be named here with what bounds it.
var unpagedLists = map[string]string{
	"/api/v1/competitions/{id}/members":    "the judges and organizers of one competition",
	"/api/v1/competitions/{id}/categories": "a competition's categories",
	"/api/v1/competitions/{id}/sections":   "the sections of one proposal form",
	"/api/v1/competitions/{id}/rounds":     "a competition's rounds",
	"/api/v1/rounds/{id}/criteria":         "one rubric",
	"/api/v1/entries/{id}/files":           "one entry's files (JURI_MAX_FILES_PER_ENTRY)",
	"/api/v1/rounds/{id}/assignments":      "one round's entries times its judges",
	"/api/v1/me/assignments":               "one judge's assignments",
	"/api/v1/competitions/{id}/conflicts":  "the conflicts of one competition's judges",
	"/api/v1/competitions/{id}/objections": "objections, themselves rate-limited per address",
	"/api/v1/competitions/{id}/reminders":  "reminders, at most one an hour per audience and round",
}

// TestListLimitsOnEveryListRoute: every list route of the contract that
// takes limit refuses one above the maximum (and below 1, and a negative
// offset) with 422 naming the field, and answers at most the maximum; every
// other list route is one named in unpagedLists.
func TestListLimitsOnEveryListRoute(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	comp := openCompetition(t, s, who.OrganizerTok, "kipp", nil)
	lists := listRoutes(t)
	if len(lists) < 10 {
		t.Fatalf("only %d list routes in the contract", len(lists))
	}
	paged := 0
	for path, takesLimit := range lists {
		if !takesLimit {
			if unpagedLists[path] == "" {
				t.Errorf("%s answers a list without limit, and unpagedLists does not say what bounds it", path)
			}
			continue
		}
		paged++
		url := strings.ReplaceAll(path, "{id}", itoa(comp))
		tok := who.AdminTok
		for _, q := range []string{"limit=" + itoa(handlers.MaxLimit+1), "limit=0", "limit=abc", "limit=1000000000000", "offset=-1"} {
			r := s.Do("GET", url+"?"+q, tok, nil)
			field, _, _ := strings.Cut(q, "=")
			if r.Code != http.StatusUnprocessableEntity || r.ErrorCode() != "validation_failed" || fields(t, r)[field] == "" {
				t.Errorf("GET %s?%s: %d %s, want 422 naming %s", path, q, r.Code, r.Body, field)
			}
		}
		r := s.Do("GET", url+"?limit="+itoa(handlers.MaxLimit), tok, nil)
		if r.Code != http.StatusOK {
			t.Errorf("GET %s?limit=%d: %d %s", path, handlers.MaxLimit, r.Code, r.Body)
			continue
		}
		var l struct {
			Items []json.RawMessage `json:"items"`
		}
		r.JSON(t, &l)
		if len(l.Items) > handlers.MaxLimit {
			t.Errorf("GET %s answered %d items", path, len(l.Items))
		}
	}
	for path := range unpagedLists {
		if _, ok := lists[path]; !ok || lists[path] {
			t.Errorf("unpagedLists names %s, which is not an unpaged list route of the contract", path)
		}
	}
	if paged < 5 {
		t.Fatalf("only %d paged list routes", paged)
	}
}

// TestRegistrationIsRateLimitedPerAddress: registration shares the
// per-address bucket of sign-in, refresh and confirmation, so a client
// cannot spread a flood over them: past the burst every one of them answers
// 429 in the contract's shape with Retry-After in whole seconds, while
// another address still registers.
func TestRegistrationIsRateLimitedPerAddress(t *testing.T) {
	s := testenv.NewServer(t, behindProxy, func(d *apiDeps) { d.AuthPerMinute, d.AuthBurst = 2, 4 })
	opd := s.Org("dinas")
	register := func(ip, email string) *testenv.Response {
		body, _ := json.Marshal(map[string]any{"email": email, "password": "jamu-sehat-kajen-2020", "name": "Siti", "organization_id": opd.ID})
		return s.Request("POST", "/api/v1/auth/register", "", "application/json", bytes.NewReader(body), "X-Forwarded-For", ip)
	}
	for i := range 3 {
		if r := register("198.51.100.7", "peserta"+itoa(int64(i))+"@dinkes.go.id"); r.Code != http.StatusCreated {
			t.Fatalf("registration %d: %d %s", i, r.Code, r.Body)
		}
	}
	if r := loginFrom(s, "198.51.100.7", "x@dinkes.go.id", "whatever-password"); r.Code != http.StatusUnauthorized {
		t.Fatalf("a sign-in within the burst: %d %s", r.Code, r.Body)
	}
	over := register("198.51.100.7", "lagi@dinkes.go.id")
	wantRefused(t, over, "a registration past the burst")
	errorShape(t, over)
	if n, _ := strconv.Atoi(over.Header.Get("Retry-After")); n > 60 {
		t.Errorf("Retry-After %d s for a bucket refilling %d a minute", n, 2)
	}
	wantRefused(t, loginFrom(s, "198.51.100.7", "x@dinkes.go.id", "whatever-password"), "a sign-in from the same address")
	refresh := s.Request("POST", "/api/v1/auth/refresh", "", "application/json", strings.NewReader(`{"refresh_token":"x"}`), "X-Forwarded-For", "198.51.100.7")
	wantRefused(t, refresh, "a refresh from the same address")
	confirm := s.Request("POST", "/api/v1/auth/confirm", "", "application/json", strings.NewReader(`{"token":"x"}`), "X-Forwarded-For", "198.51.100.7")
	wantRefused(t, confirm, "a confirmation from the same address")
	if r := register("198.51.100.8", "tetangga@dinkes.go.id"); r.Code != http.StatusCreated {
		t.Fatalf("another address: %d %s", r.Code, r.Body)
	}
}
