package api_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/internal/testenv"
)

// TestOpenAPIMatchesRouter fails when a route of the router is missing from
// api/openapi.yaml, or the description names a route the router lacks.
func TestOpenAPIMatchesRouter(t *testing.T) {
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(api.OpenAPISpec(), &doc); err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	spec := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete":
				spec[strings.ToUpper(method)+" "+param.ReplaceAllString(path, ":$1")] = true
			}
		}
	}
	s := testenv.NewServer(t)
	router := map[string]bool{}
	for _, r := range s.Router.Routes() {
		router[r.Method+" "+r.Path] = true
	}
	var missing, extra []string
	for k := range router {
		if !spec[k] {
			missing = append(missing, k)
		}
	}
	for k := range spec {
		if !router[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes missing from api/openapi.yaml:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(extra) > 0 {
		t.Errorf("api/openapi.yaml names routes the router lacks:\n  %s", strings.Join(extra, "\n  "))
	}

	r := s.Do("GET", "/api/openapi.yaml", "", nil)
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml") || len(r.Body) != len(api.OpenAPISpec()) {
		t.Fatalf("GET /api/openapi.yaml: %d %s", r.Code, r.Header.Get("Content-Type"))
	}
}

// TestOpenAPIRefsResolve checks that every $ref in the description points at
// something that exists, since no 3.1 validator is at hand.
func TestOpenAPIRefsResolve(t *testing.T) {
	var root map[string]any
	if err := yaml.Unmarshal(api.OpenAPISpec(), &root); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	n := 0
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				if k == "$ref" {
					n++
					ref, _ := child.(string)
					if !resolves(root, ref) {
						t.Errorf("$ref %q does not resolve", ref)
					}
					continue
				}
				walk(child)
			}
		case []any:
			for _, child := range x {
				walk(child)
			}
		}
	}
	walk(root)
	if n < 10 {
		t.Fatalf("only %d refs found; the walk is broken", n)
	}
}

func resolves(root map[string]any, ref string) bool {
	if !strings.HasPrefix(ref, "#/") {
		return false
	}
	var cur any = root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}

// TestOpenAPIRequiredFields pins what the web app's generated types rely on:
// the fields of Entry, Scorecard, Ranking, User and an import's bad lines
// (LineError, LineProblem) that are always present are required
// (openapi-typescript then types them without "?"), and the ones that can be
// null say so. A new field must be added here, which forces
// the choice between required and optional. That the code really sends them
// is checked on every answer of the API tests (internal/testenv).
func TestOpenAPIRequiredFields(t *testing.T) {
	type schema struct {
		Required   []string                  `yaml:"required"`
		Properties map[string]map[string]any `yaml:"properties"`
	}
	var doc struct {
		Components struct {
			Schemas map[string]schema `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(api.OpenAPISpec(), &doc); err != nil {
		t.Fatal(err)
	}
	// Every field of these schemas, with the ones that may be null marked "?"
	// and the few that some callers do not get marked "-".
	want := map[string][]string{
		"Entry": {"id", "competition_id", "organization?", "category_id?", "title", "sections", "video_url", "team",
			"status", "submitted_at?", "screening_reason", "revise_until?", "files", "created_at", "updated_at",
			"created_by-", "submitted_by-"},
		"Scorecard": {"assignment_id", "status", "version", "scores", "comment", "total?", "complete", "submitted_at?", "updated_at?"},
		"Ranking": {"round_id", "method", "normalize", "category_id?", "top_n", "resamples", "entries", "judges",
			"reliability", "notes"},
		"User":        {"id", "email", "name", "role", "organization_id?", "disabled", "has_password", "verified"},
		"LineError":   {"line", "message", "problems"},
		"LineProblem": {"code", "field?", "params"},
	}
	for name, fields := range want {
		s, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("components.schemas.%s is missing", name)
			continue
		}
		required := map[string]bool{}
		for _, f := range s.Required {
			required[f] = true
		}
		listed := map[string]bool{}
		for _, f := range fields {
			field, optional := strings.CutSuffix(f, "-")
			field, nullable := strings.CutSuffix(field, "?")
			listed[field] = true
			p, ok := s.Properties[field]
			switch {
			case !ok:
				t.Errorf("%s.%s is not a property", name, field)
			case optional && required[field]:
				t.Errorf("%s.%s is left out for some callers but required", name, field)
			case !optional && !required[field]:
				t.Errorf("%s.%s is always present but not required", name, field)
			case nullable != allowsNull(p):
				t.Errorf("%s.%s: may be null %v, the description says %v", name, field, nullable, allowsNull(p))
			}
		}
		for field := range s.Properties {
			if !listed[field] {
				t.Errorf("%s.%s is new: add it to this test, and to required if it is always there", name, field)
			}
		}
	}
}

// allowsNull reports whether a property schema admits null: a type list with
// "null", or a oneOf with a null branch.
func allowsNull(p map[string]any) bool {
	switch ty := p["type"].(type) {
	case []any:
		for _, x := range ty {
			if x == "null" {
				return true
			}
		}
	case string:
		return ty == "null"
	}
	if alts, ok := p["oneOf"].([]any); ok {
		for _, a := range alts {
			if m, ok := a.(map[string]any); ok && allowsNull(m) {
				return true
			}
		}
	}
	return false
}
