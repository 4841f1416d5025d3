package store

import (
	"context"

	"github.com/juri-id/juri/models"
)

// ListCategories lists a competition's categories in order.
func (s *Store) ListCategories(ctx context.Context, competitionID int64) ([]models.Category, error) {
	var out []models.Category
	err := s.q(ctx).Where("competition_id = ?", competitionID).Order("position, id").Find(&out).Error
	return out, err
}

// CategoryByID loads a category.
func (s *Store) CategoryByID(ctx context.Context, id int64) (models.Category, error) {
	var c models.Category
	return c, notFound(s.q(ctx).Where("id = ?", id).Take(&c).Error)
}

// CreateCategory adds a category at the end of the list.
func (s *Store) CreateCategory(ctx context.Context, actor Actor, c *models.Category) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var maxPos struct{ P *int }
		tx.q(ctx).Model(&models.Category{}).Select("MAX(position) AS p").Where("competition_id = ?", c.CompetitionID).Scan(&maxPos)
		if c.Position == 0 {
			c.Position = deref(maxPos.P) + 1
		}
		if err := tx.q(ctx).Create(c).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(c.CompetitionID), Action: "category.create",
			ObjectType: "category", ObjectID: c.ID, Details: map[string]any{"name": c.Name, "group": c.Group}})
	})
}

// CategoryPatch names the columns an update may change.
type CategoryPatch struct {
	Name     *string
	Group    *string
	Position *int
}

// UpdateCategory applies p.
func (s *Store) UpdateCategory(ctx context.Context, actor Actor, c models.Category, p CategoryPatch) (models.Category, error) {
	err := s.WithTx(ctx, func(tx *Store) error {
		cols := map[string]any{}
		if p.Name != nil {
			cols["name"], c.Name = *p.Name, *p.Name
		}
		if p.Group != nil {
			cols["group"], c.Group = *p.Group, *p.Group
		}
		if p.Position != nil {
			cols["position"], c.Position = *p.Position, *p.Position
		}
		if len(cols) > 0 {
			if err := tx.q(ctx).Model(&models.Category{}).Where("id = ?", c.ID).Updates(cols).Error; err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(c.CompetitionID), Action: "category.update",
			ObjectType: "category", ObjectID: c.ID, Details: map[string]any{"name": c.Name, "group": c.Group, "position": c.Position}})
	})
	return c, err
}

// DeleteCategory removes a category no entry uses.
func (s *Store) DeleteCategory(ctx context.Context, actor Actor, c models.Category) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.q(ctx).Model(&models.Entry{}).Where("category_id = ?", c.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Conflict("%d entries are in this category; move them first", n)
		}
		if err := tx.q(ctx).Delete(&models.Category{}, c.ID).Error; err != nil {
			return translate(err, "category")
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(c.CompetitionID), Action: "category.delete",
			ObjectType: "category", ObjectID: c.ID, Details: map[string]any{"name": c.Name}})
	})
}

// ListSections lists a competition's proposal sections in order.
func (s *Store) ListSections(ctx context.Context, competitionID int64) ([]models.Section, error) {
	var out []models.Section
	err := s.q(ctx).Where("competition_id = ?", competitionID).Order("position, id").Find(&out).Error
	return out, err
}

// ReplaceSections swaps the proposal form for secs at once. Entries keep the
// text of sections that are removed; it is simply no longer shown or checked.
func (s *Store) ReplaceSections(ctx context.Context, actor Actor, competitionID int64, secs []models.Section) ([]models.Section, error) {
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.q(ctx).Where("competition_id = ?", competitionID).Delete(&models.Section{}).Error; err != nil {
			return err
		}
		keys := make([]string, len(secs))
		for i := range secs {
			secs[i].ID, secs[i].CompetitionID, secs[i].Position = 0, competitionID, i+1
			if err := tx.q(ctx).Create(&secs[i]).Error; err != nil {
				return translate(err, "section "+secs[i].Key)
			}
			keys[i] = secs[i].Key
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(competitionID), Action: "sections.replace",
			ObjectType: "competition", ObjectID: competitionID, Details: map[string]any{"keys": keys}})
	})
	return secs, err
}
