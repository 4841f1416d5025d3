package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// identities lists what identifies entry e: its OPD's name and code, the
// participant who made it, the names on its team, and the name its file was
// uploaded under (which names the OPD).
func (w *judgingWorld) identities(e jgEntry) []string {
	o := w.opds[e.OPD]
	return []string{o.Name, o.Code, w.entrants[e.OPD].Name, w.entrants[e.OPD].Email, "Sri Rahayu Anggota", e.Filename}
}

// jgNoIdentity fails when any identity appears in the raw answer: its body
// or any of its headers.
func jgNoIdentity(t *testing.T, what string, res *testenv.Response, ids []string) {
	t.Helper()
	raw := string(res.Body)
	for k, vs := range res.Header {
		raw += "\n" + k + ": " + strings.Join(vs, ", ")
	}
	for _, id := range ids {
		if strings.Contains(raw, id) {
			t.Errorf("%s reveals %q to a blind judge: %s", what, id, jgClip(raw))
		}
	}
}

func jgClip(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// jgBlindEntry checks one entry as a blind judge receives it: no organization,
// no team, files without uploader and under a neutral name.
func jgBlindEntry(t *testing.T, what string, e map[string]any, want jgEntry) {
	t.Helper()
	if testenv.ID(t, e["id"]) != want.ID || e["title"] != want.Title {
		t.Errorf("%s: entry %v, want %d", what, e["id"], want.ID)
	}
	if org, present := e["organization"]; !present || org != nil {
		t.Errorf("%s: organization %v, want null", what, org)
	}
	if team, ok := e["team"].([]any); !ok || len(team) != 0 {
		t.Errorf("%s: team %v, want []", what, e["team"])
	}
	if secs, _ := e["sections"].(map[string]any); len(secs) == 0 {
		t.Errorf("%s: the judge gets no sections to read", what)
	}
	files, _ := e["files"].([]any)
	if len(files) != 1 {
		t.Fatalf("%s: files %v", what, e["files"])
	}
	jgBlindFile(t, what, files[0].(map[string]any), want)
}

func jgBlindFile(t *testing.T, what string, f map[string]any, want jgEntry) {
	t.Helper()
	if _, present := f["uploaded_by"]; present {
		t.Errorf("%s: file has uploaded_by %v", what, f["uploaded_by"])
	}
	if name := fmt.Sprint(f["filename"]); name != fmt.Sprintf("dokumen-%d.pdf", want.FileID) {
		t.Errorf("%s: file name %q, want the neutral dokumen-%d.pdf", what, name, want.FileID)
	}
}

func TestBlindRoundHidesIdentityFromJudges(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{blind: true, opds: 2, perOPD: 1, judges: []int{-1, -1}})
	s := w.s
	j := w.judges[0]
	e0, e1 := w.entries[0], w.entries[1]
	a0 := w.assign(e0.ID, j.ID)
	w.assign(e1.ID, j.ID)
	ids := append(w.identities(e0), w.identities(e1)...)

	// One entry.
	for _, e := range []jgEntry{e0, e1} {
		w.run(t, "entry "+itoa(e.ID), func(t *testing.T) {
			res := s.Must(200, "GET", "/api/v1/entries/"+itoa(e.ID), j.Tok, nil)
			jgBlindEntry(t, "GET /entries/:id", res.Map(t), e)
			jgNoIdentity(t, "GET /entries/:id", res, ids)

			res = s.Must(200, "GET", "/api/v1/entries/"+itoa(e.ID)+"/files", j.Tok, nil)
			files := testenv.List(t, res)
			if len(files) != 1 {
				t.Fatalf("files %v", files)
			}
			jgBlindFile(t, "GET /entries/:id/files", files[0], e)
			jgNoIdentity(t, "GET /entries/:id/files", res, ids)

			for _, q := range []string{"", "?inline=1"} {
				res = s.Must(200, "GET", "/api/v1/files/"+itoa(e.FileID)+"/content"+q, j.Tok, nil)
				if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, fmt.Sprintf("dokumen-%d.pdf", e.FileID)) {
					t.Errorf("GET /files/:id/content%s: Content-Disposition %q, want the neutral name", q, cd)
				}
				if want := cleanedCopy(t, "application/pdf", e.PDF); string(res.Body) != string(want) {
					t.Errorf("GET /files/:id/content%s: not the copy without metadata", q)
				}
				jgNoIdentity(t, "GET /files/:id/content"+q, res, ids)
			}
		})
	}

	// The list of entries.
	res := s.Must(200, "GET", w.compPath("entries"), j.Tok, nil)
	items := testenv.List(t, res)
	if len(items) != 2 {
		t.Fatalf("the judge lists %d entries, want their 2", len(items))
	}
	for i, e := range []jgEntry{e0, e1} {
		jgBlindEntry(t, "GET /competitions/:id/entries", items[i], e)
	}
	jgNoIdentity(t, "GET /competitions/:id/entries", res, ids)

	// The judge's assignments.
	res = s.Must(200, "GET", "/api/v1/me/assignments", j.Tok, nil)
	mine := testenv.List(t, res)
	if len(mine) != 2 {
		t.Fatalf("my assignments %v", mine)
	}
	for i, e := range []jgEntry{e0, e1} {
		ent, _ := mine[i]["entry"].(map[string]any)
		if ent == nil {
			t.Fatalf("assignment without its entry: %v", mine[i])
		}
		jgBlindEntry(t, "GET /me/assignments", ent, e)
	}
	jgNoIdentity(t, "GET /me/assignments", res, ids)

	// Scoring answers name nobody either.
	w.score(j.Tok, a0, 7, false)
	jgNoIdentity(t, "GET /assignments/:id/scorecard", s.Must(200, "GET", jgAssignmentPath(a0, "scorecard"), j.Tok, nil), ids)

	// The organizer, an admin and the entry's own participant still see who
	// made what; the participant cannot see the other entry.
	for _, v := range []struct{ role, tok string }{{"organizer", w.r.OrganizerTok}, {"admin", w.r.AdminTok}, {"participant", w.entrants[0].Tok}} {
		w.run(t, "identity seen by the "+v.role, func(t *testing.T) { jgCheckIdentity(t, w, v.role, v.tok, e0) })
	}
	jgExpect(t, s.Do("GET", "/api/v1/entries/"+itoa(e1.ID), w.entrants[0].Tok, nil), 404, "not_found", "another OPD's entry")
}

