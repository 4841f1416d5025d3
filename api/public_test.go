package api_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// The public side of results: publications anyone may read without signing
// in, and objections (sanggahan) anyone may file while the window is open.
// The set-up is newResWorld of results_test.go.

// resGenerousLimits lifts the in-memory per-IP limit on objections so that a
// test can file several; the per-IP daily cap kept in the database stays.
func resGenerousLimits(d *apiDeps) { d.ObjectionsPerMinute, d.ObjectionsBurst = 6000, 1000 }

func (w *resWorld) object(pub int64, body map[string]any) *testenv.Response {
	return w.s.Do("POST", resPubPath(pub, "objections"), "", body)
}

func (w *resWorld) objection(entry int, text string) map[string]any {
	return map[string]any{"entry_id": w.entries[entry].ID, "name": "Budi Santoso", "email": "Budi.Santoso@Example.com", "text": text}
}

func TestPublicPublications(t *testing.T) {
	w := newResWorld(t, resSpec{opts: []testenv.Option{resGenerousLimits}})
	t0 := w.s.Clock.Now()
	p1 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	w.tick(time.Hour)
	p2 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal (ralat)", "objection_days": 5})
	w.tick(time.Hour)
	ps := w.publish(w.screening, map[string]any{"title": "Hasil Seleksi Administrasi", "objection_days": 0})

	// The list, newest first, without a token.
	res := w.s.Must(200, "GET", "/api/v1/public/publications", "", nil)
	if res.Header.Get("Cache-Control") == "" {
		t.Errorf("the list has no Cache-Control")
	}
	var list struct {
		Items []struct {
			ID          int64 `json:"id"`
			Competition struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"competition"`
			Round struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"round"`
			Title       string    `json:"title"`
			Version     int       `json:"version"`
			Digest      string    `json:"digest"`
			PublishedAt time.Time `json:"published_at"`
		} `json:"items"`
		Total int `json:"total"`
	}
	res.JSON(t, &list)
	if list.Total != 3 || len(list.Items) != 3 {
		t.Fatalf("public list: %s", res.Body)
	}
	for i, want := range []resPublished{ps, p2, p1} {
		got := list.Items[i]
		if got.ID != want.ID || got.Version != want.Version || got.Digest != want.Digest || !got.PublishedAt.Equal(want.PublishedAt) ||
			got.Competition.ID != w.comp || got.Competition.Name != "KIPP Kabupaten Wonosobo 2020" || got.Round.ID == 0 || got.Title == "" {
			t.Errorf("public list item %d: %+v, want %+v", i, got, want)
		}
	}
	if !list.Items[2].PublishedAt.Equal(t0) || list.Items[0].Round.Name != "Seleksi Administrasi" {
		t.Errorf("public list order or names: %+v", list.Items)
	}
	paged := testenv.List(t, w.s.Must(200, "GET", "/api/v1/public/publications?limit=1&offset=1", "", nil))
	if len(paged) != 1 || testenv.ID(t, paged[0]["id"]) != p2.ID {
		t.Errorf("page 2 of 1: %v", paged)
	}
	// Signed-in callers of every role read the same list.
	for _, role := range allRoles[1:] {
		runCase(t, w.s, "the list read by the "+role, func(t *testing.T) {
			if r := w.s.Do("GET", "/api/v1/public/publications", roleTokens(w.r)[role], nil); r.Code != 200 || !bytes.Equal(r.Body, res.Body) {
				t.Errorf("signed-in public list: %d", r.Code)
			}
		})
	}

	// One publication, without a token, with an ETag.
	res = w.s.Must(200, "GET", resPubPath(p1.ID), "", nil)
	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Cache-Control") == "" {
		t.Fatalf("publication headers: ETag %q Cache-Control %q", etag, res.Header.Get("Cache-Control"))
	}
	if resDigest(t, res.Body) != p1.Digest {
		t.Errorf("publication digest does not recompute")
	}
	var pub map[string]any
	res.JSON(t, &pub)
	for _, k := range []string{"id", "competition", "round", "title", "note", "entries", "digest", "published_at", "objections_close_at"} {
		if _, ok := pub[k]; !ok {
			t.Errorf("publication lacks %q", k)
		}
	}

	// Revalidation: 304 with no body.
	nm := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", etag)
	if nm.Code != 304 || len(nm.Body) != 0 || nm.Header.Get("ETag") != etag {
		t.Errorf("If-None-Match: %d %q, ETag %q", nm.Code, nm.Body, nm.Header.Get("ETag"))
	}
	if r := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", `"not-the-etag"`); r.Code != 200 || len(r.Body) == 0 {
		t.Errorf("a stale ETag: %d", r.Code)
	}

	// An objection answered: what the page shows changes, and so does the ETag.
	created := w.object(p1.ID, w.objection(1, "Nilai signifikansi tidak sesuai data sebelum dan sesudah."))
	resExpect(t, created, 201, "", "objection")
	oid := testenv.ID(t, created.Map(t)["id"])
	w.s.Must(200, "PATCH", "/api/v1/objections/"+itoa(oid), w.r.OrganizerTok, map[string]any{
		"status": "rejected", "response": "Data sudah diverifikasi oleh juri."})
	after := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", etag)
	if after.Code != 200 || after.Header.Get("ETag") == etag || after.Header.Get("ETag") == "" {
		t.Errorf("after an answer: %d, ETag %q (was %q)", after.Code, after.Header.Get("ETag"), etag)
	}
	if !bytes.Contains(after.Body, []byte("Data sudah diverifikasi oleh juri.")) {
		t.Errorf("the answer is not on the publication: %s", after.Body)
	}
	etag2 := after.Header.Get("ETag")
	if r := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", etag2); r.Code != 304 {
		t.Errorf("the new ETag does not revalidate: %d", r.Code)
	}
	// The objection window closing changes the page (objections_open) and the ETag.
	w.tick(5 * 24 * time.Hour)
	closed := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", etag2)
	if closed.Code != 200 || closed.Header.Get("ETag") == etag2 {
		t.Errorf("after the window closed: %d, ETag unchanged %v", closed.Code, closed.Header.Get("ETag") == etag2)
	}
	// The page shows the competition's and the round's names as they are now:
	// when an organizer renames them, a cached copy must not be revalidated.
	etag3 := closed.Header.Get("ETag")
	w.s.Must(200, "PATCH", w.compPath(), w.r.OrganizerTok, map[string]any{"name": "KIPP Kabupaten Wonosobo 2020 (Perubahan)"})
	renamed := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", etag3)
	if renamed.Code != 200 || renamed.Header.Get("ETag") == etag3 {
		fresh := w.s.Must(200, "GET", resPubPath(p1.ID), "", nil)
		t.Errorf("after renaming the competition: %d with the old ETag; the page now says %q",
			renamed.Code, fresh.Map(t)["competition"].(map[string]any)["name"])
	}

	runCases(t, w.s, []reqCase{
		{name: "unknown publication", method: "GET", path: resPubPath(999999), status: 404, code: "not_found"},
		{name: "malformed publication id", method: "GET", path: "/api/v1/public/publications/abc", status: 404, code: "not_found"},
		{name: "objection to an unknown publication", method: "POST", path: resPubPath(999999, "objections"), body: w.objection(1, "x"),
			status: 404, code: "not_found"},
	})
}

