package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/sniff"
)

// The fuzz tests of this file send what the fuzzer makes through the real
// router into a real database, one world per fuzzing process (built once,
// before f.Fuzz), and check each answer against the contract (every answer
// is validated against api/openapi.yaml) and against what the request may
// have changed: an answer the contract does not describe, a 500, or a
// refused request that leaves a trace fails.

// fuzzWorld is a KIPP competition, open, with a draft entry of r.OPD and an
// eligible entry of another OPD in the desk round, scored by a judge member.
type fuzzWorld struct {
	s          *testenv.Server
	r          testenv.Roles
	comp, desk int64
	draft      int64 // r.Participant's draft entry, for uploads
	assignment int64 // the judge's assignment in the desk round
	judge      models.User
	judgeTok   string
	crit       []jgCriterion
}

func newFuzzWorld(tb testing.TB) *fuzzWorld {
	tb.Helper()
	s := testenv.NewServer(tb, func(d *api.Deps) { d.UploadsPerMinute, d.UploadsAtOnce = 1e9, 1000 })
	w := &fuzzWorld{s: s, r: s.Everyone()}
	org := w.r.OrganizerTok
	comp := s.Must(201, "POST", "/api/v1/competitions", org, map[string]any{
		"name": "KIPP Kabupaten 2020", "year": 2020, "template": "kipp", "max_entries_per_organization": 0,
		"submission_opens_at": "2020-03-01T00:00:00Z", "submission_closes_at": "2020-04-30T17:00:00Z",
	}).Map(tb)
	w.comp = testenv.ID(tb, comp["id"])
	cp := "/api/v1/competitions/" + itoa(w.comp)
	s.Must(200, "PATCH", cp, org, map[string]any{"status": "open"})
	for _, rd := range testenv.List(tb, s.Must(200, "GET", cp+"/rounds", org, nil)) {
		if rd["position"] == float64(2) {
			w.desk = testenv.ID(tb, rd["id"])
		}
	}
	var crit struct{ Items []jgCriterion }
	s.Must(200, "GET", "/api/v1/rounds/"+itoa(w.desk)+"/criteria", org, nil).JSON(tb, &crit)
	w.crit = crit.Items
	cat := testenv.ID(tb, testenv.List(tb, s.Must(200, "GET", cp+"/categories", org, nil))[0]["id"])
	var form struct {
		Items []struct{ Key string }
	}
	s.Must(200, "GET", cp+"/sections", org, nil).JSON(tb, &form)
	texts := map[string]string{}
	for _, sec := range form.Items {
		texts[sec.Key] = "Uraian singkat bagian " + sec.Key + "."
	}
	w.draft = testenv.ID(tb, s.Must(201, "POST", cp+"/entries", w.r.ParticipantTok, map[string]any{"title": "Si Jempol"}).Map(tb)["id"])

	other := s.Org("dinas")
	_, ptok := s.User(models.RoleParticipant, &other.ID)
	entry := testenv.ID(tb, s.Must(201, "POST", cp+"/entries", ptok, map[string]any{
		"title": "Posbindu Keliling", "category_id": cat, "sections": texts,
		"team": []map[string]string{{"name": "Sri Rahayu", "role": "Ketua"}},
	}).Map(tb)["id"])
	ct, body := multipartBody(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "proposal.pdf", data: testPDF("Proposal")})
	if r := s.Request("POST", entryPath(entry, "files"), ptok, ct, bytes.NewReader(body)); r.Code != 201 {
		tb.Fatalf("upload: %d %s", r.Code, r.Body)
	}
	s.Must(200, "POST", entryPath(entry, "submit"), ptok, nil)
	s.Must(200, "POST", entryPath(entry, "screen"), org, map[string]any{"decision": "eligible"})
	if _, err := s.Store.AddRoundEntries(context.Background(), w.desk, []int64{entry}); err != nil {
		tb.Fatal(err)
	}
	s.Must(200, "PATCH", "/api/v1/rounds/"+itoa(w.desk), org, map[string]any{"status": "open"})
	w.judge, w.judgeTok = s.User(models.RoleJudge, nil)
	s.Must(201, "POST", cp+"/members", org, map[string]any{"user_id": w.judge.ID, "role": "judge"})
	w.assignment = testenv.ID(tb, s.Must(201, "POST", "/api/v1/rounds/"+itoa(w.desk)+"/assignments", org,
		map[string]any{"entry_id": entry, "judge_id": w.judge.ID}).Map(tb)["id"])
	return w
}

