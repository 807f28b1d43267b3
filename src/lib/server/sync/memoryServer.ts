import { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql';
import { syncMigration } from './migration';

/** An in-memory PGlite with the sync tables, for tests that run the real server handlers in-process. */
export async function memorySyncDatabase(): Promise<SqlClient & { close(): Promise<void> }> {
	const db = new PGlite();
	const wrap = (q: Pick<PGlite, 'query'>): SqlClient => ({
		query: async <T>(text: string, params?: unknown[]) => (await q.query<T>(text, params)).rows,
		transaction: (fn) => db.transaction((tx) => fn(wrap(tx)))
	});
	await db.exec(syncMigration.sql);
	return { ...wrap(db), close: () => db.close() };
}
