// Browser storage durability. Everything the researcher records lives in IndexedDB until it
// is synced, so ask the browser not to evict it under storage pressure, and show how much
// room is left.

export interface StorageStatus {
	/** True when the origin's storage is persistent; null when the browser cannot say. */
	persisted: boolean | null;
	usageBytes: number | null;
	quotaBytes: number | null;
}

function storageManager(): StorageManager | null {
	if (typeof navigator === 'undefined' || !navigator.storage) return null;
	return navigator.storage;
}

/**
 * Asks for persistent storage. Resolves to whether storage is persistent afterwards, or
 * null when the browser does not support the request. Never throws.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
	const storage = storageManager();
	if (!storage || typeof storage.persist !== 'function') return null;
	try {
		if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
		return await storage.persist();
	} catch {
		return null;
	}
}

/** Reads persistence, usage and quota; each is null when the browser does not report it. */
export async function readStorageStatus(): Promise<StorageStatus> {
	const status: StorageStatus = { persisted: null, usageBytes: null, quotaBytes: null };
	const storage = storageManager();
	if (!storage) return status;

	if (typeof storage.persisted === 'function') {
		try {
			status.persisted = await storage.persisted();
		} catch {
			// unsupported in this context (e.g. some private modes)
		}
	}
	if (typeof storage.estimate === 'function') {
		try {
			const estimate = await storage.estimate();
			status.usageBytes = typeof estimate.usage === 'number' ? estimate.usage : null;
			status.quotaBytes = typeof estimate.quota === 'number' ? estimate.quota : null;
		} catch {
			// leave unknown
		}
	}
	return status;
}
