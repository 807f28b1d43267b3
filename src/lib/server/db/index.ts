import { resolve } from 'node:path';
import { migrate } from './migrations';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Sql } from './types';

export type { EngineName, Sql } from './types';
export { isUniqueViolation, sqlState } from './types';

export interface StorageEnv {
	/** `postgres://…`: use that PostgreSQL server. Unset: the embedded PGlite. */
	DATABASE_URL?: string;
	/** Folder for the embedded database (in `<DATA_DIR>/db`) and later attachments. Default `./data`. */
	DATA_DIR?: string;
}

/** The folder server data lives in (`DATA_DIR`, default `./data` under the working directory). */
export function dataDir(env: StorageEnv = process.env): string {
	return resolve(env.DATA_DIR || 'data');
}

/**
 * Opens the storage the environment asks for – PostgreSQL when `DATABASE_URL` is set,
 * otherwise PGlite in `<DATA_DIR>/db` – and brings its schema up to date.
 */
export async function openStorage(env: StorageEnv = process.env): Promise<Sql> {
	const url = env.DATABASE_URL?.trim();
	const sql = url ? await openPostgres(url) : await openPglite({ dataDir: resolve(dataDir(env), 'db') });
	try {
		await migrate(sql);
	} catch (error) {
		await sql.close().catch(() => {});
		throw error;
	}
	return sql;
}

// One storage per server process, opened on first use. Kept on globalThis so a module
// reloaded by the dev server does not open the data folder a second time.
const KEY = Symbol.for('feltinnsikt.storage');
type Holder = { [KEY]?: Promise<Sql> };
const holder = globalThis as Holder;

/** The server's storage, opened (and migrated) on first use. */
export function storage(): Promise<Sql> {
	let pending = holder[KEY];
	if (!pending) {
		pending = openStorage();
		holder[KEY] = pending;
		// A failed open is not cached: the next request tries again.
		pending.catch(() => {
			if (holder[KEY] === pending) delete holder[KEY];
		});
	}
	return pending;
}

/** Closes the server's storage if it was opened (on shutdown). */
export async function closeStorage(): Promise<void> {
	const pending = holder[KEY];
	delete holder[KEY];
	if (!pending) return;
	const sql = await pending.catch(() => null);
	await sql?.close();
}

/**
 * Tests: make `storage()` return this handle (e.g. a fresh schema from `db/testing.ts`)
 * so route handlers can be called in-process; `null` forgets it without closing it.
 */
export function useStorageForTests(sql: Sql | null): void {
	if (sql) holder[KEY] = Promise.resolve(sql);
	else delete holder[KEY];
}
