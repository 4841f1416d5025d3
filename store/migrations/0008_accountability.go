package migrations

// accountability records who submitted an entry (organizers see it beside
// who created it), flags a submitted scorecard whose judge turned out to be
// conflicted (an OPD changed after the scoring), and keeps self-registrations
// pending until the address is confirmed: an account exists only once the
// mailbox's owner follows the link, so registering tells nobody whether an
// address already has an account.
const accountability = `
ALTER TABLE entries ADD COLUMN submitted_by BIGINT REFERENCES users(id);

ALTER TABLE assignments ADD COLUMN conflict_flagged_at {{time}};
ALTER TABLE assignments ADD COLUMN conflict_note VARCHAR(500) NOT NULL DEFAULT '';

CREATE TABLE registrations (
	id {{id}},
	email VARCHAR(254) NOT NULL,
	name VARCHAR(200) NOT NULL,
	organization_id BIGINT NOT NULL REFERENCES organizations(id),
	password_hash VARCHAR(200) NOT NULL,
	token_hash VARCHAR(64) NOT NULL,
	expires_at {{time}} NOT NULL,
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX registrations_token ON registrations(token_hash);
CREATE INDEX registrations_email ON registrations(email);
`
