import { randomBytes } from './bytes';

/**
 * The device's key hierarchy, kept apart from the data it protects:
 *
 *   PIN/passphrase ──PBKDF2-SHA-256 (600 000)──▶ PIN key ──AES-GCM──▶ wrapped data key
 *   recovery code  ──PBKDF2-SHA-256 (600 000)──▶ recovery key ──AES-GCM──▶ wrapped data key (second copy)
 *   server secret (32 random bytes, given after a sign-in) ──AES-GCM──▶ wrapped data key (third copy, optional)
 *   data key (AES-256, random) ──AES-GCM──▶ every content field and blob in the database
 *
 * The data key is random and never changes when the PIN does, so changing the PIN
 * rewraps 32 bytes instead of re-encrypting the database. Wrapping uses AES-GCM
 * (not AES-KW) because its tag tells a wrong PIN from a right one without a
 * separate check value that could be attacked on its own.
 */

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256; measured ~160 ms in Node on the dev machine (decisions). */
export const pbkdf2Iterations = 600_000;
/** After this many wrong PINs in a row the wrapped keys are discarded. */
export const maxAttempts = 10;
/** From this many attempts left, the unlock screen warns that the data will be made unreadable. */
export const warnWhenAttemptsLeft = 3;

export interface WrappedKey {
	salt: Uint8Array<ArrayBuffer>;
	iv: Uint8Array<ArrayBuffer>;
	/** AES-GCM of the 32 raw data key bytes, tag included. */
	wrapped: Uint8Array<ArrayBuffer>;
	iterations: number;
}

/**
 * The third copy: the data key wrapped by a random secret the server keeps for this
 * account and key ring, and hands out only after a sign-in with the password.
 */
export interface ServerWrap {
	/** Names this key ring on the server (random; nothing about the device). */
	ringId: string;
	/** The account that can open it, shown on the lock screen. */
	email: string;
	iv: Uint8Array<ArrayBuffer>;
	wrapped: Uint8Array<ArrayBuffer>;
}

/** What the key database holds: the data key wrapped two or three times, and the wrong-PIN count that survives a reload. */
export interface KeyRingRecord {
	version: 1;
	kdf: 'PBKDF2-SHA-256';
	pin: WrappedKey;
	recovery: WrappedKey;
	server?: ServerWrap;
	/** Wrong PINs or recovery codes since the last success. */
	failedAttempts: number;
	/** No attempt is tried before this time (ms since epoch): the back-off. */
	notBefore: number;
	createdAt: string;
}

/** Where the key ring lives; the app keeps it in its own IndexedDB database (keyStore.ts). */
export interface KeyRingStore {
	read(): Promise<KeyRingRecord | undefined>;
	write(record: KeyRingRecord): Promise<void>;
	/** Forgets the wrapped keys for good (after too many wrong attempts). */
	discard(): Promise<void>;
}

const encoder = new TextEncoder();

async function deriveWrappingKey(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', encoder.encode(secret.normalize('NFKC')), 'PBKDF2', false, ['deriveKey']);
	return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
}

export async function wrapDataKey(dataKey: Uint8Array<ArrayBuffer>, secret: string, iterations = pbkdf2Iterations): Promise<WrappedKey> {
	const salt = randomBytes(16);
	const iv = randomBytes(12);
	const key = await deriveWrappingKey(secret, salt, iterations);
	const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, dataKey));
	return { salt, iv, wrapped, iterations };
}

/** The raw data key, or null when the secret is not the one it was wrapped with (the GCM tag does not verify). */
export async function unwrapDataKey(wrapped: WrappedKey, secret: string): Promise<Uint8Array<ArrayBuffer> | null> {
	const key = await deriveWrappingKey(secret, wrapped.salt, wrapped.iterations);
	try {
		return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: wrapped.iv }, key, wrapped.wrapped));
	} catch {
		return null;
	}
}

// Crockford base32 without I, L, O, U: nothing to misread when copied by hand from a screen.
const recoveryAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 25 symbols of 5 bits (125 bits), shown in groups of five. */
export function newRecoveryCode(): string {
	const bytes = randomBytes(25);
	const symbols = [...bytes].map((b) => recoveryAlphabet[b & 31]);
	return Array.from({ length: 5 }, (_, i) => symbols.slice(i * 5, i * 5 + 5).join('')).join('-');
}

