package api_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// The authorization matrix (authz_matrix_test.go) and the mass-assignment
// tests (authz_mass_test.go) share one fixture world, built once per test
// through the real API, and a cheap snapshot of it: every table copied
// beside itself and every blob file kept in memory, restored after each
// request that may have changed something.

// The ten principals, in the order of the matrix's columns.
const (
	anon      = iota // no token at all
	pOwn             // participant of the OPD that owns the target entry (OPD A)
	pOther           // participant of another OPD (OPD B)
	pUnver           // participant of OPD A whose account is not verified
	jAssigned        // judge assigned to the target entry
	jFree            // judge of the competition, assigned to nothing
	jConflict        // judge of the competition with a conflict with OPD A
	oThis            // organizer of the competition
	oOther           // organizer of another competition only
	admin            // global admin
	nPrincipals
)

var principalNames = [nPrincipals]string{"anonymous", "participant_own", "participant_other", "participant_unverified",
	"judge_assigned", "judge_unassigned", "judge_conflict", "organizer_this", "organizer_other", "admin"}

// authzWorld is the fixture world. ids holds every object a row's path or
// body may name, by placeholder ({entry_a} in a path is ids["entry_a"]).
type authzWorld struct {
	t     *testing.T
	s     *testenv.Server
	users [nPrincipals]models.User
	toks  [nPrincipals]string
	ids   map[string]string
	// crit are the desk round's criteria ids, for scorecards.
	crit []int64
	snap authzSnapshot
	// restores counts the restores and restoring is the time they took.
	restores  int
	restoring time.Duration
}

// id returns the numeric id under key.
func (w *authzWorld) id(key string) int64 {
	n, err := strconv.ParseInt(w.ids[key], 10, 64)
	if err != nil {
		w.t.Fatalf("world has no id %q", key)
	}
	return n
}

func (w *authzWorld) set(key string, id int64) { w.ids[key] = strconv.FormatInt(id, 10) }

