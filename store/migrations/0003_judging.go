package migrations

// judging creates conflicts of interest, assignments of judges to entries in a
// round, and scorecards with one score per criterion.
const judging = `
CREATE TABLE conflicts (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
	judge_id BIGINT NOT NULL REFERENCES users(id),
	organization_id BIGINT REFERENCES organizations(id),
	entry_id BIGINT REFERENCES entries(id),
	reason TEXT NOT NULL DEFAULT '',
	source VARCHAR(16) NOT NULL CHECK (source IN ('declared', 'organizer', 'recusal')),
	created_by BIGINT REFERENCES users(id),
	created_at {{time}} NOT NULL,
	CHECK ((organization_id IS NULL) <> (entry_id IS NULL))
);
CREATE UNIQUE INDEX conflicts_by_organization ON conflicts(competition_id, judge_id, organization_id) WHERE organization_id IS NOT NULL;
CREATE UNIQUE INDEX conflicts_by_entry ON conflicts(competition_id, judge_id, entry_id) WHERE entry_id IS NOT NULL;

CREATE TABLE assignments (
	id {{id}},
	round_id BIGINT NOT NULL REFERENCES rounds(id),
	entry_id BIGINT NOT NULL REFERENCES entries(id),
	judge_id BIGINT NOT NULL REFERENCES users(id),
	source VARCHAR(16) NOT NULL CHECK (source IN ('auto', 'manual', 'reassign')),
	created_by BIGINT REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX assignments_unique ON assignments(round_id, entry_id, judge_id);
CREATE INDEX assignments_judge ON assignments(judge_id, round_id);
CREATE INDEX assignments_entry ON assignments(entry_id);

CREATE TABLE scorecards (
	id {{id}},
	assignment_id BIGINT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
	status VARCHAR(16) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
	version INTEGER NOT NULL DEFAULT 1,
	comment TEXT NOT NULL DEFAULT '',
	submitted_at {{time}},
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX scorecards_assignment ON scorecards(assignment_id);

CREATE TABLE scores (
	scorecard_id BIGINT NOT NULL REFERENCES scorecards(id) ON DELETE CASCADE,
	criterion_id BIGINT NOT NULL REFERENCES criteria(id),
	value DOUBLE PRECISION,
	comment TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (scorecard_id, criterion_id)
);
`
