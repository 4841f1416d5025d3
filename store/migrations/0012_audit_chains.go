package migrations

// auditChains lets one scope (a competition, or global) hold many audit
// chains: the scope's own (chain ”) and one per object whose changes come
// fast and side by side, such as each scorecard (chain 'assignment:<id>'), so
// two judges saving at once no longer append to the same chain and wait on
// one lock. audit_heads records the head and length of every chain; an
// append claims its chain's row there (held to commit), which serializes
// appends to one chain and nothing else, and verifying compares every chain
// with its recorded head, so removing a chain's last rows, or a whole chain,
// shows. The fork guarantee of 0006 becomes unique (scope, chain, prev_hash).
// Existing chains are converted by recording their heads; their rows and
// hashes stay as they are (a row of chain ” hashes as before).
const auditChains = `
ALTER TABLE audit_log ADD COLUMN chain VARCHAR(64) NOT NULL DEFAULT '';
CREATE INDEX audit_log_scope_chain ON audit_log(scope, chain, id);
CREATE TABLE audit_heads (
	scope VARCHAR(64) NOT NULL,
	chain VARCHAR(64) NOT NULL,
	entries BIGINT NOT NULL,
	head VARCHAR(64) NOT NULL,
	PRIMARY KEY (scope, chain)
);
INSERT INTO audit_heads (scope, chain, entries, head)
SELECT a.scope, '', COUNT(*), (SELECT b.hash FROM audit_log b WHERE b.scope = a.scope ORDER BY b.id DESC LIMIT 1)
FROM audit_log a GROUP BY a.scope;
`
