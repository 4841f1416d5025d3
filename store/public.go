package store

import (
	"context"
	"time"

	"github.com/juri-id/juri/models"
)

// The public side of competitions: what anyone may read without signing in.
// A competition is public once it leaves its draft (open for entries, being
// judged or closed); a draft is nobody's business but its organizers'. A
// competition never goes back to draft, so a publication is always public.

// PublicCompetition is a public competition with what its list shows.
type PublicCompetition struct {
	models.Competition
	Publications    int64
	LastPublishedAt *time.Time
}

// PublicCompetitions lists the public competitions, newest year first, with
// how many publications each has and when the last one was made.
func (s *Store) PublicCompetitions(ctx context.Context, p Page) ([]PublicCompetition, int64, error) {
	q := s.q(ctx).Model(&models.Competition{}).Where("competitions.status <> ?", models.CompetitionDraft)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var comps []models.Competition
	if err := q.Order("competitions.year DESC, competitions.id DESC").Limit(p.Limit).Offset(p.Offset).Find(&comps).Error; err != nil {
		return nil, 0, err
	}
	out := make([]PublicCompetition, len(comps))
	ids := make([]int64, len(comps))
	for i, c := range comps {
		out[i].Competition = c
		ids[i] = c.ID
	}
	if len(ids) == 0 {
		return out, total, nil
	}
	var pubs []models.Publication
	if err := s.q(ctx).Select("id, competition_id, published_at").Where("competition_id IN ?", ids).Find(&pubs).Error; err != nil {
		return nil, 0, err
	}
	at := map[int64]int{}
	for i, c := range out {
		at[c.ID] = i
	}
	for _, pb := range pubs {
		c := &out[at[pb.CompetitionID]]
		c.Publications++
		if c.LastPublishedAt == nil || pb.PublishedAt.After(*c.LastPublishedAt) {
			t := pb.PublishedAt
			c.LastPublishedAt = &t
		}
	}
	return out, total, nil
}

// PublicCompetitionByID loads a public competition; a draft is not found.
func (s *Store) PublicCompetitionByID(ctx context.Context, id int64) (models.Competition, error) {
	var c models.Competition
	err := s.q(ctx).Where("id = ? AND status <> ?", id, models.CompetitionDraft).Take(&c).Error
	return c, notFound(err)
}

// CompetitionPublications lists a competition's publications with their
// names, newest first.
func (s *Store) CompetitionPublications(ctx context.Context, competitionID int64) ([]PublicationSummary, error) {
	return s.publicationsWhere(ctx, "publications.competition_id = ?", competitionID)
}

// RoundPublications lists every version of a round's publication, newest
// first, without their tables.
func (s *Store) RoundPublications(ctx context.Context, roundID int64) ([]PublicationSummary, error) {
	return s.publicationsWhere(ctx, "publications.round_id = ?", roundID)
}

func (s *Store) publicationsWhere(ctx context.Context, cond string, arg any) ([]PublicationSummary, error) {
	var out []PublicationSummary
	err := s.q(ctx).Table("publications").
		Joins("JOIN competitions c ON c.id = publications.competition_id").
		Joins("JOIN rounds r ON r.id = publications.round_id").
		// Everything but the table itself, which a list does not show.
		Select("publications.id, publications.competition_id, publications.round_id, publications.version, publications.title, "+
			"publications.note, publications.method, publications.normalize, publications.digest, publications.published_at, "+
			"publications.objections_close_at, c.name AS competition_name, c.year AS competition_year, r.name AS round_name").
		Where(cond, arg).Order("publications.published_at DESC, publications.version DESC, publications.id DESC").Scan(&out).Error
	return out, err
}
