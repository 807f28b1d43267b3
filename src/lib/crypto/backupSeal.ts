import { concatBytes, randomBytes } from './bytes';
import { pbkdf2Iterations } from './keyRing';

/**
 * A backup file sealed with a passphrase chosen at export. A backup holds every word
 * about the project's young people; once it leaves the tablet (a USB stick, a mail,
 * a shared drive) the device's PIN no longer protects it, so it is sealed by default.
 *
 * Layout (all of it read before anything is decrypted):
 *
 *   0   26  magic "FELTINNSIKT-SEALED-BACKUP\n" (a person who opens it sees what it is)
 *   26   1  version (1)
 *   27   4  PBKDF2-SHA-256 iterations, big-endian
 *   31  16  salt
 *   47  12  AES-GCM IV
 *   59   …  AES-256-GCM of the backup .zip, tag at the end; the 59 header bytes are its
 *           additional data, so a changed iteration count or salt fails like a wrong
 *           passphrase instead of being used.
 *
 * WebCrypto throughout: sealing happens outside any IndexedDB transaction.
 */
const magic = new TextEncoder().encode('FELTINNSIKT-SEALED-BACKUP\n');
const version = 1;
const headerLength = magic.length + 1 + 4 + 16 + 12;
/** Hostile headers cannot make a restore spin for minutes, nor a weak file pass. */
const minIterations = 100_000;
const maxIterations = 10_000_000;
export const passphraseMinLength = 8;
export const sealedBackupExtension = 'feltinnsikt.sealed';

export type SealProblem = 'wrongPassphrase' | 'sealedDamaged';

export class BackupSealError extends Error {
	constructor(readonly code: SealProblem) {
		super(code === 'wrongPassphrase' ? 'The passphrase does not open this backup.' : 'The sealed backup is damaged or not one.');
		this.name = 'BackupSealError';
	}
}

export function isSealedBackup(bytes: Uint8Array): boolean {
	return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

export function passphraseProblem(passphrase: string, repeated: string): 'tooShort' | 'notSame' | null {
	if (passphrase.length < passphraseMinLength) return 'tooShort';
	return passphrase === repeated ? null : 'notSame';
}

async function keyFor(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFKC')), 'PBKDF2', false, ['deriveKey']);
	return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function sealBackup(zip: Uint8Array<ArrayBuffer>, passphrase: string, iterations = pbkdf2Iterations): Promise<Uint8Array<ArrayBuffer>> {
	const salt = randomBytes(16);
	const iv = randomBytes(12);
	const count = new Uint8Array(4);
	new DataView(count.buffer).setUint32(0, iterations);
	const header = concatBytes(magic, Uint8Array.of(version), count, salt, iv);
	const key = await keyFor(passphrase, salt, iterations);
	const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, zip));
	return concatBytes(header, sealed);
}

/** The backup .zip inside, or a BackupSealError: `sealedDamaged` before any key work when the header is wrong. */
export async function openSealedBackup(bytes: Uint8Array, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
	if (!isSealedBackup(bytes) || bytes.length < headerLength + 16 || bytes[magic.length] !== version) throw new BackupSealError('sealedDamaged');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const iterations = view.getUint32(magic.length + 1);
	if (iterations < minIterations || iterations > maxIterations) throw new BackupSealError('sealedDamaged');
	const at = magic.length + 5;
	const salt = bytes.slice(at, at + 16);
	const iv = bytes.slice(at + 16, at + 28);
	const key = await keyFor(passphrase, salt, iterations);
	try {
		return new Uint8Array(
			await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: bytes.slice(0, headerLength) }, key, bytes.slice(headerLength))
		);
	} catch {
		// GCM cannot tell a wrong passphrase from changed bytes; a wrong passphrase is by far the likelier.
		throw new BackupSealError('wrongPassphrase');
	}
}