func TestPublicObjections(t *testing.T) {
	w := newResWorld(t, resSpec{opts: []testenv.Option{resGenerousLimits}})
	org := w.r.OrganizerTok
	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	created := 0 // objections from the test's one address, for the daily cap

	first := w.object(p.ID, w.objection(1, "Nilai signifikansi tidak sesuai data sebelum dan sesudah."))
	resExpect(t, first, 201, "", "objection inside the window")
	created++
	o1 := first.Map(t)
	if o1["status"] != "open" || testenv.ID(t, o1["entry_id"]) != w.entries[1].ID || o1["id"] == nil {
		t.Errorf("objection answer: %v", o1)
	}
	// The limit counts characters, not bytes: 3000 two-byte characters pass.
	long := strings.Repeat("ā", 3000)
	resExpect(t, w.object(p.ID, w.objection(3, long)), 201, "", "3000 characters")
	created++
	// Refused objections: the text, the entry, who sends it.
	refused := func(name string, body map[string]any, field string) reqCase {
		return reqCase{name: name, method: "POST", path: resPubPath(p.ID, "objections"), body: body, status: 422, code: "validation_failed", field: field}
	}
	with := func(k string, v any) map[string]any {
		body := w.objection(1, "Teks")
		body[k] = v
		return body
	}
	runCases(t, w.s, []reqCase{
		refused("3001 characters", w.objection(3, long+"a"), "text"),
		refused("an empty text", w.objection(3, "   "), "text"),
		refused("an ineligible entry, not in the publication", w.objection(5, "Entri ini tidak lolos seleksi."), "entry_id"),
		refused("an unscreened entry, not in the publication", w.objection(6, "Entri ini belum diseleksi."), "entry_id"),
		refused("an unknown entry", with("entry_id", 999999), "entry_id"),
		refused("a bad e-mail address", with("email", "bukan-email"), "email"),
		refused("no name", with("name", ""), "name"),
	})

	// The organizers see every objection with who sent it.
	var list struct {
		Items []struct {
			ID            int64  `json:"id"`
			PublicationID int64  `json:"publication_id"`
			EntryID       int64  `json:"entry_id"`
			Name          string `json:"name"`
			Email         string `json:"email"`
			Text          string `json:"text"`
			Status        string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	}
	w.s.Must(200, "GET", w.compPath("objections"), org, nil).JSON(t, &list)
	if list.Total != 2 || len(list.Items) != 2 {
		t.Fatalf("objections: %+v", list)
	}
	o := list.Items[0]
	if o.ID != testenv.ID(t, o1["id"]) || o.PublicationID != p.ID || o.EntryID != w.entries[1].ID || o.Name != "Budi Santoso" ||
		!strings.EqualFold(o.Email, "budi.santoso@example.com") || o.Text != "Nilai signifikansi tidak sesuai data sebelum dan sesudah." || o.Status != "open" {
		t.Errorf("objection as organizers see it: %+v", o)
	}
	if list.Items[1].Text != long {
		t.Errorf("the 3000-character text was not kept whole")
	}
	// Open objections are not public.
	res := w.s.Must(200, "GET", resPubPath(p.ID), "", nil)
	if bytes.Contains(bytes.ToLower(res.Body), []byte("budi.santoso@example.com")) || bytes.Contains(res.Body, []byte("Nilai signifikansi tidak")) {
		t.Errorf("an open objection is public: %s", res.Body)
	}

	// Who may see and answer: only the competition's organizers (and admins).
	// The objections list of a visible competition is forbidden (403) to
	// others; an open objection is seen by nobody else, so PATCH answers 404.
	answerPath := "/api/v1/objections/" + itoa(o.ID)
	answer := map[string]any{"status": "accepted", "response": "Nilai E2 dihitung ulang."}
	_, otherTok := w.s.User(models.RoleOrganizer, nil)
	var cases []reqCase
	for _, o := range []struct{ who, tok string }{
		{"the entry's participant", w.entrants[1].Tok}, {"one of its judges", w.judges[0].Tok},
		{"a judge who is not a member", w.r.JudgeTok}, {"another OPD's participant", w.r.ParticipantTok},
	} {
		cases = append(cases,
			reqCase{name: "objections list by " + o.who, method: "GET", path: w.compPath("objections"), token: o.tok, status: 403, code: "forbidden"},
			reqCase{name: "answering an open objection as " + o.who, method: "PATCH", path: answerPath, token: o.tok, body: answer,
				status: 404, code: "not_found"})
	}
	runCases(t, w.s, append(cases,
		reqCase{name: "objections list by another organizer", method: "GET", path: w.compPath("objections"), token: otherTok,
			status: 403, code: "forbidden"},
		reqCase{name: "answering as another competition's organizer", method: "PATCH", path: answerPath, token: otherTok, body: answer,
			status: 404, code: "not_found"},
		reqCase{name: "answering anonymously", method: "PATCH", path: answerPath, body: answer, status: 401, code: "unauthorized"},
		reqCase{name: "objections list anonymously", method: "GET", path: w.compPath("objections"), status: 401, code: "unauthorized"},
		reqCase{name: "answering an unknown objection", method: "PATCH", path: "/api/v1/objections/999999", token: org, body: answer,
			status: 404, code: "not_found"},
		reqCase{name: "accepting without a response", method: "PATCH", path: answerPath, token: org, body: map[string]any{"status": "accepted"},
			status: 422, code: "validation_failed", field: "response"},
		reqCase{name: "an unknown status", method: "PATCH", path: answerPath, token: org, body: map[string]any{"status": "maybe", "response": "x"},
			status: 422, code: "validation_failed", field: "status"}))
	var answered map[string]any
	w.s.Must(200, "PATCH", answerPath, org, answer).JSON(t, &answered)
	if answered["status"] != "accepted" || answered["response"] != "Nilai E2 dihitung ulang." || answered["answered_at"] == nil {
		t.Errorf("answered: %v", answered)
	}
	w.s.Must(200, "PATCH", "/api/v1/objections/"+itoa(list.Items[1].ID), org, map[string]any{"status": "rejected", "response": "Tidak ada data baru."})

	// The answers are public, without the objector's e-mail address.
	res = w.s.Must(200, "GET", resPubPath(p.ID), "", nil)
	var pub struct {
		Objections []map[string]any `json:"objections"`
	}
	res.JSON(t, &pub)
	if len(pub.Objections) != 2 {
		t.Fatalf("public objections: %s", res.Body)
	}
	po := pub.Objections[0]
	if testenv.ID(t, po["id"]) != o.ID || testenv.ID(t, po["entry_id"]) != w.entries[1].ID || po["status"] != "accepted" ||
		po["response"] != "Nilai E2 dihitung ulang." || po["answered_at"] == nil {
		t.Errorf("public objection: %v", po)
	}
	if pub.Objections[1]["status"] != "rejected" || pub.Objections[1]["response"] != "Tidak ada data baru." {
		t.Errorf("second public objection: %v", pub.Objections[1])
	}
	if bytes.Contains(bytes.ToLower(res.Body), []byte("budi.santoso@example.com")) {
		t.Errorf("the public publication shows the objector's e-mail: %s", res.Body)
	}
	for _, po := range pub.Objections {
		if _, ok := po["email"]; ok {
			t.Errorf("a public objection has an email field: %v", po)
		}
	}
	if resDigest(t, res.Body) != p.Digest {
		t.Errorf("answering an objection changed the published table")
	}

	// The daily cap per address, kept in the database: 10 a day.
	for created < 10 {
		resExpect(t, w.object(p.ID, w.objection(created%5, "Sanggahan nomor "+strconv.Itoa(created))), 201, "", "objection under the daily cap")
		created++
	}
	over := w.object(p.ID, w.objection(0, "Sanggahan kesebelas"))
	resExpect(t, over, 429, "too_many_requests", "the 11th objection of the day")
	if ra, err := strconv.Atoi(over.Header.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("429 Retry-After %q", over.Header.Get("Retry-After"))
	}
	w.tick(24*time.Hour + time.Second)
	resExpect(t, w.object(p.ID, w.objection(0, "Sanggahan hari berikutnya")), 201, "", "an objection the next day")

	// The window: open until objections_close_at, closed from then on. Each
	// case sets the clock it is sent at.
	at := func(when time.Time, text string) func() *testenv.Response {
		return func() *testenv.Response {
			w.s.Clock.Set(when)
			return w.object(p.ID, w.objection(2, text))
		}
	}
	runCases(t, w.s, []reqCase{
		{name: "an objection one second before the close", send: at(p.ObjectionsCloseAt.Add(-time.Second), "Sanggahan di detik terakhir"),
			status: 201},
		{name: "an objection at the close", send: at(*p.ObjectionsCloseAt, "Sanggahan terlambat"), status: 409, code: "deadline_passed"},
		{name: "an objection after the close", send: at(p.ObjectionsCloseAt.Add(48*time.Hour), "Sanggahan terlambat"),
			status: 409, code: "deadline_passed"},
	})
	w.tick(0)
	// No objection window at all.
	p0 := w.publish(w.desk, map[string]any{"title": "Hasil Akhir Tanpa Sanggahan", "objection_days": 0})
	if p0.ObjectionsCloseAt != nil {
		t.Errorf("objection_days 0 has a window until %v", p0.ObjectionsCloseAt)
	}
	resExpect(t, w.object(p0.ID, w.objection(2, "Sanggahan")), 409, "deadline_passed", "an objection with objection_days 0")
}

// Per address, objections are limited in memory as well (a token bucket),
// before anything else is checked.
func TestPublicObjectionRateLimit(t *testing.T) {
	w := newResWorld(t, resSpec{opts: []testenv.Option{func(d *apiDeps) { d.ObjectionsPerMinute, d.ObjectionsBurst = 1, 2 }}})
	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	resExpect(t, w.object(p.ID, w.objection(1, "Sanggahan pertama")), 201, "", "first objection")
	resExpectField(t, w.object(p.ID, w.objection(1, "")), "text", "second request, refused on its text")
	over := w.object(p.ID, w.objection(1, "Sanggahan ketiga"))
	resExpect(t, over, 429, "too_many_requests", "third request within a minute")
	if ra, err := strconv.Atoi(over.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
		t.Errorf("Retry-After %q, want 1 to 60 seconds", over.Header.Get("Retry-After"))
	}
	// A forged X-Forwarded-For does not make another address (no proxy is trusted).
	forged := w.s.Request("POST", resPubPath(p.ID, "objections"), "", "application/json",
		strings.NewReader(`{"entry_id":1,"name":"A","email":"a@example.com","text":"x"}`), "X-Forwarded-For", "203.0.113.9")
	resExpect(t, forged, 429, "too_many_requests", "the same address behind a forged X-Forwarded-For")
	// Reading is not limited, and another address may still object.
	for range 5 {
		w.s.Must(200, "GET", resPubPath(p.ID), "", nil)
	}
	b, _ := json.Marshal(w.objection(2, "Sanggahan dari alamat lain"))
	req := httptest.NewRequest("POST", resPubPath(p.ID, "objections"), bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "198.51.100.7:50000"
	rec := httptest.NewRecorder()
	w.s.Router.ServeHTTP(rec, req)
	if rec.Code != 201 {
		t.Errorf("another address: %d %s", rec.Code, rec.Body)
	}
	var n int64
	w.s.Store.DB().Table("objections").Count(&n)
	if n != 2 {
		t.Errorf("%d objections stored, want 2", n)
	}
}

// PATCH /objections/:id by a participant or a judge. Once answered, an
// objection is shown to everyone on the public publication (its id, entry,
// text and answer), so by the contract of docs/api.md ("403 is for a visible
// object and a forbidden action") answering it again is forbidden, not
// unknown.
func TestPublicAnsweredObjectionIsVisible(t *testing.T) {
	w := newResWorld(t, resSpec{opts: []testenv.Option{resGenerousLimits}})
	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	res := w.object(p.ID, w.objection(1, "Nilai tidak sesuai."))
	resExpect(t, res, 201, "", "objection")
	id := testenv.ID(t, res.Map(t)["id"])
	w.s.Must(200, "PATCH", "/api/v1/objections/"+itoa(id), w.r.OrganizerTok, map[string]any{"status": "rejected", "response": "Sudah sesuai."})
	var pub struct {
		Objections []struct {
			ID int64 `json:"id"`
		} `json:"objections"`
	}
	w.s.Must(200, "GET", resPubPath(p.ID), "", nil).JSON(t, &pub)
	if len(pub.Objections) != 1 || pub.Objections[0].ID != id {
		t.Fatalf("the answered objection is not public: %+v", pub)
	}
	answer := map[string]any{"status": "accepted", "response": "Diterima."}
	runCases(t, w.s, []reqCase{
		{name: "participant answering a public objection", method: "PATCH", path: "/api/v1/objections/" + itoa(id), token: w.entrants[1].Tok,
			body: answer, status: 403, code: "forbidden"},
		{name: "judge answering a public objection", method: "PATCH", path: "/api/v1/objections/" + itoa(id), token: w.judges[0].Tok,
			body: answer, status: 403, code: "forbidden"},
	})
}
