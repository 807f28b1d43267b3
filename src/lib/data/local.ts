import { newId } from '$lib/domain/ids';
import { dataMayOpen } from '$lib/crypto/lock.svelte';
import { createDataContext, type DataContext } from './context';
import { openFieldworkDb, type FieldworkDb } from './db';
import { releaseInPageCache } from './pageCache';
import { flushPendingWrites } from './pendingWrites';
import { readClockStart } from './repository';
import { createRepositories, type Repositories } from './repositories';
import { readSetting, writeSetting, type LocalSettings } from './settings';

export interface LocalData {
	db: FieldworkDb;
	ctx: DataContext;
	repos: Repositories;
	deviceId: string;
	identity: LocalSettings['identity'];
}

let opening: Promise<LocalData> | undefined;

/** The device's database, opened once per page. */
export function localData(): Promise<LocalData> {
	opening ??= openLocalData();
	return opening;
}

async function openLocalData(): Promise<LocalData> {
	// With a PIN on this device, nothing is read before it is unlocked (crypto/lock.svelte.ts).
	await dataMayOpen();
	const db = openFieldworkDb();
	// WebKit's back/forward cache would freeze this page with its transactions open (pageCache.ts).
	if (typeof window !== 'undefined') releaseInPageCache(db, { flush: flushPendingWrites, reload: () => location.reload() });
	await db.open();
	let deviceId = await readSetting(db, 'deviceId');
	if (!deviceId) {
		// Short and lowercase: it ends every HLC stamp this device makes.
		deviceId = newId().replaceAll('-', '').slice(-16);
		await writeSetting(db, 'deviceId', deviceId);
	}
	let identity = await readSetting(db, 'identity');
	if (!identity) {
		// Until the device signs in to a server, work is attributed to this device.
		identity = { userId: `local-${deviceId}`, displayName: '' };
		await writeSetting(db, 'identity', identity);
	}
	// The same object `setIdentity` updates, so a sign-in changes who new rows are from.
	const current = identity;
	const ctx = createDataContext(db, { deviceId, actor: () => current.userId, clockStart: await readClockStart({ db }) });
	return { db, ctx, repos: createRepositories(ctx), deviceId, identity };
}

/**
 * Who this device works as from now on (after signing in): new rows carry this
 * user id. Kept on the device so work goes on offline with the cached identity.
 */
export async function setIdentity(data: LocalData, identity: LocalSettings['identity']): Promise<void> {
	Object.assign(data.identity, identity);
	await writeSetting(data.db, 'identity', data.identity);
}
