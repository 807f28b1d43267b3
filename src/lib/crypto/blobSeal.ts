import type { StoredBlob } from '$lib/domain/attachment';
import { concatBytes, randomBytes } from './bytes';
import { activeBlobKey, LockedError } from './session';
import { storableBlob } from '$lib/data/blobBytes';

/**
 * Audio and photos, sealed with the data key through WebCrypto (native speed for
 * megabytes). A Blob can only be read asynchronously, so this happens before the
 * transaction that stores it, not in the database middleware: writers call
 * `sealBlob`, readers `openStoredBlob`. A sealed blob is `iv ‖ AES-GCM(bytes)`, typed
 * application/octet-stream; its row says `sealed: 1` (inside the row's own
 * ciphertext) and keeps the real type in `mime`.
 */
export interface SealedBlob {
	blob: Blob;
	sealed?: 1;
}

async function sealBytes(key: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<Blob> {
	const iv = randomBytes(12);
	const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes));
	return new Blob([concatBytes(iv, ct)], { type: 'application/octet-stream' });
}

/** The blob as it should be stored now: sealed while a key is unlocked, as it is otherwise. */
export async function sealBlob(blob: Blob, keyPromise = activeBlobKey()): Promise<SealedBlob> {
	// Every blob the app stores comes through here: where IndexedDB takes no Blob, its bytes are read now (data/blobBytes.ts).
	if (!keyPromise) return { blob: await storableBlob(blob) };
	return { blob: await storableBlob(await sealBytes(await keyPromise, new Uint8Array(await blob.arrayBuffer()))), sealed: 1 };
}

/** The playable bytes of a stored blob or chunk (with its own type). */
export async function openStoredBlob(stored: Pick<StoredBlob, 'blob' | 'mime'> & { sealed?: 1 }, keyPromise = activeBlobKey()): Promise<Blob> {
	if (!stored.sealed) return stored.blob;
	if (!keyPromise) throw new LockedError();
	const bytes = new Uint8Array(await stored.blob.arrayBuffer());
	const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, await keyPromise, bytes.subarray(12));
	return new Blob([plain], { type: stored.mime });
}
