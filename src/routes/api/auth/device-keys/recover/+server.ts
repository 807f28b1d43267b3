import { json } from '@sveltejs/kit';
import { recoverBody, recoverDeviceKey } from '$lib/server/auth/deviceKeys';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { apiError, endpoint, readBody } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * A forgotten PIN: `{ email, password, ringId }` → 200 `{ user, secret }` and the session
 * cookie. Refused as a sign-in is (401 `invalid_credentials`, 429 `rate_limited`, 403
 * `account_disabled`); 404 `no_device_key` when the account has no secret for that tablet
 * (the sign-in itself stands).
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readBody(event, recoverBody);
	const { user, session, secret } = await recoverDeviceKey(await storage(), { ...body, ip: clientAddress(event) });
	setSessionCookie(event, session);
	if (!secret) throw apiError(404, 'no_device_key', 'This account cannot open this tablet: recovery through the server was not turned on here.');
	return json({ user, secret });
});
