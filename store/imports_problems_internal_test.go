package store

import (
	"reflect"
	"strings"
	"testing"

	"github.com/juri-id/juri/valid"
)

// TestImportProblemOfEveryValidReason: every reason package valid gives for
// an import's value has a code of its own, so the web app can say it in
// Indonesian; a reason valid gains or rewords fails here instead of reaching
// clients as the catch-all "invalid".
func TestImportProblemOfEveryValidReason(t *testing.T) {
	for _, tc := range []struct {
		field, reason, value string
		code                 string
		params               map[string]any
	}{
		{"email", valid.Email(""), "", ProblemRequired, map[string]any{}},
		{"email", valid.Email(strings.Repeat("e", 250) + "@x.go.id"), "", ProblemTooLong, map[string]any{"max": 254}},
		{"email", valid.Email("siti"), "siti", ProblemBadEmail, map[string]any{"value": "siti"}},
		{"email", valid.Email("siti@localhost"), "siti@localhost", ProblemBadEmail, map[string]any{"value": "siti@localhost"}},
		{"name", valid.Text(" ", 200), " ", ProblemRequired, map[string]any{}},
		{"name", valid.Text(strings.Repeat("n", 201), 200), "", ProblemTooLong, map[string]any{"max": 200}},
		{"name", valid.Text("a\xffb", 200), "", ProblemNotUTF8, map[string]any{}},
		{"name", valid.Text("a\tb", 200), "", ProblemControlCharacters, map[string]any{}},
		{"code", valid.Code(""), "", ProblemRequired, map[string]any{}},
		{"code", valid.Code(strings.Repeat("C", 33)), "", ProblemTooLong, map[string]any{"max": 32}},
		{"code", valid.Code("A B"), "A B", ProblemBadCharacters, map[string]any{"value": "A B"}},
	} {
		if tc.reason == "" {
			t.Fatalf("%s %q: valid accepts it", tc.field, tc.value)
		}
		p := fieldProblem(tc.field, tc.reason, tc.value)
		if p.Code != tc.code || p.Field == nil || *p.Field != tc.field || !reflect.DeepEqual(p.Params, tc.params) {
			t.Errorf("%s %s: %+v, want %s %v", tc.field, tc.reason, p, tc.code, tc.params)
		}
		if p.text != tc.field+" "+tc.reason {
			t.Errorf("text %q", p.text)
		}
	}
	p := fieldProblem("name", "is a reason no code knows", "x")
	if p.Code != ProblemInvalid || !reflect.DeepEqual(p.Params, map[string]any{"value": "x", "reason": "is a reason no code knows"}) {
		t.Errorf("an unknown reason: %+v", p)
	}
}
