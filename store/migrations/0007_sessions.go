package migrations

// sessions makes a signed-in session a row that logout and a password change
// end at once (access tokens name their session), and lets password
// throttling tell the guessing client from the account's owner: failures are
// counted per account and client, and clients that signed in to an account
// before are remembered.
//
// Every refresh-token family that exists becomes a session, ended when all its
// tokens were revoked, so people signed in before the upgrade stay signed in.
const sessions = `
CREATE TABLE sessions (
	id VARCHAR(64) PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at {{time}} NOT NULL,
	revoked_at {{time}}
);
CREATE INDEX sessions_user ON sessions(user_id);
INSERT INTO sessions (id, user_id, created_at, revoked_at)
	SELECT family_id, MIN(user_id), MIN(created_at),
		CASE WHEN COUNT(revoked_at) = COUNT(*) THEN MAX(revoked_at) END
	FROM refresh_tokens GROUP BY family_id;

CREATE TABLE login_clients (
	email VARCHAR(254) NOT NULL,
	ip VARCHAR(64) NOT NULL,
	last_success_at {{time}} NOT NULL,
	PRIMARY KEY (email, ip)
);
CREATE INDEX login_failures_client ON login_failures(email, ip, failed_at);
`
