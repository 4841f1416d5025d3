package store

import (
	"context"
	"strings"

	"github.com/juri-id/juri/models"
)

// UserFilter narrows ListUsers.
type UserFilter struct {
	Q              string // matches name or e-mail, case-insensitive
	Role           models.Role
	OrganizationID int64
	Verified       *bool
}

// CreateUser inserts u and audits it. The e-mail must be normalized by the caller.
func (s *Store) CreateUser(ctx context.Context, actor Actor, u *models.User) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := translate(tx.q(ctx).Create(u).Error, "a user with this e-mail"); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Action: "user.create", ObjectType: "user", ObjectID: u.ID,
			Details: map[string]any{"email": u.Email, "role": u.Role, "organization_id": u.OrganizationID}})
	})
}

// UsersByID loads the users with ids, by id.
func (s *Store) UsersByID(ctx context.Context, ids []int64) (map[int64]models.User, error) {
	out := map[int64]models.User{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []models.User
	if err := s.q(ctx).Where("id IN ?", ids).Find(&us).Error; err != nil {
		return nil, err
	}
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}

// UserByID loads one user.
func (s *Store) UserByID(ctx context.Context, id int64) (models.User, error) {
	var u models.User
	err := s.q(ctx).Where("id = ?", id).Take(&u).Error
	return u, notFound(err)
}

// UserByEmail loads one user by normalized e-mail.
func (s *Store) UserByEmail(ctx context.Context, email string) (models.User, error) {
	var u models.User
	err := s.q(ctx).Where("email = ?", email).Take(&u).Error
	return u, notFound(err)
}

// ListUsers lists users by name.
func (s *Store) ListUsers(ctx context.Context, f UserFilter, p Page) ([]models.User, int64, error) {
	q := s.q(ctx).Model(&models.User{})
	if f.Q != "" {
		like := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", like, like)
	}
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.OrganizationID != 0 {
		q = q.Where("organization_id = ?", f.OrganizationID)
	}
	if f.Verified != nil {
		q = q.Where("verified = ?", *f.Verified)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var users []models.User
	err := q.Order("name, id").Limit(p.Limit).Offset(p.Offset).Find(&users).Error
	return users, total, err
}

// UserPatch names the columns an update may change; nil leaves a column alone.
type UserPatch struct {
	Name           *string
	Role           *models.Role
	OrganizationID **int64 // set to a nil *int64 to clear
	Disabled       *bool
	PasswordHash   *string
	Verified       *bool
	// KeepSession is the session that survives a new password (the one that
	// changed it); every other session of the user ends.
	KeepSession string
}

func (p UserPatch) columns() map[string]any {
	m := map[string]any{}
	if p.Name != nil {
		m["name"] = *p.Name
	}
	if p.Role != nil {
		m["role"] = *p.Role
	}
	if p.OrganizationID != nil {
		m["organization_id"] = *p.OrganizationID
	}
	if p.Disabled != nil {
		m["disabled"] = *p.Disabled
	}
	if p.PasswordHash != nil {
		m["password_hash"] = *p.PasswordHash
	}
	if p.Verified != nil {
		m["verified"] = *p.Verified
	}
	return m
}

// UpdateUser applies p to user id. Disabling a user or changing the password
// revokes every refresh token, so other sessions end at their next refresh.
func (s *Store) UpdateUser(ctx context.Context, actor Actor, id int64, p UserPatch) (models.User, error) {
	var out models.User
	err := s.WithTx(ctx, func(tx *Store) error {
		cols := p.columns()
		if len(cols) > 0 {
			cols["updated_at"] = tx.Now()
			res := tx.q(ctx).Model(&models.User{}).Where("id = ?", id).Updates(cols)
			if err := translate(res.Error, "user"); err != nil {
				return err
			}
			if res.RowsAffected == 0 {
				return ErrNotFound
			}
		}
		u, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if p.OrganizationID != nil || p.Role != nil {
			// A judge whose OPD changed may now hold entries of their own OPD.
			if err := tx.recheckJudge(ctx, actor, u); err != nil {
				return err
			}
		}
		if (p.Disabled != nil && *p.Disabled) || p.PasswordHash != nil {
			keep := p.KeepSession
			if p.Disabled != nil && *p.Disabled {
				keep = ""
			}
			if err := tx.revokeUserSessions(ctx, id, keep); err != nil {
				return err
			}
		}
		out = u
		details := map[string]any{}
		for k, v := range cols {
			if k != "password_hash" && k != "updated_at" {
				details[k] = v
			}
		}
		if p.PasswordHash != nil {
			details["password"] = "changed"
		}
		return tx.Audit(ctx, actor, AuditEvent{Action: "user.update", ObjectType: "user", ObjectID: id, Details: details})
	})
	return out, err
}

// escapeLike escapes LIKE wildcards in user input; the pattern uses '\' as escape.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountActiveAdmins counts admins who are not disabled.
func (s *Store) CountActiveAdmins(ctx context.Context) (int64, error) {
	var n int64
	err := s.q(ctx).Model(&models.User{}).Where("role = ? AND disabled = ?", models.RoleAdmin, false).Count(&n).Error
	return n, err
}
