package migrations

// guarantees makes the database itself refuse rows that the application
// already refuses, so that no bug, race or hand-written SQL can store them:
//
//   - audit_log_chain: an audit chain cannot fork; no two rows of a scope name
//     the same previous hash (the first row of a scope, whose prev_hash is
//     empty, is therefore the only one).
//   - criteria_score_range: a criterion's min_score is below its max_score.
//   - entries_category_competition: an entry's category is one of the entry's
//     competition.
//   - judge_expertise_category_competition, conflicts_entry_competition,
//     publications_round_competition, assignments_round_entry_competition and
//     round_entries_competition: every other row that names two objects of a
//     competition names two of the same competition.
//   - competition_fixed: an entry, a round or a category never moves to another
//     competition, so that a check made when a row referring to it was written
//     stays true.
//
// The store turns a violation into a conflict error by these names
// (store/guarantees.go), so they must not change. SQLite cannot add
// constraints to existing tables, so it gets triggers; PostgreSQL gets CHECK
// constraints and composite foreign keys where the row holds both columns,
// and triggers where it does not. A database holding a row that breaks a
// guarantee does not migrate: the migration fails naming the guarantee, and
// the rows must be repaired by hand first.
const guarantees = `
CREATE UNIQUE INDEX audit_log_chain ON audit_log(scope, prev_hash);
`

