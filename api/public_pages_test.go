package api_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// The public pages' data: the list of public competitions, one
// competition's page, and what the results page needs beyond the table (the
// versions of a publication, the per-criterion means). The set-up is
// newResWorld of results_test.go.

type pubCompetitionPage struct {
	ID                        int64      `json:"id"`
	Name                      string     `json:"name"`
	Status                    string     `json:"status"`
	SubmissionClosesAt        *time.Time `json:"submission_closes_at"`
	SubmissionsOpen           bool       `json:"submissions_open"`
	MaxEntriesPerOrganization int        `json:"max_entries_per_organization"`
	Categories                []struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Group string `json:"group"`
	} `json:"categories"`
	Rounds []struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		Kind        string `json:"kind"`
		Position    int    `json:"position"`
		Status      string `json:"status"`
		Publication *struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		} `json:"publication"`
	} `json:"rounds"`
	Publications []struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
		Round   struct {
			ID int64 `json:"id"`
		} `json:"round"`
	} `json:"publications"`
}

func TestPublicCompetitionPages(t *testing.T) {
	w := newResWorld(t, resSpec{})
	org := w.r.OrganizerTok
	// A draft of the same organizer: never public.
	draft := testenv.ID(t, w.s.Must(201, "POST", "/api/v1/competitions", org, map[string]any{
		"name": "KIPP 2021 (rancangan)", "year": 2021, "template": "kipp"}).Map(t)["id"])

	list := func() []map[string]any {
		return testenv.List(t, w.s.Must(200, "GET", "/api/v1/public/competitions", "", nil))
	}
	items := list()
	if len(items) != 1 || testenv.ID(t, items[0]["id"]) != w.comp || items[0]["publications"] != float64(0) || items[0]["last_published_at"] != nil {
		t.Fatalf("public competitions before publishing: %v", items)
	}
	// The world's clock is in 2020 with submissions until 30 April: open.
	if items[0]["submissions_open"] != (w.s.Clock.Now().Before(time.Date(2020, 4, 30, 17, 0, 0, 0, time.UTC))) {
		t.Errorf("submissions_open %v at %v", items[0]["submissions_open"], w.s.Clock.Now())
	}

	p1 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	w.tick(time.Hour)
	p2 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal (ralat)", "objection_days": 5})
	w.tick(time.Hour)
	ps := w.publish(w.screening, map[string]any{"title": "Hasil Seleksi Administrasi", "objection_days": 0})

	items = list()
	if len(items) != 1 || items[0]["publications"] != float64(3) {
		t.Fatalf("public competitions after three publications: %v", items)
	}
	if at, _ := time.Parse(time.RFC3339Nano, items[0]["last_published_at"].(string)); !at.Equal(ps.PublishedAt) {
		t.Errorf("last_published_at %v, want %v", items[0]["last_published_at"], ps.PublishedAt)
	}

	res := w.s.Must(200, "GET", "/api/v1/public/competitions/"+itoa(w.comp), "", nil)
	if res.Header.Get("Cache-Control") == "" {
		t.Errorf("the competition page has no Cache-Control")
	}
	var page pubCompetitionPage
	res.JSON(t, &page)
	if page.Name != "KIPP Kabupaten Wonosobo 2020" || page.Status != "open" || len(page.Categories) < 2 || len(page.Rounds) != 4 {
		t.Fatalf("competition page: %s", res.Body)
	}
	if page.Categories[0].ID != w.cats[0] || page.Categories[0].Name != w.catNames[0] || page.Categories[0].Group == "" {
		t.Errorf("first category %+v, want %d %s", page.Categories[0], w.cats[0], w.catNames[0])
	}
	for i, r := range page.Rounds {
		if r.Position != i+1 {
			t.Errorf("round %d at position %d", i, r.Position)
		}
		switch r.ID {
		case w.screening:
			if r.Publication == nil || r.Publication.ID != ps.ID || r.Kind != "screening" {
				t.Errorf("screening round: %+v", r)
			}
		case w.desk:
			// The newest version, not the first.
			if r.Publication == nil || r.Publication.ID != p2.ID || r.Publication.Version != 2 || r.Status != "published" {
				t.Errorf("desk round: %+v", r)
			}
		default:
			if r.Publication != nil {
				t.Errorf("round %s has a publication: %+v", r.Name, r.Publication)
			}
		}
	}
	if len(page.Publications) != 3 || page.Publications[0].ID != ps.ID || page.Publications[1].ID != p2.ID || page.Publications[2].ID != p1.ID {
		t.Errorf("competition publications, newest first: %+v", page.Publications)
	}
	// Nothing of the judging: no entry, no judge, no score.
	for _, leak := range []string{"judge", "score", `"entries":`, w.judges[0].Email} {
		if bytes.Contains(res.Body, []byte(leak)) {
			t.Errorf("the competition page says %q: %s", leak, res.Body)
		}
	}

	// Every role reads the same; a broken or expired token is not even read.
	for _, role := range allRoles[1:] {
		runCase(t, w.s, "the competition page read by the "+role, func(t *testing.T) {
			if r := w.s.Do("GET", "/api/v1/public/competitions/"+itoa(w.comp), roleTokens(w.r)[role], nil); r.Code != 200 || !bytes.Equal(r.Body, res.Body) {
				t.Errorf("signed-in competition page: %d", r.Code)
			}
		})
	}
	for _, path := range []string{"/api/v1/public/competitions", "/api/v1/public/competitions/" + itoa(w.comp), resPubPath(p1.ID)} {
		r := w.s.Request("GET", path, "", "", nil, "Authorization", "Bearer not-a-token")
		if r.Code != 200 {
			t.Errorf("%s with a broken token: %d %s", path, r.Code, r.Body)
		}
	}

	// Bad and unknown ids; a draft is unknown.
	runCases(t, w.s, []reqCase{
		{name: "a draft competition", method: "GET", path: "/api/v1/public/competitions/" + itoa(draft), status: 404, code: "not_found"},
		{name: "a draft competition, by its organizer", method: "GET", path: "/api/v1/public/competitions/" + itoa(draft), token: w.r.OrganizerTok,
			status: 404, code: "not_found"},
		{name: "an unknown competition", method: "GET", path: "/api/v1/public/competitions/999999", status: 404, code: "not_found"},
		{name: "a malformed competition id", method: "GET", path: "/api/v1/public/competitions/abc", status: 404, code: "not_found"},
		{name: "a bad limit", method: "GET", path: "/api/v1/public/competitions?limit=0", status: 422, code: "validation_failed", field: "limit"},
	})

	// Closing submissions shows on the page.
	w.s.Must(200, "PATCH", w.compPath(), w.r.OrganizerTok, map[string]any{"status": "judging"})
	w.s.Must(200, "GET", "/api/v1/public/competitions/"+itoa(w.comp), "", nil).JSON(t, &page)
	if page.Status != "judging" || page.SubmissionsOpen {
		t.Errorf("a judging competition: status %s, submissions_open %v", page.Status, page.SubmissionsOpen)
	}
}

