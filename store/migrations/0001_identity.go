package migrations

// identity creates organizations (OPD), users, refresh tokens, login failures and
// the audit log.
const identity = `
CREATE TABLE organizations (
	id {{id}},
	code VARCHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	kind VARCHAR(32) NOT NULL,
	parent_id BIGINT REFERENCES organizations(id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX organizations_code ON organizations(code);

CREATE TABLE users (
	id {{id}},
	email VARCHAR(254) NOT NULL,
	name VARCHAR(200) NOT NULL,
	role VARCHAR(16) NOT NULL CHECK (role IN ('admin', 'organizer', 'judge', 'participant')),
	organization_id BIGINT REFERENCES organizations(id),
	password_hash VARCHAR(200) NOT NULL DEFAULT '',
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX users_email ON users(email);
CREATE INDEX users_organization ON users(organization_id);

CREATE TABLE refresh_tokens (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	family_id VARCHAR(64) NOT NULL,
	token_hash VARCHAR(64) NOT NULL,
	expires_at {{time}} NOT NULL,
	used_at {{time}},
	revoked_at {{time}},
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX refresh_tokens_hash ON refresh_tokens(token_hash);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);

CREATE TABLE login_failures (
	id {{id}},
	email VARCHAR(254) NOT NULL,
	ip VARCHAR(64) NOT NULL,
	failed_at {{time}} NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, failed_at);

CREATE TABLE audit_log (
	id {{id}},
	scope VARCHAR(64) NOT NULL,
	at {{time}} NOT NULL,
	actor_id BIGINT,
	actor_email VARCHAR(254) NOT NULL DEFAULT '',
	action VARCHAR(64) NOT NULL,
	object_type VARCHAR(32) NOT NULL,
	object_id BIGINT NOT NULL,
	details {{json}} NOT NULL,
	prev_hash VARCHAR(64) NOT NULL,
	hash VARCHAR(64) NOT NULL
);
CREATE INDEX audit_log_scope ON audit_log(scope, id);
CREATE UNIQUE INDEX audit_log_hash ON audit_log(hash);
`