// guaranteesSQLite is the SQLite half of guarantees: BEFORE triggers. A
// trigger only fires when both referenced rows exist (a missing one makes the
// subquery NULL), so a dangling id is still reported by its foreign key.
// Existing rows are checked by touching every row that breaks a guarantee,
// which fires its trigger.
const guaranteesSQLite = `
CREATE TRIGGER criteria_score_range_insert BEFORE INSERT ON criteria
FOR EACH ROW WHEN NOT (NEW.min_score < NEW.max_score)
BEGIN SELECT RAISE(ABORT, 'criteria_score_range: min_score must be below max_score'); END;
CREATE TRIGGER criteria_score_range_update BEFORE UPDATE OF min_score, max_score ON criteria
FOR EACH ROW WHEN NOT (NEW.min_score < NEW.max_score)
BEGIN SELECT RAISE(ABORT, 'criteria_score_range: min_score must be below max_score'); END;

CREATE TRIGGER entries_category_competition_insert BEFORE INSERT ON entries
FOR EACH ROW WHEN (SELECT competition_id FROM categories WHERE id = NEW.category_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'entries_category_competition: the category is of another competition'); END;
CREATE TRIGGER entries_category_competition_update BEFORE UPDATE OF category_id, competition_id ON entries
FOR EACH ROW WHEN (SELECT competition_id FROM categories WHERE id = NEW.category_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'entries_category_competition: the category is of another competition'); END;

CREATE TRIGGER judge_expertise_category_competition_insert BEFORE INSERT ON judge_expertise
FOR EACH ROW WHEN (SELECT competition_id FROM categories WHERE id = NEW.category_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'judge_expertise_category_competition: the category is of another competition'); END;
CREATE TRIGGER judge_expertise_category_competition_update BEFORE UPDATE OF category_id, competition_id ON judge_expertise
FOR EACH ROW WHEN (SELECT competition_id FROM categories WHERE id = NEW.category_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'judge_expertise_category_competition: the category is of another competition'); END;

CREATE TRIGGER conflicts_entry_competition_insert BEFORE INSERT ON conflicts
FOR EACH ROW WHEN (SELECT competition_id FROM entries WHERE id = NEW.entry_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'conflicts_entry_competition: the entry is of another competition'); END;
CREATE TRIGGER conflicts_entry_competition_update BEFORE UPDATE OF entry_id, competition_id ON conflicts
FOR EACH ROW WHEN (SELECT competition_id FROM entries WHERE id = NEW.entry_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'conflicts_entry_competition: the entry is of another competition'); END;

CREATE TRIGGER publications_round_competition_insert BEFORE INSERT ON publications
FOR EACH ROW WHEN (SELECT competition_id FROM rounds WHERE id = NEW.round_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'publications_round_competition: the round is of another competition'); END;
CREATE TRIGGER publications_round_competition_update BEFORE UPDATE OF round_id, competition_id ON publications
FOR EACH ROW WHEN (SELECT competition_id FROM rounds WHERE id = NEW.round_id) <> NEW.competition_id
BEGIN SELECT RAISE(ABORT, 'publications_round_competition: the round is of another competition'); END;

CREATE TRIGGER assignments_round_entry_competition_insert BEFORE INSERT ON assignments
FOR EACH ROW WHEN (SELECT competition_id FROM rounds WHERE id = NEW.round_id) <> (SELECT competition_id FROM entries WHERE id = NEW.entry_id)
BEGIN SELECT RAISE(ABORT, 'assignments_round_entry_competition: the entry is of another competition than the round'); END;
CREATE TRIGGER assignments_round_entry_competition_update BEFORE UPDATE OF round_id, entry_id ON assignments
FOR EACH ROW WHEN (SELECT competition_id FROM rounds WHERE id = NEW.round_id) <> (SELECT competition_id FROM entries WHERE id = NEW.entry_id)
BEGIN SELECT RAISE(ABORT, 'assignments_round_entry_competition: the entry is of another competition than the round'); END;

CREATE TRIGGER round_entries_competition_insert BEFORE INSERT ON round_entries
FOR EACH ROW WHEN (SELECT competition_id FROM rounds WHERE id = NEW.round_id) <> (SELECT competition_id FROM entries WHERE id = NEW.entry_id)
BEGIN SELECT RAISE(ABORT, 'round_entries_competition: the entry is of another competition than the round'); END;
CREATE TRIGGER round_entries_competition_update BEFORE UPDATE OF round_id, entry_id ON round_entries
FOR EACH ROW WHEN (SELECT competition_id FROM rounds WHERE id = NEW.round_id) <> (SELECT competition_id FROM entries WHERE id = NEW.entry_id)
BEGIN SELECT RAISE(ABORT, 'round_entries_competition: the entry is of another competition than the round'); END;

CREATE TRIGGER entries_competition_fixed BEFORE UPDATE OF competition_id ON entries
FOR EACH ROW WHEN NEW.competition_id <> OLD.competition_id
BEGIN SELECT RAISE(ABORT, 'competition_fixed: an entry never moves to another competition'); END;
CREATE TRIGGER rounds_competition_fixed BEFORE UPDATE OF competition_id ON rounds
FOR EACH ROW WHEN NEW.competition_id <> OLD.competition_id
BEGIN SELECT RAISE(ABORT, 'competition_fixed: a round never moves to another competition'); END;
CREATE TRIGGER categories_competition_fixed BEFORE UPDATE OF competition_id ON categories
FOR EACH ROW WHEN NEW.competition_id <> OLD.competition_id
BEGIN SELECT RAISE(ABORT, 'competition_fixed: a category never moves to another competition'); END;

UPDATE criteria SET min_score = min_score WHERE NOT (min_score < max_score);
UPDATE entries SET category_id = category_id
WHERE (SELECT competition_id FROM categories WHERE id = entries.category_id) <> entries.competition_id;
UPDATE judge_expertise SET category_id = category_id
WHERE (SELECT competition_id FROM categories WHERE id = judge_expertise.category_id) <> judge_expertise.competition_id;
UPDATE conflicts SET entry_id = entry_id
WHERE (SELECT competition_id FROM entries WHERE id = conflicts.entry_id) <> conflicts.competition_id;
UPDATE publications SET round_id = round_id
WHERE (SELECT competition_id FROM rounds WHERE id = publications.round_id) <> publications.competition_id;
UPDATE assignments SET round_id = round_id
WHERE (SELECT competition_id FROM rounds WHERE id = assignments.round_id) <> (SELECT competition_id FROM entries WHERE id = assignments.entry_id);
UPDATE round_entries SET round_id = round_id
WHERE (SELECT competition_id FROM rounds WHERE id = round_entries.round_id) <> (SELECT competition_id FROM entries WHERE id = round_entries.entry_id);
`

