/**
 * Small facts kept in localStorage, outside IndexedDB, so that they outlive an eviction
 * that takes only the database (storage pressure in Chromium leaves localStorage alone).
 * Safari's 7-day rule takes localStorage as well: then nothing on the device remembers,
 * and only the server does (its projects are offered on the Projects page after sign-in).
 */

/** The device had field data, under this device id (a fresh database gets a new one). */
const dataKey = 'feltinnsikt:device-data';
/** When the Home Screen prompt was last dismissed. */
const dismissedKey = 'feltinnsikt:install-prompt-dismissed';

export type MarkerStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface DeviceDataMarker {
	deviceId: string;
	/** When the device was last seen with data (ISO). */
	seenAt: string;
}

/** localStorage, or null where it is missing or refused (some private modes). */
export function markerStorage(): MarkerStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

function attempt<T>(run: () => T, fallback: T): T {
	try {
		return run();
	} catch {
		// Storage full or refused: the marker is a help, never a reason to fail.
		return fallback;
	}
}

export function readDataMarker(storage: MarkerStorage | null): DeviceDataMarker | null {
	if (!storage) return null;
	const raw = attempt(() => storage.getItem(dataKey), null);
	if (!raw) return null;
	try {
		const parsed = JSON.parse(raw) as Partial<DeviceDataMarker>;
		return typeof parsed.deviceId === 'string' && typeof parsed.seenAt === 'string' ? { deviceId: parsed.deviceId, seenAt: parsed.seenAt } : null;
	} catch {
		return null;
	}
}

export function writeDataMarker(storage: MarkerStorage | null, marker: DeviceDataMarker): void {
	if (storage) attempt(() => storage.setItem(dataKey, JSON.stringify(marker)), undefined);
}

export function clearDataMarker(storage: MarkerStorage | null): void {
	if (storage) attempt(() => storage.removeItem(dataKey), undefined);
}

/**
 * Whether the database was taken away: the device had data under another device id
 * and now has no project at all. A database the person emptied themselves keeps its
 * device id, so that is never taken for an eviction.
 */
export function wasEvicted(marker: DeviceDataMarker | null, current: { deviceId: string; projectCount: number }): boolean {
	return !!marker && marker.deviceId !== current.deviceId && current.projectCount === 0;
}

export function readPromptDismissed(storage: MarkerStorage | null): boolean {
	return !!storage && !!attempt(() => storage.getItem(dismissedKey), null);
}

export function writePromptDismissed(storage: MarkerStorage | null, at: string): void {
	if (storage) attempt(() => storage.setItem(dismissedKey, at), undefined);
}
