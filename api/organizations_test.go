package api_test

import (
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

func TestOrganizationEndpointsAuthorization(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	o := s.Org("dinas")
	everyone := map[string]int{"anonymous": 200, "participant": 200, "judge": 200, "organizer": 200, "admin": 200}
	n := 0
	body := func() any {
		n++
		return map[string]any{"code": "NEW" + itoa(int64(n)), "name": "Dinas Baru", "kind": "dinas"}
	}
	checkAuthorization(t, s, r, []authCase{
		{"GET", "/api/v1/organizations", nil, everyone, ""},
		{"GET", "/api/v1/organizations/" + itoa(o.ID), nil, everyone, ""},
		{"POST", "/api/v1/organizations", body, only(201, "admin", "organizer"), ""},
		{"PATCH", "/api/v1/organizations/" + itoa(o.ID), map[string]any{"name": "Dinas Ganti Nama"}, only(200, "admin", "organizer"), ""},
		{"POST", "/api/v1/organizations/import", "code,name,kind,parent_code\nIMP,Kecamatan Impor,kecamatan,\n", only(200, "admin", "organizer"), "text/csv"},
	})
	// DELETE: refused for the others, done by an organizer.
	checkAuthorization(t, s, r, []authCase{
		{"DELETE", "/api/v1/organizations/" + itoa(o.ID), nil, map[string]int{"anonymous": 401, "participant": 403, "judge": 403, "organizer": 204, "admin": 404}, ""},
	})
}

func TestOrganizations(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	dinkes := s.Must(201, "POST", "/api/v1/organizations", r.OrganizerTok, map[string]any{"code": "DINKES", "name": "Dinas Kesehatan", "kind": "dinas"}).Map(t)
	pkm := s.Must(201, "POST", "/api/v1/organizations", r.OrganizerTok, map[string]any{"code": "PKM-KAJEN1", "name": "Puskesmas Kajen I", "kind": "puskesmas", "parent_id": dinkes["id"]}).Map(t)
	if pkm["parent_id"] != dinkes["id"] {
		t.Fatalf("parent %v", pkm)
	}
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"bad code", map[string]any{"code": "A B", "name": "X", "kind": "dinas"}},
		{"unknown kind", map[string]any{"code": "X1", "name": "X", "kind": "kementerian"}},
		{"no name", map[string]any{"code": "X2", "kind": "dinas"}},
		{"unknown parent", map[string]any{"code": "X3", "name": "X", "kind": "dinas", "parent_id": 99999}},
	} {
		runCase(t, s, tc.name, func(t *testing.T) {
			res := s.Do("POST", "/api/v1/organizations", r.AdminTok, tc.body)
			if res.Code != 422 && res.Code != 409 {
				t.Errorf("%s: %d %s", tc.name, res.Code, res.Body)
			}
		})
	}
	if res := s.Do("POST", "/api/v1/organizations", r.AdminTok, map[string]any{"code": "DINKES", "name": "Lagi", "kind": "dinas"}); res.Code != 409 {
		t.Errorf("duplicate code: %d", res.Code)
	}
	did := itoa(int64(dinkes["id"].(float64)))
	pid := itoa(int64(pkm["id"].(float64)))
	// A cycle is refused.
	if res := s.Do("PATCH", "/api/v1/organizations/"+did, r.AdminTok, map[string]any{"parent_id": pkm["id"]}); res.Code != 409 {
		t.Errorf("cycle: %d %s", res.Code, res.Body)
	}
	// Referenced OPDs cannot be deleted: a child, then a user.
	if res := s.Do("DELETE", "/api/v1/organizations/"+did, r.AdminTok, nil); res.Code != 409 {
		t.Errorf("delete parent: %d", res.Code)
	}
	pkmID := int64(pkm["id"].(float64))
	s.User(models.RoleParticipant, &pkmID)
	if res := s.Do("DELETE", "/api/v1/organizations/"+pid, r.AdminTok, nil); res.Code != 409 {
		t.Errorf("delete with users: %d", res.Code)
	}
	s.Must(200, "PATCH", "/api/v1/organizations/"+pid, r.AdminTok, map[string]any{"parent_id": nil})
	s.Must(204, "DELETE", "/api/v1/organizations/"+did, r.AdminTok, nil)

	list := s.Must(200, "GET", "/api/v1/organizations?kind=puskesmas", "", nil).Map(t)
	if list["total"] != float64(1) {
		t.Fatalf("filter by kind: %v", list)
	}
	list = s.Must(200, "GET", "/api/v1/organizations?q=kajen", "", nil).Map(t)
	if list["total"] != float64(1) {
		t.Fatalf("search: %v", list)
	}
}

