package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// chain collects the audit events of one scope and writes them as rows
// linked exactly as store.Audit links them (store.AuditHash over the row and
// the previous row's hash), in time order, after the rows already there.
type chain struct {
	scope  string
	events []event
}

type event struct {
	at      time.Time
	actor   models.User
	action  string
	objType string
	objID   int64
	details map[string]any
}

func newChain(scope string) *chain { return &chain{scope: scope} }

func (c *chain) add(at time.Time, actor models.User, action, objType string, objID int64, details map[string]any) {
	c.events = append(c.events, event{at: at, actor: actor, action: action, objType: objType, objID: objID, details: details})
}

// flush writes the collected events after the chain's current head and
// forgets them. The head is read from the database, so rows the real code
// appended in between (through the router) stay in the chain.
func (c *chain) flush(g *generator) (int, error) {
	slices.SortStableFunc(c.events, func(a, b event) int { return a.at.Compare(b.at) })
	var head models.AuditEntry
	err := g.db.Where("scope = ? AND chain = ''", c.scope).Order("id DESC").Limit(1).Take(&head).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, err
	}
	prev := head.Hash
	rows := make([]models.AuditEntry, len(c.events))
	for i, e := range c.events {
		if e.details == nil {
			e.details = map[string]any{}
		}
		d, err := json.Marshal(e.details)
		if err != nil {
			return 0, err
		}
		r := models.AuditEntry{Scope: c.scope, At: e.at.UTC().Truncate(time.Microsecond), ActorEmail: e.actor.Email,
			Action: e.action, ObjectType: e.objType, ObjectID: e.objID, Details: string(d), PrevHash: prev}
		if e.actor.ID != 0 {
			id := e.actor.ID
			r.ActorID = &id
		}
		r.Hash = store.AuditHash(r)
		prev = r.Hash
		rows[i] = r
	}
	c.events = nil
	if len(rows) == 0 {
		return 0, nil
	}
	if err := g.fastBulk(&rows, 1000); err != nil {
		return 0, err
	}
	// Record the chain's new head as store.Audit does (audit_heads), so the
	// real code appends after these rows and verifying finds them whole.
	var n int64
	if err := g.db.Model(&models.AuditEntry{}).Where("scope = ? AND chain = ''", c.scope).Count(&n).Error; err != nil {
		return 0, err
	}
	err = g.db.Exec(`INSERT INTO audit_heads (scope, chain, entries, head) VALUES (?, '', ?, ?)
		ON CONFLICT (scope, chain) DO UPDATE SET entries = excluded.entries, head = excluded.head`, c.scope, n, prev).Error
	return len(rows), err
}

// bulk inserts rows in batches inside one transaction: one commit per table
// instead of one per batch (SQLite above all).
func (g *generator) bulk(rows any, batch int) error {
	return g.db.Transaction(func(tx *gorm.DB) error {
		return tx.CreateInBatches(rows, batch).Error
	})
}

// fastBulk inserts rows (a pointer to a slice of models) without reading
// ids back. On SQLite it runs one prepared single-row INSERT per row inside
// one transaction, through database/sql: the pure-Go SQLite spends most of
// GORM's batched path on binding tens of thousands of parameters and on
// reflection, three to four times longer. The columns come from GORM's own
// schema of the model (an integer primary key left at zero is left to the
// database), so the rows are written exactly as GORM would write them. On
// PostgreSQL it is bulk, whose multi-row INSERTs are the fast path there.
func (g *generator) fastBulk(rows any, batch int) error {
	if g.st.Dialect() != "sqlite" {
		return g.bulk(rows, batch)
	}
	rv := reflect.Indirect(reflect.ValueOf(rows))
	if rv.Len() == 0 {
		return nil
	}
	stmt := &gorm.Statement{DB: g.db}
	if err := stmt.Parse(rows); err != nil {
		return err
	}
	ctx := g.db.Statement.Context
	var fields []*schema.Field
	for _, f := range stmt.Schema.Fields {
		if f.DBName == "" || !f.Creatable {
			continue
		}
		if _, zero := f.ValueOf(ctx, rv.Index(0)); zero && f.PrimaryKey {
			continue
		}
		fields = append(fields, f)
	}
	cols := make([]string, len(fields))
	marks := make([]string, len(fields))
	for i, f := range fields {
		cols[i], marks[i] = `"`+f.DBName+`"`, "?"
	}
	query := fmt.Sprintf(`INSERT INTO "%s" (%s) VALUES (%s)`, stmt.Schema.Table, strings.Join(cols, ","), strings.Join(marks, ","))
	sqlDB, err := g.db.DB()
	if err != nil {
		return err
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ps, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer ps.Close()
	args := make([]any, len(fields))
	for i := range rv.Len() {
		row := rv.Index(i)
		for k, f := range fields {
			args[k], _ = f.ValueOf(ctx, row)
		}
		if _, err := ps.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
