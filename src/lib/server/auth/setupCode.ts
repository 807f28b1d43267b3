import { createHash, randomInt } from 'node:crypto';
import type { Sql } from '$lib/server/db';
import { hasUsers } from './users';

/**
 * The one-time setup code: while the server has no account, whoever reaches it first
 * could make themselves its owner. So first-run setup needs a code that only the person
 * who started the server can read: at start, a server with no account prints a fresh
 * random code on its console (stdout) and stores only its sha256 (`setup_codes`), so
 * every instance's code works and the database does not hold the code itself. Nothing
 * else about it is written anywhere. `SETUP_CODE` in the environment fixes the code for
 * automated starts (tests, provisioning); then it is not printed.
 *
 * Codes are 12 characters from an alphabet without look-alikes (about 60 bits), shown in
 * groups of four; dashes, spaces and case do not matter when typed.
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

export function newSetupCode(): string {
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
	return code.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter. */
export function normalizeSetupCode(code: string): string {
	return code.toUpperCase().replace(/[\s-]+/g, '');
}

function codeHash(code: string): string {
	return createHash('sha256').update(normalizeSetupCode(code)).digest('hex');
}

export interface SetupCodeEnv {
	SETUP_CODE?: string;
}

/**
 * At server start: when no account exists, stores a setup code and prints it with `print`
 * (the console). Returns what it did, for tests.
 */
export async function announceSetupCode(
	sql: Sql,
	env: SetupCodeEnv = process.env,
	print: (line: string) => void = (line) => console.log(line),
	now: Date = new Date()
): Promise<'not_needed' | 'printed' | 'from_env'> {
	if (await hasUsers(sql)) return 'not_needed';
	const fixed = env.SETUP_CODE?.trim();
	const code = fixed && normalizeSetupCode(fixed) !== '' ? fixed : newSetupCode();
	await sql.query('INSERT INTO setup_codes (code_hash, created_at) VALUES ($1, $2) ON CONFLICT (code_hash) DO NOTHING', [
		codeHash(code),
		now
	]);
	if (fixed) {
		print('First-run setup: no account exists yet. Use the setup code given in SETUP_CODE to create the owner account.');
		return 'from_env';
	}
	print(`First-run setup: no account exists yet. Setup code: ${code} (enter it on the setup screen to create the owner account).`);
	return 'printed';
}

/** Whether `code` is one of the setup codes printed since the server has had no account. */
export async function isSetupCode(sql: Sql, code: string): Promise<boolean> {
	if (normalizeSetupCode(code) === '') return false;
	const rows = await sql.query('SELECT 1 FROM setup_codes WHERE code_hash = $1', [codeHash(code)]);
	return rows.length > 0;
}

/** Setup is done: no code works any more. */
export async function clearSetupCodes(sql: Sql): Promise<void> {
	await sql.query('DELETE FROM setup_codes');
}