// errorShape decodes the contract's error, failing when the body is not one.
func errorShape(t *testing.T, r *testenv.Response) string {
	t.Helper()
	var e struct {
		Error *struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if json.Unmarshal(r.Body, &e) != nil || e.Error == nil || e.Error.Code == "" || e.Error.Message == "" || e.Error.RequestID == "" {
		t.Fatalf("%d without the contract's error shape: %s", r.Code, r.Body)
	}
	return e.Error.Code
}

func oneOf(code int, codes ...int) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// FuzzAuthorizationHeader sends any Authorization header to GET /me. The
// answer is 401 in the contract's shape with WWW-Authenticate, or 200 for
// the user of one of the tokens the test issued (a fuzzer cannot make a
// token, so any other 200 would be a forgery let through); never a 500.
func FuzzAuthorizationHeader(f *testing.F) {
	w := newFuzzWorld(f)
	s := w.s
	issued := map[string]int64{} // header and claims of each issued token -> user
	add := func(u models.User, tok string) {
		p := strings.Split(tok, ".")
		issued[p[0]+"."+p[1]] = u.ID
	}
	add(w.r.Admin, w.r.AdminTok)
	add(w.r.Judge, w.r.JudgeTok)
	add(w.r.Participant, w.r.ParticipantTok)
	// A token whose session has ended and one of a disabled account.
	ended, endedTok := s.User(models.RoleJudge, nil)
	s.Must(204, "POST", "/api/v1/auth/logout", endedTok, nil)
	disabled, disabledTok := s.User(models.RoleParticipant, &w.r.OPD.ID)
	s.Must(200, "PATCH", "/api/v1/users/"+itoa(disabled.ID), w.r.AdminTok, map[string]any{"disabled": true})
	_ = ended

	for _, h := range []string{
		"Bearer " + w.r.AdminTok, "bearer " + w.r.JudgeTok, "BEARER  " + w.r.ParticipantTok + " ",
		"Bearer " + endedTok, "Bearer " + disabledTok, "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "",
		"Bearer " + w.r.AdminTok + "x", "Bearer " + strings.Replace(w.r.AdminTok, ".", "", 1),
		"Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIn0.", "Token " + w.r.AdminTok,
	} {
		f.Add(h)
	}
	s.Must(200, "GET", "/api/v1/me", w.r.AdminTok, nil) // the world lets a good token in
	f.Fuzz(func(t *testing.T, header string) {
		s.T = t
		r := s.Request("GET", "/api/v1/me", "", "", nil, "Authorization", header)
		switch r.Code {
		case http.StatusUnauthorized:
			if code := errorShape(t, r); code != "unauthorized" || r.Header.Get("WWW-Authenticate") == "" {
				t.Fatalf("401 %s without WWW-Authenticate", code)
			}
		case http.StatusOK:
			var me struct {
				ID int64 `json:"id"`
			}
			r.JSON(t, &me)
			_, tok, _ := strings.Cut(header, " ")
			p := strings.Split(strings.TrimSpace(tok), ".")
			if len(p) != 3 {
				t.Fatalf("200 for a header that holds no token: %q", header)
			}
			if id, ok := issued[p[0]+"."+p[1]]; !ok || id != me.ID {
				t.Fatalf("200 as user %d for a token the test did not issue to them: %q", me.ID, header)
			}
		default:
			t.Fatalf("GET /me with Authorization %q answered %d: %s", header, r.Code, r.Body)
		}
	})
}

const fuzzBoundary = "juri-fuzz-boundary"

// fuzzMultipart is a multipart body with fuzzBoundary.
func fuzzMultipart(parts ...part) []byte {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.SetBoundary(fuzzBoundary)
	for _, p := range parts {
		var pw io.Writer
		if p.filename != "" {
			pw, _ = mw.CreateFormFile(p.name, p.filename)
		} else {
			pw, _ = mw.CreateFormField(p.name)
		}
		_, _ = pw.Write(p.data)
	}
	_ = mw.Close()
	return b.Bytes()
}

// uploadOracle reads body as Go's multipart reader does, independently of the
// handler: the last kind field and the one file part.
func uploadOracle(body []byte) (kind, filename string, file []byte, ok bool) {
	mr := multipart.NewReader(bytes.NewReader(body), fuzzBoundary)
	files := 0
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return kind, filename, file, files == 1
		}
		if err != nil {
			return "", "", nil, false
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return "", "", nil, false
		}
		switch p.FormName() {
		case "kind":
			kind = strings.TrimSpace(string(data[:min(len(data), 64)]))
		case "file":
			files++
			file, filename = data, p.FileName()
		}
	}
}

