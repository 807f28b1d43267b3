// Storage for tests: every test gets a fresh, migrated schema of its own, on PGlite (in
// memory, always) and on PostgreSQL (when TEST_DATABASE_URL is set), so runs – and several
// checkouts testing against one server – never see each other's rows.
//
//   import { forEachEngine } from '$lib/server/db/testing';
//   forEachEngine('invites', (db) => {
//     it('is single use', async () => {
//       await db.sql.query('…');            // this test's own schema, on this engine
//     });
//   });
//
// Each engine becomes a `describe('<name> [pglite]' …)` block. Migrations from
// `migrations.ts` are applied (all of them, so later migrations are covered with no
// change here); pass `{ migrate: false }` to start from an empty schema.

import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { migrate } from './migrations';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { EngineName, Sql } from './types';

/** The engines the storage tests run on here: PGlite always, PostgreSQL with TEST_DATABASE_URL. */
export function storageEngines(): EngineName[] {
	return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestStorage {
	readonly engine: EngineName;
	/** The schema this storage lives in (`t_<random>`). */
	readonly schema: string;
	/** Queries run in `schema`. `close()` on it does nothing; call `dispose()`. */
	readonly sql: Sql;
	/**
	 * Opens another connection to the same schema (PostgreSQL: a new pool; PGlite has one
	 * connection, so the same handle). For tests of concurrent instances.
	 */
	connect(): Promise<Sql>;
	/** Drops the schema and closes what this storage opened. */
	dispose(): Promise<void>;
}

export interface TestStorageOptions {
	/** Apply the migrations (default true). */
	migrate?: boolean;
}

// One in-memory PGlite per test file (opening one costs 1.5–3.5 s here); schemas keep the
// tests in it apart. Never closed: it dies with the worker.
let pglite: Promise<Sql> | null = null;
function sharedPglite(): Promise<Sql> {
	pglite ??= openPglite({ dataDir: null });
	return pglite;
}

function newSchemaName(): string {
	return `t_${randomBytes(6).toString('hex')}`;
}

/** A fresh schema on `engine`, migrated unless told otherwise. */
export async function openTestStorage(engine: EngineName, options: TestStorageOptions = {}): Promise<TestStorage> {
	const schema = newSchemaName();
	const storage = engine === 'pglite' ? await pgliteStorage(schema) : await postgresStorage(schema);
	if (options.migrate !== false) {
		try {
			await migrate(storage.sql);
		} catch (error) {
			await storage.dispose();
			throw error;
		}
	}
	return storage;
}

async function pgliteStorage(schema: string): Promise<TestStorage> {
	const db = await sharedPglite();
	await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
	const sql = unclosable(db);
	return {
		engine: 'pglite',
		schema,
		sql,
		connect: async () => sql,
		async dispose() {
			await db.exec(`SET search_path TO public; DROP SCHEMA IF EXISTS ${schema} CASCADE;`);
		}
	};
}

async function postgresStorage(schema: string): Promise<TestStorage> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) throw new Error('TEST_DATABASE_URL is not set');
	const admin = await openPostgres(url, { max: 1 });
	try {
		await admin.exec(`CREATE SCHEMA ${schema}`);
	} catch (error) {
		await admin.close();
		throw error;
	}
	const opened: Sql[] = [];
	const connect = async () => {
		const sql = await openPostgres(url, { max: 4, searchPath: schema });
		opened.push(sql);
		return sql;
	};
	const main = await connect();
	return {
		engine: 'postgres',
		schema,
		sql: unclosable(main),
		connect,
		async dispose() {
			await Promise.all(opened.map((sql) => sql.close().catch(() => {})));
			try {
				await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			} finally {
				await admin.close();
			}
		}
	};
}

function unclosable(sql: Sql): Sql {
	return {
		engine: sql.engine,
		query: (text, params) => sql.query(text, params),
		exec: (text) => sql.exec(text),
		transaction: (fn) => sql.transaction(fn),
		listen: (channel, onPayload) => sql.listen(channel, onPayload),
		close: async () => {}
	};
}

export interface EngineContext {
	readonly engine: EngineName;
	/** The current test's storage (valid inside `it`, `beforeEach` after ours, `afterEach`). */
	readonly sql: Sql;
	readonly storage: TestStorage;
}

/**
 * Declares the tests in `fn` once per engine, each test with a fresh schema
 * (`db.sql`). See the top of this file.
 */
export function forEachEngine(
	name: string,
	fn: (db: EngineContext) => void,
	options: TestStorageOptions = {}
): void {
	for (const engine of storageEngines()) {
		describe(`${name} [${engine}]`, () => {
			let current: TestStorage | null = null;
			const context: EngineContext = {
				engine,
				get storage() {
					if (!current) throw new Error('No test storage outside a test');
					return current;
				},
				get sql() {
					return context.storage.sql;
				}
			};
			// The first test of a file also opens the shared PGlite: seconds, more on a loaded machine.
			beforeEach(async () => {
				current = await openTestStorage(engine, options);
			}, 90_000);
			afterEach(async () => {
				const storage = current;
				current = null;
				await storage?.dispose();
			});
			afterAll(() => {
				current = null;
			});
			fn(context);
		});
	}
}
