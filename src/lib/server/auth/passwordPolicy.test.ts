import { describe, expect, it } from 'vitest';
import { commonRootCount, PASSWORD_MAX, PASSWORD_MIN, passwordIssue } from './passwordPolicy';

const kari = { email: 'kari.nordmann@example.no', displayName: 'Kari Nordmann' };

describe('password rules', () => {
	it('accepts long passphrases, in any script, with spaces and emoji', () => {
		for (const ok of ['korrekt hest batteri', 'blåbærsyltetøy på brødskiva', 'Tre små kinesere 🎶', 'x7#Lq!9vRt2m', 'a'.repeat(9) + 'b']) {
			expect(passwordIssue(ok, kari), ok).toBeNull();
		}
		expect(passwordIssue('é'.repeat(64) + 'x'.repeat(64))).toBeNull();
	});

	it(`needs at least ${PASSWORD_MIN} characters and at most ${PASSWORD_MAX}`, () => {
		expect(passwordIssue('12345678')).toBe('passwordTooShort');
		expect(passwordIssue('kort ord')).toBe('passwordTooShort');
		expect(passwordIssue('ni tegn!!')).toBe('passwordTooShort');
		// Characters as people count them: ten letters å in decomposed form are ten.
		expect(passwordIssue('fjøsnisse\u00e5'.normalize('NFD'))).toBeNull();
		expect(passwordIssue('x'.repeat(PASSWORD_MAX - 1) + 'y')).toBeNull();
		expect(passwordIssue('xy'.repeat(PASSWORD_MAX))).toBe('passwordTooLong');
	});

	it('refuses whitespace only, one repeated character and short repeated patterns', () => {
		for (const trivial of [' '.repeat(10), '\t'.repeat(12), 'aaaaaaaaaa', '1111111111', 'ababababab', '123123123123', '          x'.slice(0, 10)]) {
			expect(['passwordTrivial', 'passwordTooShort']).toContain(passwordIssue(trivial));
		}
		expect(passwordIssue(' '.repeat(16))).toBe('passwordTrivial');
		expect(passwordIssue('abcdefghijkl')).toBe('passwordTrivial');
		expect(passwordIssue('9876543210')).toBe('passwordTrivial');
	});

	it('refuses common and breached passwords, also dressed up with digits, symbols and leetspeak', () => {
		expect(commonRootCount).toBeGreaterThan(500);
		for (const common of [
			'password123',
			'Passord2024!',
			'passordpassord',
			'P@ssw0rd1234',
			'qwertyuiop',
			'Qwerty12345',
			'1q2w3e4r5t',
			'iloveyou123',
			'Sommer2025!!',
			'fotball123456',
			'rosenborg1967',
			'!!Vinter2024',
			'hemmelig-1234',
			'pass word 2024'
		]) {
			expect(passwordIssue(common), common).toBe('passwordCommon');
		}
	});

	it('refuses the e-mail address, its local part and the display name', () => {
		expect(passwordIssue('kari.nordmann@example.no', kari)).toBe('passwordPersonal');
		expect(passwordIssue('KARI.NORDMANN@EXAMPLE.NO', kari)).toBe('passwordPersonal');
		expect(passwordIssue('kari.nordmann', kari)).toBe('passwordPersonal');
		expect(passwordIssue('Kari Nordmann', kari)).toBe('passwordPersonal');
		expect(passwordIssue('karinordmann2024', kari)).toBe('passwordPersonal');
		// Someone else's name is fine.
		expect(passwordIssue('Kari Nordmann', { email: 'ola@example.no', displayName: 'Ola' })).toBeNull();
	});
});
