import commonList from './commonPasswords.txt?raw';

/**
 * Rules for a new password (OWASP ASVS 2.1): long enough, not too long to hash, not one
 * of the passwords attackers try first, not the person's own e-mail or name, and not a
 * row of one character. Every printable character, spaces and emoji included, is allowed,
 * and nothing is demanded of its composition: a long passphrase is the best password.
 *
 * Each rule answers an issue code the client translates (`error_<code>`).
 */
export const PASSWORD_MIN = 10;
/** Scrypt hashes anything, but a megabyte "password" is only a way to spend our CPU. */
export const PASSWORD_MAX = 128;

export type PasswordIssue =
	| 'passwordTooShort'
	| 'passwordTooLong'
	| 'passwordTrivial'
	| 'passwordCommon'
	| 'passwordPersonal';

export interface PasswordOwner {
	email?: string;
	displayName?: string;
}

/** Length in characters as a person counts them (an emoji or "å" is one). */
function length(text: string): number {
	return [...text.normalize('NFC')].length;
}

const roots: ReadonlySet<string> = new Set(
	commonList
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'))
		.map((line) => line.normalize('NFKC').toLowerCase())
);

/** Number of roots in the bundled list (for the docs and tests). */
export const commonRootCount = roots.size;

function fold(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

/** Digits, punctuation and spaces people put before and after a word ("!!sommer2024"). */
const EDGES = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;
const SEPARATORS = /[\s._\-+*]+/g;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i' };

function unleet(text: string, one: 'i' | 'l'): string {
	return [...text].map((c) => (c === '1' ? one : (LEET[c] ?? c))).join('');
}

/** The shortest unit the text is a repetition of ("abab" → "ab"); the text itself if none. */
function repeatUnit(text: string): string {
	const chars = [...text];
	for (let size = 1; size <= chars.length / 2; size++) {
		if (chars.length % size !== 0) continue;
		const unit = chars.slice(0, size).join('');
		if (unit.repeat(chars.length / size) === text) return unit;
	}
	return text;
}

/** The forms of a password that are compared with the list and the person's own details. */
function cores(password: string): string[] {
	const folded = fold(password);
	let forms = new Set<string>([folded, folded.replace(SEPARATORS, '')]);
	const grow = (more: (form: string) => string[]) => {
		forms = new Set([...forms].flatMap((form) => [form, ...more(form)]));
	};
	const strip = (form: string) => [form.replace(EDGES, '')];
	grow(strip);
	grow((form) => [unleet(form, 'i'), unleet(form, 'l')]);
	grow(strip);
	grow((form) => [repeatUnit(form)]);
	grow(strip);
	forms.delete('');
	return [...forms];
}

/** Every character the same, or a short unit repeated ("          ", "ababababab", "123123123123"). */
function isTrivial(password: string): boolean {
	if (password.trim() === '') return true;
	return length(repeatUnit(fold(password))) <= 3;
}

/** A run of consecutive characters up or down ("abcdefghij", "9876543210"). */
function isSequence(password: string): boolean {
	const codes = [...fold(password)].map((c) => c.codePointAt(0) ?? 0);
	if (codes.length < 3) return false;
	const step = codes[1] - codes[0];
	if (Math.abs(step) !== 1) return false;
	return codes.every((code, i) => i === 0 || code - codes[i - 1] === step);
}

function personalForms(owner: PasswordOwner): Set<string> {
	const forms = new Set<string>();
	const add = (value: string | undefined) => {
		if (!value) return;
		const folded = fold(value).trim();
		if (folded.length === 0) return;
		forms.add(folded);
		forms.add(folded.replace(SEPARATORS, ''));
	};
	const email = owner.email?.trim();
	add(email);
	if (email?.includes('@')) add(email.slice(0, email.lastIndexOf('@')));
	add(owner.displayName);
	return forms;
}

/** The first rule `password` breaks, or null when it may be used. */
export function passwordIssue(password: string, owner: PasswordOwner = {}): PasswordIssue | null {
	const size = length(password);
	if (size > PASSWORD_MAX) return 'passwordTooLong';
	if (isTrivial(password) || isSequence(password)) return size < PASSWORD_MIN ? 'passwordTooShort' : 'passwordTrivial';
	if (size < PASSWORD_MIN) return 'passwordTooShort';
	const forms = cores(password);
	const personal = personalForms(owner);
	if (forms.some((form) => personal.has(form))) return 'passwordPersonal';
	if (forms.some((form) => roots.has(form) || isSequence(form))) return 'passwordCommon';
	return null;
}
