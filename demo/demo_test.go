package demo_test

import (
	"context"
	"testing"

	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/demo"
	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

// TestSeed seeds the demo into a fresh database and checks what the README
// promises a newcomer: the regency, the accounts, the competition and its
// judging, and that a second seed changes nothing.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	st := testenv.Store(t, testenv.NewClock())
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	seeded, err := demo.Seed(ctx, st, blobs, testenv.Passwords())
	if err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	if again, err := demo.Seed(ctx, st, blobs, testenv.Passwords()); err != nil || again {
		t.Fatalf("second seed: %v %v", again, err)
	}

	_, orgs, _ := st.ListOrganizations(ctx, store.OrganizationFilter{}, store.Page{Limit: 200})
	_, kecamatan, _ := st.ListOrganizations(ctx, store.OrganizationFilter{Kind: "kecamatan"}, store.Page{Limit: 200})
	if orgs != 72 || kecamatan != 19 {
		t.Fatalf("%d OPDs (%d kecamatan), want 72 (19)", orgs, kecamatan)
	}
	_, participants, _ := st.ListUsers(ctx, store.UserFilter{Role: models.RoleParticipant}, store.Page{Limit: 200})
	_, judges, _ := st.ListUsers(ctx, store.UserFilter{Role: models.RoleJudge}, store.Page{Limit: 200})
	if participants != 16 || judges != 5 {
		t.Fatalf("%d participants, %d judges", participants, judges)
	}

	admin := store.Viewer{Role: models.RoleAdmin}
	comps, _, _ := st.ListCompetitions(ctx, admin, "", store.Page{Limit: 10})
	if len(comps) != 1 || comps[0].Name != demo.CompetitionName || comps[0].Status != models.CompetitionOpen {
		t.Fatalf("competitions %+v", comps)
	}
	comp := comps[0]
	entries, total, _ := st.ListEntries(ctx, admin, comp.ID, store.EntryFilter{}, store.Page{Limit: 200})
	drafts := 0
	opds := map[int64]bool{}
	for _, e := range entries {
		opds[e.OrganizationID] = true
		if e.Status == models.EntryDraft {
			drafts++
		}
	}
	if total != 24 || len(opds) != 16 || drafts == 0 || drafts > 6 {
		t.Fatalf("%d entries from %d OPDs, %d drafts", total, len(opds), drafts)
	}
	files, _ := st.FilesOf(ctx, entries[0].ID)
	if len(files[entries[0].ID]) != 1 {
		t.Fatal("entry without its PDF")
	}
	obj, err := blobs.Open(ctx, files[entries[0].ID][0].BlobKey)
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 5)
	obj.Read(head)
	obj.Close()
	if string(head) != "%PDF-" {
		t.Fatalf("demo file starts %q", head)
	}

	rounds, _ := st.ListRounds(ctx, comp.ID)
	desk := rounds[1]
	as, _ := st.Assignments(ctx, desk.ID, 0)
	byEntry := map[int64]models.Entry{}
	for _, e := range entries {
		byEntry[e.ID] = e
	}
	status := map[string]int{}
	for _, a := range as {
		status[a.Status]++
		j, _ := st.UserByID(ctx, a.JudgeID)
		if j.OrganizationID != nil && *j.OrganizationID == byEntry[a.EntryID].OrganizationID {
			t.Errorf("%s judges an entry of their own OPD", j.Email)
		}
	}
	if len(as) == 0 || status["submitted"] < len(as)/2 || status["draft"] == 0 || status["pending"] == 0 {
		t.Fatalf("desk round scorecards: %v of %d", status, len(as))
	}
	// The calibrated ranking must visibly differ from the raw one, with flags
	// and uncertain top-N places: that is what the demo is for.
	d, err := st.RankingData(ctx, desk)
	if err != nil {
		t.Fatal(err)
	}
	raw, err1 := results.Rank(desk, d, judging.Options{})
	calibrated, err2 := results.Rank(desk, d, judging.Options{Normalize: judging.NormalizeZScore})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	same, flags, uncertain := true, map[string]bool{}, false
	for i := range raw.Entries {
		same = same && raw.Entries[i].EntryID == calibrated.Entries[i].EntryID
		for _, f := range raw.Entries[i].Flags {
			flags[f] = true
		}
		p := raw.Entries[i].TopNProbability
		uncertain = uncertain || (p > 0.05 && p < 0.95)
	}
	if same || !flags[judging.FlagDisagreement] || !flags[judging.FlagIncomplete] || !uncertain {
		t.Fatalf("demo ranking: same order %v, flags %v, an uncertain top-N place %v", same, flags, uncertain)
	}
	pubs, n, _ := st.Publications(ctx, store.Page{Limit: 10})
	if n != 1 || pubs[0].RoundID != rounds[0].ID {
		t.Fatalf("publications %+v", pubs)
	}
	v, _ := st.VerifyAudit(ctx, store.CompetitionScope(comp.ID))
	if !v.Valid || v.Entries < 100 {
		t.Fatalf("audit %+v", v)
	}
}
