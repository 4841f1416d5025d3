package api_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// Mass assignment (OWASP API3): every create and update route, sent a valid
// request that also carries read-only or privileged fields, changes none of
// them. The house decoder (handlers/bind.go) ignores fields a request type
// does not name, so each case proves what the database holds afterwards:
// the answers of the case's "same" queries do not change, and the row the
// request created holds the values of "want", not those the caller sent.

// massCase is one request with extra fields.
type massCase struct {
	name         string
	who          int
	method, path string
	body         string // JSON with placeholders (see authzWorld.fill)
	ct           string // "upload": a multipart upload with body's fields as extra form fields
	status       int
	// same: queries whose answers must be the same after the request.
	same []string
	// created: a query of what the request made, and the answer it must give.
	created string
	want    []string
	// follow runs after the request, before the checks (a confirmation link).
	follow func(w *authzWorld)
}

var massCases = []massCase{
	{name: "register", who: anon, method: "POST", path: "/api/v1/auth/register", status: 201,
		body: `{"email": "massa.baru@dinkes.go.id", "password": "jamu-sehat-kajen-2020", "name": "Massa Baru", "organization_id": {opd_a},
			"id": 999999, "role": "admin", "verified": true, "disabled": true}`,
		follow: func(w *authzWorld) {
			w.s.Must(200, "POST", "/api/v1/auth/confirm", "", map[string]any{"token": confirmationToken(w.t, w.s, "massa.baru@dinkes.go.id")})
		},
		created: `SELECT id <> 999999, role, verified, disabled, organization_id FROM users WHERE email = 'massa.baru@dinkes.go.id'`,
		want:    []string{"1", "participant", "0", "0", "{opd_a}"}},
	{name: "confirm", who: anon, method: "POST", path: "/api/v1/auth/confirm", status: 200,
		body:    `{"token": "{confirm}", "role": "admin", "verified": true, "organization_id": {opd_a}, "email": "lain@dinkes.go.id"}`,
		created: `SELECT role, verified, organization_id FROM users WHERE email = 'calon@dinkes.go.id'`,
		want:    []string{"participant", "0", "{opd_b}"},
		same:    []string{`SELECT COUNT(*) FROM users WHERE email = 'lain@dinkes.go.id'`}},
	{name: "patch me", who: pOwn, method: "PATCH", path: "/api/v1/me", status: 200,
		body: `{"name": "Nama Sendiri", "id": 999999, "role": "admin", "organization_id": {opd_b}, "verified": false, "disabled": true,
			"email": "lain@dinkes.go.id", "password_hash": "x"}`,
		same: []string{`SELECT id, role, organization_id, verified, disabled, email, password_hash FROM users WHERE id = {participant_own}`}},
	{name: "patch me unverified", who: pUnver, method: "PATCH", path: "/api/v1/me", status: 200,
		body: `{"name": "Nama Sendiri", "verified": true, "role": "organizer"}`,
		same: []string{`SELECT role, verified FROM users WHERE id = {participant_unverified}`}},
	{name: "create user", who: admin, method: "POST", path: "/api/v1/users", status: 201,
		body: `{"email": "akun.massa@dinkes.go.id", "name": "Akun Massa", "role": "participant", "organization_id": {opd_b},
			"id": 999999, "disabled": true, "created_at": "2001-01-01T00:00:00Z"}`,
		created: `SELECT id <> 999999, disabled, created_at > '2019-01-01' FROM users WHERE email = 'akun.massa@dinkes.go.id'`,
		want:    []string{"1", "0", "1"}},
	{name: "patch user", who: admin, method: "PATCH", path: "/api/v1/users/{participant_other}", status: 200,
		body: `{"name": "Nama Dibetulkan", "id": 999999, "email": "lain@dinkes.go.id", "created_at": "2001-01-01T00:00:00Z", "password_hash": "x"}`,
		same: []string{`SELECT id, email, created_at, password_hash FROM users WHERE id = {participant_other}`}},
	{name: "verify user", who: oThis, method: "POST", path: "/api/v1/users/{participant_unverified}/verify", status: 200,
		body: `{"role": "admin", "organization_id": {opd_b}, "disabled": true}`,
		same: []string{`SELECT role, organization_id, disabled FROM users WHERE id = {participant_unverified}`}},
	{name: "create organization", who: oThis, method: "POST", path: "/api/v1/organizations", status: 201,
		body:    `{"code": "DISMASSA", "name": "Dinas Massa", "kind": "dinas", "id": 999999, "created_at": "2001-01-01T00:00:00Z"}`,
		created: `SELECT id <> 999999, created_at > '2019-01-01' FROM organizations WHERE code = 'DISMASSA'`,
		want:    []string{"1", "1"}},
	{name: "patch organization", who: oThis, method: "PATCH", path: "/api/v1/organizations/{opd_b}", status: 200,
		body: `{"name": "Dinas Ganti Nama", "id": 999999, "created_at": "2001-01-01T00:00:00Z"}`,
		same: []string{`SELECT id, created_at FROM organizations WHERE id = {opd_b}`, `SELECT COUNT(*) FROM organizations WHERE id = 999999`}},
	{name: "create competition", who: oOther, method: "POST", path: "/api/v1/competitions", status: 201,
		body: `{"name": "Kompetisi Massa", "year": 2020, "description": "Uji", "template": "blank",
			"id": 999999, "status": "judging", "created_by": {organizer_this}, "members": [{"user_id": {organizer_this}, "role": "organizer"}]}`,
		created: `SELECT c.id <> 999999, c.status, c.created_by, m.user_id, m.role FROM competitions c JOIN competition_members m ON m.competition_id = c.id WHERE c.name = 'Kompetisi Massa'`,
		want:    []string{"1", "draft", "{organizer_other}", "{organizer_other}", "organizer"}},
	{name: "patch competition", who: oThis, method: "PATCH", path: "/api/v1/competitions/{comp}", status: 200,
		body: `{"description": "Diperbarui", "id": 999999, "created_by": {organizer_other}, "template": "blank", "created_at": "2001-01-01T00:00:00Z"}`,
		same: []string{`SELECT id, created_by, created_at FROM competitions WHERE id = {comp}`, `SELECT COUNT(*) FROM categories WHERE competition_id = {comp}`}},
	{name: "add member", who: oThis, method: "POST", path: "/api/v1/competitions/{comp}/members", status: 201,
		body:    `{"user_id": {judge_outside}, "role": "judge", "competition_id": {comp_other}}`,
		created: `SELECT competition_id, role FROM competition_members WHERE user_id = {judge_outside}`,
		want:    []string{"{comp}", "judge"}},
	{name: "create category", who: oThis, method: "POST", path: "/api/v1/competitions/{comp}/categories", status: 201,
		body:    `{"name": "Kategori Massa", "group": "umum", "competition_id": {comp_other}, "id": 999999}`,
		created: `SELECT competition_id, id <> 999999 FROM categories WHERE name = 'Kategori Massa'`,
		want:    []string{"{comp}", "1"}},
	{name: "patch category", who: oThis, method: "PATCH", path: "/api/v1/categories/{category}", status: 200,
		body: `{"name": "Kategori Diganti", "competition_id": {comp_other}, "id": 999999}`,
		same: []string{`SELECT id, competition_id FROM categories WHERE id = {category}`, `SELECT COUNT(*) FROM categories WHERE competition_id = {comp_other}`}},
	{name: "replace sections", who: oThis, method: "PUT", path: "/api/v1/competitions/{comp}/sections", status: 200,
		body:    `[{"key": "ringkasan", "title": "Ringkasan", "guidance": "", "word_limit": 300, "required": true, "competition_id": {comp_other}, "id": 999999}]`,
		created: `SELECT competition_id, id <> 999999 FROM sections WHERE key = 'ringkasan' AND competition_id = {comp}`,
		want:    []string{"{comp}", "1"},
		same:    []string{`SELECT id, key, title FROM sections WHERE competition_id = {comp_other} ORDER BY id`}},
	{name: "create round", who: oThis, method: "POST", path: "/api/v1/competitions/{comp}/rounds", status: 201,
		body:    `{"name": "Babak Massa", "kind": "screening", "competition_id": {comp_other}, "id": 999999, "feedback_released_at": "2020-01-01T00:00:00Z"}`,
		created: `SELECT competition_id, id <> 999999, feedback_released_at IS NULL FROM rounds WHERE name = 'Babak Massa'`,
		want:    []string{"{comp}", "1", "1"}},
	{name: "patch round", who: oThis, method: "PATCH", path: "/api/v1/rounds/{round_presentation}", status: 200,
		body: `{"name": "Presentasi Massa", "competition_id": {comp_other}, "id": 999999, "kind": "scoring"}`,
		same: []string{`SELECT id, competition_id, kind FROM rounds WHERE id = {round_presentation}`}},
	{name: "replace criteria", who: oThis, method: "PUT", path: "/api/v1/rounds/{round_presentation}/criteria", status: 200,
		body: `[{"key": "substansi", "name": "Substansi", "weight": 60, "min_score": 0, "max_score": 100, "step": 1, "round_id": {round_desk}, "id": {crit_desk}},
			{"key": "penyajian", "name": "Penyajian", "weight": 40, "min_score": 0, "max_score": 100, "step": 1, "round_id": {round_desk}}]`,
		created: `SELECT COUNT(*) FROM criteria WHERE round_id = {round_presentation}`,
		want:    []string{"2"},
		same:    []string{`SELECT id, key, name, weight FROM criteria WHERE round_id = {round_desk} ORDER BY id`}},
	{name: "create entry", who: pOwn, method: "POST", path: "/api/v1/competitions/{comp}/entries", status: 201,
		body: `{"title": "Inovasi Massa", "id": 999999, "status": "eligible", "organization_id": {opd_b}, "competition_id": {comp_other},
			"created_by": {participant_other}, "submitted_by": {participant_other}, "submitted_at": "2020-03-01T00:00:00Z", "screening_reason": "x"}`,
		created: `SELECT id <> 999999, status, organization_id, competition_id, created_by, submitted_by IS NULL, submitted_at IS NULL, screening_reason FROM entries WHERE title = 'Inovasi Massa'`,
		want:    []string{"1", "draft", "{opd_a}", "{comp}", "{participant_own}", "1", "1", ""}},
	{name: "create entry unverified", who: pUnver, method: "POST", path: "/api/v1/competitions/{comp}/entries", status: 201,
		body:    `{"title": "Inovasi Massa Baru", "organization_id": {opd_b}, "created_by": {participant_own}, "verified": true}`,
		created: `SELECT e.organization_id, e.created_by, u.verified FROM entries e JOIN users u ON u.id = e.created_by WHERE e.title = 'Inovasi Massa Baru'`,
		want:    []string{"{opd_a}", "{participant_unverified}", "0"}},
	{name: "patch entry", who: pOwn, method: "PATCH", path: "/api/v1/entries/{entry_draft}", status: 200,
		body: `{"title": "Judul Baru", "id": 999999, "status": "finalist", "organization_id": {opd_b}, "competition_id": {comp_other},
			"created_by": {participant_other}, "submitted_at": "2020-03-01T00:00:00Z", "revise_until": "2021-01-01T00:00:00Z", "files": []}`,
		same: []string{`SELECT id, status, organization_id, competition_id, created_by, submitted_at, revise_until FROM entries WHERE id = {entry_draft}`,
			`SELECT id FROM files WHERE entry_id = {entry_draft}`}},
	{name: "patch entry into another competition's category", who: pOwn, method: "PATCH", path: "/api/v1/entries/{entry_draft}", status: 422,
		body: `{"category_id": {category_other_comp}}`,
		same: []string{`SELECT category_id, competition_id FROM entries WHERE id = {entry_draft}`}},
	{name: "create entry in another competition's category", who: pOwn, method: "POST", path: "/api/v1/competitions/{comp}/entries", status: 422,
		body: `{"title": "Inovasi Salah Kategori", "category_id": {category_other_comp}}`,
		same: []string{`SELECT COUNT(*) FROM entries`}},
	{name: "submit entry", who: pOwn, method: "POST", path: "/api/v1/entries/{entry_draft}/submit", status: 200,
		body:    `{"status": "finalist", "submitted_by": {participant_other}, "organization_id": {opd_b}}`,
		created: `SELECT status, submitted_by, organization_id FROM entries WHERE id = {entry_draft}`,
		want:    []string{"submitted", "{participant_own}", "{opd_a}"}},
	{name: "screen entry", who: oThis, method: "POST", path: "/api/v1/entries/{entry_submitted}/screen", status: 200,
		body:    `{"decision": "eligible", "status": "finalist", "organization_id": {opd_b}, "competition_id": {comp_other}}`,
		created: `SELECT status, organization_id, competition_id FROM entries WHERE id = {entry_submitted}`,
		want:    []string{"eligible", "{opd_a}", "{comp}"}},
	{name: "upload file", who: pOwn, method: "POST", path: "/api/v1/entries/{entry_draft}/files", status: 201, ct: "upload",
		body:    `entry_id={entry_b}&uploaded_by={participant_other}&size=1&sha256=00&id=999999`,
		created: `SELECT entry_id, uploaded_by, size > 1, sha256 <> '00', id <> 999999 FROM files ORDER BY id DESC LIMIT 1`,
		want:    []string{"{entry_draft}", "{participant_own}", "1", "1", "1"},
		same:    []string{`SELECT id FROM files WHERE entry_id = {entry_b}`}},
	{name: "create assignment", who: oThis, method: "POST", path: "/api/v1/rounds/{round_desk}/assignments", status: 201,
		body: `{"entry_id": {entry_a}, "judge_id": {judge_unassigned}, "round_id": {round_presentation}, "source": "auto",
			"created_by": {organizer_other}, "status": "submitted", "id": 999999}`,
		created: `SELECT round_id, source, created_by, id <> 999999 FROM assignments WHERE judge_id = {judge_unassigned}`,
		want:    []string{"{round_desk}", "manual", "{organizer_this}", "1"},
		same:    []string{`SELECT COUNT(*) FROM scorecards s JOIN assignments a ON a.id = s.assignment_id WHERE a.judge_id = {judge_unassigned}`}},
	{name: "auto assign", who: oThis, method: "POST", path: "/api/v1/rounds/{round_desk}/assignments/auto", status: 200,
		body: `{"round_id": {round_presentation}, "judge_ids": [{judge_outside}], "competition_id": {comp_other}}`,
		same: []string{`SELECT COUNT(*) FROM assignments WHERE round_id <> {round_desk}`, `SELECT COUNT(*) FROM assignments WHERE judge_id = {judge_outside}`}},
	{name: "recuse", who: jAssigned, method: "POST", path: "/api/v1/assignments/{asg_pending}/recuse", status: 200,
		body:    `{"reason": "Saya kenal timnya", "judge_id": {judge_unassigned}, "entry_id": {entry_a}, "source": "organizer"}`,
		created: `SELECT judge_id, entry_id, source FROM conflicts WHERE source = 'recusal'`,
		want:    []string{"{judge_assigned}", "{entry_b}", "recusal"},
		same:    []string{`SELECT id FROM conflicts WHERE judge_id = {judge_unassigned}`}},
	{name: "declare conflict", who: jFree, method: "POST", path: "/api/v1/competitions/{comp}/conflicts", status: 201,
		body: `{"judge_id": {judge_unassigned}, "organization_id": {opd_b}, "reason": "Saudara", "source": "organizer",
			"created_by": {organizer_this}, "competition_id": {comp_other}, "id": 999999}`,
		created: `SELECT source, created_by, competition_id, id <> 999999 FROM conflicts WHERE judge_id = {judge_unassigned}`,
		want:    []string{"declared", "{judge_unassigned}", "{comp}", "1"}},
	{name: "save scorecard", who: jAssigned, method: "PUT", path: "/api/v1/assignments/{asg}/scorecard", status: 200,
		body: `{"version": {asg_version}, "scores": {scores}, "comment": "Nilai", "judge_id": {judge_unassigned}, "assignment_id": {asg_submitted},
			"status": "submitted", "submitted_at": "2020-03-01T00:00:00Z", "id": 999999}`,
		created: `SELECT s.status, s.submitted_at IS NULL, a.judge_id FROM scorecards s JOIN assignments a ON a.id = s.assignment_id WHERE a.id = {asg}`,
		want:    []string{"draft", "1", "{judge_assigned}"},
		same: []string{`SELECT s.id, s.status, s.version, s.comment, x.criterion_id, x.value FROM scorecards s JOIN scores x ON x.scorecard_id = s.id WHERE s.assignment_id <> {asg} ORDER BY s.id, x.criterion_id`,
			`SELECT COUNT(*) FROM scorecards WHERE id = 999999`}},
	{name: "save scorecard with another round's criterion", who: jAssigned, method: "PUT", path: "/api/v1/assignments/{asg}/scorecard", status: 422,
		body: `{"version": {asg_version}, "scores": [{"criterion_id": {crit_presentation}, "value": 5, "comment": ""}], "comment": "Nilai"}`,
		same: []string{`SELECT s.id, s.status, s.version, x.criterion_id, x.value FROM scorecards s JOIN scores x ON x.scorecard_id = s.id ORDER BY s.id, x.criterion_id`}},
	{name: "submit scorecard", who: jAssigned, method: "POST", path: "/api/v1/assignments/{asg}/scorecard/submit", status: 200,
		body:    `{"version": {asg_version}, "judge_id": {judge_unassigned}, "assignment_id": {asg_pending}, "scores": [], "total": 100}`,
		created: `SELECT a.judge_id, s.status FROM scorecards s JOIN assignments a ON a.id = s.assignment_id WHERE a.id = {asg}`,
		want:    []string{"{judge_assigned}", "submitted"},
		same:    []string{`SELECT x.criterion_id, x.value FROM scores x JOIN scorecards s ON s.id = x.scorecard_id ORDER BY s.id, x.criterion_id`}},
	{name: "reopen scorecard", who: oThis, method: "POST", path: "/api/v1/assignments/{asg_submitted}/scorecard/reopen", status: 200,
		body: `{"reason": "Salah ketik", "scores": [], "judge_id": {judge_unassigned}, "version": 99}`,
		same: []string{`SELECT x.criterion_id, x.value FROM scores x JOIN scorecards s ON s.id = x.scorecard_id ORDER BY s.id, x.criterion_id`,
			`SELECT judge_id FROM assignments WHERE id = {asg_submitted}`}},
	{name: "send reminders", who: oThis, method: "POST", path: "/api/v1/competitions/{comp}/reminders", status: 201,
		body: `{"to": "judges_behind", "round_id": {round_desk}, "competition_id": {comp_other}, "sent_by": {organizer_other},
			"sent_at": "2001-01-01T00:00:00Z", "id": 999999, "recipients": ["orang.lain@example.com"]}`,
		created: `SELECT competition_id, round_id, sent_by, sent_at > '2019-01-01', id <> 999999 FROM reminders`,
		want:    []string{"{comp}", "{round_desk}", "{organizer_this}", "1", "1"},
		same:    []string{`SELECT COUNT(*) FROM outbox WHERE recipient = 'orang.lain@example.com'`}},
	{name: "publish", who: oThis, method: "POST", path: "/api/v1/rounds/{round_desk}/publish", status: 201,
		body: `{"title": "Hasil Massa", "digest": "0000", "version": 7, "competition_id": {comp_other}, "round_id": {round_presentation},
			"entries": [], "published_at": "2001-01-01T00:00:00Z", "created_by": {organizer_other}}`,
		created: `SELECT version, competition_id, round_id, digest <> '0000', created_by, published_at > '2019-01-01' FROM publications WHERE title = 'Hasil Massa'`,
		want:    []string{"1", "{comp}", "{round_desk}", "1", "{organizer_this}", "1"}},
	{name: "advance", who: oThis, method: "POST", path: "/api/v1/rounds/{round_desk}/advance", status: 200,
		body: `{"top_n": 1, "round_id": {round_presentation}, "entry_ids": [{entry_b}, {entry_b2}], "competition_id": {comp_other}}`,
		same: []string{`SELECT COUNT(*) FROM round_entries WHERE round_id NOT IN (SELECT id FROM rounds WHERE competition_id = {comp})`}},
	{name: "object", who: anon, method: "POST", path: "/api/v1/public/publications/{pub}/objections", status: 201,
		body: `{"entry_id": {entry_a}, "name": "Warga Massa", "email": "massa@example.com", "text": "Periksa lagi.",
			"status": "accepted", "response": "diterima", "ip": "10.9.8.7", "answered_by": {organizer_this}, "answered_at": "2020-03-01T00:00:00Z", "publication_id": 999999}`,
		created: `SELECT status, response, ip, answered_by IS NULL, answered_at IS NULL, publication_id FROM objections WHERE name = 'Warga Massa'`,
		want:    []string{"open", "", "192.0.2.10", "1", "1", "{pub}"}},
	{name: "answer objection", who: oThis, method: "PATCH", path: "/api/v1/objections/{objection}", status: 200,
		body: `{"status": "rejected", "response": "Sudah sesuai.", "entry_id": {entry_b}, "publication_id": 999999, "email": "lain@example.com",
			"name": "Orang Lain", "text": "Diganti", "ip": "10.9.8.7", "answered_by": {organizer_other}}`,
		created: `SELECT answered_by FROM objections WHERE id = {objection}`,
		want:    []string{"{organizer_this}"},
		same:    []string{`SELECT entry_id, publication_id, email, name, text, ip FROM objections WHERE id = {objection}`}},
}