// FuzzUpload sends any multipart body to POST /entries/:id/files as the
// entry's participant. A refused upload answers 400, 413, 415 or 422 in the
// contract's shape and leaves no blob, temporary file or row; an accepted
// one is exactly the body's file (size and SHA-256, read independently with
// Go's multipart reader), of a type the bytes really are (sniffed again) and
// the kind allows, under a name without directories, control or direction
// characters, ending in the type's extension. The file is deleted again,
// which must leave nothing either.
func FuzzUpload(f *testing.F) {
	w := newFuzzWorld(f)
	s := w.s
	pdf, png, docx := testPDF("Proposal Si Jempol"), testPNG(), testDOCX()
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "proposal.pdf", data: pdf}))
	f.Add(fuzzMultipart(part{name: "file", filename: "foto.png", data: png}, part{name: "kind", data: []byte(" supporting ")}))
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("supporting")}, part{name: "file", filename: "..\\..\\evil\u202egnp.exe", data: docx}))
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "a.pdf", data: png}))
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "a.pdf", data: pdf}, part{name: "file", filename: "b.pdf", data: pdf}))
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("lampiran")}, part{name: "note", data: []byte("x")}))
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "", data: []byte{}}))
	f.Add(fuzzMultipart(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "p.pdf", data: pdf})[:200])
	f.Add([]byte("--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\n\r\n%PDF-1.4\n%%EOF\r\n--" + fuzzBoundary + "--"))
	f.Add([]byte{})
	// The world accepts a good upload (so the fuzzer starts from one).
	if r := s.Request("POST", entryPath(w.draft, "files"), w.r.ParticipantTok, "multipart/form-data; boundary="+fuzzBoundary,
		bytes.NewReader(fuzzMultipart(part{name: "kind", data: []byte("proposal")}, part{name: "file", filename: "p.pdf", data: pdf}))); r.Code != 201 {
		f.Fatalf("a good upload: %d %s", r.Code, r.Body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		s.T = t
		blobs, rows := blobFiles(t, s), fileRows(t, s)
		r := s.Request("POST", entryPath(w.draft, "files"), w.r.ParticipantTok, "multipart/form-data; boundary="+fuzzBoundary, bytes.NewReader(body))
		if r.Code != http.StatusCreated {
			if !oneOf(r.Code, 400, 413, 415, 422) {
				t.Fatalf("upload answered %d: %s", r.Code, r.Body)
			}
			errorShape(t, r)
			noTrace(t, s, "a refused upload", blobs, rows)
			return
		}
		var got struct {
			ID          int64  `json:"id"`
			Filename    string `json:"filename"`
			Kind        string `json:"kind"`
			Size        int64  `json:"size"`
			SHA256      string `json:"sha256"`
			ContentType string `json:"content_type"`
		}
		r.JSON(t, &got)
		kind, name, file, ok := uploadOracle(body)
		if !ok {
			t.Fatalf("accepted a body Go's multipart reader does not read as one file: %q", body)
		}
		sum := sha256.Sum256(file)
		var det sniff.Detector
		det.Write(file)
		switch {
		case got.Kind != kind:
			t.Fatalf("kind %q, the body says %q", got.Kind, kind)
		case got.Size != int64(len(file)) || got.SHA256 != hex.EncodeToString(sum[:]):
			t.Fatalf("stored %d bytes %s, the body's file has %d bytes %x", got.Size, got.SHA256, len(file), sum)
		case got.ContentType != det.Type() || got.ContentType == sniff.Unknown:
			t.Fatalf("content type %q, the bytes are %q", got.ContentType, det.Type())
		case kind == models.FileProposal && got.ContentType != sniff.PDF:
			t.Fatalf("a proposal of type %q", got.ContentType)
		}
		ext := strings.ToLower(got.Filename[strings.LastIndexByte(got.Filename, '.')+1:])
		if want := strings.TrimPrefix(sniff.Extensions[got.ContentType], "."); ext != want && !(want == "jpg" && ext == "jpeg") {
			t.Fatalf("file name %q (sent %q) does not end in .%s", got.Filename, name, want)
		}
		if utf8.RuneCountInString(got.Filename) > 200 || strings.ContainsAny(got.Filename, `/\`) || strings.HasPrefix(got.Filename, ".") ||
			strings.IndexFunc(got.Filename, func(c rune) bool { return unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || c == utf8.RuneError }) >= 0 {
			t.Fatalf("file name %q (sent %q) is not clean", got.Filename, name)
		}
		content := s.Request("GET", "/api/v1/files/"+itoa(got.ID)+"/content", w.r.ParticipantTok, "", nil)
		if content.Code != 200 || !bytes.Equal(content.Body, file) {
			t.Fatalf("the stored file reads back %d, %d bytes", content.Code, len(content.Body))
		}
		if d := s.Do("DELETE", "/api/v1/files/"+itoa(got.ID), w.r.ParticipantTok, nil); d.Code != 204 {
			t.Fatalf("delete: %d %s", d.Code, d.Body)
		}
		noTrace(t, s, "an upload deleted again", blobs, rows)
	})
}

// scorecardBody fills a fuzzed scorecard request template: $V becomes the
// version the judge last read and $C0..$C6 the rubric's criterion ids, so
// mutations stay close to requests a real client could send.
func (w *fuzzWorld) scorecardBody(tmpl []byte, version int) []byte {
	b := bytes.ReplaceAll(tmpl, []byte("$V"), []byte(itoa(int64(version))))
	for i := len(w.crit) - 1; i >= 0; i-- {
		b = bytes.ReplaceAll(b, []byte(fmt.Sprintf("$C%d", i)), []byte(itoa(w.crit[i].ID)))
	}
	return b
}

// FuzzScorecardSave sends any body (a template, see scorecardBody) to PUT
// /assignments/:id/scorecard as the assigned judge. A refused save answers
// 400, 409, 413, 415 or 422 in the contract's shape and changes nothing (the
// scorecard reads back as before; a 409 carries it as error.current); a
// saved one has the next version, exactly the values sent, each a criterion
// of the round, within its range and on its step, and no invisible
// character in its comments.
func FuzzScorecardSave(f *testing.F) {
	w := newFuzzWorld(f)
	s := w.s
	path := jgAssignmentPath(w.assignment, "scorecard")
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":$C0,"value":8,"comment":"Jelas"},{"criterion_id":$C1,"value":7.5}],"comment":"Baik"}`))
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":$C0,"value":8},{"criterion_id":$C1,"value":7},{"criterion_id":$C2,"value":6},{"criterion_id":$C3,"value":9},{"criterion_id":$C4,"value":5},{"criterion_id":$C5,"value":10},{"criterion_id":$C6,"value":0}]}`))
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":$C0,"value":null}],"comment":"\u202eterbalik\u200b"}`))
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":$C0,"value":1e309}]}`))
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":$C0,"value":-0.0000001},{"criterion_id":$C0,"value":3}]}`))
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":999999,"value":3}]}`))
	f.Add([]byte(`{"version":"$V","scores":{}}`))
	f.Add([]byte(`{"version":-1}`))
	f.Add([]byte(`{"version":0}`))
	f.Add([]byte(`{"version":$V,"scores":[{"criterion_id":$C0,"value":7.25}]} {}`))
	f.Add([]byte(`[{"version":$V}]`))
	f.Add([]byte(``))
	// The world lets the judge save (so the fuzzer starts from a save).
	s.Must(200, "PUT", path, w.judgeTok, map[string]any{"version": 0, "scores": []map[string]any{{"criterion_id": w.crit[0].ID, "value": w.crit[0].MaxScore}}})
	f.Fuzz(func(t *testing.T, tmpl []byte) {
		s.T = t
		before := s.Must(200, "GET", path, w.judgeTok, nil)
		var was jgScorecard
		before.JSON(t, &was)
		body := w.scorecardBody(tmpl, was.Version)
		r := s.Request("PUT", path, w.judgeTok, "application/json", bytes.NewReader(body))
		after := s.Must(200, "GET", path, w.judgeTok, nil)
		if r.Code != http.StatusOK {
			if !oneOf(r.Code, 400, 409, 413, 415, 422) {
				t.Fatalf("PUT scorecard %q answered %d: %s", body, r.Code, r.Body)
			}
			errorShape(t, r)
			if !bytes.Equal(before.Body, after.Body) {
				t.Fatalf("a refused save (%d) changed the scorecard:\n%s\n%s", r.Code, before.Body, after.Body)
			}
			if r.Code == http.StatusConflict {
				var e struct {
					Error struct {
						Current json.RawMessage `json:"current"`
					} `json:"error"`
				}
				r.JSON(t, &e)
				if e.Error.Current != nil && !jsonEqual(e.Error.Current, after.Body) {
					t.Fatalf("409 current %s, the scorecard is %s", e.Error.Current, after.Body)
				}
			}
			return
		}
		if !bytes.Equal(r.Body, after.Body) {
			t.Fatalf("the answer %s is not the scorecard as stored %s", r.Body, after.Body)
		}
		var now jgScorecard
		after.JSON(t, &now)
		var sent struct {
			Scores []struct {
				CriterionID int64    `json:"criterion_id"`
				Value       *float64 `json:"value"`
			} `json:"scores"`
		}
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Fatalf("saved a body encoding/json does not read: %v\n%q", err, body)
		}
		if now.Version != was.Version+1 || now.Status != "draft" || len(now.Scores) != len(sent.Scores) {
			t.Fatalf("after saving version %d with %d scores: %+v", was.Version, len(sent.Scores), now)
		}
		byID := map[int64]jgCriterion{}
		for _, c := range w.crit {
			byID[c.ID] = c
		}
		stored := now.values()
		for _, sc := range sent.Scores {
			c, ok := byID[sc.CriterionID]
			v, there := stored[sc.CriterionID]
			switch {
			case !ok || !there:
				t.Fatalf("criterion %d saved: known %v, stored %v", sc.CriterionID, ok, there)
			case sc.Value == nil:
				if !math.IsNaN(v) {
					t.Fatalf("criterion %d sent empty, stored %v", sc.CriterionID, v)
				}
			case v != *sc.Value || v < c.MinScore || v > c.MaxScore ||
				math.Abs((v-c.MinScore)/c.Step-math.Round((v-c.MinScore)/c.Step)) > 1e-9:
				t.Fatalf("criterion %d (%g..%g step %g) sent %v, stored %v", sc.CriterionID, c.MinScore, c.MaxScore, c.Step, *sc.Value, v)
			}
		}
		for _, sc := range now.Scores {
			if clean(sc.Comment) != sc.Comment {
				t.Fatalf("a comment keeps invisible characters: %q", sc.Comment)
			}
		}
		if clean(now.Comment) != now.Comment {
			t.Fatalf("the comment keeps invisible characters: %q", now.Comment)
		}
	})
}

