package migrations

// results creates immutable publications of a round's results, public
// objections to them, and the outbox of notifications to send.
const results = `
CREATE TABLE publications (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id),
	round_id BIGINT NOT NULL REFERENCES rounds(id),
	version INTEGER NOT NULL,
	title VARCHAR(300) NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	method VARCHAR(16) NOT NULL DEFAULT '',
	normalize VARCHAR(16) NOT NULL DEFAULT '',
	entries {{json}} NOT NULL,
	digest VARCHAR(64) NOT NULL,
	published_at {{time}} NOT NULL,
	objections_close_at {{time}},
	created_by BIGINT REFERENCES users(id)
);
CREATE UNIQUE INDEX publications_version ON publications(round_id, version);
CREATE INDEX publications_published ON publications(published_at);

CREATE TABLE objections (
	id {{id}},
	publication_id BIGINT NOT NULL REFERENCES publications(id),
	entry_id BIGINT NOT NULL REFERENCES entries(id),
	name VARCHAR(200) NOT NULL,
	email VARCHAR(254) NOT NULL,
	text TEXT NOT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
	response TEXT NOT NULL DEFAULT '',
	ip VARCHAR(64) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	answered_at {{time}},
	answered_by BIGINT REFERENCES users(id)
);
CREATE INDEX objections_publication ON objections(publication_id);

CREATE TABLE outbox (
	id {{id}},
	kind VARCHAR(32) NOT NULL,
	recipient VARCHAR(254) NOT NULL,
	subject VARCHAR(300) NOT NULL,
	body TEXT NOT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'unsent')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at {{time}} NOT NULL,
	claimed_until {{time}},
	last_error TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	sent_at {{time}}
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
`
