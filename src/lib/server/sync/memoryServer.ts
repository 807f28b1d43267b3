import { migrate } from '$lib/server/db/migrations';
import { openPglite } from '$lib/server/db/pglite';
import type { SqlClient } from './sql';

/** An in-memory PGlite with the whole server schema, for tests that run the real server handlers in-process. */
export async function memorySyncDatabase(): Promise<SqlClient & { close(): Promise<void> }> {
	const db = await openPglite({ dataDir: null });
	await migrate(db);
	return db;
}