// answer runs a query and gives its rows as strings, one per value, so that
// both databases compare alike (booleans as 1 and 0, times in UTC).
func (w *authzWorld) answer(q string) []string {
	w.t.Helper()
	rows, err := w.s.Store.DB().Raw(q).Rows()
	if err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			w.t.Fatal(err)
		}
		for _, v := range vals {
			out = append(out, plain(v))
		}
	}
	if err := rows.Err(); err != nil {
		w.t.Fatal(err)
	}
	return out
}

func plain(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case float64:
		return fmt.Sprintf("%g", x)
	}
	return fmt.Sprint(v)
}

// TestMassAssignment runs every case on the world, restored after each.
func TestMassAssignment(t *testing.T) {
	w := newAuthzWorld(t)
	w.ids["crit_desk"] = fmt.Sprint(w.crit[0])
	var crit struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	w.s.Must(200, "GET", "/api/v1/rounds/"+w.ids["round_presentation"]+"/criteria", w.toks[oThis], nil).JSON(t, &crit)
	w.ids["crit_presentation"] = fmt.Sprint(crit.Items[0].ID)
	routes := map[string]bool{}
	for _, c := range massCases {
		routes[c.method+" "+routeShape(c.path)] = true
		runCase(t, w.s, c.name, func(t *testing.T) {
			w.t = t
			defer w.restore()
			var before [][]string
			for _, q := range c.same {
				before = append(before, w.answer(w.fill(q, c.who)))
			}
			var res *testenv.Response
			if c.ct == "upload" {
				parts := []part{{name: "kind", data: []byte("supporting")}}
				for _, kv := range strings.Split(w.fill(c.body, c.who), "&") {
					k, v, _ := strings.Cut(kv, "=")
					parts = append(parts, part{name: k, data: []byte(v)})
				}
				parts = append(parts, part{name: "file", filename: "lampiran.pdf", data: testPDF("Lampiran")})
				ct, body := multipartBody(parts...)
				res = w.s.Request(c.method, w.fill(c.path, c.who), w.toks[c.who], ct, bytes.NewReader(body))
			} else {
				body := strings.ReplaceAll(c.body, "{scores}", w.scoresJSON(6))
				res = w.s.Do(c.method, w.fill(c.path, c.who), w.toks[c.who], w.fill(body, c.who))
			}
			if res.Code != c.status {
				t.Fatalf("%s %s as %s: got %d, want %d: %.400s", c.method, c.path, principalNames[c.who], res.Code, c.status, res.Body)
			}
			if c.follow != nil {
				c.follow(w)
			}
			for i, q := range c.same {
				if after := w.answer(w.fill(q, c.who)); fmt.Sprint(after) != fmt.Sprint(before[i]) {
					t.Errorf("%s changed:\n  before %v\n  after  %v", q, before[i], after)
				}
			}
			if c.created != "" {
				want := make([]string, len(c.want))
				for i, v := range c.want {
					want[i] = w.fill(v, c.who)
				}
				if got := w.answer(w.fill(c.created, c.who)); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s\n  got  %q\n  want %q", c.created, got, want)
				}
			}
		}, &w.t)
	}
	w.t = t
	// Every create and update route with a body has its case.
	for _, r := range authzMatrix {
		if (r.method == "POST" || r.method == "PATCH" || r.method == "PUT") && !routes[r.method+" "+routeShape(r.route)] && !massExempt[r.method+" "+r.route] {
			t.Errorf("%s %s has no mass-assignment case (add one to massCases, or say in massExempt why it needs none)", r.method, r.route)
		}
	}
}

// routeShape turns a path with placeholders ({entry_a}) or a route with
// parameters (:id) into the same shape, to match cases to routes.
func routeShape(p string) string {
	return shapeParam.ReplaceAllString(p, "*")
}

var shapeParam = regexp.MustCompile(`\{[a-z_]+\}|:[a-z_]+`)

// massExempt are the POST routes that take no object fields at all.
var massExempt = map[string]bool{
	"POST /api/v1/auth/login":           true, // credentials only; makes a session, no object
	"POST /api/v1/auth/refresh":         true, // a refresh token only
	"POST /api/v1/auth/logout":          true, // ends the caller's session
	"POST /api/v1/users/import":         true, // CSV, not JSON: api/conflict_rights_test.go proves organizers change no account
	"POST /api/v1/organizations/import": true, // CSV of code,name,kind,parent_code: every column is the OPD's own
	"POST /api/v1/entries/:id/withdraw": true, // no body; the lifecycle decides the status
}
