package handlers

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store"
)

// AssignmentStore is what assigning judges needs.
type AssignmentStore interface {
	RoundFor(ctx context.Context, v store.Viewer, id int64) (models.Round, models.Competition, store.Access, error)
	UpdateRound(ctx context.Context, actor store.Actor, r models.Round, p store.RoundPatch) (models.Round, error)
	RoundEntries(ctx context.Context, roundID int64) ([]models.Entry, error)
	AutoAssign(ctx context.Context, actor store.Actor, r models.Round) (store.AutoResult, error)
	Judges(ctx context.Context, competitionID int64) ([]store.JudgeMember, error)
	Assignments(ctx context.Context, roundID, judgeID int64) ([]store.AssignmentView, error)
	CreateAssignments(ctx context.Context, actor store.Actor, r models.Round, pairs [][2]int64, source string) ([]models.Assignment, error)
	AssignmentFor(ctx context.Context, v store.Viewer, id int64) (store.AssignmentContext, error)
	EntriesByID(ctx context.Context, ids []int64) (map[int64]models.Entry, error)
	DeleteAssignment(ctx context.Context, actor store.Actor, a models.Assignment) error
	Recuse(ctx context.Context, actor store.Actor, ac store.AssignmentContext, reason string) (int64, error)
	roundScores
}

// Assignments serves who judges what.
type Assignments struct {
	Store   AssignmentStore
	Entries *Entries // to present entries to judges (blind-aware)
	Notify  notify.Links
}

