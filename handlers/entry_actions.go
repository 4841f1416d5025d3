package handlers

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/store"
)

// movable refuses action a on entry e when its status does not allow it.
func movable(a proposal.Action, e models.Entry) error {
	if err := a.Check(e.Status); err != nil {
		return apperr.Conflict("%s", err.Error())
	}
	return nil
}

// Submit hands the entry in: every required section answered, within word
// limits, a category chosen and a proposal PDF uploaded, before the deadline.
func (h *Entries) Submit(c *gin.Context) error {
	e, comp, a, err := h.entry(c)
	if err != nil {
		return err
	}
	if err := needOwner(viewer(c), e); err != nil {
		return err
	}
	if !viewer(c).Verified {
		// Anyone may register into any OPD: until an admin or organizer
		// confirms the account works there, it drafts but does not speak for
		// the OPD.
		return apperr.Forbidden("your account is not verified yet: an organizer or admin must confirm that you work for this OPD before you can submit; your draft is kept")
	}
	if err := movable(proposal.Submit, e); err != nil {
		return err
	}
	if comp.Status != models.CompetitionOpen {
		return apperr.Conflict("the competition is %s; entries can only be submitted while it is open", comp.Status)
	}
	if err := h.window(comp, e); err != nil {
		return err
	}
	if err := h.complete(c, comp, e); err != nil {
		return err
	}
	u := me(c)
	note := h.Notify.EntrySubmitted(u.Email, u.Name, e.Title, comp.Name, e.ID)
	e, err = h.Store.SubmitEntry(c.Request.Context(), actor(c), e, h.Now(), comp.MaxEntriesPerOrganization, note)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, comp, a, e)
}

// complete applies the submission checks and answers 422 listing every gap.
func (h *Entries) complete(c *gin.Context, comp models.Competition, e models.Entry) error {
	ctx := c.Request.Context()
	form, err := h.Store.ListSections(ctx, comp.ID)
	if err != nil {
		return err
	}
	hasFile, err := h.Store.HasProposalFile(ctx, e.ID)
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
func (h *Entries) Withdraw(c *gin.Context) error {
	e, comp, a, err := h.entry(c)
	if err != nil {
		return err
	}
	if err := needOwner(viewer(c), e); err != nil {
		return err
	}
	if err := movable(proposal.Withdraw, e); err != nil {
		return err
	}
	if e, err = h.Store.WithdrawEntry(c.Request.Context(), actor(c), e); err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, comp, a, e)
}

type screenRequest struct {
	Decision    string     `json:"decision"`
	Reason      string     `json:"reason"`
	ReviseUntil *time.Time `json:"revise_until"`
}

// check validates a screening decision and returns it for the store.
func (req screenRequest) check(now time.Time) (store.Screening, error) {
	f := fieldErrors{}
	action, ok := proposal.ScreenAction(req.Decision)
	if !ok {
		f.check("decision", "must be one of "+strings.Join(proposal.Decisions, ", "))
	}
	reason := strings.TrimSpace(req.Reason)
	if req.Decision != models.EntryEligible && reason == "" {
		f.check("reason", "is required: tell the participant why")
	}
	if len(reason) > 2000 {
		f.check("reason", "must be at most 2000 characters")
	}
	if req.ReviseUntil != nil && (req.Decision != models.EntryReturned || !req.ReviseUntil.After(now)) {
		f.check("revise_until", "is only for a returned entry, and must be in the future")
	}
	return store.Screening{Action: action, Reason: reason, ReviseUntil: utc(req.ReviseUntil)}, f.err()
}

// Screen records the administrative screening: eligible, ineligible, or
// returned for revision with a reason the participant sees (and, optionally,
// a later deadline for that entry alone).
func (h *Entries) Screen(c *gin.Context) error {
	e, comp, a, err := h.entry(c)
	if err != nil {
		return err
	}
	if err := needOrganizer(a); err != nil {
		return err
	}
	var req screenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	d, err := req.check(h.Now())
	if err != nil {
		return err
	}
	if err := movable(d.Action, e); err != nil {
		return err
	}
	if e, err = h.Store.ScreenEntry(c.Request.Context(), actor(c), e, d); err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, comp, a, e)
}
