import type { Migration } from '../migrations';

/** accounts: admin, disabled, password changes, auth events, setup code. */
export const accountsMigration: Migration = {
	id: 3,
	name: 'accounts: admin, disabled, password changes, auth events, setup code',
	sql: /* sql */ `
-- The server's administrator(s): the first account (first-run setup) is one.
ALTER TABLE users ADD COLUMN is_admin boolean NOT NULL DEFAULT false;
-- A disabled account keeps its data and memberships but cannot sign in.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
-- A deleted account: e-mail, name and password hash are erased, the row stays so that
-- what the person made in projects still points to an id.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
UPDATE users SET is_admin = true WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1);

-- Per-account sign-in backoff ("email:<address>"): consecutive failures and the moment
-- the next attempt is allowed. Counted before the password is checked, so parallel
-- guesses cannot slip through; a success deletes the row.
CREATE TABLE login_backoff (
	key text PRIMARY KEY,
	failures integer NOT NULL,
	next_allowed_at timestamptz NOT NULL,
	last_attempt_at timestamptz NOT NULL
);
CREATE INDEX login_backoff_time ON login_backoff (last_attempt_at);

-- One-time codes for the first-run setup (sha256 of the code printed on the console):
-- one per server start while no account exists, so every instance's code works.
CREATE TABLE setup_codes (
	code_hash text PRIMARY KEY,
	created_at timestamptz NOT NULL
);
`
};
