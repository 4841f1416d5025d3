package migrations

// publicVersion is one counter that every change to what a public
// publication shows bumps in the change's own transaction: a publication
// written, changed or removed (a new version changes every older one's
// latest_version_id), an objection answered, reopened or removed once
// answered, a competition's name or year or a round's name changed (the
// public document names them live). Processes that keep rendered
// publications in memory compare their copy's counter with this one row
// (handlers/public_cache.go, docs/architecture.md). Triggers bump it, so
// whatever writes the rows, this binary or a hand-made UPDATE, the caches see
// it.
const publicVersion = `
CREATE TABLE public_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);
INSERT INTO public_version (id, version) VALUES (1, 1);
`

const publicVersionSQLite = `
CREATE TRIGGER public_version_publications_insert AFTER INSERT ON publications
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_publications_update AFTER UPDATE ON publications
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_publications_delete AFTER DELETE ON publications
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_objections_insert AFTER INSERT ON objections
FOR EACH ROW WHEN NEW.status <> 'open'
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_objections_update AFTER UPDATE ON objections
FOR EACH ROW WHEN OLD.status <> 'open' OR NEW.status <> 'open'
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_objections_delete AFTER DELETE ON objections
FOR EACH ROW WHEN OLD.status <> 'open'
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_competitions_update AFTER UPDATE OF name, year ON competitions
FOR EACH ROW WHEN OLD.name IS NOT NEW.name OR OLD.year IS NOT NEW.year
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER public_version_rounds_update AFTER UPDATE OF name ON rounds
FOR EACH ROW WHEN OLD.name IS NOT NEW.name
BEGIN UPDATE public_version SET version = version + 1 WHERE id = 1; END;
`

const publicVersionPostgres = `
CREATE FUNCTION public_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE public_version SET version = version + 1 WHERE id = 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER public_version_publications AFTER INSERT OR UPDATE OR DELETE ON publications
FOR EACH STATEMENT EXECUTE FUNCTION public_version_bump();
CREATE TRIGGER public_version_objections_insert AFTER INSERT ON objections
FOR EACH ROW WHEN (NEW.status <> 'open') EXECUTE FUNCTION public_version_bump();
CREATE TRIGGER public_version_objections_update AFTER UPDATE ON objections
FOR EACH ROW WHEN (OLD.status <> 'open' OR NEW.status <> 'open') EXECUTE FUNCTION public_version_bump();
CREATE TRIGGER public_version_objections_delete AFTER DELETE ON objections
FOR EACH ROW WHEN (OLD.status <> 'open') EXECUTE FUNCTION public_version_bump();
CREATE TRIGGER public_version_competitions AFTER UPDATE OF name, year ON competitions
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.year IS DISTINCT FROM NEW.year)
EXECUTE FUNCTION public_version_bump();
CREATE TRIGGER public_version_rounds AFTER UPDATE OF name ON rounds
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION public_version_bump();
`
