import Dexie from 'dexie';
import { isQuotaExceeded } from '$lib/media/quota';

/**
 * Keeps writes alive when the browser takes the IndexedDB connection away. iPadOS closes
 * connections under memory pressure, and WebKit fails every transaction with
 * "Connection to Indexed Database server lost" when its storage process goes; Chromium
 * closes the connection when site data is cleared. Dexie reopens by itself on the next
 * operation, but only once: if that reopen fails (as it does in WebKit right after the
 * loss), Dexie stays closed for the rest of the page's life and every later keystroke is
 * refused. So a write that failed because the connection went is retried here after an
 * explicit `db.open()`, with a short backoff, instead of being dropped.
 */

/** The names by which a lost or closed connection shows itself in Dexie and the engines (and `answerWithin`). */
const lostConnectionNames = new Set(['DatabaseClosedError', 'UnknownError', 'InvalidStateError', 'TransactionInactiveError', 'IndexedDbSilentError']);

/**
 * Settles like `operation`, or fails after `ms` when IndexedDB has not answered by then.
 * WebKit can leave a transaction that was running when its connection went without any
 * answer – neither complete nor abort – and a writer that waits on it waits for ever (the
 * notes editor stayed at "Lagrer …" with the database open again). Such a silence counts
 * as a lost connection, so the write is run again: only for writes that are safe to run
 * twice (a note's Yjs update; a whole transaction that, if it did land, lands the same).
 */
export function answerWithin<T>(operation: Promise<T>, ms: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(Object.assign(new Error(`IndexedDB did not answer within ${ms} ms`), { name: 'IndexedDbSilentError' })), ms);
		operation.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			}
		);
	});
}

/**
 * Whether `error` means the connection was closed or lost rather than that the write
 * itself was refused. An abort counts only when the database is no longer open (a
 * transaction aborted by the connection going, not by its own failure); running out of
 * space is never a lost connection – retrying would not help and the person must be told.
 */
export function isConnectionLoss(error: unknown, db?: Pick<Dexie, 'isOpen'>, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 5 || isQuotaExceeded(error)) return false;
	const e = error as { name?: unknown; message?: unknown; inner?: unknown };
	if (typeof e.name === 'string' && lostConnectionNames.has(e.name)) return true;
	if (typeof e.message === 'string' && /connection to indexed database server lost|database connection is closing/i.test(e.message)) return true;
	if (e.name === 'AbortError' && db && !db.isOpen()) return true;
	return isConnectionLoss(e.inner, db, depth + 1);
}

export interface ReconnectOptions {
	/** How many times the operation runs at most (the first try included). */
	attempts?: number;
	/** Wait before the n-th reopen (ms), n from 0. */
	backoffMs?: (attempt: number) => number;
	wait?: (ms: number) => Promise<void>;
}

const defaultBackoff = (attempt: number) => Math.min(2000, 50 * 4 ** attempt);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One reopen at a time per database: every failed write waits for the same one. */
const reopening = new WeakMap<Dexie, Promise<void>>();

/** Opens `db` again unless it is open; concurrent callers share one attempt. */
export function reopen(db: Dexie): Promise<void> {
	if (db.isOpen()) return Promise.resolve();
	let attempt = reopening.get(db);
	if (!attempt) {
		// Dexie.ignoreTransaction: a reopen asked for from inside a failed transaction's zone must not join it.
		attempt = Dexie.ignoreTransaction(() => db.open()).then(
			() => {
				reopening.delete(db);
			},
			(error: unknown) => {
				reopening.delete(db);
				throw error;
			}
		);
		reopening.set(db, attempt);
	}
	return attempt;
}

/**
 * Runs `operation`; when it fails because the connection went, reopens the database and
 * runs it again, up to `attempts` times in all. Any other failure, and the last one,
 * is thrown as it came. The operation must be safe to run again after a failure: a whole
 * IndexedDB transaction is (an aborted transaction wrote nothing), and so is appending a
 * note's Yjs update (applying one twice changes nothing).
 */
export async function withReconnect<T>(db: Dexie, operation: () => Promise<T>, options: ReconnectOptions = {}): Promise<T> {
	const attempts = options.attempts ?? 5;
	const backoff = options.backoffMs ?? defaultBackoff;
	const wait = options.wait ?? sleep;
	for (let attempt = 0; ; attempt++) {
		try {
			return await operation();
		} catch (error) {
			if (attempt + 1 >= attempts || !isConnectionLoss(error, db)) throw error;
			await wait(backoff(attempt));
			try {
				await reopen(db);
			} catch {
				// The engine refused to reopen yet: the next try waits longer and asks again.
			}
		}
	}
}

/**
 * Makes every top-level `db.transaction(…)` of this database survive a lost connection
 * (see `withReconnect`). A transaction called inside another one joins it and is left
 * alone: only the outermost may be run again.
 */
export function reconnectTransactions<D extends Dexie>(db: D, options: ReconnectOptions = {}): D {
	const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
	const patched = (...args: unknown[]) => {
		if (Dexie.currentTransaction) return original(...args);
		return withReconnect(db, () => original(...args), options);
	};
	(db as unknown as { transaction: typeof patched }).transaction = patched;
	return db;
}
