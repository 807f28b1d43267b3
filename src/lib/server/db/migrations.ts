import { syncMigration } from '../sync/migration';
import { accountsMigration } from './migration/accounts';
import { blobsMigration } from './migration/blobs';
import { deviceKeysMigration } from './migration/deviceKeys';
import { pruneMigration } from './migration/prune';
import { pushMigration } from './migration/push';
import type { Sql } from './types';

/**
 * The server's SQL schema, as an ordered list of migrations. Both engines run the same
 * statements.
 *
 * Adding a migration: append `{ id: <last id + 1>, name, sql }` at the end of the list.
 * Never edit or reorder one that has been released: a server that already applied it will
 * not run it again. `sql` may hold several statements; it runs in the same transaction as
 * the others still to apply, so a failure leaves the schema as it was. Write plain
 * PostgreSQL that PGlite also runs (no extensions), and unqualified table names (tests run
 * each in a schema of their own through `search_path`).
 */
export interface Migration {
	id: number;
	name: string;
	sql: string;
}

export const migrations: readonly Migration[] = [
	{
		id: 1,
		name: 'accounts, projects, membership, invites',
		sql: /* sql */ `
CREATE TABLE users (
	id text PRIMARY KEY,
	email text NOT NULL UNIQUE CHECK (email = lower(email)),
	display_name text NOT NULL,
	password_hash text NOT NULL,
	created_at timestamptz NOT NULL,
	-- Sessions created before this moment are void ("log out everywhere").
	sessions_valid_after timestamptz NOT NULL
);

CREATE TABLE auth_sessions (
	-- sha256 (hex) of the cookie token: a leaked table does not give working cookies.
	id text PRIMARY KEY,
	user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE projects (
	-- The client's UUIDv7: a project made offline keeps its id when attached to the server.
	id text PRIMARY KEY,
	name text NOT NULL,
	created_by text NOT NULL REFERENCES users (id),
	created_at timestamptz NOT NULL
);

CREATE TABLE memberships (
	project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role text NOT NULL CHECK (role IN ('owner', 'researcher', 'reviewer')),
	created_at timestamptz NOT NULL,
	PRIMARY KEY (project_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invites (
	code text PRIMARY KEY,
	project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	role text NOT NULL CHECK (role IN ('owner', 'researcher', 'reviewer')),
	created_by text NOT NULL REFERENCES users (id),
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	used_by text REFERENCES users (id),
	used_at timestamptz
);
CREATE INDEX invites_project ON invites (project_id);

-- Failed (and in-flight) sign-in attempts, per key ("email:…", "ip:…"). In the database,
-- not in memory, so the limit holds across several app instances and restarts.
CREATE TABLE login_attempts (
	id text PRIMARY KEY,
	key text NOT NULL,
	attempted_at timestamptz NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, attempted_at);
CREATE INDEX login_attempts_time ON login_attempts (attempted_at);
`
	},
	syncMigration,
	accountsMigration,
	blobsMigration,
	pruneMigration,
	pushMigration,
	deviceKeysMigration
];

/** First half of the advisory lock key: "fltn". The second is the schema's name. */
const LOCK_CLASS = 0x666c746e;

/**
 * Brings the schema up to date: applies, in order and in one transaction, every migration
 * not yet recorded in `schema_migrations`. Safe when several instances start at once: the
 * transaction first takes an advisory lock for the current schema, so the others wait and
 * then find nothing left to do. Returns the ids applied now.
 */
export async function migrate(sql: Sql, list: readonly Migration[] = migrations): Promise<number[]> {
	checkOrder(list);
	return sql.transaction(async (tx) => {
		await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS]);
		await tx.exec(`
CREATE TABLE IF NOT EXISTS schema_migrations (
	id integer PRIMARY KEY,
	name text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`);
		const rows = await tx.query<{ id: number }>('SELECT id FROM schema_migrations');
		const done = new Set(rows.map((row) => Number(row.id)));
		const newest = Math.max(0, ...done);
		const known = new Set(list.map((m) => m.id));
		const unknown = [...done].filter((id) => !known.has(id));
		if (unknown.length > 0) {
			throw new Error(
				`The database has migrations this version does not know (${unknown.join(', ')}): ` +
					'it was used by a newer version of the app.'
			);
		}
		const applied: number[] = [];
		for (const migration of list) {
			if (done.has(migration.id)) continue;
			if (migration.id < newest) {
				throw new Error(`Migration ${migration.id} is missing but ${newest} is applied`);
			}
			await tx.exec(migration.sql);
			await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
				migration.id,
				migration.name
			]);
			applied.push(migration.id);
		}
		return applied;
	});
}

function checkOrder(list: readonly Migration[]): void {
	list.forEach((migration, index) => {
		if (migration.id !== index + 1) {
			throw new Error(`Migrations must be numbered 1, 2, 3, … in order; found ${migration.id} at ${index + 1}`);
		}
	});
}
