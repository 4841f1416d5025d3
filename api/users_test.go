package api_test

import (
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// authCase is one endpoint called by one role, and the status it must get.
type authCase struct {
	method, path string
	body         any            // a value, or func() any for a fresh body per call
	want         map[string]int // role -> status; "anonymous" for no token
	contentType  string         // for a raw string body that is not JSON
}

// checkAuthorization runs every case for every role, each call a subtest
// named after the request and the role ("PATCH users 7/judge").
func checkAuthorization(t *testing.T, s *testenv.Server, r testenv.Roles, cases []authCase) {
	t.Helper()
	tokens := roleTokens(r)
	for _, tc := range cases {
		runCase(t, s, caseName(tc.method, tc.path), func(t *testing.T) {
			for _, role := range allRoles {
				want, ok := tc.want[role]
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", tc.method, tc.path, role)
				}
				body := tc.body
				if f, ok := body.(func() any); ok {
					body = f()
				}
				runCase(t, s, role, func(t *testing.T) {
					var res *testenv.Response
					if tc.contentType != "" {
						res = s.Request(tc.method, tc.path, tokens[role], tc.contentType, strings.NewReader(body.(string)))
					} else {
						res = s.Do(tc.method, tc.path, tokens[role], body)
					}
					if res.Code != want {
						t.Errorf("%s %s as %s: status %d, want %d: %s", tc.method, tc.path, role, res.Code, want, res.Body)
					}
				})
			}
		})
	}
}

// only builds the expectation "these roles get ok, the others 401/403".
func only(ok int, roles ...string) map[string]int {
	m := map[string]int{"anonymous": 401, "participant": 403, "judge": 403, "organizer": 403, "admin": 403}
	for _, r := range roles {
		m[r] = ok
	}
	return m
}

func TestUserEndpointsAuthorization(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	target, _ := s.User(models.RoleJudge, nil)
	csv := "email,name,role,organization_code\nimported@example.go.id,Imported,judge,\n"
	checkAuthorization(t, s, r, []authCase{
		{"GET", "/api/v1/users", nil, only(200, "admin", "organizer"), ""},
		{"GET", "/api/v1/users/" + itoa(target.ID), nil, only(200, "admin", "organizer"), ""},
		{"POST", "/api/v1/users", map[string]any{"email": "new@example.go.id", "name": "N", "role": "judge"}, only(201, "admin"), ""},
		{"PATCH", "/api/v1/users/" + itoa(target.ID), map[string]any{"name": "Renamed"}, only(200, "admin"), ""},
		{"POST", "/api/v1/users/import", csv, only(200, "admin", "organizer"), "text/csv"},
		{"GET", "/api/v1/me", nil, map[string]int{"anonymous": 401, "participant": 200, "judge": 200, "organizer": 200, "admin": 200}, ""},
	})
}

