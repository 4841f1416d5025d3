package testenv

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/juri-id/juri/api"
)

// Contract is api/openapi.yaml made ready to check answers against: loaded
// and validated once per test binary, with every object schema closed, so
// that a field the code sends but the description lacks is a mismatch too.
type Contract struct {
	Doc    *openapi3.T
	router routers.Router

	// Bodies are checked with JSON Schema 2020-12 (the dialect of OpenAPI
	// 3.1) against the whole description loaded once as one resource, each
	// body schema compiled on first use: kin-openapi would compile the schema
	// again for every answer, which made the API tests half as slow again.
	compiler *jsonschema.Compiler
	where    map[*openapi3.MediaType]string // each body schema's location in the description
	mu       sync.Mutex
	compiled map[string]*jsonschema.Schema
}

const contractURL = "https://juri.invalid/openapi.json"

var (
	contractOnce sync.Once
	contract     *Contract
	contractErr  error
)

// LoadContract returns the description, loading it on the first call.
func LoadContract() (*Contract, error) {
	contractOnce.Do(func() { contract, contractErr = loadContract(api.OpenAPISpec()) })
	return contract, contractErr
}

func loadContract(spec []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("load api/openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("api/openapi.yaml is not a valid description: %w", err)
	}
	if err := closeSchemas(doc); err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route api/openapi.yaml: %w", err)
	}
	// The closed schemas are marshaled with the rest, so the compiled ones
	// are closed too.
	whole, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	root, err := jsonschema.UnmarshalJSON(bytes.NewReader(whole))
	if err != nil {
		return nil, err
	}
	compiler := jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft2020)
	compiler.AssertFormat()
	if err := compiler.AddResource(contractURL, root); err != nil {
		return nil, err
	}
	k := &Contract{Doc: doc, router: router, compiler: compiler, where: bodySchemas(doc), compiled: map[string]*jsonschema.Schema{}}
	if _, err := k.schema("#/components/schemas/Error"); err != nil {
		return nil, err
	}
	return k, nil
}

// bodySchemas finds where each answer's body schema sits in the description,
// as a JSON pointer: under the operation, or under the shared response it
// refers to.
func bodySchemas(doc *openapi3.T) map[*openapi3.MediaType]string {
	out := map[*openapi3.MediaType]string{}
	add := func(at string, r *openapi3.ResponseRef) {
		if r.Ref != "" {
			at = r.Ref
		}
		for name, mt := range r.Value.Content {
			if mt.Schema != nil {
				out[mt] = at + "/content/" + pointerToken(name) + "/schema"
			}
		}
	}
	for name, r := range doc.Components.Responses {
		add("#/components/responses/"+pointerToken(name), r)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status, r := range op.Responses.Map() {
				add("#/paths/"+pointerToken(path)+"/"+strings.ToLower(method)+"/responses/"+status, r)
			}
		}
	}
	return out
}

func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// schema compiles the schema at a JSON pointer of the description once.
func (k *Contract) schema(at string) (*jsonschema.Schema, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if s, ok := k.compiled[at]; ok {
		return s, nil
	}
	s, err := k.compiler.Compile(contractURL + at)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", at, err)
	}
	k.compiled[at] = s
	return s, nil
}

// Check compares one answer with the description: the status must be declared
// on the operation, the content type must be one it declares (a declared answer
// without content must have no body), and the body and declared headers must
// match their schemas. It returns nil when the answer fits.
func (k *Contract) Check(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := k.router.FindRoute(req)
	if err != nil {
		return k.checkUnrouted(req, status, header, body, err)
	}
	declared := route.Operation.Responses.Status(status)
	if declared == nil || declared.Value == nil {
		return fmt.Errorf("status %d is not declared on %s %s", status, route.Method, route.Path)
	}
	// Headers, with kin-openapi; the body below.
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return errors.New(withoutDumps(err.Error()))
	}
	content := declared.Value.Content
	switch {
	case req.Method == http.MethodHead:
		return nil
	case len(content) == 0 && len(body) > 0:
		return fmt.Errorf("status %d of %s %s declares no content, but the answer has a %q body: %.200s",
			status, route.Method, route.Path, header.Get("Content-Type"), body)
	case len(content) == 0:
		return nil
	case len(body) == 0:
		return fmt.Errorf("status %d of %s %s declares content, but the answer has no body", status, route.Method, route.Path)
	}
	ct := header.Get("Content-Type")
	mt := content.Get(ct)
	if mt == nil {
		return fmt.Errorf("status %d of %s %s declares no content type %q", status, route.Method, route.Path, ct)
	}
	return k.checkBody(mt, ct, body)
}

// checkBody decodes a body by its type and matches it with its schema.
// Binary bodies (files, workbooks) are checked for their type only.
func (k *Contract) checkBody(mt *openapi3.MediaType, ct string, body []byte) error {
	if mt.Schema == nil || mt.Schema.Value == nil || mt.Schema.Value.Format == "binary" {
		return nil
	}
	at, ok := k.where[mt]
	if !ok {
		return fmt.Errorf("no location known for the schema of %s", ct)
	}
	value, err := decodeBody(ct, body)
	if err != nil {
		return err
	}
	s, err := k.schema(at)
	if err != nil {
		return err
	}
	if err := s.Validate(value); err != nil {
		return fmt.Errorf("the body does not match %s:%s", strings.TrimPrefix(at, "#/"), reasons(err))
	}
	return nil
}

