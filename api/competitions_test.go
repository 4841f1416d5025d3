package api_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/templates"
)

// The submission window of the competitions these tests build; the test clock
// starts inside it (2020-03-02 09:00 UTC).
const (
	windowOpens  = "2020-03-01T00:00:00Z"
	windowCloses = "2020-04-30T17:00:00Z"
)

// kippSectionKeys are the sections of the KIPP template, in order.
var kippSectionKeys = []string{"ringkasan", "latar_belakang", "kebaruan", "implementasi", "signifikansi", "adaptabilitas", "sumber_daya", "keberlanjutan"}

// newCompetition creates a competition from template as tok. extra overrides
// or adds fields of the request; a nil value removes the field.
func newCompetition(t *testing.T, s *testenv.Server, tok, template string, extra map[string]any) map[string]any {
	t.Helper()
	body := map[string]any{
		"name": "Kompetisi Inovasi Pelayanan Publik Kabupaten Pekalongan", "year": 2020,
		"description": "Kompetisi inovasi tingkat kabupaten", "template": template, "blind": false,
		"submission_opens_at": windowOpens, "submission_closes_at": windowCloses,
	}
	for k, v := range extra {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return s.Must(201, "POST", "/api/v1/competitions", tok, body).Map(t)
}

// openCompetition creates a competition from template and opens it for entries.
func openCompetition(t *testing.T, s *testenv.Server, tok, template string, extra map[string]any) int64 {
	t.Helper()
	id := testenv.ID(t, newCompetition(t, s, tok, template, extra)["id"])
	s.Must(200, "PATCH", compPath(id), tok, map[string]any{"status": "open"})
	return id
}

func compPath(id int64, rest ...string) string {
	p := "/api/v1/competitions/" + itoa(id)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// categoryIDs maps the competition's category names to their ids.
func categoryIDs(t *testing.T, s *testenv.Server, tok string, compID int64) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, c := range testenv.List(t, s.Must(200, "GET", compPath(compID, "categories"), tok, nil)) {
		out[c["name"].(string)] = testenv.ID(t, c["id"])
	}
	return out
}

// roundIDs maps the competition's round names to their ids.
func roundIDs(t *testing.T, s *testenv.Server, tok string, compID int64) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, r := range testenv.List(t, s.Must(200, "GET", compPath(compID, "rounds"), tok, nil)) {
		out[r["name"].(string)] = testenv.ID(t, r["id"])
	}
	return out
}

// softExpect is expect that lets the test go on.
func softExpect(t *testing.T, res *testenv.Response, status int, code, what string) bool {
	t.Helper()
	if res.Code != status || (code != "" && res.ErrorCode() != code) {
		t.Errorf("%s: got %d %s, want %d %s", what, res.Code, res.Body, status, code)
		return false
	}
	return true
}

// fields returns error.fields of an error answer.
func fields(t *testing.T, res *testenv.Response) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	return e.Error.Fields
}

// expect checks status and, when code is not empty, the error code.
func expect(t *testing.T, res *testenv.Response, status int, code, what string) {
	t.Helper()
	if res.Code != status || (code != "" && res.ErrorCode() != code) {
		t.Fatalf("%s: got %d %s, want %d %s", what, res.Code, res.Body, status, code)
	}
}

