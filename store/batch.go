package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/juri-id/juri/models"
)

// Statements that write many rows bind at most a budget of parameters,
// which sets how many rows go in one statement (batchSize). PostgreSQL takes
// up to 65,535 parameters and binds them in linear time; 5,000 keep a
// statement small. SQLite takes 32,766 (SQLITE_MAX_VARIABLE_NUMBER of
// modernc.org/sqlite), but its driver (glebarez/go-sqlite) looks each
// parameter up among all arguments, which is quadratic in their number, so
// its statements stay short; the figure is measured (docs/benchmarks.md).
var paramBudget = map[string]int{"postgres": 5000, "sqlite": 500}

// batchSize is how many rows of columns values one statement writes.
func (s *Store) batchSize(columns int) int {
	return max(1, paramBudget[s.Dialect()]/columns)
}

// rowsPerInsert is batchSize for inserting rows of model, which bind every
// column but the id.
func (s *Store) rowsPerInsert(model any) int {
	stmt := &gorm.Statement{DB: s.db}
	if err := stmt.Parse(model); err != nil {
		// No model: the insert itself fails on it and says why.
		return 1
	}
	return s.batchSize(max(1, len(stmt.Schema.DBNames)-1))
}

// chunks cuts xs into pieces of at most n.
func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

// column is one column that updateByID sets, with its SQL type: PostgreSQL
// cannot infer the type of a parameter inside VALUES, so every value is cast.
// Names come from the code, never from input.
type column struct {
	name, sqlType string
}

// updateByID gives many rows of table their own values in one statement per
// batch: UPDATE table SET col = v.columnN FROM (VALUES (id, ...), ...) AS v
// WHERE table.id = v.column1 (VALUES names its columns column1, column2, ...
// on both databases; SQLite runs UPDATE ... FROM since 3.33). Each row of rows
// is the id followed by one value per column; set holds columns that take the
// same value in every row. It returns how many rows it changed.
func (s *Store) updateByID(ctx context.Context, table string, cols []column, rows [][]any, set map[string]any) (int64, error) {
	var changed int64
	for _, part := range chunks(rows, s.batchSize(len(cols)+1)) {
		var sql strings.Builder
		var args []any
		fmt.Fprintf(&sql, "UPDATE %s SET ", table)
		for i, c := range cols {
			if i > 0 {
				sql.WriteString(", ")
			}
			fmt.Fprintf(&sql, "%s = v.column%d", c.name, i+2)
		}
		for _, name := range slices.Sorted(maps.Keys(set)) {
			fmt.Fprintf(&sql, ", %s = ?", name)
			args = append(args, set[name])
		}
		sql.WriteString(" FROM (VALUES ")
		for i, r := range part {
			if len(r) != len(cols)+1 {
				return changed, fmt.Errorf("updateByID %s: row of %d values for %d columns", table, len(r), len(cols))
			}
			if i > 0 {
				sql.WriteString(", ")
			}
			sql.WriteString("(CAST(? AS BIGINT)")
			for _, c := range cols {
				fmt.Fprintf(&sql, ", CAST(? AS %s)", c.sqlType)
			}
			sql.WriteString(")")
			args = append(args, r...)
		}
		fmt.Fprintf(&sql, ") AS v WHERE %s.id = v.column1", table)
		res := s.q(ctx).Exec(sql.String(), args...)
		if res.Error != nil {
			return changed, res.Error
		}
		changed += res.RowsAffected
	}
	return changed, nil
}

// organizationIDs maps those of codes that name an OPD to its id, looking
// them up in batches.
func (s *Store) organizationIDs(ctx context.Context, codes []string) (map[string]int64, error) {
	m := map[string]int64{}
	for _, part := range chunks(distinct(codes), s.batchSize(1)) {
		var orgs []models.Organization
		if err := s.q(ctx).Select("id", "code").Where("code IN ?", part).Find(&orgs).Error; err != nil {
			return nil, err
		}
		for _, o := range orgs {
			m[o.Code] = o.ID
		}
	}
	return m, nil
}

// usersByEmail loads those of emails that name a user, keyed by e-mail, in
// batches.
func (s *Store) usersByEmail(ctx context.Context, emails []string) (map[string]models.User, error) {
	m := map[string]models.User{}
	for _, part := range chunks(distinct(emails), s.batchSize(1)) {
		var users []models.User
		if err := s.q(ctx).Where("email IN ?", part).Find(&users).Error; err != nil {
			return nil, err
		}
		for _, u := range users {
			m[u.Email] = u
		}
	}
	return m, nil
}

// distinct drops empty and repeated strings.
func distinct(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