func TestUserAdministration(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	opd := s.Org("puskesmas")

	created := s.Must(201, "POST", "/api/v1/users", r.AdminTok, map[string]any{
		"email": "Juri.Baru@Undip.ac.id", "name": "Juri Baru", "role": "judge", "password": "penilai-adil-2020", "id": 777,
	}).Map(t)
	if created["email"] != "juri.baru@undip.ac.id" || created["has_password"] != true || created["id"] == float64(777) {
		t.Fatalf("created %v", created)
	}
	if r := login(s, "juri.baru@undip.ac.id", "penilai-adil-2020"); r.Code != 200 {
		t.Fatalf("new user cannot sign in: %d", r.Code)
	}
	noPassword := s.Must(201, "POST", "/api/v1/users", r.AdminTok, map[string]any{
		"email": "peserta@pkm.go.id", "name": "Peserta", "role": "participant", "organization_id": opd.ID,
	}).Map(t)
	if noPassword["has_password"] != false {
		t.Fatalf("user without password: %v", noPassword)
	}
	runCases(t, s, []reqCase{
		{name: "participant without OPD", method: "POST", path: "/api/v1/users", token: r.AdminTok,
			body: map[string]any{"email": "p2@pkm.go.id", "name": "P", "role": "participant"}, status: 422},
		{name: "unknown role", method: "POST", path: "/api/v1/users", token: r.AdminTok,
			body: map[string]any{"email": "p3@pkm.go.id", "name": "P", "role": "boss"}, status: 422},
		{name: "weak password", method: "POST", path: "/api/v1/users", token: r.AdminTok,
			body: map[string]any{"email": "p4@pkm.go.id", "name": "P", "role": "judge", "password": "1234567890"}, status: 422},
		{name: "unknown OPD", method: "POST", path: "/api/v1/users", token: r.AdminTok,
			body: map[string]any{"email": "p5@pkm.go.id", "name": "P", "role": "judge", "organization_id": 99999}, status: 422},
		{name: "duplicate", method: "POST", path: "/api/v1/users", token: r.AdminTok,
			body: map[string]any{"email": "PESERTA@pkm.go.id", "name": "P", "role": "judge"}, status: 409},
	})

	id := itoa(int64(noPassword["id"].(float64)))
	patched := s.Must(200, "PATCH", "/api/v1/users/"+id, r.AdminTok, map[string]any{"role": "judge", "organization_id": nil, "name": "Nama"}).Map(t)
	if patched["role"] != "judge" || patched["organization_id"] != nil || patched["name"] != "Nama" {
		t.Fatalf("patched %v", patched)
	}
	s.Must(200, "PATCH", "/api/v1/users/"+id, r.AdminTok, map[string]any{"password": "sandi-yang-baru-2020"})
	if res := login(s, "peserta@pkm.go.id", "sandi-yang-baru-2020"); res.Code != 200 {
		t.Fatalf("password set by admin does not work: %d", res.Code)
	}

	// Refused changes; the only admin cannot lock the regency out.
	runCases(t, s, []reqCase{
		{name: "participant without OPD by PATCH", method: "PATCH", path: "/api/v1/users/" + id, token: r.AdminTok,
			body: map[string]any{"role": "participant"}, status: 422},
		{name: "unknown user", method: "PATCH", path: "/api/v1/users/999999", token: r.AdminTok, body: map[string]any{"name": "x"}, status: 404},
		{name: "malformed id", method: "PATCH", path: "/api/v1/users/abc", token: r.AdminTok, body: map[string]any{"name": "x"}, status: 404},
		{name: "disabling the last admin", method: "PATCH", path: "/api/v1/users/" + itoa(r.Admin.ID), token: r.AdminTok,
			body: map[string]any{"disabled": true}, status: 409},
		{name: "demoting the last admin", method: "PATCH", path: "/api/v1/users/" + itoa(r.Admin.ID), token: r.AdminTok,
			body: map[string]any{"role": "judge"}, status: 409},
	})

	list := s.Must(200, "GET", "/api/v1/users?role=judge&limit=2", r.AdminTok, nil).Map(t)
	if len(list["items"].([]any)) != 2 || list["total"].(float64) < 3 {
		t.Fatalf("list %v", list)
	}
	list = s.Must(200, "GET", "/api/v1/users?q=UNDIP", r.AdminTok, nil).Map(t)
	if list["total"] != float64(1) {
		t.Fatalf("search: %v", list)
	}
	var queries []reqCase
	for _, q := range []string{"limit=0", "limit=201", "offset=-1", "role=boss", "organization_id=x"} {
		queries = append(queries, reqCase{name: q, method: "GET", path: "/api/v1/users?" + q, token: r.AdminTok, status: 422})
	}
	runCases(t, s, queries)
	if strings.Contains(string(s.Do("GET", "/api/v1/users", r.AdminTok, nil).Body), "argon2") {
		t.Fatal("user list leaks password hashes")
	}
}

