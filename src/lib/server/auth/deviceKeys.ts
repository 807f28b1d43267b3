import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '$lib/server/db';
import { apiError } from '$lib/server/http/errors';
import { login, loginBody, type LoginInput, type SignedIn } from './accounts';
import { logAuthEvent } from './log';

/**
 * Recovery of a tablet's data through the server, for a forgotten PIN (issue: encryption
 * at rest). The server keeps one random secret per (user, key ring); the tablet keeps its
 * data key wrapped by that secret. The secret is handed out only after a sign-in with the
 * password – the same backoff and per-address limits as any sign-in – never on the strength
 * of a session cookie, because whoever holds a lost tablet holds its cookie too.
 *
 * Neither half opens the data alone: the server has no wrapped key and the tablet has no
 * secret. A server copy of the database together with the stolen tablet would; that is
 * the price of "sign in to get back in", and the owner of a device can turn it off.
 */

/** A user with more rings than this has left old tablets behind; forgetting one is a click. */
export const DEVICE_KEYS_PER_USER = 20;

const ringId = z.uuid({ error: 'invalidId' });
export const deviceKeyParams = z.object({ ringId });
export const recoverBody = loginBody.extend({ ringId });
export type RecoverInput = z.infer<typeof recoverBody>;

const newSecret = () => randomBytes(32).toString('base64url');

/** A fresh secret for this user's key ring (a second call replaces the first). */
export async function issueDeviceKey(sql: Sql, userId: string, ring: string, now = new Date()): Promise<string> {
	const secret = newSecret();
	await sql.transaction(async (tx) => {
		// Serialises two issues of one user, so the limit holds.
		await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
		const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM device_keys WHERE user_id = $1 AND ring_id <> $2', [userId, ring]);
		if (n >= DEVICE_KEYS_PER_USER) {
			throw apiError(409, 'too_many_device_keys', `At most ${DEVICE_KEYS_PER_USER} tablets can be recovered through this account; turn it off on one you no longer use.`);
		}
		await tx.query(
			`INSERT INTO device_keys (user_id, ring_id, secret, created_at) VALUES ($1, $2, $3, $4)
			 ON CONFLICT (user_id, ring_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at`,
			[userId, ring, secret, now]
		);
	});
	logAuthEvent('device_key.issued', { userId }, now);
	return secret;
}

/** Turns recovery off for one key ring; the tablet's wrapped copy becomes useless. */
export async function forgetDeviceKey(sql: Sql, userId: string, ring: string, now = new Date()): Promise<boolean> {
	const rows = await sql.query<{ ring_id: string }>('DELETE FROM device_keys WHERE user_id = $1 AND ring_id = $2 RETURNING ring_id', [userId, ring]);
	if (rows.length) logAuthEvent('device_key.forgotten', { userId }, now);
	return rows.length > 0;
}

export interface Recovered extends SignedIn {
	/** null: this account has no secret for that key ring (never turned on, or turned off). */
	secret: string | null;
}

/**
 * Signs in (every sign-in rule applies: wrong password 401, backoff 429, disabled 403) and
 * returns the key ring's secret.
 */
export async function recoverDeviceKey(sql: Sql, input: LoginInput & { ringId: string }, now = new Date()): Promise<Recovered> {
	const signedIn = await login(sql, input, now);
	const rows = await sql.query<{ secret: string }>('SELECT secret FROM device_keys WHERE user_id = $1 AND ring_id = $2', [signedIn.user.id, input.ringId]);
	const secret = rows[0]?.secret ?? null;
	logAuthEvent(secret ? 'device_key.recovered' : 'device_key.missing', { userId: signedIn.user.id, ip: input.ip }, now);
	return { ...signedIn, secret };
}
