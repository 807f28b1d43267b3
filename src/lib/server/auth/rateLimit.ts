import { uuidv7 } from 'uuidv7';
import type { Sql } from '$lib/server/db';
import { apiError } from '$lib/server/http/errors';

/**
 * Counting attempts per key ("email:…", "ip:…") in a sliding window, in the database
 * (`login_attempts`), so the limit holds across app instances and restarts.
 *
 * An attempt is recorded *before* the password is checked and forgotten again when it
 * succeeds: many attempts fired in parallel all count, so they cannot slip past the limit
 * while the first ones are still being checked.
 */
export interface Limit {
	key: string;
	/** Most attempts in the window; the next is refused. */
	max: number;
}

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/**
 * Failed sign-ins per client address in the window. A whole school class, or an office,
 * may sit behind one address: 30 people who each mistype a few times stay far below it,
 * while guessing across many accounts from one address is stopped.
 */
export const LOGIN_MAX_PER_IP = 300;
/** Failed setup-code guesses per client address in the window. */
export const SETUP_MAX_PER_IP = 20;
/** Unknown invite codes looked up per client address in the window. */
export const INVITE_LOOKUPS_MAX_PER_IP = 20;

export interface Attempt {
	ids: string[];
}

/**
 * Records an attempt under every limit's key; throws 429 `rate_limited` (with `retryAfter`)
 * when one of them is over its limit, in which case nothing stays recorded.
 */
export async function takeAttempt(
	sql: Sql,
	limits: Limit[],
	{ now = new Date(), windowMs = LOGIN_WINDOW_MS }: { now?: Date; windowMs?: number } = {}
): Promise<Attempt> {
	const since = new Date(now.getTime() - windowMs);
	await sql.query('DELETE FROM login_attempts WHERE attempted_at < $1', [since]);
	const ids: string[] = [];
	for (const limit of limits) {
		const id = uuidv7();
		await sql.query('INSERT INTO login_attempts (id, key, attempted_at) VALUES ($1, $2, $3)', [id, limit.key, now]);
		ids.push(id);
	}
	let retryAfter = 0;
	for (const limit of limits) {
		// The other attempts under this key still in the window, newest first.
		const rows = await sql.query<{ id: string; attempted_at: Date }>(
			`SELECT id, attempted_at FROM login_attempts WHERE key = $1 AND attempted_at >= $2
			ORDER BY attempted_at DESC, id DESC`,
			[limit.key, since]
		);
		const others = rows.filter((row) => !ids.includes(row.id));
		if (others.length >= limit.max) {
			// One more is allowed once the max-th newest has left the window.
			const blocking = others[limit.max - 1];
			const seconds = Math.ceil((blocking.attempted_at.getTime() + windowMs - now.getTime()) / 1000);
			retryAfter = Math.max(retryAfter, seconds, 1);
		}
	}
	if (retryAfter > 0) {
		await forgetAttempt(sql, { ids });
		throw apiError(429, 'rate_limited', 'Too many attempts. Try again later.', { retryAfter });
	}
	return { ids };
}

/** The attempt succeeded: it does not count against anyone. */
export async function forgetAttempt(sql: Sql, attempt: Attempt): Promise<void> {
	if (attempt.ids.length === 0) return;
	await sql.query('DELETE FROM login_attempts WHERE id = ANY($1::text[])', [attempt.ids]);
}

/** Clears a key's failures (e.g. an e-mail address after a successful sign-in). */
export async function clearAttempts(sql: Sql, key: string): Promise<void> {
	await sql.query('DELETE FROM login_attempts WHERE key = $1', [key]);
}

/**
 * Per-account backoff (OWASP ASVS 2.2.1), keyed "email:<address>" whether or not the
 * account exists (the answers must not tell). The first `BACKOFF_FREE_FAILURES` failures
 * in a row cost nothing; after that every attempt must wait 1, 2, 4, … seconds after the
 * previous one, at most `BACKOFF_MAX_DELAY_MS`. An attempt during the wait is answered
 * 429 `rate_limited` with `retryAfter` and does not lengthen the wait; an attempt after it
 * with the right password signs in and clears the count. So an attacker gets at most
 * about 60 guesses an hour per account, and the real user never waits more than a minute.
 * The count is forgotten a day after the last attempt.
 */
export const BACKOFF_FREE_FAILURES = 5;
export const BACKOFF_BASE_DELAY_MS = 1000;
export const BACKOFF_MAX_DELAY_MS = 60 * 1000;
export const BACKOFF_FORGET_MS = 24 * 60 * 60 * 1000;

/** The wait after the `failures`-th failure in a row. */
export function backoffDelayMs(failures: number): number {
	if (failures < BACKOFF_FREE_FAILURES) return 0;
	return Math.min(BACKOFF_MAX_DELAY_MS, BACKOFF_BASE_DELAY_MS * 2 ** (failures - BACKOFF_FREE_FAILURES));
}

/**
 * Counts an attempt for `key` as a failure before the password is checked, or throws 429
 * `rate_limited` while the key must wait. One statement, so parallel attempts are counted
 * one after another (the row is locked by the upsert) and cannot all pass at once.
 */
export async function takeBackoffSlot(sql: Sql, key: string, now: Date = new Date()): Promise<void> {
	await sql.query('DELETE FROM login_backoff WHERE last_attempt_at < $1', [new Date(now.getTime() - BACKOFF_FORGET_MS)]);
	// Delay after the n-th failure, in ms, as SQL (the same rule as backoffDelayMs).
	const delay = (n: string) =>
		`CASE WHEN ${n} < ${BACKOFF_FREE_FAILURES} THEN 0
		ELSE least(${BACKOFF_MAX_DELAY_MS}, ${BACKOFF_BASE_DELAY_MS} * power(2, least(${n} - ${BACKOFF_FREE_FAILURES}, 30))) END`;
	const taken = await sql.query<{ failures: number }>(
		`INSERT INTO login_backoff AS b (key, failures, next_allowed_at, last_attempt_at)
		VALUES ($1, 1, $2::timestamptz + (${delay('1')}) * interval '1 millisecond', $2)
		ON CONFLICT (key) DO UPDATE SET
			failures = b.failures + 1,
			next_allowed_at = $2::timestamptz + (${delay('b.failures + 1')}) * interval '1 millisecond',
			last_attempt_at = $2
		WHERE b.next_allowed_at <= $2
		RETURNING failures`,
		[key, now]
	);
	if (taken.length > 0) return;
	const [row] = await sql.query<{ next_allowed_at: Date }>('SELECT next_allowed_at FROM login_backoff WHERE key = $1', [key]);
	const retryAfter = Math.max(1, Math.ceil(((row?.next_allowed_at.getTime() ?? now.getTime()) - now.getTime()) / 1000));
	throw apiError(429, 'rate_limited', 'Too many wrong passwords. Wait a moment and try again.', { retryAfter });
}

/** The right password: the key's failures are forgotten. */
export async function clearBackoff(sql: Sql, key: string): Promise<void> {
	await sql.query('DELETE FROM login_backoff WHERE key = $1', [key]);
}
