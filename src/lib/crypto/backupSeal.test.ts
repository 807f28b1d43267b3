import { describe, expect, it } from 'vitest';
import { BackupSealError, isSealedBackup, openSealedBackup, passphraseProblem, sealBackup } from './backupSeal';

// A real seal uses 600 000 iterations; the floor the reader accepts keeps these tests quick.
const iterations = 100_000;
const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('backup.json {"project":"Fjordvik","text":"Bussen går aldri"}')]);

async function problemOf(work: Promise<unknown>): Promise<string> {
	try {
		await work;
		return 'opened';
	} catch (error) {
		return error instanceof BackupSealError ? error.code : String(error);
	}
}

describe('sealed backups', () => {
	it('opens with the passphrase it was sealed with, and shows nothing of the backup outside', async () => {
		const sealed = await sealBackup(zip, 'lang og trygg frase', iterations);
		expect(isSealedBackup(sealed)).toBe(true);
		expect(isSealedBackup(zip)).toBe(false);
		const text = new TextDecoder('latin1').decode(sealed);
		expect(text.startsWith('FELTINNSIKT-SEALED-BACKUP\n')).toBe(true);
		expect(text).not.toContain('Fjordvik');
		expect(text).not.toContain('PK');
		expect(await openSealedBackup(sealed, 'lang og trygg frase')).toEqual(zip);
		// Typed on another keyboard (NFD å) it is the same passphrase.
		const nfd = await sealBackup(zip, 'blåbærsyltetøy'.normalize('NFD'), iterations);
		expect(await openSealedBackup(nfd, 'blåbærsyltetøy'.normalize('NFC'))).toEqual(zip);
	});

	it('refuses a wrong passphrase, a changed header and a changed byte', async () => {
		const sealed = await sealBackup(zip, 'lang og trygg frase', iterations);
		expect(await problemOf(openSealedBackup(sealed, 'lang og trygg Frase'))).toBe('wrongPassphrase');
		// The salt is part of the additional data: changing it cannot be used to open the file differently.
		const salt = sealed.slice();
		salt[35] ^= 1;
		expect(await problemOf(openSealedBackup(salt, 'lang og trygg frase'))).toBe('wrongPassphrase');
		const body = sealed.slice();
		body[body.length - 1] ^= 1;
		expect(await problemOf(openSealedBackup(body, 'lang og trygg frase'))).toBe('wrongPassphrase');
	});

	it('refuses hostile headers before deriving any key', async () => {
		const sealed = await sealBackup(zip, 'lang og trygg frase', iterations);
		const spin = sealed.slice();
		new DataView(spin.buffer).setUint32(27, 0xffffffff);
		expect(await problemOf(openSealedBackup(spin, 'lang og trygg frase'))).toBe('sealedDamaged');
		const weak = sealed.slice();
		new DataView(weak.buffer).setUint32(27, 1);
		expect(await problemOf(openSealedBackup(weak, 'lang og trygg frase'))).toBe('sealedDamaged');
		const newer = sealed.slice();
		newer[26] = 2;
		expect(await problemOf(openSealedBackup(newer, 'lang og trygg frase'))).toBe('sealedDamaged');
		expect(await problemOf(openSealedBackup(sealed.slice(0, 40), 'lang og trygg frase'))).toBe('sealedDamaged');
		expect(await problemOf(openSealedBackup(zip, 'lang og trygg frase'))).toBe('sealedDamaged');
	});

	it('asks for a passphrase of at least 8 characters, typed the same twice', () => {
		expect(passphraseProblem('kort', 'kort')).toBe('tooShort');
		expect(passphraseProblem('lang og trygg', 'lang og trygt')).toBe('notSame');
		expect(passphraseProblem('lang og trygg', 'lang og trygg')).toBeNull();
	});
});
