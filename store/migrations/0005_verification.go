package migrations

// verification marks which participants an admin has confirmed as staff of
// their OPD. Accounts that existed before were made by admins: verified.
const verification = `
ALTER TABLE users ADD COLUMN verified BOOLEAN NOT NULL DEFAULT TRUE;
`
