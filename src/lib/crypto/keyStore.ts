import Dexie, { type EntityTable } from 'dexie';
import type { KeyRingRecord, KeyRingStore } from './keyRing';

/**
 * The key ring and the lock preferences, in a small IndexedDB database of their own
 * ("feltinnsikt-keys"): readable before the data is unlocked, and never mixed into
 * the data's schema versions, backups or sync. Nothing here is readable about a
 * participant: wrapped keys, counters and minutes.
 */
export const keyDbName = 'feltinnsikt-keys';

export interface LockPreferences {
	/** Minutes without use (or hidden) before the app locks itself. */
	idleMinutes: number;
	/** Set once every row and blob has been rewritten encrypted (the one-time migration). */
	migratedAt?: string;
}

export const defaultLockPreferences: LockPreferences = { idleMinutes: 5 };

interface Row {
	key: string;
	value: unknown;
}

type KeyDb = Dexie & { items: EntityTable<Row, 'key'> };

export function openKeyDb(name = keyDbName): KeyDb {
	const db = new Dexie(name) as KeyDb;
	db.version(1).stores({ items: 'key' });
	return db;
}

export function keyRingStore(db: KeyDb): KeyRingStore {
	return {
		async read() {
			return (await db.items.get('ring'))?.value as KeyRingRecord | undefined;
		},
		async write(record) {
			await db.items.put({ key: 'ring', value: record });
		},
		async discard() {
			// The mark stays: the data left in the database is unreadable, and the lock screen must say so.
			await db.transaction('rw', db.items, async () => {
				await db.items.delete('ring');
				await db.items.put({ key: 'discarded', value: new Date().toISOString() });
			});
		}
	};
}

export async function readLockPreferences(db: KeyDb): Promise<LockPreferences> {
	const stored = (await db.items.get('lock'))?.value as Partial<LockPreferences> | undefined;
	return { ...defaultLockPreferences, ...stored };
}

export async function writeLockPreferences(db: KeyDb, changes: Partial<LockPreferences>): Promise<LockPreferences> {
	const next = { ...(await readLockPreferences(db)), ...changes };
	await db.items.put({ key: 'lock', value: next });
	return next;
}

/** When the wrapped keys were discarded after too many wrong attempts, if they were. */
export async function readDiscarded(db: KeyDb): Promise<string | undefined> {
	return (await db.items.get('discarded'))?.value as string | undefined;
}

/** Forgets the key ring, the mark and the preferences: the device starts without a PIN. */
export async function clearKeyDb(db: KeyDb): Promise<void> {
	await db.items.clear();
}
