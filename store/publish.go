package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
)

// Choice picks the entries that advance from a round's data, read inside the
// advancing transaction. It must not touch the database.
type Choice func(d RankingData) ([]int64, error)

// Advance moves the entries choose picks from round r into next, in one
// transaction that first locks both rounds, so the choice is made from the
// scores as they are when it is written. Entries advancing out of a scoring
// round become finalists; out of a screening round they stay eligible.
// Entries already in next are left as they are, so advancing twice changes
// nothing. It returns the chosen entries and how many were newly added.
func (s *Store) Advance(ctx context.Context, actor Actor, r, next models.Round, choose Choice) ([]int64, int, error) {
	added := 0
	var ids []int64
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockRound(ctx, r.ID); err != nil {
			return err
		}
		if err := tx.lockRound(ctx, next.ID); err != nil {
			return err
		}
		d, err := tx.RankingData(ctx, r)
		if err != nil {
			return err
		}
		if ids, err = choose(d); err != nil {
			return err
		}
		if added, err = tx.AddRoundEntries(ctx, next.ID, ids); err != nil {
			return err
		}
		if r.Kind == models.RoundScoring && len(ids) > 0 {
			err := tx.q(ctx).Model(&models.Entry{}).Where("id IN ? AND status IN ?", ids, proposal.Moves[proposal.Advance].From).
				Updates(map[string]any{"status": proposal.Moves[proposal.Advance].To, "updated_at": tx.Now()}).Error
			if err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "round.advance",
			ObjectType: "round", ObjectID: r.ID, Details: map[string]any{"next_round_id": next.ID, "entries": ids, "added": added}})
	})
	return ids, added, err
}

// AdvancePreview is Advance with nothing written: the entries choose picks
// from the round's data as it is now, and how many of them are not in next
// yet. A later Advance chooses again, from the data as it is then.
func (s *Store) AdvancePreview(ctx context.Context, r, next models.Round, choose Choice) ([]int64, int, error) {
	d, err := s.RankingData(ctx, r)
	if err != nil {
		return nil, 0, err
	}
	ids, err := choose(d)
	if err != nil {
		return nil, 0, err
	}
	var already []int64
	if len(ids) > 0 {
		if err := s.q(ctx).Model(&models.RoundEntry{}).Where("round_id = ? AND entry_id IN ?", next.ID, ids).Pluck("entry_id", &already).Error; err != nil {
			return nil, 0, err
		}
	}
	return ids, len(ids) - len(already), nil
}

// lockRound holds a round's row until the transaction ends, so changes that
// read and then write a round's data run one at a time. SQLite needs nothing:
// its transactions begin IMMEDIATE and already run one at a time.
func (s *Store) lockRound(ctx context.Context, id int64) error {
	if s.Dialect() != "postgres" {
		return nil
	}
	var r models.Round
	return s.q(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&r).Error
}

// Participants lists the participants of the OPDs with entries in a round.
func (s *Store) Participants(ctx context.Context, roundID int64) ([]models.User, error) {
	var out []models.User
	err := s.q(ctx).Model(&models.User{}).
		Where("role = ? AND disabled = ? AND organization_id IN (SELECT e.organization_id FROM entries e JOIN round_entries re ON re.entry_id = e.id WHERE re.round_id = ?)",
			models.RoleParticipant, false, roundID).Order("id").Find(&out).Error
	return out, err
}

// Snapshot turns a round's data, read inside the publishing transaction,
// into the publication that freezes it. It must not touch the database.
type Snapshot func(d RankingData) (models.Publication, error)

// Publish freezes round r: in one transaction, after taking the round's lock
// (so that a scorecard saved at the same moment either commits before and is
// in the table, or waits and is then refused), it reads the round's data,
// builds the publication with snapshot, stores it as the round's next
// version and saves the notifications to its participants.
func (s *Store) Publish(ctx context.Context, actor Actor, r models.Round, snapshot Snapshot, notes func(*models.Publication) []models.OutboxMessage) (models.Publication, error) {
	var p models.Publication
	err := s.WithTx(ctx, func(tx *Store) error {
		// Two publishes of one round at once (a double click) must get
		// versions n and n+1, not both n.
		if err := tx.lockRound(ctx, r.ID); err != nil {
			return err
		}
		d, err := tx.RankingData(ctx, r)
		if err != nil {
			return err
		}
		if p, err = snapshot(d); err != nil {
			return err
		}
		var last struct{ V *int }
		if err := tx.q(ctx).Model(&models.Publication{}).Select("MAX(version) AS v").Where("round_id = ?", r.ID).Scan(&last).Error; err != nil {
			return err
		}
		p.Version = deref(last.V) + 1
		p.RoundID, p.CompetitionID = r.ID, r.CompetitionID
		if err := tx.q(ctx).Create(&p).Error; err != nil {
			return err
		}
		if err := tx.q(ctx).Model(&models.Round{}).Where("id = ?", r.ID).
			Updates(map[string]any{"status": models.RoundPublished, "updated_at": tx.Now()}).Error; err != nil {
			return err
		}
		tx.publicChanged()
		if err := tx.enqueue(ctx, notes(&p)); err != nil {
			return err
		}
		// The scorecards' histories the publication rests on, sealed into
		// the competition's chain: none of them can vanish unseen.
		if err := tx.sealRound(ctx, actor, r, "publication", p.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(r.CompetitionID), Action: "round.publish",
			ObjectType: "publication", ObjectID: p.ID, Details: map[string]any{"round_id": r.ID, "version": p.Version, "digest": p.Digest}})
	})
	return p, err
}