// reasons is a validation error without its first line, which only repeats
// the schema's location.
func reasons(err error) string {
	_, rest, ok := strings.Cut(err.Error(), "\n")
	if !ok {
		return " " + err.Error()
	}
	return "\n" + rest
}

func decodeBody(ct string, body []byte) (any, error) {
	mediaType, _, _ := strings.Cut(ct, ";")
	switch mediaType = strings.TrimSpace(strings.ToLower(mediaType)); {
	case mediaType == "application/json":
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("the body is not JSON: %w", err)
		}
		return v, nil
	case mediaType == "text/csv":
		return csvText(body)
	case mediaType == "application/yaml":
		v, err := openapi3filter.YamlBodyDecoder(bytes.NewReader(body), nil, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("the body is not YAML: %w", err)
		}
		return v, nil
	case strings.HasPrefix(mediaType, "text/"):
		return string(body), nil
	}
	return nil, fmt.Errorf("the check cannot read %s bodies", mediaType)
}

// csvText reads a CSV answer: past the UTF-8 byte-order mark the exports
// start with, it must parse as CSV with every row as long as the header.
func csvText(body []byte) (any, error) {
	if _, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll(); err != nil {
		return nil, fmt.Errorf("the body is not CSV: %w", err)
	}
	return string(body), nil
}

// withoutDumps drops the schemas and values kin-openapi prints below each
// reason: the reasons name the failing header, and the schema is in
// api/openapi.yaml.
func withoutDumps(msg string) string {
	var keep []string
	dump := false
	for _, line := range strings.Split(msg, "\n") {
		switch {
		case line == "Schema:" || line == "Value:":
			dump = true
		case dump && strings.HasPrefix(line, "  "):
		default:
			dump = false
			if strings.TrimSpace(line) != "" {
				keep = append(keep, line)
			}
		}
	}
	return strings.Join(keep, "\n")
}

// checkUnrouted handles requests that match no operation. Tests send these
// on purpose, and only these are allowed:
//   - a path under /api/ that the description lacks: 404 not_found, or 500
//     internal from a route a test adds itself to provoke a panic;
//   - a method that a described path does not take: 405 method_not_allowed;
//   - a CORS preflight (OPTIONS with Access-Control-Request-Method), which the
//     middleware answers on every path: 204 without a body, or 403;
//   - any other path outside /api/: the web app's, which is no part of the API.
//
// Every error answer among them must still have the error shape.
func (k *Contract) checkUnrouted(req *http.Request, status int, header http.Header, body []byte, routeErr error) error {
	if req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "" {
		switch {
		case status == http.StatusNoContent && len(body) == 0:
			return nil
		case status == http.StatusForbidden:
			return k.checkError(header, body, "forbidden")
		}
		return fmt.Errorf("CORS preflight answered %d", status)
	}
	if errors.Is(routeErr, routers.ErrPathNotFound) && !strings.HasPrefix(req.URL.Path, "/api/") {
		return nil
	}
	switch {
	case errors.Is(routeErr, routers.ErrMethodNotAllowed) && status == http.StatusMethodNotAllowed:
		return k.checkError(header, body, "method_not_allowed")
	case errors.Is(routeErr, routers.ErrPathNotFound) && status == http.StatusNotFound:
		return k.checkError(header, body, "not_found")
	case errors.Is(routeErr, routers.ErrPathNotFound) && status == http.StatusInternalServerError:
		return k.checkError(header, body, "internal")
	}
	return fmt.Errorf("no operation of api/openapi.yaml matches (%v), and the answer is %d", routeErr, status)
}

// checkError requires the error shape with the given code.
func (k *Contract) checkError(header http.Header, body []byte, code string) error {
	ct := header.Get("Content-Type")
	if !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("error answer with content type %q", ct)
	}
	v, err := decodeBody(ct, body)
	if err != nil {
		return err
	}
	s, err := k.schema("#/components/schemas/Error")
	if err != nil {
		return err
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("the error answer does not match components/schemas/Error:%s", reasons(err))
	}
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(body, &e)
	if e.Error.Code != code {
		return fmt.Errorf("the error answer has code %q, want %q", e.Error.Code, code)
	}
	return nil
}

// checkAnswer reports a mismatch between an answer and the description as a
// test error naming the request.
func (s *Server) checkAnswer(req *http.Request, status int, header http.Header, body []byte) {
	k, err := LoadContract()
	if err != nil {
		s.T.Fatalf("%v", err)
	}
	if err := k.Check(req, status, header, body); err != nil {
		s.T.Errorf("%s %s answered %d, which api/openapi.yaml does not describe: %v\nbody: %.500s",
			req.Method, req.URL.RequestURI(), status, err, body)
	}
}
