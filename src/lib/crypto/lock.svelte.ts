import { flushPendingWrites } from '$lib/data/pendingWrites';
import { changePin, createKeyRing, unlockKeyRing, type UnlockResult } from './keyRing';
import { clearKeyDb, keyRingStore, openKeyDb, readDiscarded, readLockPreferences, writeLockPreferences, type LockPreferences } from './keyStore';
import { setActiveDataKey } from './session';

/**
 * The app's lock, for the page: whether a PIN is set, whether the data is open, and
 * the idle timer. The data (localData) waits for `dataMayOpen()`, so while locked
 * nothing of a project is read – there is nothing to show behind the lock screen.
 * Locking reloads the page: every decrypted row, the search index and every screen's
 * state go with the old page, and the new one starts at the lock screen.
 */
export type LockStatus = 'checking' | 'noPin' | 'locked' | 'opening' | 'unlocked' | 'discarded';

export const lock = $state<{
	status: LockStatus;
	idleMinutes: number;
	migration: { done: number; total: number } | null;
	/** The account that can open this tablet through the server, when recovery there is on. */
	serverRecovery: string | null;
}>({
	status: 'checking',
	idleMinutes: 5,
	migration: null,
	serverRecovery: null
});

let keyDb: ReturnType<typeof openKeyDb> | undefined;
const keys = () => (keyDb ??= openKeyDb());

let release: () => void = () => {};
const mayOpen = new Promise<void>((resolve) => (release = resolve));
let checked: Promise<void> | undefined;

/** Reads once per page whether this device has a PIN; without one the data opens at once, as before. */
export function checkLock(): Promise<void> {
	checked ??= (async () => {
		const prefs = await readLockPreferences(keys());
		lock.idleMinutes = prefs.idleMinutes;
		const ring = await keyRingStore(keys()).read();
		lock.serverRecovery = ring?.server?.email ?? null;
		if (ring) lock.status = 'locked';
		else if (await readDiscarded(keys())) lock.status = 'discarded';
		else {
			lock.status = 'noPin';
			release();
		}
	})();
	return checked;
}

/** Resolves when the data may be opened: no PIN on this device, or unlocked. */
export async function dataMayOpen(): Promise<void> {
	await checkLock();
	await mayOpen;
}

async function open(dataKey: Uint8Array<ArrayBuffer>, prefs: LockPreferences): Promise<void> {
	setActiveDataKey(dataKey);
	dataKey.fill(0);
	lock.status = 'opening';
	// A device that had data before its PIN: finish the one-time rewrite before anything reads it.
	if (!prefs.migratedAt) await migrateLocalData();
	lock.status = 'unlocked';
	release();
	startIdleWatch();
}

async function migrateLocalData(): Promise<void> {
	const [{ openFieldworkDb }, { encryptExistingData }] = await Promise.all([import('$lib/data/db'), import('./migrate')]);
	const db = openFieldworkDb();
	try {
		await encryptExistingData(db, { onProgress: (p) => (lock.migration = { done: p.done, total: p.total }) });
	} finally {
		db.close();
	}
	await writeLockPreferences(keys(), { migratedAt: new Date().toISOString() });
	lock.migration = null;
}

/** One attempt at the lock screen. */
export async function unlock(secret: string, using: 'pin' | 'recovery' = 'pin'): Promise<UnlockResult> {
	const result = await unlockKeyRing(keyRingStore(keys()), secret, { with: using });
	if (result.status === 'discarded') lock.status = 'discarded';
	if (result.status === 'unlocked') await open(result.dataKey, await readLockPreferences(keys()));
	return result;
}

/**
 * Sets the first PIN on this device: the data key is made and stored wrapped, and the
 * recovery code comes back to be shown once. What is already stored is rewritten
 * encrypted at the next unlock, which follows at once (Settings locks after the code is
 * written down): then no other connection – this page's, the search worker's – is open
 * to write a plain row behind the migration's back, and no screen keeps a plain copy.
 */
export async function setFirstPin(pin: string, options: { serverRecoveryFor?: string } = {}): Promise<{ recoveryCode: string; serverRecovery: 'on' | 'failed' | 'off' }> {
	await flushPendingWrites();
	await writeLockPreferences(keys(), { migratedAt: undefined });
	const store = keyRingStore(keys());
	const { dataKey, recoveryCode } = await createKeyRing(store, pin);
	let serverRecovery: 'on' | 'failed' | 'off' = 'off';
	if (options.serverRecoveryFor) {
		// Offline or refused: the PIN stands, and Settings offers to turn it on later.
		serverRecovery = await enrol(store, dataKey, options.serverRecoveryFor);
	}
	dataKey.fill(0);
	return { recoveryCode, serverRecovery };
}

