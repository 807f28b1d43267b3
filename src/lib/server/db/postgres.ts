import postgres from 'postgres';
import type { Sql } from './types';

export interface PostgresOptions {
	/** Most connections in the pool (default 10). */
	max?: number;
	/** Sets `search_path` on every connection (tests use a schema of their own). */
	searchPath?: string;
}

/**
 * A PostgreSQL server through the `postgres` package (`DATABASE_URL`). Several app instances
 * can share one database: every multi-step write runs in a transaction and migrations take
 * an advisory lock.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Sql> {
	const client = postgres(url, {
		max: options.max ?? 10,
		idle_timeout: 30,
		connect_timeout: 10,
		onnotice: () => {},
		connection: {
			application_name: 'feltinnsikt',
			...(options.searchPath ? { search_path: options.searchPath } : {})
		},
		types: {
			// int8 as number, the way PGlite returns it (exact up to 2^53).
			bigint: {
				to: 20,
				from: [20],
				serialize: (value: unknown) => String(value),
				parse: (value: string) => Number(value)
			},
			// A string parameter is JSON text already (as in PGlite); anything else is encoded.
			json: {
				to: 3802,
				from: [114, 3802],
				serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
				parse: (value: string) => JSON.parse(value)
			}
		}
	});
	// Fail at start, not at the first request, when the server cannot be reached.
	try {
		await client.unsafe('SELECT 1');
	} catch (error) {
		await client.end({ timeout: 1 }).catch(() => {});
		throw error;
	}
	return wrap(client, true);
}

type Client = postgres.Sql | postgres.TransactionSql;

function wrap(client: Client, isRoot: boolean): Sql {
	const handle: Sql = {
		engine: 'postgres',
		async query<T>(text: string, params: unknown[] = []) {
			const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
			return [...rows] as T[];
		},
		async exec(text: string) {
			await client.unsafe(text);
		},
		async transaction<T>(fn: (tx: Sql) => Promise<T>) {
			if (!isRoot) {
				// postgres.js fails a whole scope on any failed query in it, so a savepoint
				// must be its own scope (raw SAVEPOINT statements would not help).
				const nested = await (client as postgres.TransactionSql).savepoint((tx) => fn(wrap(tx, false)));
				return nested as T;
			}
			const result = await (client as postgres.Sql).begin((tx) => fn(wrap(tx, false)));
			return result as T;
		},
		async close() {
			if (!isRoot) throw new Error('A transaction handle cannot be closed');
			await (client as postgres.Sql).end({ timeout: 5 });
		},
		async listen(channel: string, onPayload: (payload: string) => void) {
			if (!isRoot) throw new Error('Listen on the database, not inside a transaction');
			// postgres.js keeps one connection of its own for LISTEN and re-listens after a reconnect.
			const request = await (client as postgres.Sql).listen(channel, onPayload);
			return () => request.unlisten();
		}
	};
	return handle;
}