// fill replaces the placeholders of s with the world's values; {me} is the
// caller's user id.
func (w *authzWorld) fill(s string, p int) string {
	if !strings.Contains(s, "{") {
		return s
	}
	// {judge_self} is the caller when a judge, else a judge of the
	// competition: a judge may only declare their own conflicts.
	self := w.users[p].ID
	if w.users[p].Role != models.RoleJudge {
		self = w.users[jFree].ID
	}
	pairs := []string{"{me}", strconv.FormatInt(w.users[p].ID, 10), "{judge_self}", strconv.FormatInt(self, 10)}
	for k, v := range w.ids {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// scoresJSON is a complete, valid scores array for the desk round.
func (w *authzWorld) scoresJSON(v float64) string {
	parts := make([]string, len(w.crit))
	for i, c := range w.crit {
		parts[i] = fmt.Sprintf(`{"criterion_id": %d, "value": %g, "comment": "cukup jelas"}`, c, v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// newAuthzWorld builds the world:
//
//   - competition "comp" (KIPP template, not blind, open) organized by
//     oThis; its rounds screening (published: publication "pub" with an open
//     window and objection "objection"), desk (scoring, criteria, assignments
//     and scorecards) and presentation (scoring, no scores yet), plus
//     "round_extra" (draft, deletable);
//   - "comp_other" organized by oOther, with category_other_comp; "comp_draft" organized by oThis,
//     still a draft (deletable);
//   - OPD A ("opd_a": pOwn, pUnver) and OPD B ("opd_b": pOther), and an OPD
//     nobody belongs to ("opd_empty", deletable);
//   - entries: entry_a (OPD A, eligible, in the desk round, assigned to
//     jAssigned with a draft scorecard: assignment "asg"); entry_b and
//     entry_b2 (OPD B, eligible, in the desk round: jAssigned holds
//     "asg_pending" on entry_b, unscored, and "asg_submitted" on entry_b2,
//     submitted); entry_draft (OPD A, a complete draft with proposal
//     "file_draft"); entry_submitted (OPD A, submitted, not screened);
//     entry_unverified (pUnver's complete draft); entry_other_comp (OPD B's draft in
//     comp_other);
//   - file_a is entry_a's proposal;
//   - jConflict declared a conflict with OPD A; jFree is a member with no
//     assignment; "judge_outside" is a judge who is no member (to add);
//   - "refresh" is a live refresh token of pOwn, "confirm" the token of a
//     pending registration;
//   - each principal's user id is under its name ({judge_assigned}) and its
//     address under email_ and the name; {me} is the caller's id and
//     {judge_self} the caller when a judge, else judge_unassigned.
func newAuthzWorld(t *testing.T) *authzWorld {
	t.Helper()
	s := testenv.NewServer(t, func(d *apiDeps) { d.ObjectionsPerMinute, d.ObjectionsBurst = 6000, 1000 })
	w := &authzWorld{t: t, s: s, ids: map[string]string{}}
	opdA, opdB, opdEmpty := s.Org("dinas"), s.Org("dinas"), s.Org("badan")
	w.set("opd_a", opdA.ID)
	w.set("opd_b", opdB.ID)
	w.set("opd_empty", opdEmpty.ID)
	w.ids["opd_a_code"] = opdA.Code
	user := func(p int, role models.Role, org *int64) {
		w.users[p], w.toks[p] = s.User(role, org)
	}
	user(pOwn, models.RoleParticipant, &opdA.ID)
	user(pOther, models.RoleParticipant, &opdB.ID)
	user(pUnver, models.RoleParticipant, &opdA.ID)
	user(jAssigned, models.RoleJudge, nil)
	user(jFree, models.RoleJudge, nil)
	user(jConflict, models.RoleJudge, nil)
	user(oThis, models.RoleOrganizer, nil)
	user(oOther, models.RoleOrganizer, nil)
	user(admin, models.RoleAdmin, nil)
	if err := s.Store.DB().Model(&models.User{}).Where("id = ?", w.users[pUnver].ID).Update("verified", false).Error; err != nil {
		t.Fatal(err)
	}
	w.users[pUnver].Verified = false
	outside, _ := s.User(models.RoleJudge, nil)
	w.set("judge_outside", outside.ID)
	for p := pOwn; p < nPrincipals; p++ {
		w.set(principalNames[p], w.users[p].ID)
		w.ids["email_"+principalNames[p]] = w.users[p].Email
	}
	org := w.toks[oThis]

	// The competitions.
	comp := openCompetition(t, s, org, "kipp", nil)
	w.set("comp", comp)
	w.set("comp_other", openCompetition(t, s, w.toks[oOther], "blank", nil))
	w.set("comp_draft", testenv.ID(t, newCompetition(t, s, org, "blank", nil)["id"]))
	rounds := roundIDs(t, s, org, comp)
	screening, desk, presentation := rounds["Seleksi Administrasi"], rounds["Penilaian Proposal"], rounds["Presentasi dan Wawancara"]
	if screening == 0 || desk == 0 || presentation == 0 {
		t.Fatalf("KIPP rounds: %v", rounds)
	}
	w.set("round_screening", screening)
	w.set("round_desk", desk)
	w.set("round_presentation", presentation)
	extra := s.Must(201, "POST", compPath(comp, "rounds"), org, map[string]any{"name": "Babak Cadangan", "kind": "screening"}).Map(t)
	w.set("round_extra", testenv.ID(t, extra["id"]))
	cats := testenv.List(t, s.Must(200, "GET", compPath(comp, "categories"), org, nil))
	w.set("category", testenv.ID(t, cats[0]["id"]))
	w.set("category_unused", testenv.ID(t, cats[len(cats)-1]["id"]))
	var crit struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	s.Must(200, "GET", "/api/v1/rounds/"+itoa(desk)+"/criteria", org, nil).JSON(t, &crit)
	for _, c := range crit.Items {
		w.crit = append(w.crit, c.ID)
	}

	// Members: the three judges.
	for _, p := range []int{jAssigned, jFree, jConflict} {
		s.Must(201, "POST", compPath(comp, "members"), org, map[string]any{"user_id": w.users[p].ID, "role": "judge"})
	}

	// Entries.
	cat := w.id("category")
	entry := func(p int) int64 {
		e := createEntry(t, s, w.toks[p], comp, map[string]any{"title": "Inovasi Jemput Bola " + principalNames[p], "category_id": cat,
			"sections": kippTexts(), "team": []map[string]string{{"name": w.users[p].Name, "role": "Ketua"}}})
		id := testenv.ID(t, e["id"])
		if res := upload(s, w.toks[p], id, "proposal", "proposal.pdf", testPDF("Proposal inovasi")); res.Code != 201 {
			t.Fatalf("upload: %d %s", res.Code, res.Body)
		}
		return id
	}
	eligible := func(p int) int64 {
		id := entry(p)
		submitEntry(t, s, w.toks[p], id)
		screen(t, s, org, id, "eligible", "")
		return id
	}
	w.set("entry_a", eligible(pOwn))
	w.set("entry_b", eligible(pOther))
	w.set("entry_b2", eligible(pOther))
	w.set("entry_draft", entry(pOwn))
	w.set("entry_submitted", entry(pOwn))
	submitEntry(t, s, w.toks[pOwn], w.id("entry_submitted"))
	w.set("entry_unverified", entry(pUnver))
	otherCat := s.Must(201, "POST", compPath(w.id("comp_other"), "categories"), w.toks[oOther], map[string]any{"name": "Kategori Lain", "group": "umum"}).Map(t)
	w.set("category_other_comp", testenv.ID(t, otherCat["id"]))
	w.set("entry_other_comp", testenv.ID(t, createEntry(t, s, w.toks[pOther], w.id("comp_other"), map[string]any{"title": "Inovasi Di Kompetisi Lain"})["id"]))
	fileOf := func(entry int64) int64 {
		l := testenv.List(t, s.Must(200, "GET", entryPath(entry, "files"), org, nil))
		if len(l) != 1 {
			t.Fatalf("entry %d has %d files", entry, len(l))
		}
		return testenv.ID(t, l[0]["id"])
	}
	w.set("file_a", fileOf(w.id("entry_a")))
	w.set("file_draft", fileOf(w.id("entry_draft")))

	// Publish the screening round; an objection to entry_a.
	pub := s.Must(201, "POST", "/api/v1/rounds/"+itoa(screening)+"/publish", org, map[string]any{"title": "Hasil Seleksi Administrasi", "objection_days": 10}).Map(t)
	w.set("pub", testenv.ID(t, pub["id"]))
	obj := s.Must(201, "POST", "/api/v1/public/publications/"+itoa(w.id("pub"))+"/objections", "", map[string]any{
		"entry_id": w.id("entry_a"), "name": "Warga Kajen", "email": "warga@example.com", "text": "Syarat administrasi belum lengkap."}).Map(t)
	w.set("objection", testenv.ID(t, obj["id"]))

	// The desk round: its entries, assignments and scorecards.
	if _, err := s.Store.AddRoundEntries(context.Background(), desk, []int64{w.id("entry_a"), w.id("entry_b"), w.id("entry_b2")}); err != nil {
		t.Fatal(err)
	}
	assign := func(entry string, p int) int64 {
		a := s.Must(201, "POST", "/api/v1/rounds/"+itoa(desk)+"/assignments", org, map[string]any{"entry_id": w.id(entry), "judge_id": w.users[p].ID}).Map(t)
		return testenv.ID(t, a["id"])
	}
	w.set("asg", assign("entry_a", jAssigned))
	w.set("asg_pending", assign("entry_b", jAssigned))
	w.set("asg_submitted", assign("entry_b2", jAssigned))
	jt := w.toks[jAssigned]
	s.Must(200, "PUT", "/api/v1/assignments/"+w.ids["asg"]+"/scorecard", jt, `{"version": 0, "scores": `+w.scoresJSON(7)+`, "comment": "draf"}`)
	s.Must(200, "PUT", "/api/v1/assignments/"+w.ids["asg_submitted"]+"/scorecard", jt, `{"version": 0, "scores": `+w.scoresJSON(8)+`, "comment": "baik"}`)
	s.Must(200, "POST", "/api/v1/assignments/"+w.ids["asg_submitted"]+"/scorecard/submit", jt, `{"version": 1}`)
	card := s.Must(200, "GET", "/api/v1/assignments/"+w.ids["asg"]+"/scorecard", jt, nil).Map(t)
	w.set("asg_version", testenv.ID(t, card["version"]))

	// jConflict declares a conflict with OPD A.
	s.Must(201, "POST", compPath(comp, "conflicts"), w.toks[jConflict], map[string]any{
		"judge_id": w.users[jConflict].ID, "organization_id": opdA.ID, "reason": "Pernah bekerja di dinas ini"})

	// The organizers also set one for jConflict with entry_a (already within
	// its declared OPD conflict, so no cell changes): one they may remove.
	k := s.Must(201, "POST", compPath(comp, "conflicts"), org, map[string]any{
		"judge_id": w.users[jConflict].ID, "entry_id": w.id("entry_a"), "reason": "Ditetapkan panitia"}).Map(t)
	w.set("conflict_org", testenv.ID(t, k["id"]))

	// A live refresh token of pOwn, and a pending registration.
	var in signIn
	s.Must(200, "POST", "/api/v1/auth/login", "", map[string]any{"email": w.users[pOwn].Email, "password": testenv.TestPassword}).JSON(t, &in)
	w.ids["refresh"] = in.RefreshToken
	s.Must(201, "POST", "/api/v1/auth/register", "", map[string]any{"email": "calon@dinkes.go.id", "password": "jamu-sehat-kajen-2020",
		"name": "Calon Peserta", "organization_id": opdB.ID})
	w.ids["confirm"] = confirmationToken(t, s, "calon@dinkes.go.id")

	w.snap = takeSnapshot(t, s)
	return w
}

// authzSnapshot is a copy of every table, in the same database, and of every
// blob file. Triggers note in authz_dirty each table a statement wrote, so a
// restore copies back only those tables, and a refusal can be shown to have
// written nothing.
type authzSnapshot struct {
	sqlite bool
	tables []string // in creation order (parents before children)
	blobs  map[string][]byte
}

const snapPrefix = "authz_snap_"

func takeSnapshot(t *testing.T, s *testenv.Server) authzSnapshot {
	t.Helper()
	db := s.Store.DB()
	snap := authzSnapshot{sqlite: s.Store.Dialect() == "sqlite", blobs: map[string][]byte{}}
	var err error
	if snap.sqlite {
		err = db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`).Scan(&snap.tables).Error
	} else {
		err = db.Raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`).Scan(&snap.tables).Error
	}
	if err != nil || len(snap.tables) == 0 {
		t.Fatalf("list tables: %v %v", snap.tables, err)
	}
	stmts := []string{`CREATE TABLE authz_dirty (name VARCHAR(64) PRIMARY KEY)`}
	if !snap.sqlite {
		stmts = append(stmts, `CREATE FUNCTION authz_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO authz_dirty (name) VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$`)
	}
	for _, tb := range snap.tables {
		stmts = append(stmts, `CREATE TABLE `+snapPrefix+tb+` AS SELECT * FROM `+tb)
		if snap.sqlite {
			for _, ev := range []string{"INSERT", "UPDATE", "DELETE"} {
				// Not INSERT OR IGNORE: an upsert's conflict clause
				// (audit_heads' claim) overrides a triggered statement's, so
				// a second mark would fail the request.
				stmts = append(stmts, fmt.Sprintf(`CREATE TRIGGER authz_dirty_%s_%s AFTER %s ON %s BEGIN INSERT INTO authz_dirty (name) SELECT '%s' WHERE NOT EXISTS (SELECT 1 FROM authz_dirty WHERE name = '%s'); END`,
					tb, strings.ToLower(ev), ev, tb, tb, tb))
			}
		} else {
			stmts = append(stmts, `CREATE TRIGGER authz_dirty AFTER INSERT OR UPDATE OR DELETE ON `+tb+` FOR EACH ROW EXECUTE FUNCTION authz_mark()`)
		}
	}
	for _, q := range stmts {
		if err := db.Exec(q).Error; err != nil {
			t.Fatalf("snapshot: %s: %v", q, err)
		}
	}
	if s.BlobDir != "" {
		err := filepath.WalkDir(s.BlobDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			snap.blobs[p] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return snap
}

// dirty lists the tables written since the last restore.
func (w *authzWorld) dirty() []string {
	w.t.Helper()
	var names []string
	if err := w.s.Store.DB().Raw(`SELECT name FROM authz_dirty ORDER BY name`).Scan(&names).Error; err != nil {
		w.t.Fatalf("read authz_dirty: %v", err)
	}
	return names
}

// restore puts every written table and every blob back as the snapshot
// holds them.
func (w *authzWorld) restore() {
	w.t.Helper()
	defer func(start time.Time) { w.restores++; w.restoring += time.Since(start) }(time.Now())
	s := w.s
	err := s.Store.DB().Transaction(func(tx *gorm.DB) error {
		var dirty []string
		if err := tx.Raw(`SELECT name FROM authz_dirty`).Scan(&dirty).Error; err != nil || len(dirty) == 0 {
			return err
		}
		done := map[string]bool{}
		var sql []string
		if w.snap.sqlite {
			// The foreign keys are checked at commit; children go before
			// parents (RESTRICT acts at once even when deferred). A cascade
			// from a parent's delete dirties its children: delete until no
			// table is newly dirty.
			if err := tx.Exec(`PRAGMA defer_foreign_keys = ON`).Error; err != nil {
				return err
			}
			for {
				var del []string
				for i := len(w.snap.tables) - 1; i >= 0; i-- {
					if tb := w.snap.tables[i]; slices.Contains(dirty, tb) && !done[tb] {
						del = append(del, `DELETE FROM `+tb)
						done[tb] = true
					}
				}
				if len(del) == 0 {
					break
				}
				if err := tx.Exec(strings.Join(del, ";\n")).Error; err != nil {
					return err
				}
				if err := tx.Raw(`SELECT name FROM authz_dirty`).Scan(&dirty).Error; err != nil {
					return err
				}
			}
		} else {
			// Neither foreign keys nor triggers act in replica mode, so
			// nothing cascades. DELETE, not TRUNCATE: on tables this small it
			// is many times faster.
			sql = append(sql, `SET LOCAL session_replication_role = replica`)
			for _, tb := range dirty {
				sql = append(sql, `DELETE FROM `+tb)
				done[tb] = true
			}
		}
		// One statement string, one round trip.
		for _, tb := range w.snap.tables {
			if done[tb] {
				sql = append(sql, `INSERT INTO `+tb+` SELECT * FROM `+snapPrefix+tb)
			}
		}
		sql = append(sql, `DELETE FROM authz_dirty`)
		return tx.Exec(strings.Join(sql, ";\n")).Error
	})
	if err != nil {
		w.t.Fatalf("restore the world: %v", err)
	}
	w.restoreBlobs()
}

// restoreBlobs puts back the blob files the snapshot holds and removes the
// others.
func (w *authzWorld) restoreBlobs() {
	s := w.s
	if s.BlobDir == "" {
		return
	}
	_ = filepath.WalkDir(s.BlobDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if _, ok := w.snap.blobs[p]; !ok {
				os.Remove(p)
			}
		}
		return nil
	})
	for p, b := range w.snap.blobs {
		if cur, err := os.ReadFile(p); err != nil || len(cur) != len(b) {
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				w.t.Fatal(err)
			}
		}
	}
}

// differences names the tables whose rows differ from the snapshot's, both
// ways: what a request added and what it changed or removed.
func (w *authzWorld) differences() []string {
	w.t.Helper()
	var out []string
	for _, tb := range w.snap.tables {
		var n int64
		q := `SELECT COUNT(*) FROM (SELECT * FROM ` + tb + ` EXCEPT SELECT * FROM ` + snapPrefix + tb + `) d`
		q2 := `SELECT COUNT(*) FROM (SELECT * FROM ` + snapPrefix + tb + ` EXCEPT SELECT * FROM ` + tb + `) d`
		for _, q := range []string{q, q2} {
			if err := w.s.Store.DB().Raw(q).Scan(&n).Error; err != nil {
				w.t.Fatalf("compare %s: %v", tb, err)
			}
			if n > 0 {
				out = append(out, tb)
				break
			}
		}
	}
	return out
}
