/**
 * The one storage interface the server code talks to. Two engines implement it – PGlite
 * (embedded, a data folder) and PostgreSQL (the `postgres` package) – over one SQL schema
 * (`migrations.ts`), so every query is plain PostgreSQL and runs on both.
 *
 * Values both engines return the same way (pinned by `storage.test.ts`):
 * - `int8` / `bigint` / `count(*)` → `number` (exact up to 2^53; sequence numbers fit),
 * - `timestamptz` → `Date`, `boolean` → `boolean`, `numeric` → `string`,
 * - `json` / `jsonb` → parsed value. As a parameter, pass the JS value (object, array,
 *   number, boolean) or a string that already holds JSON text, and cast (`$1::jsonb`).
 * - `bytea` → `Uint8Array` (a Node `Buffer` on PostgreSQL, which is one).
 */
export type EngineName = 'pglite' | 'postgres';

export interface Sql {
	readonly engine: EngineName;
	/** One statement with `$1`-style parameters; returns the rows. */
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
	/** Several statements without parameters (schema changes, migrations). */
	exec(text: string): Promise<void>;
	/**
	 * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
	 * Inside, use only `tx` (on PGlite the outer handle waits for the transaction to end, so
	 * using it inside would never finish). A nested `tx.transaction` is a savepoint.
	 * A statement that fails aborts the transaction (as in PostgreSQL): to try something
	 * that may fail (e.g. an insert that may hit a unique key) and go on, do it in a nested
	 * `tx.transaction`.
	 */
	transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
	/** Closes the connection(s) / the embedded database. A transaction handle cannot be closed. */
	close(): Promise<void>;
	/**
	 * Calls `onPayload` for every `NOTIFY` on `channel` (`select pg_notify(channel, text)`),
	 * from any connection or app instance on the same database; resolves once listening,
	 * to a function that stops. Not on a transaction handle.
	 */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** PostgreSQL error code of a unique constraint violation (both engines report `code`). */
export function isUniqueViolation(error: unknown): boolean {
	return sqlState(error) === '23505';
}

/** The SQLSTATE of a database error, when it is one. */
export function sqlState(error: unknown): string | undefined {
	if (typeof error === 'object' && error !== null && 'code' in error) {
		const code = (error as { code: unknown }).code;
		return typeof code === 'string' ? code : undefined;
	}
	return undefined;
}

let savepointCounter = 0;

/**
 * Nested transactions for both engines: a savepoint inside the open transaction `tx`,
 * released when `fn` resolves and rolled back to when it throws.
 */
export async function withSavepoint<T>(tx: Sql, fn: (tx: Sql) => Promise<T>): Promise<T> {
	const name = `sp_${++savepointCounter}`;
	await tx.query(`SAVEPOINT ${name}`);
	try {
		const result = await fn(tx);
		await tx.query(`RELEASE SAVEPOINT ${name}`);
		return result;
	} catch (error) {
		await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
		throw error;
	}
}