func TestOrganizationImport(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	post := func(body string) *testenv.Response {
		return s.Request("POST", "/api/v1/organizations/import", r.AdminTok, "text/csv", strings.NewReader(body))
	}
	// Children before their parent, semicolons, quoted names with separators.
	good := "code;name;kind;parent_code\n" +
		"PKM-TIRTO1;Puskesmas Tirto I;puskesmas;DINKES\n" +
		"DINKES;\"Dinas Kesehatan; Kabupaten\";dinas;\n" +
		r.OPD.Code + ";Nama Baru;badan;\n"
	res := post(good)
	if res.Code != 200 {
		t.Fatalf("good import: %d %s", res.Code, res.Body)
	}
	if m := res.Map(t); m["created"] != float64(2) || m["updated"] != float64(1) {
		t.Fatalf("counts %v", m)
	}
	list := s.Must(200, "GET", "/api/v1/organizations?q=tirto", "", nil).Map(t)
	child := list["items"].([]any)[0].(map[string]any)
	if child["parent_id"] == nil {
		t.Fatal("parent not set")
	}

	_, before, _ := s.Store.ListOrganizations(t.Context(), storeOrgFilter(), storePage())
	bad := "code,name,kind,parent_code\n" +
		"OK1,Fine,dinas,\n" +
		"BAD CODE,X,dinas,\n" +
		"OK2,X,ministry,\n" +
		"OK3,,dinas,\n" +
		"OK4,X,dinas,MISSING\n" +
		"OK1,Again,dinas,\n" +
		"CY1,Cycle,dinas,CY2\n" +
		"CY2,Cycle,dinas,CY1\n" +
		"SELF,Self,dinas,SELF\n" +
		"TWO PROBLEMS,,ministry,\n"
	res = post(bad)
	if res.Code != 422 {
		t.Fatalf("bad import: %d %s", res.Code, res.Body)
	}
	var failed struct {
		Errors []struct{ Line int } `json:"errors"`
	}
	res.JSON(t, &failed)
	lines := []int{}
	for _, e := range failed.Errors {
		lines = append(lines, e.Line)
	}
	if want := []int{3, 4, 5, 6, 7, 8, 9, 10, 11}; !equalInts(dedupe(lines), want) {
		t.Fatalf("bad lines %v, want %v: %s", lines, want, res.Body)
	}
	if len(lines) <= 9 {
		t.Fatalf("line 11 has three problems, listed %v", lines)
	}
	// The message counts lines, not problems, and the answer carries its
	// request id like every error.
	var e struct {
		Error struct {
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	if !strings.HasPrefix(e.Error.Message, "9 line(s) are invalid") || e.Error.RequestID != res.Header.Get("X-Request-ID") || e.Error.RequestID == "" {
		t.Fatalf("error %+v, request id header %q", e.Error, res.Header.Get("X-Request-ID"))
	}
	_, after, _ := s.Store.ListOrganizations(t.Context(), storeOrgFilter(), storePage())
	if after != before {
		t.Fatalf("failed import wrote %d rows", after-before)
	}
}

func dedupe(a []int) []int {
	out := []int{}
	for i, v := range a {
		if i == 0 || a[i-1] != v {
			out = append(out, v)
		}
	}
	return out
}
