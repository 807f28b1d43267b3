import { gcm } from '@noble/ciphers/aes.js';
import { chacha20, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, fromBase64, randomBytes, toBase64 } from './bytes';

/**
 * Synchronous authenticated encryption for row content. Synchronous on purpose: it runs
 * inside Dexie's DBCore, in the middle of IndexedDB transactions, and awaiting WebCrypto
 * there would let the transaction commit before the write is issued. Blobs, which are
 * large and written outside transactions, use WebCrypto's AES-GCM (blobSeal.ts).
 *
 * Rows are sealed with XChaCha20-Poly1305 under a row key derived from the data key. In
 * JavaScript it opens a 475-byte row in 28 µs against AES-GCM's 75 µs, and streams at
 * 100 MB/s against 20 (noble, Node, same machine; decisions 45): a cold start opens every
 * row of a project. Its 192-bit random nonce never repeats in practice, where GCM's 96-bit
 * random IV has a birthday bound to watch. The first release sealed rows with AES-256-GCM
 * under the data key itself; those still open (`openLegacyValue`) until rewritten.
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

// The row key: ChaCha20's keystream under the data key at a nonce used for nothing else (a
// PRF output), so the data key itself is never an AEAD key for two algorithms at once.
const rowKeyNonce = encoder.encode('feltinnsikt1');
const rowKeys = new WeakMap<Uint8Array, Uint8Array>();
function rowKeyOf(dataKey: Uint8Array): Uint8Array {
	let rowKey = rowKeys.get(dataKey);
	if (!rowKey) {
		rowKey = chacha20(dataKey, rowKeyNonce, new Uint8Array(32));
		rowKeys.set(dataKey, rowKey);
	}
	return rowKey;
}

/** nonce (24 bytes) ‖ ciphertext ‖ tag, XChaCha20-Poly1305 under the row key. */
export function sealValue(key: Uint8Array, value: unknown): Uint8Array<ArrayBuffer> {
	const nonce = randomBytes(24);
	return concatBytes(nonce, xchacha20poly1305(rowKeyOf(key), nonce).encrypt(encoder.encode(JSON.stringify(value, replacer))));
}

export function openValue(key: Uint8Array, sealed: Uint8Array): unknown {
	const plain = xchacha20poly1305(rowKeyOf(key), sealed.subarray(0, 24)).decrypt(sealed.subarray(24));
	return JSON.parse(decoder.decode(plain), reviver);
}

/** The first release's format: iv (12 bytes) ‖ ciphertext ‖ tag, AES-256-GCM under the data key. */
export function openLegacyValue(key: Uint8Array, sealed: Uint8Array): unknown {
	const plain = gcm(key, sealed.subarray(0, 12)).decrypt(sealed.subarray(12));
	return JSON.parse(decoder.decode(plain), reviver);
}

/** Only for tests of reading what the first release wrote. */
export function sealLegacyValue(key: Uint8Array, value: unknown): Uint8Array<ArrayBuffer> {
	const iv = randomBytes(12);
	return concatBytes(iv, gcm(key, iv).encrypt(encoder.encode(JSON.stringify(value, replacer))));
}