type assignmentJSON struct {
	ID         int64      `json:"id"`
	RoundID    int64      `json:"round_id"`
	EntryID    int64      `json:"entry_id"`
	JudgeID    int64      `json:"judge_id"`
	JudgeName  string     `json:"judge_name,omitempty"`
	EntryTitle string     `json:"entry_title,omitempty"`
	Source     string     `json:"source"`
	Status     string     `json:"status"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Entry      *entryJSON `json:"entry,omitempty"`
	// ConflictFlagged marks, for the organizers, an assignment whose judge
	// turned out to be conflicted after scoring it (or in a closed round, or
	// by a blind judge's declaration): a person decides what to do. Judges
	// never see it.
	ConflictFlagged bool   `json:"conflict_flagged"`
	ConflictNote    string `json:"conflict_note"`
}

func toAssignment(a store.AssignmentView) assignmentJSON {
	return assignmentJSON{ID: a.ID, RoundID: a.RoundID, EntryID: a.EntryID, JudgeID: a.JudgeID, JudgeName: a.JudgeName,
		EntryTitle: a.EntryTitle, Source: a.Source, Status: a.Status, UpdatedAt: a.UpdatedAt.UTC(),
		ConflictFlagged: a.ConflictFlaggedAt != nil, ConflictNote: a.ConflictNote}
}

// managedRound loads the round in the path for its organizer, and requires a
// scoring round still open for changes.
func (h *Assignments) managedRound(c *gin.Context) (models.Round, models.Competition, error) {
	id, err := pathID(c, "id", "round")
	if err != nil {
		return models.Round{}, models.Competition{}, err
	}
	r, comp, a, err := h.Store.RoundFor(c.Request.Context(), viewer(c), id)
	if err == nil {
		err = needOrganizer(a)
	}
	return r, comp, err
}

func roundChangeable(r models.Round) error {
	switch {
	case r.Kind != models.RoundScoring:
		return apperr.Conflict("%s is a screening round; organizers screen its entries, judges are not assigned", r.Name)
	case r.Status != models.RoundOpen:
		return apperr.Conflict("the round is %s; its assignments can no longer change", r.Status)
	}
	return nil
}

// List lists a round's assignments with their scoring status.
func (h *Assignments) List(c *gin.Context) error {
	r, _, err := h.managedRound(c)
	if err != nil {
		return err
	}
	as, err := h.Store.Assignments(c.Request.Context(), r.ID, 0)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(mapSlice(as, toAssignment), int64(len(as))))
}

type autoRequest struct {
	JudgesPerEntry *int `json:"judges_per_entry"`
	MaxPerJudge    *int `json:"max_per_judge"`
}

type autoResponse struct {
	Created    int             `json:"created"`
	Total      int             `json:"total"`
	Load       loadRange       `json:"load"`
	Unassigned []shortfallJSON `json:"unassigned"`
	Round      roundJSON       `json:"round"`
}

type loadRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

type shortfallJSON struct {
	EntryID int64  `json:"entry_id"`
	Missing int    `json:"missing"`
	Code    string `json:"code"`
	Reason  string `json:"reason"`
}

// Auto assigns judges to every eligible entry of the round with the exact
// solver of package assign, keeping existing assignments. Run twice, it
// creates nothing the second time.
func (h *Assignments) Auto(c *gin.Context) error {
	ctx := c.Request.Context()
	r, _, err := h.managedRound(c)
	if err == nil {
		err = roundChangeable(r)
	}
	if err != nil {
		return err
	}
	var req autoRequest
	if c.Request.ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	f := fieldErrors{}
	if req.JudgesPerEntry != nil {
		f.check("judges_per_entry", rangeReason(*req.JudgesPerEntry, 1, 20))
	}
	if req.MaxPerJudge != nil {
		f.check("max_per_judge", rangeReason(*req.MaxPerJudge, 0, 100000))
	}
	if err := f.err(); err != nil {
		return err
	}
	if req.JudgesPerEntry != nil || req.MaxPerJudge != nil {
		if r, err = h.Store.UpdateRound(ctx, actor(c), r, store.RoundPatch{JudgesPerEntry: req.JudgesPerEntry, MaxPerJudge: req.MaxPerJudge}); err != nil {
			return err
		}
	}
	done, err := h.Store.AutoAssign(ctx, actor(c), r)
	if err != nil {
		return err
	}
	round, err := roundOut(ctx, h.Store, r)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, autoAnswer(round, done.Problem, done.Result, len(done.Created)))
}

func autoAnswer(r roundJSON, p assign.Problem, res assign.Result, created int) autoResponse {
	out := autoResponse{Created: created, Total: len(p.Existing) + created, Unassigned: []shortfallJSON{}, Round: r}
	first := true
	for _, j := range p.Judges {
		l := res.Loads[j.ID]
		if first || l < out.Load.Min {
			out.Load.Min = l
		}
		if first || l > out.Load.Max {
			out.Load.Max = l
		}
		first = false
	}
	for _, s := range res.Unassigned {
		out.Unassigned = append(out.Unassigned, shortfallJSON{EntryID: s.EntryID, Missing: s.Missing, Code: s.Code, Reason: s.Reason})
	}
	return out
}

type manualRequest struct {
	EntryID int64 `json:"entry_id"`
	JudgeID int64 `json:"judge_id"`
}

// Create assigns one judge to one entry by hand; a conflict of interest is a 409.
func (h *Assignments) Create(c *gin.Context) error {
	ctx := c.Request.Context()
	r, comp, err := h.managedRound(c)
	if err == nil {
		err = roundChangeable(r)
	}
	if err != nil {
		return err
	}
	var req manualRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.checkManual(c, r, comp, req); err != nil {
		return err
	}
	pair := [][2]int64{{req.EntryID, req.JudgeID}}
	// The store checks conflicts again inside the transaction that writes.
	created, err := h.Store.CreateAssignments(ctx, actor(c), r, pair, models.AssignManual)
	if err != nil {
		return err
	}
	as, err := h.Store.Assignments(ctx, r.ID, req.JudgeID)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.ID == created[0].ID {
			return reply(c, http.StatusCreated, toAssignment(a))
		}
	}
	return store.ErrNotFound
}

func (h *Assignments) checkManual(c *gin.Context, r models.Round, comp models.Competition, req manualRequest) error {
	ctx := c.Request.Context()
	entries, err := h.Store.RoundEntries(ctx, r.ID)
	if err != nil {
		return err
	}
	var entry *models.Entry
	for i := range entries {
		if entries[i].ID == req.EntryID {
			entry = &entries[i]
		}
	}
	judges, err := h.Store.Judges(ctx, comp.ID)
	if err != nil {
		return err
	}
	isJudge := false
	for _, j := range judges {
		isJudge = isJudge || j.ID == req.JudgeID
	}
	f := fieldErrors{}
	if entry == nil {
		f.check("entry_id", "is not an eligible entry of this round")
	}
	if !isJudge {
		f.check("judge_id", "is not a judge of this competition")
	}
	return f.err()
}

// Delete removes an assignment whose scorecard is not submitted.
func (h *Assignments) Delete(c *gin.Context) error {
	ac, err := h.load(c)
	if err == nil {
		err = needOrganizer(ac.Access)
	}
	if err == nil {
		err = roundChangeable(ac.Round)
	}
	if err == nil {
		err = h.Store.DeleteAssignment(c.Request.Context(), actor(c), ac.Assignment)
	}
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Assignments) load(c *gin.Context) (store.AssignmentContext, error) {
	id, err := pathID(c, "id", "assignment")
	if err != nil {
		return store.AssignmentContext{}, err
	}
	return h.Store.AssignmentFor(c.Request.Context(), viewer(c), id)
}

type recuseRequest struct {
	Reason string `json:"reason"`
}

// Recuse lets a judge step back from an assignment: the conflict is recorded,
// the assignment removed, and the entry given to a free judge if there is one.
func (h *Assignments) Recuse(c *gin.Context) error {
	ac, err := h.load(c)
	if err == nil && !ac.Mine {
		err = apperr.Forbidden("only the assigned judge can recuse")
	}
	if err == nil {
		err = roundChangeable(ac.Round)
	}
	if err != nil {
		return err
	}
	var req recuseRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	reason := strings.TrimSpace(req.Reason)
	if reason == "" || len(reason) > 2000 {
		return apperr.Validation(map[string]string{"reason": "is required (at most 2000 characters): say why you cannot judge this entry"})
	}
	replacement, err := h.Store.Recuse(c.Request.Context(), actor(c), ac, reason)
	if err != nil {
		return err
	}
	resp := gin.H{"recused": true, "reassigned_to": nil}
	if replacement != 0 {
		resp["reassigned_to"] = replacement
	}
	return reply(c, http.StatusOK, resp)
}
