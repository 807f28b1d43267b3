import { gcm } from '@noble/ciphers/aes.js';
import { concatBytes, fromBase64, randomBytes, toBase64 } from './bytes';

/**
 * Synchronous AES-256-GCM for row content. Synchronous on purpose: it runs inside
 * Dexie's DBCore, in the middle of IndexedDB transactions, and awaiting WebCrypto
 * there would let the transaction commit before the write is issued. Blobs, which
 * are large and written outside transactions, use WebCrypto (blobSeal.ts).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// JSON with the two kinds of binary the rows hold (Yjs updates, ArrayBuffers) tagged,
// so a round trip gives back the same types. `undefined` members are dropped, as
// elsewhere in the app rows never rely on a present-but-undefined key.
function replacer(this: unknown, _key: string, value: unknown): unknown {
	if (value instanceof Uint8Array) return { $u8: toBase64(value) };
	if (value instanceof ArrayBuffer) return { $ab: toBase64(new Uint8Array(value)) };
	return value;
}

function reviver(_key: string, value: unknown): unknown {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const v = value as Record<string, unknown>;
		if (typeof v.$u8 === 'string' && Object.keys(v).length === 1) return fromBase64(v.$u8);
		if (typeof v.$ab === 'string' && Object.keys(v).length === 1) return fromBase64(v.$ab).buffer;
	}
	return value;
}

/** iv (12 bytes) ‖ ciphertext ‖ tag. */
export function sealValue(key: Uint8Array, value: unknown): Uint8Array<ArrayBuffer> {
	const iv = randomBytes(12);
	return concatBytes(iv, gcm(key, iv).encrypt(encoder.encode(JSON.stringify(value, replacer))));
}

export function openValue(key: Uint8Array, sealed: Uint8Array): unknown {
	const plain = gcm(key, sealed.subarray(0, 12)).decrypt(sealed.subarray(12));
	return JSON.parse(decoder.decode(plain), reviver);
}
