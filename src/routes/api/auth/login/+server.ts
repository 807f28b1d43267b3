import { json } from '@sveltejs/kit';
import { login, loginBody } from '$lib/server/auth/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * `{ email, password }` → 200 `{ user }` and the session cookie; 401 `invalid_credentials`;
 * 429 `rate_limited` with `retryAfter` (per-account backoff, per-address limit); 403
 * `account_disabled`.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readBody(event, loginBody);
	const { user, session } = await login(await storage(), { ...body, ip: clientAddress(event) });
	setSessionCookie(event, session);
	return json({ user });
});