// PublicationSummary is a publication with its competition and round names.
type PublicationSummary struct {
	models.Publication
	CompetitionName string
	CompetitionYear int
	RoundName       string
}

// Publications lists publications, newest first.
func (s *Store) Publications(ctx context.Context, p Page) ([]PublicationSummary, int64, error) {
	q := s.q(ctx).Table("publications").
		Joins("JOIN competitions c ON c.id = publications.competition_id").
		Joins("JOIN rounds r ON r.id = publications.round_id")
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []PublicationSummary
	err := q.Select("publications.*, c.name AS competition_name, c.year AS competition_year, r.name AS round_name").
		Order("publications.published_at DESC, publications.id DESC").Limit(p.Limit).Offset(p.Offset).Scan(&out).Error
	return out, total, err
}

// Publication loads one publication with its names.
func (s *Store) Publication(ctx context.Context, id int64) (PublicationSummary, error) {
	var out []PublicationSummary
	err := s.q(ctx).Table("publications").
		Joins("JOIN competitions c ON c.id = publications.competition_id").
		Joins("JOIN rounds r ON r.id = publications.round_id").
		Select("publications.*, c.name AS competition_name, c.year AS competition_year, r.name AS round_name").
		Where("publications.id = ?", id).Scan(&out).Error
	if err != nil {
		return PublicationSummary{}, err
	}
	if len(out) == 0 {
		return PublicationSummary{}, ErrNotFound
	}
	return out[0], nil
}

// LatestVersion is the newest publication id of the same round.
func (s *Store) LatestVersion(ctx context.Context, roundID int64) (int64, error) {
	var p models.Publication
	err := s.q(ctx).Where("round_id = ?", roundID).Order("version DESC").Limit(1).Take(&p).Error
	return p.ID, notFound(err)
}

// CreateObjection records a public objection.
func (s *Store) CreateObjection(ctx context.Context, o *models.Objection, competitionID int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.q(ctx).Create(o).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, Actor{Email: o.Email}, AuditEvent{Scope: CompetitionScope(competitionID), Action: "objection.create",
			ObjectType: "objection", ObjectID: o.ID, Details: map[string]any{"publication_id": o.PublicationID, "entry_id": o.EntryID, "ip": o.IP}})
	})
}

// Objections lists objections to a competition's publications, or to one
// publication (answered only, when public).
func (s *Store) Objections(ctx context.Context, competitionID, publicationID int64, answeredOnly bool) ([]models.Objection, error) {
	q := s.q(ctx).Model(&models.Objection{}).Order("objections.id")
	if competitionID != 0 {
		q = q.Where("publication_id IN (SELECT id FROM publications WHERE competition_id = ?)", competitionID)
	}
	if publicationID != 0 {
		q = q.Where("publication_id = ?", publicationID)
	}
	if answeredOnly {
		q = q.Where("status <> ?", models.ObjectionOpen)
	}
	var out []models.Objection
	err := q.Find(&out).Error
	return out, err
}

// ObjectionByID loads an objection with the competition it belongs to.
func (s *Store) ObjectionByID(ctx context.Context, id int64) (models.Objection, int64, error) {
	var o models.Objection
	if err := s.q(ctx).Where("id = ?", id).Take(&o).Error; err != nil {
		return o, 0, notFound(err)
	}
	var p models.Publication
	err := s.q(ctx).Where("id = ?", o.PublicationID).Take(&p).Error
	return o, p.CompetitionID, err
}

// AnswerObjection records the organizers' decision and answer.
func (s *Store) AnswerObjection(ctx context.Context, actor Actor, o models.Objection, competitionID int64, status, response string, notes ...models.OutboxMessage) (models.Objection, error) {
	err := s.WithTx(ctx, func(tx *Store) error {
		now := tx.Now()
		cols := map[string]any{"status": status, "response": response, "answered_at": now}
		if actor.ID != 0 {
			cols["answered_by"] = actor.ID
		}
		if err := tx.q(ctx).Model(&models.Objection{}).Where("id = ?", o.ID).Updates(cols).Error; err != nil {
			return err
		}
		tx.publicChanged()
		if err := tx.q(ctx).Where("id = ?", o.ID).Take(&o).Error; err != nil {
			return err
		}
		if err := tx.enqueue(ctx, notes); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(competitionID), Action: "objection.answer",
			ObjectType: "objection", ObjectID: o.ID, Details: map[string]any{"status": status, "response": response}})
	})
	return o, err
}

// ObjectionsFromIP counts recent objections from one address, for the limit
// that must hold across processes.
func (s *Store) ObjectionsFromIP(ctx context.Context, ip string, since time.Time) (int64, error) {
	var n int64
	err := s.q(ctx).Model(&models.Objection{}).Where("ip = ? AND created_at > ?", ip, since).Count(&n).Error
	return n, err
}