type pubVersions struct {
	ID              int64 `json:"id"`
	LatestVersionID int64 `json:"latest_version_id"`
	Versions        []struct {
		ID          int64     `json:"id"`
		Version     int       `json:"version"`
		Title       string    `json:"title"`
		Digest      string    `json:"digest"`
		PublishedAt time.Time `json:"published_at"`
	} `json:"versions"`
	Entries []struct {
		EntryID  int64    `json:"entry_id"`
		Score    *float64 `json:"score"`
		Criteria []struct {
			Name   string  `json:"name"`
			Weight float64 `json:"weight"`
			Max    float64 `json:"max"`
			Mean   float64 `json:"mean"`
		} `json:"criteria"`
	} `json:"entries"`
}

// A publication lists every version of its round, and the ETag still covers
// what the page shows once a new version appears.
func TestPublicPublicationVersions(t *testing.T) {
	w := newResWorld(t, resSpec{})
	p1 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	first := w.s.Must(200, "GET", resPubPath(p1.ID), "", nil)
	etag := first.Header.Get("ETag")
	var v pubVersions
	first.JSON(t, &v)
	if len(v.Versions) != 1 || v.Versions[0].ID != p1.ID || v.Versions[0].Version != 1 || v.Versions[0].Digest != p1.Digest ||
		v.Versions[0].Title != "Hasil Penilaian Proposal" || !v.Versions[0].PublishedAt.Equal(p1.PublishedAt) {
		t.Fatalf("versions of a first publication: %+v", v.Versions)
	}
	w.tick(time.Hour)
	p2 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal (ralat)", "objection_days": 5})
	again := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", etag)
	if again.Code != 200 {
		t.Fatalf("the old ETag still revalidates after a new version: %d", again.Code)
	}
	again.JSON(t, &v)
	if v.LatestVersionID != p2.ID || len(v.Versions) != 2 || v.Versions[0].ID != p2.ID || v.Versions[1].ID != p1.ID || v.Versions[0].Version != 2 {
		t.Errorf("versions after a second publication, newest first: %+v", v.Versions)
	}
	if r := w.s.Request("GET", resPubPath(p1.ID), "", "", nil, "If-None-Match", again.Header.Get("ETag")); r.Code != 304 {
		t.Errorf("the new ETag does not revalidate: %d", r.Code)
	}
	// The screening round's versions are its own.
	ps := w.publish(w.screening, map[string]any{"title": "Hasil Seleksi Administrasi"})
	w.s.Must(200, "GET", resPubPath(ps.ID), "", nil).JSON(t, &v)
	if len(v.Versions) != 1 || v.Versions[0].ID != ps.ID {
		t.Errorf("screening versions: %+v", v.Versions)
	}
}

