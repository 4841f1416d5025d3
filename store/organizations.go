package store

import (
	"context"
	"strings"

	"github.com/juri-id/juri/models"
)

// OrganizationFilter narrows ListOrganizations.
type OrganizationFilter struct {
	Q    string
	Kind string
}

// ListOrganizations lists OPDs by code.
func (s *Store) ListOrganizations(ctx context.Context, f OrganizationFilter, p Page) ([]models.Organization, int64, error) {
	q := s.q(ctx).Model(&models.Organization{})
	if f.Q != "" {
		like := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(code) LIKE ? ESCAPE '\\')", like, like)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var orgs []models.Organization
	err := q.Order("code").Limit(p.Limit).Offset(p.Offset).Find(&orgs).Error
	return orgs, total, err
}

// OrganizationByID loads one OPD.
func (s *Store) OrganizationByID(ctx context.Context, id int64) (models.Organization, error) {
	var o models.Organization
	return o, notFound(s.q(ctx).Where("id = ?", id).Take(&o).Error)
}

// OrganizationsByID loads the OPDs with the given ids, keyed by id.
func (s *Store) OrganizationsByID(ctx context.Context, ids []int64) (map[int64]models.Organization, error) {
	out := map[int64]models.Organization{}
	if len(ids) == 0 {
		return out, nil
	}
	var orgs []models.Organization
	if err := s.q(ctx).Where("id IN ?", ids).Find(&orgs).Error; err != nil {
		return nil, err
	}
	for _, o := range orgs {
		out[o.ID] = o
	}
	return out, nil
}

// CreateOrganization inserts o and audits it.
func (s *Store) CreateOrganization(ctx context.Context, actor Actor, o *models.Organization) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.checkParent(ctx, 0, o.ParentID); err != nil {
			return err
		}
		if err := translate(tx.q(ctx).Create(o).Error, "an organization with this code"); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Action: "organization.create", ObjectType: "organization", ObjectID: o.ID,
			Details: map[string]any{"code": o.Code, "name": o.Name, "kind": o.Kind, "parent_id": o.ParentID}})
	})
}

// OrganizationPatch names the columns an update may change.
type OrganizationPatch struct {
	Code     *string
	Name     *string
	Kind     *string
	ParentID **int64
}

// UpdateOrganization applies p to OPD id.
func (s *Store) UpdateOrganization(ctx context.Context, actor Actor, id int64, p OrganizationPatch) (models.Organization, error) {
	var out models.Organization
	err := s.WithTx(ctx, func(tx *Store) error {
		cols := map[string]any{}
		if p.Code != nil {
			cols["code"] = *p.Code
		}
		if p.Name != nil {
			cols["name"] = *p.Name
		}
		if p.Kind != nil {
			cols["kind"] = *p.Kind
		}
		if p.ParentID != nil {
			if err := tx.checkParent(ctx, id, *p.ParentID); err != nil {
				return err
			}
			cols["parent_id"] = *p.ParentID
		}
		if _, err := tx.OrganizationByID(ctx, id); err != nil {
			return err
		}
		if len(cols) > 0 {
			cols["updated_at"] = tx.Now()
			if err := translate(tx.q(ctx).Model(&models.Organization{}).Where("id = ?", id).Updates(cols).Error, "an organization with this code"); err != nil {
				return err
			}
		}
		o, err := tx.OrganizationByID(ctx, id)
		out = o
		if err != nil {
			return err
		}
		delete(cols, "updated_at")
		return tx.Audit(ctx, actor, AuditEvent{Action: "organization.update", ObjectType: "organization", ObjectID: id, Details: cols})
	})
	return out, err
}

// checkParent refuses a parent that does not exist or that would make a cycle.
func (s *Store) checkParent(ctx context.Context, id int64, parent *int64) error {
	seen := map[int64]bool{id: true}
	for p := parent; p != nil; {
		if seen[*p] {
			return errAncestor
		}
		seen[*p] = true
		o, err := s.OrganizationByID(ctx, *p)
		if err != nil {
			return missingParent(*p)
		}
		p = o.ParentID
	}
	return nil
}

// parentChainError is checkParent for OPD id over parents, every OPD's parent
// loaded at once.
func parentChainError(parents map[int64]*int64, id int64) error {
	seen := map[int64]bool{id: true}
	for p := parents[id]; p != nil; {
		if seen[*p] {
			return errAncestor
		}
		seen[*p] = true
		next, ok := parents[*p]
		if !ok {
			return missingParent(*p)
		}
		p = next
	}
	return nil
}

var errAncestor = Conflict("parent_id would make an organization its own ancestor")

func missingParent(id int64) error { return Conflict("parent organization %d does not exist", id) }

// DeleteOrganization removes an OPD that nothing references. The foreign keys
// (users, entries, child OPDs) refuse the delete otherwise.
func (s *Store) DeleteOrganization(ctx context.Context, actor Actor, id int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		o, err := tx.OrganizationByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.q(ctx).Delete(&models.Organization{}, id).Error; err != nil {
			if translate(err, "") != err {
				return Conflict("organization %s is still referenced by users, entries or other organizations", o.Code)
			}
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Action: "organization.delete", ObjectType: "organization", ObjectID: id,
			Details: map[string]any{"code": o.Code, "name": o.Name}})
	})
}
