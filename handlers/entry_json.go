package handlers

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/sniff"
	"github.com/juri-id/juri/store"
)

type fileJSON struct {
	ID          int64     `json:"id"`
	EntryID     int64     `json:"entry_id"`
	Filename    string    `json:"filename"`
	Kind        string    `json:"kind"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	ContentType string    `json:"content_type"`
	CreatedAt   time.Time `json:"created_at"`
	UploadedBy  *int64    `json:"uploaded_by,omitempty"`
	// CleanedForJudges says that judges get a copy without author metadata
	// (in a blind competition); JudgesNote says so in words, in the upload's
	// answer.
	CleanedForJudges bool   `json:"cleaned_for_judges"`
	JudgesNote       string `json:"judges_note,omitempty"`
}

func toFile(f models.File, blind bool) fileJSON {
	return fileJSON{ID: f.ID, EntryID: f.EntryID, Filename: f.Filename, Kind: f.Kind, Size: f.Size, SHA256: f.SHA256,
		ContentType: f.ContentType, CreatedAt: f.CreatedAt.UTC(), UploadedBy: f.UploadedBy, CleanedForJudges: blind}
}

type entryJSON struct {
	ID              int64             `json:"id"`
	CompetitionID   int64             `json:"competition_id"`
	Organization    *organizationRef  `json:"organization"`
	CategoryID      *int64            `json:"category_id"`
	Title           string            `json:"title"`
	Sections        map[string]string `json:"sections"`
	VideoURL        string            `json:"video_url"`
	Team            []teamMember      `json:"team"`
	Status          string            `json:"status"`
	SubmittedAt     *time.Time        `json:"submitted_at"`
	ScreeningReason string            `json:"screening_reason"`
	ReviseUntil     *time.Time        `json:"revise_until"`
	Files           []fileJSON        `json:"files"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
	// CreatedBy and SubmittedBy say who acted for the OPD, and whether
	// their account is verified; organizers and the OPD's participants see
	// them, judges never.
	CreatedBy   *personRef `json:"created_by,omitempty"`
	SubmittedBy *personRef `json:"submitted_by,omitempty"`
}

// personRef names a user beside an object they acted on.
type personRef struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Verified bool   `json:"verified"`
}

// blind reports whether the caller must not learn who made entry e: in a
// blind competition, anyone but its organizers and the entry's own OPD.
func blind(c *gin.Context, comp models.Competition, a store.Access, e models.Entry) bool {
	return comp.Blind && !a.Organizer && !owns(viewer(c), e)
}

// present turns entries into answers, with their files and OPDs, stripping
// every identifying field for blind judges: OPD, team and uploaders.
func (h *Entries) present(c *gin.Context, comp models.Competition, a store.Access, entries []models.Entry) ([]entryJSON, error) {
	ctx := c.Request.Context()
	ids := make([]int64, len(entries))
	orgIDs := make([]int64, len(entries))
	for i, e := range entries {
		ids[i], orgIDs[i] = e.ID, e.OrganizationID
	}
	files, err := h.Store.FilesOf(ctx, ids...)
	if err != nil {
		return nil, err
	}
	orgs, err := h.Store.OrganizationsByID(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	var people map[int64]models.User
	if a.Organizer || viewer(c).Role == models.RoleParticipant {
		var uids []int64
		for _, e := range entries {
			for _, id := range []*int64{e.CreatedBy, e.SubmittedBy} {
				if id != nil {
					uids = append(uids, *id)
				}
			}
		}
		if people, err = h.Store.UsersByID(ctx, uids); err != nil {
			return nil, err
		}
	}
	person := func(id *int64) *personRef {
		if id == nil {
			return nil
		}
		u, ok := people[*id]
		if !ok {
			return nil
		}
		return &personRef{ID: u.ID, Name: u.Name, Email: u.Email, Verified: u.Verified}
	}
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		j := entryJSON{ID: e.ID, CompetitionID: e.CompetitionID, CategoryID: e.CategoryID, Title: e.Title, VideoURL: e.VideoURL,
			Status: e.Status, SubmittedAt: utc(e.SubmittedAt), ScreeningReason: e.ScreeningReason, ReviseUntil: utc(e.ReviseUntil),
			CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC(), Sections: map[string]string{}, Team: []teamMember{}, Files: []fileJSON{}}
		_ = json.Unmarshal([]byte(e.Sections), &j.Sections)
		hide := blind(c, comp, a, e)
		if people != nil && !hide {
			j.CreatedBy, j.SubmittedBy = person(e.CreatedBy), person(e.SubmittedBy)
		}
		if !hide {
			_ = json.Unmarshal([]byte(e.Team), &j.Team)
			if o, ok := orgs[e.OrganizationID]; ok {
				j.Organization = &organizationRef{ID: o.ID, Code: o.Code, Name: o.Name, Kind: o.Kind}
			}
		}
		for _, f := range files[e.ID] {
			fj := toFile(f, comp.Blind)
			if hide {
				fj.UploadedBy, fj.Filename = nil, neutralName(f)
			}
			j.Files = append(j.Files, fj)
		}
		out[i] = j
	}
	return out, nil
}

// respond answers with one entry.
func (h *Entries) respond(c *gin.Context, status int, comp models.Competition, a store.Access, e models.Entry) error {
	items, err := h.present(c, comp, a, []models.Entry{e})
	if err != nil {
		return err
	}
	return reply(c, status, items[0])
}

// neutralName replaces a file's own name for blind judges: participants often
// name files after their OPD.
func neutralName(f models.File) string {
	return "dokumen-" + strconv.FormatInt(f.ID, 10) + sniff.Extensions[f.ContentType]
}