func TestCompetitionFromKIPPTemplate(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := newCompetition(t, s, r.OrganizerTok, "kipp", nil)
	if comp["my_role"] != "organizer" || comp["status"] != "draft" || comp["year"] != float64(2020) ||
		comp["submission_closes_at"] != windowCloses || comp["submission_opens_at"] != windowOpens {
		t.Fatalf("created %v", comp)
	}
	id := testenv.ID(t, comp["id"])
	got := s.Must(200, "GET", compPath(id), r.OrganizerTok, nil).Map(t)
	if got["my_role"] != "organizer" || got["name"] != comp["name"] {
		t.Fatalf("GET %v", got)
	}

	// The creator is its organizer.
	members := testenv.List(t, s.Must(200, "GET", compPath(id, "members"), r.OrganizerTok, nil))
	if len(members) != 1 || testenv.ID(t, members[0]["user_id"]) != r.Organizer.ID || members[0]["role"] != "organizer" {
		t.Fatalf("members %v", members)
	}

	// Ten categories, in the order of the reference.
	cats := testenv.List(t, s.Must(200, "GET", compPath(id, "categories"), r.OrganizerTok, nil))
	names := []string{}
	for _, c := range cats {
		names = append(names, c["name"].(string))
		if c["group"] != "umum" {
			t.Errorf("category %v: group %v", c["name"], c["group"])
		}
	}
	if len(templates.KIPPCategories) != 10 || !slices.Equal(names, templates.KIPPCategories) {
		t.Fatalf("categories %v", names)
	}

	// The summary and the seven scored sections, all required.
	secs := testenv.List(t, s.Must(200, "GET", compPath(id, "sections"), r.OrganizerTok, nil))
	keys := []string{}
	for _, sec := range secs {
		keys = append(keys, sec["key"].(string))
		if sec["required"] != true {
			t.Errorf("section %v is not required", sec["key"])
		}
	}
	if !slices.Equal(keys, kippSectionKeys) {
		t.Fatalf("sections %v", keys)
	}
	if secs[0]["word_limit"] != float64(200) {
		t.Fatalf("ringkasan word limit %v", secs[0]["word_limit"])
	}

	// Four rounds in order, with their rubrics.
	type crit struct {
		key    string
		weight float64
	}
	want := []struct {
		name, kind string
		judges     float64 // 0: not checked
		criteria   []crit
	}{
		{"Seleksi Administrasi", "screening", 0, nil},
		{"Penilaian Proposal", "scoring", 3, []crit{{"latar_belakang", 10}, {"kebaruan", 15}, {"implementasi", 5},
			{"signifikansi", 30}, {"adaptabilitas", 20}, {"sumber_daya", 5}, {"keberlanjutan", 15}}},
		{"Presentasi dan Wawancara", "scoring", 0, []crit{{"substansi", 70}, {"penyajian", 30}}},
		{"Verifikasi Lapangan", "screening", 0, nil},
	}
	rounds := testenv.List(t, s.Must(200, "GET", compPath(id, "rounds"), r.OrganizerTok, nil))
	if len(rounds) != len(want) {
		t.Fatalf("rounds %v", rounds)
	}
	for i, w := range want {
		rd := rounds[i]
		runCase(t, s, w.name, func(t *testing.T) {
			if rd["name"] != w.name || rd["kind"] != w.kind || rd["position"] != float64(i+1) || testenv.ID(t, rd["competition_id"]) != id {
				t.Errorf("round %d: %v, want %s (%s) at %d", i, rd, w.name, w.kind, i+1)
			}
			if w.judges != 0 && rd["judges_per_entry"] != w.judges {
				t.Errorf("%s: judges_per_entry %v, want %v", w.name, rd["judges_per_entry"], w.judges)
			}
			got := []crit{}
			for _, c := range testenv.List(t, s.Must(200, "GET", "/api/v1/rounds/"+itoa(testenv.ID(t, rd["id"]))+"/criteria", r.OrganizerTok, nil)) {
				got = append(got, crit{c["key"].(string), c["weight"].(float64)})
				if c["min_score"].(float64) >= c["max_score"].(float64) {
					t.Errorf("%s/%s: min %v, max %v", w.name, c["key"], c["min_score"], c["max_score"])
				}
			}
			if !slices.Equal(got, w.criteria) && !(len(got) == 0 && len(w.criteria) == 0) {
				t.Errorf("%s: criteria %v, want %v", w.name, got, w.criteria)
			}
		})
	}
}

