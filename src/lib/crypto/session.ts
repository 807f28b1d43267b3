/**
 * The unlocked data key, in memory only, for this page. The database middleware
 * reads it on every operation: with a key, what is written is sealed; without one,
 * sealed rows cannot be read (LockedError) and the app shows the lock screen.
 */
let dataKey: Uint8Array<ArrayBuffer> | null = null;
let blobKey: Promise<CryptoKey> | null = null;

export class LockedError extends Error {
	constructor() {
		super('The data on this device is locked');
		this.name = 'LockedError';
	}
}

export function activeDataKey(): Uint8Array<ArrayBuffer> | null {
	return dataKey;
}

export function setActiveDataKey(key: Uint8Array<ArrayBuffer> | null): void {
	// Overwrite the old bytes: a locked page keeps no copy of the key it had.
	dataKey?.fill(0);
	dataKey = key ? new Uint8Array(key) : null;
	blobKey = dataKey ? crypto.subtle.importKey('raw', dataKey, 'AES-GCM', false, ['encrypt', 'decrypt']) : null;
}

/** The same key as a non-extractable WebCrypto key, for blobs (fast and native). */
export function activeBlobKey(): Promise<CryptoKey> | null {
	return blobKey;
}