func TestUserImport(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	opd := s.Org("kecamatan")
	existing, _ := s.User(models.RoleParticipant, &opd.ID)

	post := func(tok, body string) *testenv.Response {
		return s.Request("POST", "/api/v1/users/import", tok, "text/csv", strings.NewReader(body))
	}
	// Semicolons, a BOM, CRLF line ends, mixed case: what Excel in Indonesia writes.
	good := "\xEF\xBB\xBFemail;name;role;organization_code\r\n" +
		"budi@kec.go.id;Budi Santoso;participant;" + opd.Code + "\r\n" +
		"Ani@Unikal.ac.id;Dr. Ani;JUDGE;\r\n" +
		existing.Email + ";Nama Diperbarui;participant;" + opd.Code + "\r\n"
	res := post(r.AdminTok, good)
	if res.Code != 200 {
		t.Fatalf("good import: %d %s", res.Code, res.Body)
	}
	got := res.Map(t)
	if got["created"] != float64(2) || got["updated"] != float64(1) || len(got["errors"].([]any)) != 0 {
		t.Fatalf("import result %v", got)
	}
	u, err := s.Store.UserByEmail(t.Context(), "ani@unikal.ac.id")
	if err != nil || u.Role != models.RoleJudge || u.PasswordHash != "" {
		t.Fatalf("imported judge %+v %v", u, err)
	}

	_, totalBefore, _ := s.Store.ListUsers(t.Context(), storeFilter(), storePage())
	bad := "email,name,role,organization_code\n" +
		"ok@kec.go.id,Ok,participant," + opd.Code + "\n" +
		"not-an-email,X,participant," + opd.Code + "\n" +
		"p@kec.go.id,,participant," + opd.Code + "\n" +
		"q@kec.go.id,Q,boss," + opd.Code + "\n" +
		"w@kec.go.id,W,participant,NOPE\n" +
		"ok@kec.go.id,Dup,judge,\n" +
		"boss@kec.go.id,Boss,admin,\n" +
		"short,line\n"
	res = post(r.AdminTok, bad)
	if res.Code != 422 || res.ErrorCode() != "validation_failed" {
		t.Fatalf("bad import: %d %s", res.Code, res.Body)
	}
	var failed struct {
		Errors []struct {
			Line    int
			Message string
		}
	}
	res.JSON(t, &failed)
	lines := []int{}
	for _, e := range failed.Errors {
		lines = append(lines, e.Line)
	}
	if want := []int{3, 4, 5, 6, 7, 9}; !equalInts(lines, want) {
		t.Fatalf("bad lines %v, want %v: %s", lines, want, res.Body)
	}
	_, totalAfter, _ := s.Store.ListUsers(t.Context(), storeFilter(), storePage())
	if totalAfter != totalBefore {
		t.Fatalf("a failed import wrote %d users", totalAfter-totalBefore)
	}
	// An organizer may not create admins (line 8 is fine for an admin), nor
	// change an existing admin.
	mustCases(t, s, []reqCase{
		{name: "organizer importing an admin", method: "POST", path: "/api/v1/users/import", token: r.OrganizerTok,
			contentType: "text/csv", body: "email,name,role,organization_code\nboss@kec.go.id,Boss,admin,\n", status: 422},
		{name: "organizer demoting an admin", method: "POST", path: "/api/v1/users/import", token: r.OrganizerTok,
			contentType: "text/csv", body: "email,name,role,organization_code\n" + r.Admin.Email + ",Demoted,judge,\n", status: 422},
	})

	for name, tc := range map[string]struct {
		ct, body string
		status   int
	}{
		"missing column":    {"text/csv", "email,name\na@b.go.id,A\n", 422},
		"empty file":        {"text/csv", "", 422},
		"header only":       {"text/csv", "email,name,role,organization_code\n", 422},
		"not UTF-8":         {"text/csv", "email,name,role,organization_code\na@b.go.id,Ren\xe9,judge,\n", 422},
		"JSON body":         {"application/json", `{"email":"a"}`, 415},
		"over 5 MB":         {"text/csv", "email,name,role,organization_code\n" + strings.Repeat("x", 5<<20), 413},
		"broken quote":      {"text/csv", "email,name,role,organization_code\n\"a@b.go.id,A,judge,\n", 422},
		"multipart field":   {"multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.csv\"\r\n\r\nemail,name,role,organization_code\nmp@b.go.id,MP,judge,\r\n--XX--\r\n", 200},
		"multipart no file": {"multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XX--\r\n", 422},
	} {
		t.Run(name, func(t *testing.T) {
			res := s.Request("POST", "/api/v1/users/import", r.AdminTok, tc.ct, strings.NewReader(tc.body))
			if res.Code != tc.status {
				t.Fatalf("status %d, want %d: %.300s", res.Code, tc.status, res.Body)
			}
		})
	}
	if res := s.Request("GET", "/api/v1/users?q=mp@b.go.id", r.AdminTok, "", nil); !strings.Contains(string(res.Body), "mp@b.go.id") {
		t.Fatal("multipart import did not create the user")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
