import type { FieldworkDb } from './db';

/** Device-local settings: never synced, never leave the tablet. */
export interface LocalSettings {
	deviceId: string;
	activeProjectId: string | null;
	identity: { userId: string; displayName: string; email?: string; signedIn?: boolean };
	/** Blind coding: the tag bar does not show colleagues' codings on this device. */
	hideColleagueCodings: boolean;
	/**
	 * What the browser said of this device's storage at the last start: whether it granted
	 * persistent storage, whether the app ran from the Home Screen, and whether the engine
	 * has Safari's 7-day rule for sites that were not added there (see pwa/installState.ts).
	 */
	storagePersistence: { persisted: boolean | null; standalone: boolean; homeScreenInstall: boolean; checkedAt: string };
}

export async function readSetting<K extends keyof LocalSettings>(db: FieldworkDb, key: K): Promise<LocalSettings[K] | undefined> {
	const row = await db.settings.get(key);
	return row?.value as LocalSettings[K] | undefined;
}

export async function writeSetting<K extends keyof LocalSettings>(db: FieldworkDb, key: K, value: LocalSettings[K]): Promise<void> {
	await db.settings.put({ key, value });
}
