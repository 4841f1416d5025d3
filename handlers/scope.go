package handlers

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// viewer is the caller as the store scopes reads.
func viewer(c *gin.Context) store.Viewer {
	u := me(c)
	return store.Viewer{ID: u.ID, Role: u.Role, OrganizationID: u.OrganizationID, Verified: u.Verified}
}

// needOrganizer refuses callers who may see the competition but not manage it.
func needOrganizer(a store.Access) error {
	if !a.Organizer {
		return apperr.Forbidden("only the competition's organizers may do this")
	}
	return nil
}

// owns reports whether the caller is a participant of the entry's OPD: every
// verified participant of an OPD may work on its entries; an unverified one
// only on the entries they made.
func owns(v store.Viewer, e models.Entry) bool {
	if v.Role != models.RoleParticipant || v.OrganizationID == nil || *v.OrganizationID != e.OrganizationID {
		return false
	}
	return v.Verified || (e.CreatedBy != nil && *e.CreatedBy == v.ID)
}

// needOwner refuses callers who may see the entry but are not its OPD's participants.
func needOwner(v store.Viewer, e models.Entry) error {
	if !owns(v, e) {
		return apperr.Forbidden("only participants of the entry's OPD may do this")
	}
	return nil
}

// competitionLoader reads a competition as a viewer sees it.
type competitionLoader interface {
	CompetitionFor(ctx context.Context, v store.Viewer, id int64) (models.Competition, store.Access, error)
}

// loadCompetition reads the competition named by the path parameter id.
func loadCompetition(c *gin.Context, s competitionLoader) (models.Competition, store.Access, error) {
	id, err := pathID(c, "id", "competition")
	if err != nil {
		return models.Competition{}, store.Access{}, err
	}
	return s.CompetitionFor(c.Request.Context(), viewer(c), id)
}

// loadManaged reads the competition in the path and requires its organizer.
func loadManaged(c *gin.Context, s competitionLoader) (models.Competition, error) {
	comp, a, err := loadCompetition(c, s)
	if err == nil {
		err = needOrganizer(a)
	}
	return comp, err
}
