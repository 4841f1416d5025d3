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