// TestMeListsCompetitionMemberships: GET /me carries the caller's
// memberships, [{competition_id, role}], as the contract says.
func TestMeListsCompetitionMemberships(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	id := testenv.ID(t, newCompetition(t, s, r.OrganizerTok, "kipp", nil)["id"])
	s.Must(201, "POST", compPath(id, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	for _, tc := range []struct {
		who, tok, role string
	}{{"creator", r.OrganizerTok, "organizer"}, {"judge", r.JudgeTok, "judge"}} {
		runCase(t, s, tc.who, func(t *testing.T) {
			me := s.Must(200, "GET", "/api/v1/me", tc.tok, nil).Map(t)
			ms, _ := me["memberships"].([]any)
			if len(ms) != 1 || testenv.ID(t, ms[0].(map[string]any)["competition_id"]) != id || ms[0].(map[string]any)["role"] != tc.role {
				t.Errorf("%s: memberships %v, want [{competition_id: %d, role: %s}]", tc.who, me["memberships"], id, tc.role)
			}
		})
	}
	runCase(t, s, "participant", func(t *testing.T) {
		if me := s.Must(200, "GET", "/api/v1/me", r.ParticipantTok, nil).Map(t); len(me["memberships"].([]any)) != 0 {
			t.Errorf("participant memberships %v", me["memberships"])
		}
	})
}

func TestCompetitionFromBlankTemplate(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	comp := newCompetition(t, s, r.AdminTok, "blank", map[string]any{"submission_opens_at": nil, "submission_closes_at": nil})
	id := testenv.ID(t, comp["id"])
	if comp["my_role"] != "organizer" || comp["submission_closes_at"] != nil {
		t.Fatalf("created %v", comp)
	}
	for _, part := range []string{"categories", "sections", "rounds"} {
		runCase(t, s, "no "+part, func(t *testing.T) {
			if items := testenv.List(t, s.Must(200, "GET", compPath(id, part), r.AdminTok, nil)); len(items) != 0 {
				t.Errorf("blank competition has %s: %v", part, items)
			}
		})
	}
	members := testenv.List(t, s.Must(200, "GET", compPath(id, "members"), r.AdminTok, nil))
	if len(members) != 1 || testenv.ID(t, members[0]["user_id"]) != r.Admin.ID || members[0]["role"] != "organizer" {
		t.Fatalf("members %v", members)
	}

	// Bad requests name their fields.
	blank := func(name string, change map[string]any, field string) reqCase {
		body := map[string]any{"name": "KIPP", "year": 2020, "template": "blank"}
		for k, v := range change {
			body[k] = v
		}
		return reqCase{name: name, method: "POST", path: "/api/v1/competitions", token: r.OrganizerTok, body: body,
			status: 422, code: "validation_failed", field: field}
	}
	runCases(t, s, []reqCase{
		blank("unknown template", map[string]any{"template": "sinovik"}, "template"),
		blank("closes before it opens", map[string]any{"submission_opens_at": windowCloses, "submission_closes_at": windowOpens}, "submission_closes_at"),
		blank("no name", map[string]any{"name": ""}, "name"),
		blank("year out of range", map[string]any{"year": 1999}, "year"),
	})
}

func TestCompetitionStatusMovesOnlyForward(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	id := testenv.ID(t, newCompetition(t, s, r.OrganizerTok, "blank", nil)["id"])
	steps := []struct {
		to     string
		status int
		code   string
	}{
		{"open", 200, ""},
		{"draft", 409, "conflict"},
		{"judging", 200, ""},
		{"open", 409, "conflict"},
		{"draft", 409, "conflict"},
		{"archived", 422, "validation_failed"},
		{"closed", 200, ""},
		{"judging", 409, "conflict"},
	}
	// Each step starts from where the last one left the competition, so the
	// story stops at the first step that breaks.
	current := "draft"
	for _, st := range steps {
		ok := runCase(t, s, current+" -> "+st.to, func(t *testing.T) {
			res := s.Do("PATCH", compPath(id), r.OrganizerTok, map[string]any{"status": st.to})
			expect(t, res, st.status, st.code, current+" -> "+st.to)
			if st.status == 200 {
				current = st.to
			}
			if got := s.Must(200, "GET", compPath(id), r.OrganizerTok, nil).Map(t)["status"]; got != current {
				t.Fatalf("after %s: status %v, want %s", st.to, got, current)
			}
		})
		if !ok {
			t.FailNow()
		}
	}
}

func TestRubricValidation(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	id := testenv.ID(t, newCompetition(t, s, r.OrganizerTok, "kipp", nil)["id"])
	rounds := roundIDs(t, s, r.OrganizerTok, id)
	desk := "/api/v1/rounds/" + itoa(rounds["Penilaian Proposal"]) + "/criteria"
	screening := "/api/v1/rounds/" + itoa(rounds["Seleksi Administrasi"]) + "/criteria"
	c := func(key string, weight, lo, hi float64) map[string]any {
		return map[string]any{"key": key, "name": "Aspek " + key, "description": "", "weight": weight, "min_score": lo, "max_score": hi,
			"descriptors": map[string]string{"low": "kurang", "mid": "cukup", "high": "baik"}}
	}
	refused := func(name string, rubric []map[string]any, field string) reqCase {
		return reqCase{name: name, method: "PUT", path: desk, token: r.OrganizerTok, body: rubric, status: 422, code: "validation_failed", field: field}
	}
	runCases(t, s, []reqCase{
		refused("weights sum to 90", []map[string]any{c("inovasi", 50, 0, 10), c("dampak", 40, 0, 10)}, "weight"),
		refused("weights sum to 110", []map[string]any{c("inovasi", 60, 0, 10), c("dampak", 50, 0, 10)}, "weight"),
		refused("min above max", []map[string]any{c("inovasi", 60, 10, 5), c("dampak", 40, 0, 10)}, "criteria[0].max_score"),
		refused("min equal to max", []map[string]any{c("inovasi", 60, 0, 10), c("dampak", 40, 5, 5)}, "criteria[1].max_score"),
		refused("duplicate keys", []map[string]any{c("inovasi", 60, 0, 10), c("inovasi", 40, 0, 10)}, "criteria[1].key"),
	})
	// Nothing changed.
	if n := len(testenv.List(t, s.Must(200, "GET", desk, r.OrganizerTok, nil))); n != 7 {
		t.Fatalf("refused rubrics changed the rubric: %d criteria", n)
	}

	// A valid rubric replaces the old one at once.
	put := testenv.List(t, s.Must(200, "PUT", desk, r.OrganizerTok, []map[string]any{c("inovasi", 62.5, 0, 10), c("dampak", 37.5, 1, 5)}))
	got := testenv.List(t, s.Must(200, "GET", desk, r.OrganizerTok, nil))
	if len(put) != 2 || len(got) != 2 || got[0]["key"] != "inovasi" || got[0]["weight"] != 62.5 || got[1]["key"] != "dampak" ||
		got[1]["min_score"] != float64(1) || got[1]["max_score"] != float64(5) {
		t.Fatalf("replaced rubric: put %v, get %v", put, got)
	}
	// Keys of the old rubric may come back in a new one.
	s.Must(200, "PUT", desk, r.OrganizerTok, []map[string]any{c("signifikansi", 100, 0, 10)})
	if got := testenv.List(t, s.Must(200, "GET", desk, r.OrganizerTok, nil)); len(got) != 1 || got[0]["key"] != "signifikansi" {
		t.Fatalf("second replacement: %v", got)
	}

	// A screening round has no rubric; a scoring round needs one.
	mustCases(t, s, []reqCase{
		{name: "rubric on a screening round", method: "PUT", path: screening, token: r.OrganizerTok,
			body: []map[string]any{c("lengkap", 100, 0, 1)}, status: 422, code: "validation_failed"},
		{name: "empty rubric on a scoring round", method: "PUT", path: desk, token: r.OrganizerTok,
			body: []map[string]any{}, status: 422, code: "validation_failed"},
	})
	if n := len(testenv.List(t, s.Must(200, "PUT", screening, r.OrganizerTok, []map[string]any{}))); n != 0 {
		t.Fatalf("empty rubric on screening round: %d", n)
	}
}

// TestCompetitionVisibility: a draft is seen only by its members (and admins);
// everyone signed in sees an open competition.
func TestCompetitionVisibility(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	id := testenv.ID(t, newCompetition(t, s, r.OrganizerTok, "kipp", nil)["id"])
	s.Must(201, "POST", compPath(id, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	_, outsiderOrgTok := s.User(models.RoleOrganizer, nil)
	_, outsiderJudgeTok := s.User(models.RoleJudge, nil)
	rounds := roundIDs(t, s, r.OrganizerTok, id)
	desk := itoa(rounds["Penilaian Proposal"])
	paths := []string{compPath(id), compPath(id, "categories"), compPath(id, "sections"), compPath(id, "rounds"),
		"/api/v1/rounds/" + desk, "/api/v1/rounds/" + desk + "/criteria", compPath(id, "entries")}

	listed := func(t *testing.T, tok string) bool {
		for _, c := range testenv.List(t, s.Must(200, "GET", "/api/v1/competitions", tok, nil)) {
			if testenv.ID(t, c["id"]) == id {
				return true
			}
		}
		return false
	}
	type viewer struct{ who, tok string }
	// check runs, per viewer, a table of every path, all answering status.
	check := func(stage string, viewers []viewer, status int) {
		t.Helper()
		for _, v := range viewers {
			runCase(t, s, stage+" as "+v.who, func(t *testing.T) {
				var cases []reqCase
				for _, p := range paths {
					cases = append(cases, reqCase{name: caseName("GET", p), method: "GET", path: p, token: v.tok, status: status})
				}
				runCases(t, s, cases)
				if listed(t, v.tok) != (status == 200) {
					t.Errorf("%s: listed for %s: %v", stage, v.who, listed(t, v.tok))
				}
			})
		}
	}
	outsiders := []viewer{{"participant", r.ParticipantTok}, {"organizer (not a member)", outsiderOrgTok}, {"judge (not a member)", outsiderJudgeTok}}
	members := []viewer{{"organizer", r.OrganizerTok}, {"judge member", r.JudgeTok}, {"admin", r.AdminTok}}
	check("draft", outsiders, 404)
	check("draft", members, 200)
	for _, c := range testenv.List(t, s.Must(200, "GET", "/api/v1/competitions", r.JudgeTok, nil)) {
		if testenv.ID(t, c["id"]) == id && c["my_role"] != "judge" {
			t.Errorf("listed for the judge with my_role %v", c["my_role"])
		}
	}
	for _, tc := range []struct {
		who, tok, want string
	}{{"organizer", r.OrganizerTok, "organizer"}, {"judge", r.JudgeTok, "judge"}, {"admin", r.AdminTok, "organizer"}} {
		runCase(t, s, "my_role of the "+tc.who, func(t *testing.T) {
			if got := s.Must(200, "GET", compPath(id), tc.tok, nil).Map(t)["my_role"]; got != tc.want {
				t.Errorf("my_role %v, want %v", got, tc.want)
			}
		})
	}
	expect(t, s.Do("GET", compPath(id), "", nil), 401, "unauthorized", "anonymous GET")

	s.Must(200, "PATCH", compPath(id), r.OrganizerTok, map[string]any{"status": "open"})
	check("open", outsiders, 200)
	check("open", members, 200)
	if got := s.Must(200, "GET", compPath(id), r.ParticipantTok, nil).Map(t); got["my_role"] != nil {
		t.Errorf("participant's my_role %v", got["my_role"])
	}
	// ?status= filters.
	if l := testenv.List(t, s.Must(200, "GET", "/api/v1/competitions?status=draft", r.ParticipantTok, nil)); len(l) != 0 {
		t.Errorf("status filter: %v", l)
	}
}

func TestCompetitionEndpointsAuthorization(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	id := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	// The judge is a judge of this competition: a member who may look but not manage.
	s.Must(201, "POST", compPath(id, "members"), r.OrganizerTok, map[string]any{"user_id": r.Judge.ID, "role": "judge"})
	cat := categoryIDs(t, s, r.OrganizerTok, id)["Kesehatan"]
	round := roundIDs(t, s, r.OrganizerTok, id)["Presentasi dan Wawancara"]
	rp := "/api/v1/rounds/" + itoa(round)
	signedIn := map[string]int{"anonymous": 401, "participant": 200, "judge": 200, "organizer": 200, "admin": 200}
	manage := func(ok int) map[string]int { return only(ok, "organizer", "admin") }
	newJudge := func() any {
		u, _ := s.User(models.RoleJudge, nil)
		return map[string]any{"user_id": u.ID, "role": "judge", "expertise_category_ids": []int64{cat}}
	}
	n := 0
	newCategory := func() any {
		n++
		return map[string]any{"name": "Kategori " + itoa(int64(n)), "group": "khusus"}
	}
	newRound := func() any {
		n++
		return map[string]any{"name": "Tahap " + itoa(int64(n)), "kind": "scoring"}
	}
	rubric := []map[string]any{
		{"key": "substansi", "name": "Substansi", "weight": 60, "min_score": 0, "max_score": 10},
		{"key": "penyajian", "name": "Penyajian", "weight": 40, "min_score": 0, "max_score": 10},
	}
	sections := []map[string]any{{"key": "ringkasan", "title": "Ringkasan", "word_limit": 200, "required": true}}
	checkAuthorization(t, s, r, []authCase{
		{"GET", "/api/v1/competitions", nil, signedIn, ""},
		{"POST", "/api/v1/competitions", map[string]any{"name": "KIPP 2021", "year": 2021, "template": "blank"}, manage(201), ""},
		{"GET", compPath(id), nil, signedIn, ""},
		{"PATCH", compPath(id), map[string]any{"description": "Diperbarui"}, manage(200), ""},
		{"GET", compPath(id, "stats"), nil, manage(200), ""},
		{"GET", compPath(id, "members"), nil, manage(200), ""},
		{"POST", compPath(id, "members"), newJudge, manage(201), ""},
		{"GET", compPath(id, "categories"), nil, signedIn, ""},
		{"POST", compPath(id, "categories"), newCategory, manage(201), ""},
		{"PATCH", "/api/v1/categories/" + itoa(cat), map[string]any{"name": "Kesehatan Masyarakat"}, manage(200), ""},
		{"GET", compPath(id, "sections"), nil, signedIn, ""},
		{"PUT", compPath(id, "sections"), sections, manage(200), ""},
		{"GET", compPath(id, "rounds"), nil, signedIn, ""},
		{"POST", compPath(id, "rounds"), newRound, manage(201), ""},
		{"GET", rp, nil, signedIn, ""},
		{"PATCH", rp, map[string]any{"max_per_judge": 12}, manage(200), ""},
		{"GET", rp + "/criteria", nil, signedIn, ""},
		{"PUT", rp + "/criteria", rubric, manage(200), ""},
	})

	// Deleting: each role gets an object of its own.
	checkFresh(t, s, r, "DELETE", func() string {
		return "/api/v1/categories/" + itoa(testenv.ID(t, s.Must(201, "POST", compPath(id, "categories"), r.OrganizerTok, newCategory()).Map(t)["id"]))
	}, manage(204))
	checkFresh(t, s, r, "DELETE", func() string {
		return "/api/v1/rounds/" + itoa(testenv.ID(t, s.Must(201, "POST", compPath(id, "rounds"), r.OrganizerTok, newRound()).Map(t)["id"]))
	}, manage(204))
	checkFresh(t, s, r, "DELETE", func() string {
		return compPath(id, "members", itoa(testenv.ID(t, s.Must(201, "POST", compPath(id, "members"), r.OrganizerTok, newJudge()).Map(t)["user_id"])))
	}, manage(204))
	// A whole KIPP set-up without entries goes, judges with expertise included.
	checkFresh(t, s, r, "DELETE", func() string {
		c := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
		u, _ := s.User(models.RoleJudge, nil)
		s.Must(201, "POST", compPath(c, "members"), r.OrganizerTok,
			map[string]any{"user_id": u.ID, "role": "judge", "expertise_category_ids": []int64{categoryIDs(t, s, r.OrganizerTok, c)["Kesehatan"]}})
		return compPath(c)
	}, manage(204))
}

// checkFresh calls method on a fresh path for every role, for actions that
// use their object up; each call is a subtest named after the role. fresh
// runs in the test itself, since it may fail it.
func checkFresh(t *testing.T, s *testenv.Server, r testenv.Roles, method string, fresh func() string, want map[string]int) {
	t.Helper()
	tokens := roleTokens(r)
	for _, role := range allRoles {
		path := fresh()
		runCase(t, s, caseName(method, path)+" as "+role, func(t *testing.T) {
			if res := s.Do(method, path, tokens[role], nil); res.Code != want[role] {
				t.Errorf("%s %s as %s: status %d, want %d: %s", method, path, role, res.Code, want[role], res.Body)
			}
		})
	}
}

// TestOutsiderOrganizerIsRefused: the global organizer role does not open the
// management of a competition one is not an organizer of.
func TestOutsiderOrganizerIsRefused(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone()
	open := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	draft := testenv.ID(t, newCompetition(t, s, r.OrganizerTok, "kipp", nil)["id"])
	_, outsider := s.User(models.RoleOrganizer, nil)
	judge, _ := s.User(models.RoleJudge, nil)
	for _, tc := range []struct {
		name   string
		id     int64
		status int
	}{{"open competition", open, 403}, {"draft competition", draft, 404}} {
		runCase(t, s, tc.name, func(t *testing.T) {
			cat := categoryIDs(t, s, r.OrganizerTok, tc.id)["Kesehatan"]
			round := "/api/v1/rounds/" + itoa(roundIDs(t, s, r.OrganizerTok, tc.id)["Penilaian Proposal"])
			refused := func(name, method, path string, body any) reqCase {
				return reqCase{name: name, method: method, path: path, token: outsider, body: body, status: tc.status}
			}
			runCases(t, s, []reqCase{
				refused("close the competition", "PATCH", compPath(tc.id), map[string]any{"status": "closed"}),
				refused("delete the competition", "DELETE", compPath(tc.id), nil),
				refused("read the stats", "GET", compPath(tc.id, "stats"), nil),
				refused("list the members", "GET", compPath(tc.id, "members"), nil),
				refused("add a member", "POST", compPath(tc.id, "members"), map[string]any{"user_id": judge.ID, "role": "judge"}),
				refused("remove the organizer", "DELETE", compPath(tc.id, "members", itoa(r.Organizer.ID)), nil),
				refused("add a category", "POST", compPath(tc.id, "categories"), map[string]any{"name": "Baru"}),
				refused("rename a category", "PATCH", "/api/v1/categories/"+itoa(cat), map[string]any{"name": "Ganti"}),
				refused("delete a category", "DELETE", "/api/v1/categories/"+itoa(cat), nil),
				refused("replace the sections", "PUT", compPath(tc.id, "sections"), []map[string]any{}),
				refused("add a round", "POST", compPath(tc.id, "rounds"), map[string]any{"name": "Tahap", "kind": "screening"}),
				refused("rename a round", "PATCH", round, map[string]any{"name": "Ganti"}),
				refused("delete a round", "DELETE", round, nil),
				refused("replace the rubric", "PUT", round+"/criteria", []map[string]any{{"key": "a", "name": "A", "weight": 100, "min_score": 0, "max_score": 10}}),
			})
			// Nothing was changed.
			comp := s.Must(200, "GET", compPath(tc.id), r.OrganizerTok, nil).Map(t)
			if comp["status"] == "closed" || len(categoryIDs(t, s, r.OrganizerTok, tc.id)) != 10 ||
				len(testenv.List(t, s.Must(200, "GET", compPath(tc.id, "members"), r.OrganizerTok, nil))) != 1 {
				t.Fatalf("an outsider changed competition %d", tc.id)
			}
		})
	}
}

// TestCompetitionStats builds a small regency and checks every count.
func TestCompetitionStats(t *testing.T) {
	s := testenv.NewServer(t)
	r := s.Everyone() // r.OPD: a dinas
	pkmA, pkmB := s.Org("puskesmas"), s.Org("puskesmas")
	kecC, kecE := s.Org("kecamatan"), s.Org("kecamatan")
	badanD := s.Org("badan")
	id := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	cats := categoryIDs(t, s, r.OrganizerTok, id)
	kes, pend := cats["Kesehatan"], cats["Pendidikan"]
	participant := func(o models.Organization) string {
		_, tok := s.User(models.RoleParticipant, &o.ID)
		return tok
	}
	tokA, tokB, tokC, tokE := participant(pkmA), participant(pkmB), participant(kecC), participant(kecE)

	// dinas: one submitted (Kesehatan), one draft (Pendidikan).
	submitEntry(t, s, r.ParticipantTok, completeEntry(t, s, r.ParticipantTok, id, kes))
	createEntry(t, s, r.ParticipantTok, id, map[string]any{"title": "Draf dinas", "category_id": pend})
	// puskesmas A: submitted, then eligible (Kesehatan).
	a := completeEntry(t, s, tokA, id, kes)
	submitEntry(t, s, tokA, a)
	screen(t, s, r.OrganizerTok, a, "eligible", "")
	// puskesmas B: a draft only (Kesehatan): not an OPD with entries.
	createEntry(t, s, tokB, id, map[string]any{"title": "Draf puskesmas", "category_id": kes})
	// kecamatan C: submitted, then withdrawn (Pendidikan): not an OPD with entries.
	c := completeEntry(t, s, tokC, id, pend)
	submitEntry(t, s, tokC, c)
	s.Must(200, "POST", "/api/v1/entries/"+itoa(c)+"/withdraw", tokC, nil)
	// kecamatan E: submitted, then returned for revision (Pendidikan): still entered.
	e := completeEntry(t, s, tokE, id, pend)
	submitEntry(t, s, tokE, e)
	screen(t, s, r.OrganizerTok, e, "returned", "Lampirkan data sebelum dan sesudah inovasi")
	// badan D: nothing.
	// Another competition's entries do not count.
	other := openCompetition(t, s, r.OrganizerTok, "kipp", nil)
	submitEntry(t, s, tokB, completeEntry(t, s, tokB, other, categoryIDs(t, s, r.OrganizerTok, other)["Kesehatan"]))

	var st struct {
		OrganizationsTotal          int64 `json:"organizations_total"`
		OrganizationsWithEntries    int64 `json:"organizations_with_entries"`
		OrganizationsWithoutEntries []struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"organizations_without_entries"`
		EntriesByStatus map[string]int64 `json:"entries_by_status"`
		ByCategory      []struct {
			CategoryID *int64 `json:"category_id"`
			Name       string `json:"name"`
			Entries    int64  `json:"entries"`
			Drafts     int64  `json:"drafts"`
		} `json:"by_category"`
		ByOrganizationKind []struct {
			Kind                     string `json:"kind"`
			Organizations            int64  `json:"organizations"`
			OrganizationsWithEntries int64  `json:"organizations_with_entries"`
			Entries                  int64  `json:"entries"`
		} `json:"by_organization_kind"`
		Rounds []any `json:"rounds"`
	}
	s.Must(200, "GET", compPath(id, "stats"), r.OrganizerTok, nil).JSON(t, &st)

	if st.OrganizationsTotal != 6 || st.OrganizationsWithEntries != 3 {
		t.Errorf("organizations: total %d, with entries %d; want 6 and 3", st.OrganizationsTotal, st.OrganizationsWithEntries)
	}
	without := []int64{}
	for _, o := range st.OrganizationsWithoutEntries {
		without = append(without, o.ID)
		if o.Code == "" || o.Name == "" || o.Kind == "" {
			t.Errorf("organization without entries lacks fields: %+v", o)
		}
	}
	sort.Slice(without, func(i, j int) bool { return without[i] < without[j] })
	want := []int64{pkmB.ID, kecC.ID, badanD.ID}
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	if !slices.Equal(without, want) {
		t.Errorf("organizations without entries %v, want %v (puskesmas B, kecamatan C, badan D)", without, want)
	}
	wantStatus := map[string]int64{"submitted": 1, "draft": 2, "eligible": 1, "withdrawn": 1, "returned": 1}
	for k, v := range wantStatus {
		if st.EntriesByStatus[k] != v {
			t.Errorf("entries_by_status[%s] = %d, want %d (all: %v)", k, st.EntriesByStatus[k], v, st.EntriesByStatus)
		}
	}
	for k, v := range st.EntriesByStatus {
		if _, ok := wantStatus[k]; !ok && v != 0 {
			t.Errorf("entries_by_status[%s] = %d, want none", k, v)
		}
	}
	if len(st.ByCategory) != 10 {
		t.Errorf("by_category has %d rows, want the 10 categories: %+v", len(st.ByCategory), st.ByCategory)
	}
	for _, c := range st.ByCategory {
		var we, wd int64
		switch {
		case c.CategoryID == nil:
			t.Errorf("a row without category: %+v", c)
			continue
		case *c.CategoryID == kes:
			we, wd = 2, 1 // dinas submitted + puskesmas A eligible; puskesmas B draft
		case *c.CategoryID == pend:
			we, wd = 1, 1 // kecamatan E returned; dinas draft (kecamatan C withdrawn does not count)
		}
		if c.Entries != we || c.Drafts != wd {
			t.Errorf("by_category %s: entries %d, drafts %d; want %d, %d", c.Name, c.Entries, c.Drafts, we, wd)
		}
	}
	type kind struct{ orgs, with, entries int64 }
	wantKinds := map[string]kind{"dinas": {1, 1, 1}, "puskesmas": {2, 1, 1}, "kecamatan": {2, 1, 1}, "badan": {1, 0, 0}}
	gotKinds := map[string]kind{}
	for _, k := range st.ByOrganizationKind {
		gotKinds[k.Kind] = kind{k.Organizations, k.OrganizationsWithEntries, k.Entries}
	}
	if len(gotKinds) != len(wantKinds) {
		t.Errorf("by_organization_kind %+v", st.ByOrganizationKind)
	}
	for k, w := range wantKinds {
		if gotKinds[k] != w {
			t.Errorf("by_organization_kind %s: %+v, want %+v", k, gotKinds[k], w)
		}
	}
	if st.Rounds == nil {
		t.Errorf("rounds missing")
	}
}
