import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes: scrypt (node:crypto), memory-hard. Stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>` so the cost can be raised
 * later without invalidating stored hashes (`needsRehash`).
 *
 * N = 2^15, r = 8, p = 1 uses 32 MiB and takes ~80 ms per hash on the project's machines
 * (2^14: ~45 ms, 2^16: ~160 ms).
 */
export const PASSWORD_PARAMS = { log2N: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

interface Params {
	log2N: number;
	r: number;
	p: number;
}

function derive(password: string, salt: Buffer, keyLength: number, { log2N, r, p }: Params): Promise<Buffer> {
	const N = 2 ** log2N;
	const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
	return new Promise((resolve, reject) => {
		scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
	});
}

export async function hashPassword(password: string, params: Params = PASSWORD_PARAMS): Promise<string> {
	const salt = randomBytes(PASSWORD_PARAMS.saltLength);
	const key = await derive(password, salt, PASSWORD_PARAMS.keyLength, params);
	return ['scrypt', params.log2N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): (Params & { salt: Buffer; key: Buffer }) | null {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
	const [log2N, r, p] = parts.slice(1, 4).map(Number);
	// Refuse costs a tampered row could use to tie up the server.
	if (![log2N, r, p].every(Number.isInteger) || log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 4) {
		return null;
	}
	const salt = Buffer.from(parts[4], 'base64url');
	const key = Buffer.from(parts[5], 'base64url');
	if (salt.length < 8 || key.length < 16) return null;
	return { log2N, r, p, salt, key };
}

/** Whether `password` matches `stored`; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parsed = parse(stored);
	if (!parsed) return false;
	const key = await derive(password, parsed.salt, parsed.key.length, parsed);
	return timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
	const parsed = parse(stored);
	return (
		!parsed ||
		parsed.log2N < PASSWORD_PARAMS.log2N ||
		parsed.r < PASSWORD_PARAMS.r ||
		parsed.p < PASSWORD_PARAMS.p
	);
}

let dummy: Promise<string> | null = null;
/**
 * Spends the time of one verification when there is no account for an e-mail, so the
 * response time does not tell whether the account exists.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
	dummy ??= hashPassword('not a password of anyone');
	await verifyPassword(password, await dummy);
	return false;
}