// guaranteesPostgres is the PostgreSQL half of guarantees. Constraints check
// the rows that exist when they are added; the two trigger-only guarantees
// check them by touching every row that breaks them, as on SQLite. Their
// triggers run once per statement over its new rows (a transition table), so
// that a batch of thousands of assignments costs one join, not one query per
// row; a transition table cannot be limited to some columns, so an UPDATE of
// any column checks the rows it changed.
const guaranteesPostgres = `
ALTER TABLE criteria ADD CONSTRAINT criteria_score_range CHECK (min_score < max_score);

CREATE UNIQUE INDEX categories_competition_id ON categories(competition_id, id);
CREATE UNIQUE INDEX entries_competition_id ON entries(competition_id, id);
CREATE UNIQUE INDEX rounds_competition_id ON rounds(competition_id, id);
ALTER TABLE entries ADD CONSTRAINT entries_category_competition
	FOREIGN KEY (competition_id, category_id) REFERENCES categories(competition_id, id);
ALTER TABLE judge_expertise ADD CONSTRAINT judge_expertise_category_competition
	FOREIGN KEY (competition_id, category_id) REFERENCES categories(competition_id, id) ON DELETE CASCADE;
ALTER TABLE conflicts ADD CONSTRAINT conflicts_entry_competition
	FOREIGN KEY (competition_id, entry_id) REFERENCES entries(competition_id, id);
ALTER TABLE publications ADD CONSTRAINT publications_round_competition
	FOREIGN KEY (competition_id, round_id) REFERENCES rounds(competition_id, id);

CREATE FUNCTION juri_round_entry_competition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM changed c JOIN rounds r ON r.id = c.round_id JOIN entries e ON e.id = c.entry_id
	           WHERE r.competition_id <> e.competition_id) THEN
		RAISE EXCEPTION '%: the entry is of another competition than the round', TG_ARGV[0]
			USING ERRCODE = 'check_violation', CONSTRAINT = TG_ARGV[0], TABLE = TG_TABLE_NAME;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER assignments_round_entry_competition_insert AFTER INSERT ON assignments
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
	EXECUTE FUNCTION juri_round_entry_competition('assignments_round_entry_competition');
CREATE TRIGGER assignments_round_entry_competition_update AFTER UPDATE ON assignments
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
	EXECUTE FUNCTION juri_round_entry_competition('assignments_round_entry_competition');
CREATE TRIGGER round_entries_competition_insert AFTER INSERT ON round_entries
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
	EXECUTE FUNCTION juri_round_entry_competition('round_entries_competition');
CREATE TRIGGER round_entries_competition_update AFTER UPDATE ON round_entries
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
	EXECUTE FUNCTION juri_round_entry_competition('round_entries_competition');

CREATE FUNCTION juri_competition_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.competition_id <> OLD.competition_id THEN
		RAISE EXCEPTION 'competition_fixed: a row of % never moves to another competition', TG_TABLE_NAME
			USING ERRCODE = 'check_violation', CONSTRAINT = 'competition_fixed', TABLE = TG_TABLE_NAME;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER entries_competition_fixed BEFORE UPDATE OF competition_id ON entries
	FOR EACH ROW EXECUTE FUNCTION juri_competition_fixed();
CREATE TRIGGER rounds_competition_fixed BEFORE UPDATE OF competition_id ON rounds
	FOR EACH ROW EXECUTE FUNCTION juri_competition_fixed();
CREATE TRIGGER categories_competition_fixed BEFORE UPDATE OF competition_id ON categories
	FOR EACH ROW EXECUTE FUNCTION juri_competition_fixed();

UPDATE assignments SET round_id = round_id
WHERE (SELECT competition_id FROM rounds WHERE id = assignments.round_id) <> (SELECT competition_id FROM entries WHERE id = assignments.entry_id);
UPDATE round_entries SET round_id = round_id
WHERE (SELECT competition_id FROM rounds WHERE id = round_entries.round_id) <> (SELECT competition_id FROM entries WHERE id = round_entries.entry_id);
`