// A scoring round's published rows carry the per-criterion means, in the
// rubric's order, equal to the organizers' ranking; never a judge's values.
// A screening round's rows have none. The digest covers them.
func TestPublicPublicationCriterionMeans(t *testing.T) {
	w := newResWorld(t, resSpec{})
	// E5 keeps one submitted scorecard (J1's): its means would be J1's own
	// values, so its row has none, though it keeps its score and rank.
	for _, j := range []int{1, 2} {
		w.s.Must(200, "POST", resAsgPath(w.asg[[2]int{j, 4}], "scorecard", "reopen"), w.r.OrganizerTok,
			map[string]any{"reason": "Diperiksa ulang"})
	}
	rk := w.ranking("")
	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal"})
	res := w.s.Must(200, "GET", resPubPath(p.ID), "", nil)
	if resDigest(t, res.Body) != p.Digest {
		t.Fatalf("the digest does not cover the rows with their means")
	}
	var v pubVersions
	res.JSON(t, &v)
	if len(v.Entries) != len(rk.Entries) {
		t.Fatalf("%d rows, ranking has %d", len(v.Entries), len(rk.Entries))
	}
	for i, row := range v.Entries {
		want := rk.Entries[i]
		if row.EntryID != want.EntryID {
			t.Fatalf("row %d is entry %d, ranking has %d", i, row.EntryID, want.EntryID)
		}
		if len(want.Criteria) == 0 || want.Judges < 2 {
			if row.Criteria != nil {
				t.Errorf("entry %d, scored by %d judges, has means: %+v", row.EntryID, want.Judges, row.Criteria)
			}
			if want.EntryID == w.entries[4].ID && (want.Judges != 1 || row.Score == nil || *row.Score != 30) {
				t.Errorf("E5 with J1's card alone: %d judges, score %v", want.Judges, row.Score)
			}
			continue
		}
		if len(row.Criteria) != len(w.crit) {
			t.Errorf("entry %d: %d criterion means, rubric has %d", row.EntryID, len(row.Criteria), len(w.crit))
			continue
		}
		for j, c := range row.Criteria {
			wc := w.crit[j]
			if c.Name != wc.Name || c.Weight != wc.Weight || c.Max != wc.MaxScore || math.Abs(c.Mean-math.Round(want.Criteria[wc.Key]*100)/100) > 1e-9 {
				t.Errorf("entry %d criterion %d: %+v, want %s weight %v max %v mean %v", row.EntryID, j, c, wc.Name, wc.Weight, wc.MaxScore, want.Criteria[wc.Key])
			}
		}
	}
	// E1 was scored 9.5, 9.5, 10, 10, 9.5 on every criterion: the mean 9.7, not any judge's value.
	if v.Entries[0].EntryID != w.entries[0].ID || v.Entries[0].Criteria[0].Mean != 9.7 {
		t.Errorf("E1 first: %+v", v.Entries[0])
	}
	var raw map[string]json.RawMessage
	res.JSON(t, &raw)
	for _, k := range []string{"judge_scores", "raw_judge_scores", "judge_id", "stddev", w.judges[0].Name} {
		if bytes.Contains(res.Body, []byte(k)) {
			t.Errorf("the publication shows %q", k)
		}
	}
	ps := w.publish(w.screening, map[string]any{"title": "Hasil Seleksi Administrasi"})
	body := w.s.Must(200, "GET", resPubPath(ps.ID), "", nil).Body
	if strings.Contains(string(body), `"criteria"`) {
		t.Errorf("a screening publication has criterion means: %s", body)
	}
}