// clean drops what valid.Clean drops, written again here as the oracle.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\r' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError) {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// importCounts are what an import may change.
func importCounts(t *testing.T, w *fuzzWorld) [3]int64 {
	t.Helper()
	var out [3]int64
	for i, table := range []string{"users", "organizations", "audit_log"} {
		if err := w.s.Store.DB().Table(table).Count(&out[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// FuzzImport sends any bytes as the CSV of an OPD import (first byte even)
// or a user import (odd) as the admin. A refused import answers 400, 413,
// 415 or 422 in the contract's shape and writes nothing (no user,
// organization or audit row); an accepted one adds exactly the rows it says
// it created, one audit row per line it changed, and importing the same file
// again creates nothing (users: every line unchanged; OPDs: every line
// updated to what it already is).
func FuzzImport(f *testing.F) {
	w := newFuzzWorld(f)
	s := w.s
	for _, seed := range []string{
		"0code,name,kind,parent_code\nDINKES,Dinas Kesehatan,dinas,\nPKM01,Puskesmas Kajen,puskesmas,DINKES\n",
		"0code;name;kind;parent_code\r\nKEC01;Kecamatan Kajen;kecamatan;OPD1\r\nOPD1;Dinas Uji 1;dinas;KEC01\r\n",
		"0code,name,kind,parent_code\nBAD CODE,,planet,NOWHERE\nX,\"Dinas, Satu\",dinas,X\n",
		"1email,name,role,organization_code\nsiti@dinkes.go.id,Siti Aminah,participant,OPD1\nbudi@juri.go.id,Budi,judge,\n",
		"1\xEF\xBB\xBFEmail;Name;Role;Organization_code\r\n " + w.r.Judge.Email + " ;" + w.r.Judge.Name + ";judge;\r\n",
		"1email,name,role,organization_code\n" + w.r.Admin.Email + ",Admin,participant,OPD1\nx@y,,boss,\n",
		"1email,name,role,organization_code\n\"a@b.go.id\nc\",A,judge,\n\"broken\n",
		"1name\nA\n",
	} {
		f.Add([]byte(seed))
	}
	if r := s.Request("POST", "/api/v1/organizations/import", w.r.AdminTok, "text/csv", strings.NewReader("code,name,kind,parent_code\nKEC09,Kecamatan Uji,kecamatan,\n")); r.Code != 200 {
		f.Fatalf("a good import: %d %s", r.Code, r.Body)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		s.T = t
		path := "/api/v1/organizations/import"
		if data[0]%2 == 1 {
			path = "/api/v1/users/import"
		}
		csv := data[1:]
		was := importCounts(t, w)
		r := s.Request("POST", path, w.r.AdminTok, "text/csv", bytes.NewReader(csv))
		if r.Code != http.StatusOK {
			if !oneOf(r.Code, 400, 413, 415, 422) {
				t.Fatalf("%s answered %d: %s", path, r.Code, r.Body)
			}
			errorShape(t, r)
			if now := importCounts(t, w); now != was {
				t.Fatalf("a refused import wrote: users, OPDs, audit rows %v -> %v", was, now)
			}
			return
		}
		var res struct{ Created, Updated, Unchanged int }
		r.JSON(t, &res)
		now := importCounts(t, w)
		table := 1
		if path == "/api/v1/users/import" {
			table = 0
		}
		if now[table] != was[table]+int64(res.Created) || now[2] != was[2]+int64(res.Created+res.Updated) || now[1-table] != was[1-table] {
			t.Fatalf("import said %+v; users, OPDs, audit rows %v -> %v", res, was, now)
		}
		again := s.Request("POST", path, w.r.AdminTok, "text/csv", bytes.NewReader(csv))
		var res2 struct{ Created, Updated, Unchanged int }
		if again.Code != http.StatusOK {
			t.Fatalf("the same file again answered %d: %s", again.Code, again.Body)
		}
		again.JSON(t, &res2)
		lines := res.Created + res.Updated + res.Unchanged
		if res2.Created != 0 || (table == 0 && (res2.Updated != 0 || res2.Unchanged != lines)) || (table == 1 && res2.Updated != lines) {
			t.Fatalf("the same file again: %+v after %+v", res2, res)
		}
	})
}
