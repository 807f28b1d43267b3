import { liveQuery } from 'dexie';
import { nowIso } from '$lib/domain/time';
import { localData } from '$lib/data/local';
import { pendingChangeCount } from '$lib/data/syncRecords';
import { writeSetting } from '$lib/data/settings';
import type { FieldworkDb } from '$lib/data/db';
import { requestPersistentStorage } from './storage';
import { readInstallEnvironment, showInstallPrompt, storageAtRisk, type InstallEnvironment } from './installState';
import {
	clearDataMarker,
	markerStorage,
	readDataMarker,
	readPromptDismissed,
	wasEvicted,
	writeDataMarker,
	writePromptDismissed
} from './deviceMarkers';

/**
 * The device's storage as the screens see it: whether Safari may delete the data (and the
 * Home Screen prompt shows), how much work exists only here, and whether the database was
 * taken away since the last start.
 */
export const storageGuard = $state({
	env: null as InstallEnvironment | null,
	atRisk: false,
	/** Changes, note edits and photos or recordings the server does not have yet. */
	unsynced: 0,
	dismissedNow: false,
	dismissedBefore: false,
	evicted: false
});

/** Whether the Home Screen prompt shows now (see `showInstallPrompt`). */
export function installPromptVisible(): boolean {
	return showInstallPrompt({
		atRisk: storageGuard.atRisk,
		dismissedNow: storageGuard.dismissedNow,
		dismissedBefore: storageGuard.dismissedBefore,
		unsyncedWork: storageGuard.unsynced > 0
	});
}

export function dismissInstallPrompt(): void {
	storageGuard.dismissedNow = true;
	storageGuard.dismissedBefore = true;
	writePromptDismissed(markerStorage(), nowIso());
}

/** The header's flag was tapped: show the steps again. */
export function reopenInstallPrompt(): void {
	storageGuard.dismissedNow = false;
	storageGuard.dismissedBefore = false;
}

export function dismissEvictionNotice(): void {
	storageGuard.evicted = false;
	clearDataMarker(markerStorage());
}

/** Work the server does not have: every unsent change and every photo or recording not uploaded. */
export async function unsyncedWorkCount(db: FieldworkDb): Promise<number> {
	return (await pendingChangeCount(db)) + (await db.blobs.where('uploaded').equals(0).count());
}

/**
 * Asks for persistent storage, reads how the app runs, records it in the device's
 * settings, and keeps the unsynced count and the eviction marker up to date. Called
 * once by the layout; returns the function that stops it.
 */
export function startStorageGuard(): () => void {
	let stopped = false;
	const subscriptions: { unsubscribe(): void }[] = [];
	const storage = markerStorage();
	storageGuard.dismissedBefore = readPromptDismissed(storage);

	void (async () => {
		// Field data must survive the browser's storage pressure; ask once, the browser remembers.
		await requestPersistentStorage();
		const env = await readInstallEnvironment();
		const { db, deviceId } = await localData();
		if (stopped) return;
		storageGuard.env = env;
		storageGuard.atRisk = storageAtRisk(env);
		await writeSetting(db, 'storagePersistence', { ...env, checkedAt: nowIso() }).catch(() => {});

		// The marker is read before anything rewrites it: it tells of the database before this start.
		const before = readDataMarker(storage);
		const projectCount = await db.projects.count();
		storageGuard.evicted = wasEvicted(before, { deviceId, projectCount });
		if (stopped) return;

		subscriptions.push(
			liveQuery(() => unsyncedWorkCount(db)).subscribe({
				next: (count) => (storageGuard.unsynced = count),
				error: () => {}
			}),
			liveQuery(() => db.projects.count()).subscribe({
				next: (count) => {
					if (count === 0) return;
					// Data is here again (restored, fetched or new): the eviction is dealt with.
					storageGuard.evicted = false;
					writeDataMarker(storage, { deviceId, seenAt: nowIso() });
				},
				error: () => {}
			})
		);
	})();

	return () => {
		stopped = true;
		for (const s of subscriptions) s.unsubscribe();
	};
}
