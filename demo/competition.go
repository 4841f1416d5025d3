package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/sniff"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/templates"
)

// CompetitionName is the demo competition.
const CompetitionName = "Kompetisi Inovasi Pelayanan Publik Kabupaten Pekalongan 2020"

// world is what the seed has made so far.
type world struct {
	codes map[string]int64       // OPD code -> id
	users map[string]models.User // e-mail -> user
	keys  []string               // blobs written, to remove if the seed fails
}

func (w *world) actor(email string) store.Actor {
	return store.Actor{ID: w.users[email].ID, Email: email}
}

// participantOf returns the demo participant of an OPD.
func (w *world) participantOf(code string) models.User {
	for _, u := range w.users {
		if u.Role == models.RoleParticipant && u.OrganizationID != nil && *u.OrganizationID == w.codes[code] {
			return u
		}
	}
	return models.User{}
}

// judgeExpertise gives each demo judge the categories (1-based positions) they know.
var judgeExpertise = map[string][]int{
	"juri1@juri.local": {3, 7},
	"juri2@juri.local": {2, 6, 1},
	"juri3@juri.local": {8, 4},
	"juri4@juri.local": {9, 5},
	"juri5@juri.local": {3},
}

// seedCompetition creates the demo competition from the KIPP template, open
// for submissions for another month, with its judges and 24 entries.
func seedCompetition(ctx context.Context, tx *store.Store, blobs blob.Store, w *world) (models.Competition, error) {
	now := tx.Now()
	opens, closes := now.AddDate(0, -1, 0), now.AddDate(0, 1, 0)
	comp := models.Competition{
		Name: CompetitionName, Year: 2020, Status: models.CompetitionOpen, MaxEntriesPerOrganization: 10,
		Description:       "Kompetisi inovasi pelayanan publik tingkat kabupaten. Tiga inovasi terbaik diusulkan ke KIPP nasional.",
		SubmissionOpensAt: &opens, SubmissionClosesAt: &closes,
	}
	organizer := w.actor(OrganizerEmail)
	comp.CreatedBy = &organizer.ID
	if err := tx.CreateCompetition(ctx, organizer, &comp, templates.KIPP()); err != nil {
		return comp, err
	}
	cats, err := tx.ListCategories(ctx, comp.ID)
	if err != nil {
		return comp, err
	}
	for email, positions := range judgeExpertise {
		var ids []int64
		for _, p := range positions {
			ids = append(ids, cats[p-1].ID)
		}
		if _, err := tx.UpsertMember(ctx, organizer, comp.ID, w.users[email].ID, models.MemberJudge, ids); err != nil {
			return comp, err
		}
	}
	sections, err := tx.ListSections(ctx, comp.ID)
	if err != nil {
		return comp, err
	}
	for i, in := range innovations {
		submittedAt := opens.Add(time.Duration(i+1) * 26 * time.Hour)
		if err := seedEntry(ctx, tx, blobs, w, comp, cats[in.Category-1], sections, in, submittedAt); err != nil {
			return comp, fmt.Errorf("entry %q: %w", in.Title, err)
		}
	}
	return comp, seedJudging(ctx, tx, w, comp)
}

func seedEntry(ctx context.Context, tx *store.Store, blobs blob.Store, w *world, comp models.Competition,
	cat models.Category, sections []models.Section, in innovation, submittedAt time.Time) error {
	p := w.participantOf(in.OPD)
	as := store.Actor{ID: p.ID, Email: p.Email}
	texts := map[string]string{}
	var titles []struct{ Key, Title string }
	for _, s := range sections {
		texts[s.Key] = sectionText(s.Key, in)
		titles = append(titles, struct{ Key, Title string }{s.Key, s.Title})
	}
	body, _ := json.Marshal(texts)
	team, _ := json.Marshal([]map[string]string{{"name": p.Name, "role": "Ketua tim"}, {"name": "Staf " + in.OPD, "role": "Anggota"}})
	catID := cat.ID
	e := models.Entry{CompetitionID: comp.ID, OrganizationID: w.codes[in.OPD], CategoryID: &catID, Title: in.Title,
		Sections: string(body), Team: string(team), Status: models.EntryDraft, CreatedBy: &p.ID}
	if err := tx.CreateEntry(ctx, as, &e, comp.MaxEntriesPerOrganization); err != nil {
		return err
	}
	org, err := tx.OrganizationByID(ctx, w.codes[in.OPD])
	if err != nil {
		return err
	}
	pdf, err := proposalPDF(in, org.Name, cat.Name, titles)
	if err != nil {
		return err
	}
	key := blob.NewKey(fmt.Sprintf("entries/%d", e.ID))
	up, err := blobs.Create(ctx, key)
	if err != nil {
		return err
	}
	if _, err := up.Write(pdf); err != nil {
		up.Abort()
		return err
	}
	if err := up.Commit(); err != nil {
		return err
	}
	w.keys = append(w.keys, key)
	sum := sha256.Sum256(pdf)
	f := models.File{EntryID: e.ID, Kind: models.FileProposal, Filename: "Proposal " + in.OPD + ".pdf", ContentType: sniff.PDF,
		Size: int64(len(pdf)), SHA256: hex.EncodeToString(sum[:]), BlobKey: key, UploadedBy: &p.ID}
	if err := tx.CreateFile(ctx, as, e, &f, store.Uploader{ID: p.ID, Verified: true}, store.FileQuota{}); err != nil {
		return err
	}
	if in.Draft {
		return nil
	}
	_, err = tx.SubmitEntry(ctx, as, e, submittedAt, 0)
	return err
}