async function enrol(store: ReturnType<typeof keyRingStore>, dataKey: Uint8Array<ArrayBuffer>, email: string): Promise<'on' | 'failed'> {
	const { enrolThroughServer } = await import('./serverRecovery');
	try {
		await enrolThroughServer(store, dataKey, email);
		lock.serverRecovery = email;
		return 'on';
	} catch {
		return 'failed';
	}
}

/**
 * Turns on recovery through the server for the signed-in account, later than the PIN:
 * the data key is held in memory only as a non-extractable key, so the PIN opens the
 * wrapped copy once more (an attempt like any other at the lock).
 */
export async function turnOnServerRecovery(pin: string, email: string): Promise<UnlockResult | { status: 'on' | 'failed' }> {
	const store = keyRingStore(keys());
	const opened = await unlockKeyRing(store, pin);
	if (opened.status === 'discarded') lock.status = 'discarded';
	if (opened.status !== 'unlocked') return opened;
	const status = await enrol(store, opened.dataKey, email);
	opened.dataKey.fill(0);
	return { status };
}

export async function turnOffServerRecovery(): Promise<void> {
	const { leaveServerRecovery } = await import('./serverRecovery');
	await leaveServerRecovery(keyRingStore(keys()));
	lock.serverRecovery = null;
}

/**
 * The lock screen's "forgot the PIN": sign in, open the data with the server's secret and
 * set the new PIN in one go (the old one is forgotten, so it must not stay the only way).
 * 'notThisTablet': the server's secret did not open this ring.
 */
export async function unlockThroughServer(email: string, password: string, newPin: string): Promise<'unlocked' | 'notThisTablet'> {
	const { recoverThroughServer } = await import('./serverRecovery');
	const store = keyRingStore(keys());
	const dataKey = await recoverThroughServer(store, email, password);
	if (!dataKey) return 'notThisTablet';
	await changePin(store, dataKey, newPin);
	await open(dataKey, await readLockPreferences(keys()));
	return 'unlocked';
}

/**
 * After the keys were discarded the data on this tablet cannot be read by anyone:
 * this empties it so the device can be used again (the work comes back from the
 * server by signing in, or from a backup file).
 */
export async function emptyDevice(): Promise<void> {
	const [{ default: Dexie }, { defaultDbName }] = await Promise.all([import('dexie'), import('$lib/data/db')]);
	await Dexie.delete(defaultDbName);
	await clearKeyDb(keys());
	// Words a page kept outside IndexedDB (sealed with the discarded key, unreadable anyway).
	const { clearUnsaved, unsavedNoteIds } = await import('$lib/notes/unsavedJournal');
	for (const noteId of unsavedNoteIds()) clearUnsaved(noteId);
	location.reload();
}

export async function setIdleMinutes(minutes: number): Promise<void> {
	lock.idleMinutes = (await writeLockPreferences(keys(), { idleMinutes: minutes })).idleMinutes;
}

/** "Lås nå": every keystroke saved first, then the key forgotten and the page started again. */
export async function lockNow(): Promise<void> {
	await flushPendingWrites().catch(() => {});
	setActiveDataKey(null);
	lock.status = 'locked';
	location.reload();
}

let lastUse = Date.now();
let hiddenAt: number | null = null;
let watching = false;

const activity = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/** Locks after `idleMinutes` without a touch or a key, and when the app comes back after being hidden that long. */
function startIdleWatch(): void {
	if (watching || typeof window === 'undefined') return;
	watching = true;
	lastUse = Date.now();
	const used = () => (lastUse = Date.now());
	for (const type of activity) window.addEventListener(type, used, { capture: true, passive: true });
	const limit = () => lock.idleMinutes * 60_000;
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden') hiddenAt = Date.now();
		else if (hiddenAt !== null && Date.now() - hiddenAt >= limit()) void lockNow();
		else hiddenAt = null;
	});
	// A coarse timer is enough: the lock comes within 15 s of the limit.
	setInterval(() => {
		if (lock.status === 'unlocked' && Date.now() - lastUse >= limit()) void lockNow();
	}, 15_000);
}
