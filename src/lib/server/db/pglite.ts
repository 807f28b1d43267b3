import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { withSavepoint, type Sql } from './types';

export interface PgliteOptions {
	/**
	 * Folder of the database files; created when missing. `null` keeps the database in
	 * memory (tests): nothing is written to disk and it is gone after `close()`.
	 */
	dataDir: string | null;
}

/**
 * The embedded engine: PostgreSQL compiled to WebAssembly, in this process. One process
 * only may open a data folder (PGlite has no multi-process access); a lock file in the
 * folder makes a second server on the same folder fail at start instead of corrupting it.
 */
export async function openPglite(options: PgliteOptions): Promise<Sql> {
	let releaseLock = () => {};
	let db: PGlite;
	if (options.dataDir === null) {
		db = new PGlite();
	} else {
		mkdirSync(options.dataDir, { recursive: true });
		releaseLock = lockDataDir(options.dataDir);
		db = new PGlite(options.dataDir);
	}
	try {
		await db.waitReady;
	} catch (error) {
		releaseLock();
		throw error;
	}
	let closed = false;
	const root: Sql = {
		engine: 'pglite',
		async query<T>(text: string, params?: unknown[]) {
			const result = await db.query<T>(text, params);
			return result.rows;
		},
		async exec(text: string) {
			await db.exec(text);
		},
		transaction<T>(fn: (tx: Sql) => Promise<T>) {
			return db.transaction((tx) => fn(wrapTransaction(tx)));
		},
		async listen(channel: string, onPayload: (payload: string) => void) {
			const stop = await db.listen(channel, onPayload);
			return async () => {
				if (!closed) await stop();
			};
		},
		async close() {
			if (closed) return;
			closed = true;
			try {
				await db.close();
			} finally {
				releaseLock();
			}
		}
	};
	return root;
}

function wrapTransaction(tx: Transaction): Sql {
	const handle: Sql = {
		engine: 'pglite',
		async query<T>(text: string, params?: unknown[]) {
			const result = await tx.query<T>(text, params);
			return result.rows;
		},
		async exec(text: string) {
			await tx.exec(text);
		},
		transaction<T>(fn: (tx: Sql) => Promise<T>) {
			return withSavepoint(handle, fn);
		},
		async close() {
			throw new Error('A transaction handle cannot be closed');
		},
		async listen() {
			throw new Error('Listen on the database, not inside a transaction');
		}
	};
	return handle;
}

const LOCK_FILE = 'feltinnsikt.lock';
/** Folders this process holds (a lock file with our own pid may be left by an earlier run). */
const heldHere = new Set<string>();

/** Takes the folder's lock file (pid inside); a lock left by a dead process is taken over. */
function lockDataDir(dataDir: string): () => void {
	const path = join(dataDir, LOCK_FILE);
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(path, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			heldHere.add(path);
			return () => {
				heldHere.delete(path);
				rmSync(path, { force: true });
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = Number(readFileSync(path, 'utf8').trim());
			// In a container the server may get the same pid every start: our pid in the
			// file is stale unless this process opened the folder itself.
			const inUse = owner === process.pid ? heldHere.has(path) : owner > 0 && processAlive(owner);
			if (Number.isInteger(owner) && inUse) {
				throw new Error(
					`The database in ${dataDir} is in use by process ${owner}. ` +
						'Stop that server, or give this one another DATA_DIR (or a DATABASE_URL).',
					{ cause: error }
				);
			}
			rmSync(path, { force: true });
		}
	}
	throw new Error(`Could not lock the database folder ${dataDir}`);
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