/** As typed: case, spaces, dashes and the look-alikes O/I/L do not matter. */
export function normalizeRecoveryCode(input: string): string {
	const clean = input
		.toUpperCase()
		.replace(/[\s-]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	return Array.from({ length: Math.ceil(clean.length / 5) }, (_, i) => clean.slice(i * 5, i * 5 + 5)).join('-');
}

/**
 * How long to wait before the next attempt after `failed` wrong ones in a row: the
 * first three are free (a slip of the finger), then 2 s, 4 s, 8 s … up to 5 minutes.
 */
export function backoffMs(failed: number): number {
	if (failed < 3) return 0;
	return Math.min(5 * 60_000, 1000 * 2 ** (failed - 2));
}

export interface NewKeyRing {
	dataKey: Uint8Array<ArrayBuffer>;
	/** Shown once, never stored in the clear. */
	recoveryCode: string;
}

/** Creates the data key and stores it wrapped by the PIN and by a fresh recovery code. */
export async function createKeyRing(store: KeyRingStore, pin: string, now = Date.now(), iterations = pbkdf2Iterations): Promise<NewKeyRing> {
	const dataKey = randomBytes(32);
	const recoveryCode = newRecoveryCode();
	const [pinWrap, recoveryWrap] = await Promise.all([wrapDataKey(dataKey, pin, iterations), wrapDataKey(dataKey, recoveryCode, iterations)]);
	await store.write({
		version: 1,
		kdf: 'PBKDF2-SHA-256',
		pin: pinWrap,
		recovery: recoveryWrap,
		failedAttempts: 0,
		notBefore: 0,
		createdAt: new Date(now).toISOString()
	});
	return { dataKey, recoveryCode };
}

export type UnlockResult =
	| { status: 'unlocked'; dataKey: Uint8Array<ArrayBuffer> }
	/** Not tried: the back-off has not run out. */
	| { status: 'wait'; retryAt: number; attemptsLeft: number }
	| { status: 'wrong'; attemptsLeft: number; retryAt: number }
	/** That was the last attempt: the wrapped keys are gone. */
	| { status: 'discarded' }
	| { status: 'noKeyRing' };

/**
 * One attempt with the PIN or the recovery code. The attempt is counted *before*
 * the key is derived, so closing the app in the middle of a guess does not reset
 * the count; a success sets it back to zero.
 */
export async function unlockKeyRing(store: KeyRingStore, secret: string, options: { with?: 'pin' | 'recovery'; now?: number } = {}): Promise<UnlockResult> {
	const now = options.now ?? Date.now();
	const record = await store.read();
	if (!record) return { status: 'noKeyRing' };
	if (now < record.notBefore) return { status: 'wait', retryAt: record.notBefore, attemptsLeft: maxAttempts - record.failedAttempts };
	const failed = record.failedAttempts + 1;
	await store.write({ ...record, failedAttempts: failed, notBefore: now + backoffMs(failed) });
	const usesRecovery = options.with === 'recovery';
	const dataKey = await unwrapDataKey(usesRecovery ? record.recovery : record.pin, usesRecovery ? normalizeRecoveryCode(secret) : secret);
	if (dataKey) {
		await store.write({ ...record, failedAttempts: 0, notBefore: 0 });
		return { status: 'unlocked', dataKey };
	}
	if (failed >= maxAttempts) {
		await store.discard();
		return { status: 'discarded' };
	}
	return { status: 'wrong', attemptsLeft: maxAttempts - failed, retryAt: now + backoffMs(failed) };
}

/** A new PIN for the same data key (after unlocking): nothing in the database changes. */
export async function changePin(store: KeyRingStore, dataKey: Uint8Array<ArrayBuffer>, newPin: string, iterations = pbkdf2Iterations): Promise<void> {
	const record = await store.read();
	if (!record) throw new Error('No key ring on this device');
	await store.write({ ...record, pin: await wrapDataKey(dataKey, newPin, iterations), failedAttempts: 0, notBefore: 0 });
}

/** A fresh recovery code (the old one stops working); shown once. */
export async function renewRecoveryCode(store: KeyRingStore, dataKey: Uint8Array<ArrayBuffer>, iterations = pbkdf2Iterations): Promise<string> {
	const record = await store.read();
	if (!record) throw new Error('No key ring on this device');
	const recoveryCode = newRecoveryCode();
	await store.write({ ...record, recovery: await wrapDataKey(dataKey, recoveryCode, iterations) });
	return recoveryCode;
}

async function serverKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
	if (secret.length !== 32) throw new Error('A server secret is 32 bytes');
	return crypto.subtle.importKey('raw', secret, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Adds (or replaces) the copy wrapped by the server's secret; the secret itself is not kept. */
export async function addServerWrap(
	store: KeyRingStore,
	dataKey: Uint8Array<ArrayBuffer>,
	server: { ringId: string; email: string; secret: Uint8Array<ArrayBuffer> }
): Promise<void> {
	const record = await store.read();
	if (!record) throw new Error('No key ring on this device');
	const iv = randomBytes(12);
	const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await serverKey(server.secret), dataKey));
	await store.write({ ...record, server: { ringId: server.ringId, email: server.email, iv, wrapped } });
}

export async function removeServerWrap(store: KeyRingStore): Promise<void> {
	const record = await store.read();
	if (!record?.server) return;
	const { server: _gone, ...rest } = record;
	await store.write(rest);
}

/**
 * The data key from the server's secret, or null when it does not open this ring (turned
 * off and on again elsewhere, another account). The server counted the sign-in; a
 * success here also clears the wrong-PIN count.
 */
export async function unwrapWithServerSecret(store: KeyRingStore, secret: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer> | null> {
	const record = await store.read();
	if (!record?.server) return null;
	try {
		const dataKey = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.server.iv }, await serverKey(secret), record.server.wrapped));
		await store.write({ ...record, failedAttempts: 0, notBefore: 0 });
		return dataKey;
	} catch {
		return null;
	}
}

/** A PIN the app accepts: at least 6 characters (digits or a passphrase). */
export function pinProblem(pin: string): 'tooShort' | null {
	return pin.length < 6 ? 'tooShort' : null;
}

