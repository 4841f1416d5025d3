package migrations

// competitions creates competitions and their members, categories, proposal
// sections, rounds, rubric criteria, entries, the entries of each round, and
// uploaded files.
const competitions = `
CREATE TABLE competitions (
	id {{id}},
	name VARCHAR(200) NOT NULL,
	year INTEGER NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	status VARCHAR(16) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'judging', 'closed')),
	blind BOOLEAN NOT NULL DEFAULT FALSE,
	submission_opens_at {{time}},
	submission_closes_at {{time}},
	max_entries_per_organization INTEGER NOT NULL DEFAULT 10,
	created_by BIGINT REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);

CREATE TABLE competition_members (
	competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role VARCHAR(16) NOT NULL CHECK (role IN ('organizer', 'judge')),
	created_at {{time}} NOT NULL,
	PRIMARY KEY (competition_id, user_id)
);
CREATE INDEX competition_members_user ON competition_members(user_id);

CREATE TABLE categories (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
	name VARCHAR(200) NOT NULL,
	"group" VARCHAR(32) NOT NULL DEFAULT 'umum',
	position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX categories_competition ON categories(competition_id, position);

CREATE TABLE judge_expertise (
	competition_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
	PRIMARY KEY (competition_id, user_id, category_id),
	FOREIGN KEY (competition_id, user_id) REFERENCES competition_members(competition_id, user_id) ON DELETE CASCADE
);

CREATE TABLE sections (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
	key VARCHAR(64) NOT NULL,
	title VARCHAR(200) NOT NULL,
	guidance TEXT NOT NULL DEFAULT '',
	word_limit INTEGER NOT NULL DEFAULT 0,
	required BOOLEAN NOT NULL DEFAULT FALSE,
	position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sections_key ON sections(competition_id, key);

CREATE TABLE rounds (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
	name VARCHAR(200) NOT NULL,
	kind VARCHAR(16) NOT NULL CHECK (kind IN ('screening', 'scoring')),
	position INTEGER NOT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'published')),
	opens_at {{time}},
	closes_at {{time}},
	judges_per_entry INTEGER NOT NULL DEFAULT 3,
	max_per_judge INTEGER NOT NULL DEFAULT 0,
	advance_top_n INTEGER NOT NULL DEFAULT 10,
	passing_score DOUBLE PRECISION,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX rounds_competition ON rounds(competition_id, position);

CREATE TABLE criteria (
	id {{id}},
	round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
	key VARCHAR(64) NOT NULL,
	name VARCHAR(200) NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	weight DOUBLE PRECISION NOT NULL,
	min_score DOUBLE PRECISION NOT NULL,
	max_score DOUBLE PRECISION NOT NULL,
	step DOUBLE PRECISION NOT NULL DEFAULT 1,
	descriptors {{json}} NOT NULL DEFAULT '{}',
	position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX criteria_key ON criteria(round_id, key);

CREATE TABLE entries (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id),
	organization_id BIGINT NOT NULL REFERENCES organizations(id),
	category_id BIGINT REFERENCES categories(id),
	title VARCHAR(300) NOT NULL,
	sections {{json}} NOT NULL DEFAULT '{}',
	video_url VARCHAR(500) NOT NULL DEFAULT '',
	team {{json}} NOT NULL DEFAULT '[]',
	status VARCHAR(16) NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'submitted', 'returned', 'eligible', 'ineligible', 'withdrawn', 'finalist')),
	submitted_at {{time}},
	screening_reason TEXT NOT NULL DEFAULT '',
	revise_until {{time}},
	created_by BIGINT REFERENCES users(id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX entries_competition ON entries(competition_id, status);
CREATE INDEX entries_organization ON entries(organization_id);

CREATE TABLE round_entries (
	round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
	entry_id BIGINT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	created_at {{time}} NOT NULL,
	PRIMARY KEY (round_id, entry_id)
);
CREATE INDEX round_entries_entry ON round_entries(entry_id);

CREATE TABLE files (
	id {{id}},
	entry_id BIGINT NOT NULL REFERENCES entries(id),
	kind VARCHAR(16) NOT NULL CHECK (kind IN ('proposal', 'supporting')),
	filename VARCHAR(255) NOT NULL,
	content_type VARCHAR(128) NOT NULL,
	size BIGINT NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	blob_key VARCHAR(255) NOT NULL,
	uploaded_by BIGINT REFERENCES users(id),
	created_at {{time}} NOT NULL
);
CREATE INDEX files_entry ON files(entry_id);
CREATE UNIQUE INDEX files_blob_key ON files(blob_key);
`
