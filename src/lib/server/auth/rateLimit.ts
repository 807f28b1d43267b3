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
/** Failed sign-ins per e-mail address in the window. */
export const LOGIN_MAX_PER_EMAIL = 5;
/** Failed sign-ins per client address in the window (a team may share one office address). */
export const LOGIN_MAX_PER_IP = 20;
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
