package api_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// problem is one item of a bad line's problems as the answer has it; field ""
// stands for null (the whole line), params as JSON decodes them (numbers are
// float64).
type problem struct {
	Code   string
	Field  string
	Params map[string]any
}

type lineWant struct {
	line     int
	message  string // the line's message, exactly as it has always been
	problems []problem
}

// importFailure decodes a 422 of an import: every bad line with its problems.
func importFailure(t *testing.T, res *testenv.Response) (string, []lineWant) {
	t.Helper()
	if res.Code != 422 || res.ErrorCode() != "validation_failed" {
		t.Fatalf("want 422 validation_failed, got %d: %s", res.Code, res.Body)
	}
	var body struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
		Errors []struct {
			Line     int    `json:"line"`
			Message  string `json:"message"`
			Problems []struct {
				Code   string          `json:"code"`
				Field  *string         `json:"field"`
				Params json.RawMessage `json:"params"`
			} `json:"problems"`
		} `json:"errors"`
	}
	res.JSON(t, &body)
	var out []lineWant
	for _, e := range body.Errors {
		lw := lineWant{line: e.Line, message: e.Message}
		if len(e.Problems) == 0 {
			t.Fatalf("line %d without problems: %s", e.Line, res.Body)
		}
		for _, p := range e.Problems {
			var params map[string]any
			if err := json.Unmarshal(p.Params, &params); err != nil || params == nil {
				t.Fatalf("line %d: params %s are not an object", e.Line, p.Params)
			}
			field := ""
			if p.Field != nil {
				if *p.Field == "" {
					t.Fatalf("line %d: an empty field instead of null", e.Line)
				}
				field = *p.Field
			}
			lw.problems = append(lw.problems, problem{p.Code, field, params})
		}
		out = append(out, lw)
	}
	return body.Error.Message, out
}

// checkLines compares the bad lines of an answer with want, item by item.
func checkLines(t *testing.T, what string, got, want []lineWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d bad-line items, want %d: %+v", what, len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.line != w.line || g.message != w.message {
			t.Errorf("%s: item %d is line %d %q, want line %d %q", what, i, g.line, g.message, w.line, w.message)
		}
		if len(g.problems) != len(w.problems) {
			t.Errorf("%s: line %d has problems %+v, want %+v", what, w.line, g.problems, w.problems)
			continue
		}
		for j := range w.problems {
			gp, wp := g.problems[j], w.problems[j]
			if wp.Params == nil {
				wp.Params = map[string]any{}
			}
			if gp.Code != wp.Code || gp.Field != wp.Field || !reflect.DeepEqual(gp.Params, wp.Params) {
				t.Errorf("%s: line %d problem %d is %+v, want %+v", what, w.line, j, gp, wp)
			}
		}
	}
}

const kinds = "sekretariat, inspektorat, dinas, badan, kecamatan, kelurahan, puskesmas, rsud, other"

