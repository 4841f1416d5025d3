package handlers

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
)

// Submit hands the entry in: every required section answered, within word
// limits, a category chosen and a proposal PDF uploaded, before the deadline.
func (h *Entries) Submit(c *gin.Context) {
	e, comp, a, err := h.entry(c)
	if err == nil {
		err = needOwner(viewer(c), e)
	}
	if err == nil && !proposal.CanSubmit(e.Status) {
		err = apperr.Conflict("the entry is %s; only draft or returned entries can be submitted", e.Status)
	}
	if err == nil && comp.Status != models.CompetitionOpen {
		err = apperr.Conflict("the competition is %s; entries can only be submitted while it is open", comp.Status)
	}
	if err == nil {
		err = h.window(comp, e)
	}
	if err == nil {
		err = h.complete(c, comp, e)
	}
	if err != nil {
		c.Error(err)
		return
	}
	now := h.Now().UTC()
	u := me(c)
	note := h.Notify.EntrySubmitted(u.Email, u.Name, e.Title, comp.Name, e.ID)
	e, err = h.Store.Transition(c, actor(c), e, []string{models.EntryDraft, models.EntryReturned}, models.EntrySubmitted,
		"entry.submit", map[string]any{"submitted_at": now, "screening_reason": ""}, nil, note)
	if err != nil {
		c.Error(err)
		return
	}
	h.respond(c, http.StatusOK, comp, a, e)
}

// complete applies the submission checks and answers 422 listing every gap.
func (h *Entries) complete(c *gin.Context, comp models.Competition, e models.Entry) error {
	form, err := h.Store.ListSections(c, comp.ID)
	if err != nil {
		return err
	}
	hasFile, err := h.Store.HasProposalFile(c, e.ID)
	if err != nil {
		return err
	}
	texts := map[string]string{}
	_ = json.Unmarshal([]byte(e.Sections), &texts)
	bad := proposal.CheckSubmit(sectionRules(form), texts, hasFile)
	if e.CategoryID == nil {
		bad["category_id"] = "choose a category before submitting"
	}
	if len(bad) > 0 {
		err := apperr.Validation(bad)
		err.Message = "the entry is not complete yet"
		return err
	}
	return nil
}

// Withdraw takes the entry out of the competition for good.
func (h *Entries) Withdraw(c *gin.Context) {
	e, comp, a, err := h.entry(c)
	if err == nil {
		err = needOwner(viewer(c), e)
	}
	if err == nil && !proposal.CanWithdraw(e.Status) {
		err = apperr.Conflict("the entry is %s; it cannot be withdrawn", e.Status)
	}
	if err != nil {
		c.Error(err)
		return
	}
	from := []string{models.EntryDraft, models.EntrySubmitted, models.EntryReturned, models.EntryEligible, models.EntryFinalist}
	e, err = h.Store.Transition(c, actor(c), e, from, models.EntryWithdrawn, "entry.withdraw", nil, nil)
	if err != nil {
		c.Error(err)
		return
	}
	h.respond(c, http.StatusOK, comp, a, e)
}

type screenRequest struct {
	Decision    string     `json:"decision"`
	Reason      string     `json:"reason"`
	ReviseUntil *time.Time `json:"revise_until"`
}

// Screen records the administrative screening: eligible, ineligible, or
// returned for revision with a reason the participant sees (and, optionally,
// a later deadline for that entry alone).
func (h *Entries) Screen(c *gin.Context) {
	e, comp, a, err := h.entry(c)
	if err == nil {
		err = needOrganizer(a)
	}
	if err != nil {
		c.Error(err)
		return
	}
	var req screenRequest
	if err := bindJSON(c, &req); err != nil {
		c.Error(err)
		return
	}
	f := fieldErrors{}
	if !slices.Contains(proposal.Decisions, req.Decision) {
		f.check("decision", "must be one of "+strings.Join(proposal.Decisions, ", "))
	}
	reason := strings.TrimSpace(req.Reason)
	if req.Decision != models.EntryEligible && reason == "" {
		f.check("reason", "is required: tell the participant why")
	}
	if len(reason) > 2000 {
		f.check("reason", "must be at most 2000 characters")
	}
	if req.ReviseUntil != nil && (req.Decision != models.EntryReturned || !req.ReviseUntil.After(h.Now())) {
		f.check("revise_until", "is only for a returned entry, and must be in the future")
	}
	if err := f.err(); err != nil {
		c.Error(err)
		return
	}
	if !proposal.CanScreen(e.Status) {
		c.Error(apperr.Conflict("the entry is %s; only submitted entries can be screened", e.Status))
		return
	}
	extra := map[string]any{"screening_reason": reason, "revise_until": utc(req.ReviseUntil)}
	e, err = h.Store.Transition(c, actor(c), e, []string{models.EntrySubmitted, models.EntryEligible, models.EntryIneligible},
		req.Decision, "entry.screen", extra, map[string]any{"reason": reason})
	if err != nil {
		c.Error(err)
		return
	}
	h.respond(c, http.StatusOK, comp, a, e)
}
