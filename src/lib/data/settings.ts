import type { FieldworkDb } from './db';

/** Device-local settings: never synced, never leave the tablet. */
export interface LocalSettings {
	deviceId: string;
	activeProjectId: string | null;
	identity: { userId: string; displayName: string; email?: string; signedIn?: boolean };
	/** Blind coding: the tag bar does not show colleagues' codings on this device. */
	hideColleagueCodings: boolean;
}

export async function readSetting<K extends keyof LocalSettings>(db: FieldworkDb, key: K): Promise<LocalSettings[K] | undefined> {
	const row = await db.settings.get(key);
	return row?.value as LocalSettings[K] | undefined;
}

export async function writeSetting<K extends keyof LocalSettings>(db: FieldworkDb, key: K, value: LocalSettings[K]): Promise<void> {
	await db.settings.put({ key, value });
}