// jgCheckIdentity checks that tok sees entry e with its identity.
func jgCheckIdentity(t *testing.T, w *judgingWorld, role, tok string, e jgEntry) {
	t.Helper()
	s := w.s
	got := s.Must(200, "GET", "/api/v1/entries/"+itoa(e.ID), tok, nil).Map(t)
	o, _ := got["organization"].(map[string]any)
	if o == nil || o["name"] != w.opds[e.OPD].Name || o["code"] != w.opds[e.OPD].Code {
		t.Errorf("%s: organization %v, want %s", role, got["organization"], w.opds[e.OPD].Name)
	}
	team, _ := got["team"].([]any)
	if len(team) != 2 || team[0].(map[string]any)["name"] != w.entrants[e.OPD].Name {
		t.Errorf("%s: team %v", role, got["team"])
	}
	files, _ := got["files"].([]any)
	if len(files) != 1 {
		t.Fatalf("%s: files %v", role, got["files"])
	}
	f := files[0].(map[string]any)
	if f["filename"] != e.Filename || f["uploaded_by"] == nil || testenv.ID(t, f["uploaded_by"]) != w.entrants[e.OPD].ID {
		t.Errorf("%s: file %v, want %q uploaded by %d", role, f, e.Filename, w.entrants[e.OPD].ID)
	}
	listed := testenv.List(t, s.Must(200, "GET", "/api/v1/entries/"+itoa(e.ID)+"/files", tok, nil))
	if len(listed) != 1 || listed[0]["filename"] != e.Filename || listed[0]["uploaded_by"] == nil {
		t.Errorf("%s: files list %v", role, listed)
	}
	res := s.Must(200, "GET", "/api/v1/files/"+itoa(e.FileID)+"/content", tok, nil)
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, e.Filename) {
		t.Errorf("%s: Content-Disposition %q, want %q", role, cd, e.Filename)
	}
	found := false
	for _, it := range testenv.List(t, s.Must(200, "GET", w.compPath("entries"), tok, nil)) {
		if testenv.ID(t, it["id"]) == e.ID {
			found = true
			if o, _ := it["organization"].(map[string]any); o == nil || o["name"] != w.opds[e.OPD].Name {
				t.Errorf("%s: listed entry without its organization: %v", role, it["organization"])
			}
		}
	}
	if !found {
		t.Errorf("%s: entry %d not listed", role, e.ID)
	}
}
