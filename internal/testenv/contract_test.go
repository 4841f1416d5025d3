package testenv

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The check must refuse answers that differ from api/openapi.yaml, or every
// API test would pass it vacuously. These answers are made up; the real ones
// go through the same Check in every API test.
func TestContractCheck(t *testing.T) {
	k, err := LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	const (
		user = `"id":1,"email":"a@example.go.id","name":"A","role":"participant","organization_id":3,` +
			`"disabled":false,"has_password":true,"verified":true`
		org   = `{"id":3,"code":"OPD1","name":"Dinas","kind":"dinas"}`
		me    = `{` + user + `,"organization":` + org + `,"memberships":[{"competition_id":2,"role":"judge"}]}`
		error = `{"error":{"code":"not_found","message":"user not found","request_id":"abc"}}`
	)
	jsonCT := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	cases := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		fault              string // a part of the expected complaint; "" when the answer fits
	}{
		{"Me as described", "GET", "/api/v1/me", 200, jsonCT, me, ""},
		{"Me without an OPD", "GET", "/api/v1/me", 200, jsonCT, strings.Replace(me, org, "null", 1), ""},
		{"a field the description lacks, in a merged allOf", "GET", "/api/v1/me", 200, jsonCT,
			strings.Replace(me, `"memberships"`, `"surprise":1,"memberships"`, 1), "surprise"},
		{"a field the description lacks, in a nested object", "GET", "/api/v1/me", 200, jsonCT,
			strings.Replace(me, `"kind":"dinas"`, `"kind":"dinas","parent_id":null`, 1), "parent_id"},
		{"a required field left out", "GET", "/api/v1/me", 200, jsonCT,
			strings.Replace(me, `,"memberships":[{"competition_id":2,"role":"judge"}]`, "", 1), "memberships"},
		{"null where the description allows none", "GET", "/api/v1/users/1", 200, jsonCT,
			`{` + strings.Replace(user, `"name":"A"`, `"name":null`, 1) + `}`, "name"},
		{"a value outside its enum", "GET", "/api/v1/users/1", 200, jsonCT,
			`{` + strings.Replace(user, `"participant"`, `"jester"`, 1) + `}`, "role"},
		{"a status the operation does not declare", "GET", "/api/v1/me", 418, jsonCT, error, "418"},
		{"another content type", "GET", "/api/v1/me", 200, http.Header{"Content-Type": {"text/html"}}, "<p>hi</p>", "text/html"},
		{"a body on a 204", "DELETE", "/api/v1/files/7", 204, jsonCT, `{}`, "no content"},
		{"no body where content is declared", "GET", "/api/v1/me", 200, jsonCT, "", "no body"},
		{"an error with a field the shape lacks", "GET", "/api/v1/users/9", 404, jsonCT,
			strings.Replace(error, `"request_id"`, `"trace":"x","request_id"`, 1), "trace"},
		{"an error without request_id", "GET", "/api/v1/users/9", 404, jsonCT,
			`{"error":{"code":"not_found","message":"user not found"}}`, "request_id"},
		{"a declared header of the wrong form", "POST", "/api/v1/auth/login", 429,
			http.Header{"Content-Type": {"application/json"}, "Retry-After": {"soon"}},
			strings.Replace(error, "not_found", "too_many_requests", 1), "Retry-After"},
		{"a required header left out", "POST", "/api/v1/auth/login", 429, jsonCT,
			strings.Replace(error, "not_found", "too_many_requests", 1), "Retry-After"},
		{"a CSV export that is not CSV", "GET", "/api/v1/rounds/1/ranking.csv", 200,
			http.Header{"Content-Type": {"text/csv; charset=utf-8"}, "Cache-Control": {"no-store"}},
			"\xEF\xBB\xBFa,b\n\"unclosed", "CSV"},
		{"a CSV export", "GET", "/api/v1/rounds/1/ranking.csv", 200,
			http.Header{"Content-Type": {"text/csv; charset=utf-8"}, "Cache-Control": {"no-store"}},
			"\xEF\xBB\xBF\"Peringkat\",ID\n1,2\n", ""},
		{"an unknown API path", "GET", "/api/v1/nothing-here", 404, jsonCT,
			strings.Replace(error, "user not found", "endpoint not found", 1), ""},
		{"an unknown API path that answers 200", "GET", "/api/v1/nothing-here", 200, jsonCT, `{}`, "no operation"},
		{"an unknown API path outside the error shape", "GET", "/api/v1/nothing-here", 404, jsonCT, `{"error":"gone"}`, "error"},
		{"an unknown API path with another code", "GET", "/api/v1/nothing-here", 404, jsonCT,
			strings.Replace(error, "not_found", "conflict", 1), "conflict"},
		{"a method the path does not take", "DELETE", "/api/v1/me", 405, jsonCT,
			strings.Replace(error, "not_found", "method_not_allowed", 1), ""},
		{"a method the path does not take, answered 404", "DELETE", "/api/v1/me", 404, jsonCT, error, "no operation"},
		{"a web app page", "GET", "/kompetisi/1", 200, http.Header{"Content-Type": {"text/html"}}, "<html></html>", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, nil)
			err := k.Check(req, c.status, c.header, []byte(c.body))
			switch {
			case c.fault == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.fault != "" && err == nil:
				t.Errorf("accepted, want a complaint about %q", c.fault)
			case c.fault != "" && !strings.Contains(err.Error(), c.fault):
				t.Errorf("complaint %q does not mention %q", err, c.fault)
			}
		})
	}
}