// TestImportLineProblems: every kind of bad line of both imports comes with
// its problems' codes, columns and values, so that the web app can say them
// in Indonesian; the English message stays what it was.
func TestImportLineProblems(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	post := func(path, tok, body string) *testenv.Response {
		t.Helper()
		return s.Request("POST", path+"?dry_run=true", tok, "text/csv", strings.NewReader(body))
	}
	const orgs = "/api/v1/organizations/import"
	const users = "/api/v1/users/import"

	t.Run("OPD lines", func(t *testing.T) {
		long := strings.Repeat("A", 33)
		longName := strings.Repeat("n", 201)
		body := "code,name,kind,parent_code\n" +
			"OK1,Fine,dinas,\n" + // 2
			"BAD CODE,X,dinas,\n" + // 3
			"OK2,X,kementerian,\n" + // 4
			"OK3,,dinas,\n" + // 5
			"OK4,X,dinas,MISSING\n" + // 6
			"OK1,Again,dinas,\n" + // 7
			"CY1,Cycle,dinas,CY2\n" + // 8
			"CY2,Cycle,dinas,CY1\n" + // 9
			"SELF,Self,dinas,SELF\n" + // 10
			",,ministry,\n" + // 11
			long + "," + longName + ",dinas,\n" + // 12
			"TAB,\"Di\tnas\",dinas,\n" + // 13
			"SHORT,Line\n" // 14
		msg, got := importFailure(t, post(orgs, r.AdminTok, body))
		if msg != "12 line(s) are invalid; nothing was imported" {
			t.Errorf("message %q", msg)
		}
		checkLines(t, "OPD file", got, []lineWant{
			{3, `code may only contain letters, digits, '.', '-' and '_'`,
				[]problem{{"bad_characters", "code", map[string]any{"value": "BAD CODE"}}}},
			{4, `kind "kementerian" is not one of ` + kinds,
				[]problem{{"not_one_of", "kind", map[string]any{"value": "kementerian", "allowed": kinds}}}},
			{5, "name is required", []problem{{"required", "name", nil}}},
			{6, `parent_code "MISSING" does not exist`, []problem{{"unknown_code", "parent_code", map[string]any{"value": "MISSING"}}}},
			{7, "code OK1 already appears on line 2",
				[]problem{{"duplicate_in_file", "code", map[string]any{"value": "OK1", "first_line": float64(2)}}}},
			{8, "parent_code makes a cycle of parents", []problem{{"parent_cycle", "parent_code", map[string]any{"value": "CY2"}}}},
			{9, "parent_code makes a cycle of parents", []problem{{"parent_cycle", "parent_code", map[string]any{"value": "CY1"}}}},
			{10, "parent_code must not be the organization itself",
				[]problem{{"parent_is_self", "parent_code", map[string]any{"value": "SELF"}}}},
			{10, "parent_code makes a cycle of parents", []problem{{"parent_cycle", "parent_code", map[string]any{"value": "SELF"}}}},
			{11, `code is required; name is required; kind "ministry" is not one of ` + kinds, []problem{
				{"required", "code", nil},
				{"required", "name", nil},
				{"not_one_of", "kind", map[string]any{"value": "ministry", "allowed": kinds}},
			}},
			{12, "code must be at most 32 characters; name must be at most 200 characters", []problem{
				{"too_long", "code", map[string]any{"max": float64(32)}},
				{"too_long", "name", map[string]any{"max": float64(200)}},
			}},
			{13, "name must not contain control characters or line breaks", []problem{{"control_characters", "name", nil}}},
			{14, "has 2 fields, the header has 4",
				[]problem{{"wrong_field_count", "", map[string]any{"fields": float64(2), "header": float64(4)}}}},
		})
	})

	t.Run("a broken quote", func(t *testing.T) {
		_, got := importFailure(t, post(orgs, r.AdminTok, "code,name,kind,parent_code\nOK1,\"Dinas,dinas,\nOK2,X,dinas,\n"))
		const reason = `extraneous or missing " in quoted-field`
		checkLines(t, "a broken quote", got, []lineWant{
			{2, "cannot be read as CSV: " + reason, []problem{{"bad_quote", "", map[string]any{"reason": reason}}}},
		})
		_, got = importFailure(t, post(orgs, r.AdminTok, "code,name,kind,parent_code\nOK1,Di\"nas,dinas,\n"))
		const bare = `bare " in non-quoted-field`
		checkLines(t, "a bare quote", got, []lineWant{
			{2, "cannot be read as CSV: " + bare, []problem{{"bad_quote", "", map[string]any{"reason": bare}}}},
		})
	})

	t.Run("user lines", func(t *testing.T) {
		body := "email,name,role,organization_code\n" +
			"ok@kec.go.id,Ok,participant," + r.OPD.Code + "\n" + // 2
			"not-an-email,X,participant," + r.OPD.Code + "\n" + // 3
			"p@kec.go.id,,participant," + r.OPD.Code + "\n" + // 4
			"q@kec.go.id,Q,boss," + r.OPD.Code + "\n" + // 5
			"w@kec.go.id,W,participant,NOPE\n" + // 6
			"OK@kec.go.id,Dup,judge,\n" + // 7
			"np@kec.go.id,No OPD,participant,\n" + // 8
			",Nobody,judge,\n" + // 9
			strings.Repeat("e", 250) + "@x.go.id,Long,judge,\n" // 10
		_, got := importFailure(t, post(users, r.AdminTok, body))
		checkLines(t, "user file", got, []lineWant{
			{3, "email is not a valid e-mail address", []problem{{"bad_email", "email", map[string]any{"value": "not-an-email"}}}},
			{4, "name is required", []problem{{"required", "name", nil}}},
			{5, `role "boss" is not one of admin, organizer, judge, participant`, []problem{{"not_one_of", "role",
				map[string]any{"value": "boss", "allowed": "admin, organizer, judge, participant"}}}},
			{6, `organization_code "NOPE" does not exist`, []problem{{"unknown_code", "organization_code", map[string]any{"value": "NOPE"}}}},
			{7, "email ok@kec.go.id already appears on line 2", []problem{{"duplicate_in_file", "email",
				map[string]any{"value": "ok@kec.go.id", "first_line": float64(2)}}}},
			{8, "organization_code is required for a participant", []problem{{"required_for_role", "organization_code",
				map[string]any{"role": "participant"}}}},
			{9, "email is required", []problem{{"required", "email", nil}}},
			{10, "email must be at most 254 characters", []problem{{"too_long", "email", map[string]any{"max": float64(254)}}}},
		})
	})

	t.Run("organizer lines", func(t *testing.T) {
		judge, _ := s.User(models.RoleJudge, nil)
		other := s.Org("kecamatan")
		p := r.Participant
		body := "email,name,role,organization_code\n" +
			"boss@kec.go.id,Boss,admin,\n" + // 2
			"staf@kec.go.id,Staf,organizer,\n" + // 3
			judge.Email + "," + judge.Name + ",judge," + other.Code + "\n" + // 4: no OPD now
			p.Email + ",Nama Lain,participant," + r.OPD.Code + "\n" + // 5: the OPD the file names
			p.Email + "," + p.Name + ",participant," + other.Code + "\n" // 6: and a duplicate
		_, got := importFailure(t, post(users, r.OrganizerTok, body))
		checkLines(t, "organizer's file", got, []lineWant{
			{2, "only an admin may import users with role admin", []problem{{"admin_only_role", "role", map[string]any{"role": "admin"}}}},
			{3, "only an admin may import users with role organizer", []problem{{"admin_only_role", "role", map[string]any{"role": "organizer"}}}},
			{4, judge.Email + " already has an account (judge, no OPD); only an admin may change an existing account",
				[]problem{{"account_exists", "email", map[string]any{"value": judge.Email, "role": "judge", "organization": "none"}}}},
			{5, p.Email + " already has an account (participant, OPD " + r.OPD.Code + "); only an admin may change an existing account",
				[]problem{{"account_exists", "email", map[string]any{"value": p.Email, "role": "participant", "organization": "opd",
					"organization_code": r.OPD.Code}}}},
			{6, "email " + p.Email + " already appears on line 5", []problem{{"duplicate_in_file", "email",
				map[string]any{"value": p.Email, "first_line": float64(5)}}}},
		})
		// An OPD the file does not name is not named to the file's author.
		_, got = importFailure(t, post(users, r.OrganizerTok, "email,name,role,organization_code\n"+
			p.Email+","+p.Name+",participant,"+other.Code+"\n"))
		checkLines(t, "another OPD", got, []lineWant{
			{2, p.Email + " already has an account (participant, another OPD); only an admin may change an existing account",
				[]problem{{"account_exists", "email", map[string]any{"value": p.Email, "role": "participant", "organization": "other"}}}},
		})
	})

	t.Run("the last admin", func(t *testing.T) {
		_, got := importFailure(t, post(users, r.AdminTok, "email,name,role,organization_code\n"+r.Admin.Email+",Admin,judge,\n"))
		checkLines(t, "the last admin", got, []lineWant{
			{2, "this would leave no active admin; make another admin first", []problem{{"last_admin", "role", nil}}},
		})
	})

	// A file that cannot be read as a whole keeps its message and blames one line.
	for _, tc := range []struct {
		name, path, body string
		want             lineWant
	}{
		{"missing columns", users, "email,name\na@b.go.id,A\n", lineWant{1,
			"the first line must name the columns email,name,role,organization_code; missing: role, organization_code",
			[]problem{{"missing_columns", "", map[string]any{"columns": "email,name,role,organization_code", "missing": "role, organization_code"}}}}},
		{"empty file", orgs, " \n", lineWant{1, "the file is empty; the first line must name the columns code,name,kind,parent_code",
			[]problem{{"empty_file", "", map[string]any{"columns": "code,name,kind,parent_code"}}}}},
		{"header only", orgs, "code,name,kind,parent_code\n", lineWant{1, "the file has a header but no data lines",
			[]problem{{"no_data_lines", "", nil}}}},
		{"not UTF-8", users, "email,name,role,organization_code\nok@b.go.id,Ok,judge,\na@b.go.id,Ren\xe9,judge,\n", lineWant{3,
			`the file is not UTF-8 text; in Excel choose "CSV UTF-8" when saving`, []problem{{"not_utf8", "", nil}}}},
		{"a header that cannot be read", orgs, "code,\"name,kind,parent_code\nA,B,dinas,\n", lineWant{1,
			`line 1 cannot be read as CSV: extraneous or missing " in quoted-field`,
			[]problem{{"bad_quote", "", map[string]any{"reason": `extraneous or missing " in quoted-field`}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := post(tc.path, r.AdminTok, tc.body)
			msg, got := importFailure(t, res)
			if msg != tc.want.message {
				t.Errorf("error message %q, want %q", msg, tc.want.message)
			}
			checkLines(t, tc.name, got, []lineWant{tc.want})
			if m := res.Map(t); m["dry_run"] != true || m["created"] != float64(0) {
				t.Errorf("answer %v", m)
			}
		})
	}
}

// TestImportProblemCodesInContract: the codes the server sends are the ones
// api/openapi.yaml lists, enum and description alike.
func TestImportProblemCodesInContract(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				LineProblem struct {
					Description string `yaml:"description"`
					Properties  struct {
						Code struct {
							Enum []string `yaml:"enum"`
						} `yaml:"code"`
					} `yaml:"properties"`
				} `yaml:"LineProblem"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(api.OpenAPISpec(), &doc); err != nil {
		t.Fatal(err)
	}
	lp := doc.Components.Schemas.LineProblem
	if !slices.Equal(lp.Properties.Code.Enum, store.ProblemCodes) {
		t.Fatalf("LineProblem.code lists %v, the store has %v", lp.Properties.Code.Enum, store.ProblemCodes)
	}
	for _, c := range store.ProblemCodes {
		if !strings.Contains(lp.Description, "- `"+c+"`") {
			t.Errorf("LineProblem's description does not explain %s", c)
		}
	}
}
