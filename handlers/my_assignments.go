package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/models"
)

// Mine lists the caller's assignments (?round_id= narrows), each with its
// entry as the judge may see it: without any identity in a blind competition.
func (h *Assignments) Mine(c *gin.Context) error {
	ctx := c.Request.Context()
	roundID, err := queryID(c, "round_id")
	if err != nil {
		return err
	}
	as, err := h.Store.Assignments(ctx, roundID, me(c).ID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.EntryID
	}
	entries, err := h.Store.EntriesByID(ctx, ids)
	if err != nil {
		return err
	}
	// One presentation per round: a round belongs to one competition, whose
	// blindness and the caller's access decide what the entries show.
	presented := map[int64]entryJSON{}
	byRound := map[int64][]models.Entry{}
	for _, a := range as {
		byRound[a.RoundID] = append(byRound[a.RoundID], entries[a.EntryID])
	}
	for rid, es := range byRound {
		_, comp, access, err := h.Store.RoundFor(ctx, viewer(c), rid)
		if err != nil {
			return err
		}
		out, err := h.Entries.present(c, comp, access, es)
		if err != nil {
			return err
		}
		for _, e := range out {
			presented[e.ID] = e
		}
	}
	items := make([]assignmentJSON, len(as))
	for i, a := range as {
		items[i] = toAssignment(a)
		e := presented[a.EntryID]
		items[i].Entry, items[i].EntryTitle, items[i].JudgeName = &e, e.Title, ""
		// A flag would tell a blind judge which entries come from the OPD
		// they declared a conflict with.
		items[i].ConflictFlagged, items[i].ConflictNote = false, ""
	}
	return reply(c, http.StatusOK, newList(items, int64(len(items))))
}
