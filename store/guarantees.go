package store

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// guarantees are the rules the schema enforces itself (migration
// 0006_guarantees), by the name of the constraint, index or trigger that
// enforces them, with what a person reads when a write breaks one. The
// application checks each of them before it writes, so a violation means a
// race or a bug; it still must reach the client as a conflict and never as an
// internal error. No name is part of another.
var guarantees = map[string]string{
	"audit_log_chain":                      "another change was recorded in the same audit chain at the same moment; try again",
	"criteria_score_range":                 "a criterion's min_score must be below its max_score",
	"entries_category_competition":         "the entry's category must be a category of the entry's competition",
	"judge_expertise_category_competition": "a judge's expertise must be a category of the same competition",
	"conflicts_entry_competition":          "a conflict of interest must name an entry of its competition",
	"publications_round_competition":       "a publication must be of a round of its competition",
	"assignments_round_entry_competition":  "an assignment's entry must be of the round's competition",
	"round_entries_competition":            "a round's entries must be of the round's competition",
	"competition_fixed":                    "an entry, round or category cannot move to another competition",
}

// guaranteeError returns the conflict for err when err is a violation of one
// of the guarantees, else nil. PostgreSQL names the constraint in its message
// and SQLite's triggers raise the name as theirs, so the message is enough on
// both. (SQLite's driver reports a unique index violation without the index's
// name; Audit translates that case itself.) A delete of a row that others
// still refer to may trip a composite foreign key on PostgreSQL as well as the
// plain one; it is left to translate, which says the row is still referenced.
func guaranteeError(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "update or delete on table") {
		return nil
	}
	for name, text := range guarantees {
		if strings.Contains(msg, name) {
			return &ConflictError{Msg: text}
		}
	}
	return nil
}

// migrating marks the context of a migration run: a guarantee that existing
// rows break is the operator's to repair, so the migration reports the
// database's own words, which name the constraint and the rows.
type migrating struct{}

// registerGuarantees makes every write through db report a broken guarantee
// as a ConflictError, whichever store method (or raw statement) made it, so
// no call site has to remember to translate it.
func registerGuarantees(db *gorm.DB) error {
	translateGuarantee := func(tx *gorm.DB) {
		if ctx := tx.Statement.Context; ctx != nil && ctx.Value(migrating{}) != nil {
			return
		}
		if tx.Error != nil {
			if g := guaranteeError(tx.Error); g != nil {
				tx.Error = g
			}
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().Register("juri:guarantees", translateGuarantee),
		cb.Update().Register("juri:guarantees", translateGuarantee),
		cb.Delete().Register("juri:guarantees", translateGuarantee),
		cb.Raw().Register("juri:guarantees", translateGuarantee),
		cb.Row().Register("juri:guarantees", translateGuarantee),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// migrationContext is the context that Migrate runs in.
func migrationContext() context.Context {
	return context.WithValue(context.Background(), migrating{}, true)
}
