import { json } from '@sveltejs/kit';
import { changePassword, changePasswordBody } from '$lib/server/auth/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { clientAddress, requireUser } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * Change password: `{ currentPassword, newPassword }` → 200 `{ user }`. Every other
 * session of the user ends; this device stays signed in with a new session cookie.
 * 400 `invalid_input` (`currentPassword`: `wrongPassword`; `newPassword`: a password
 * rule), 429 `rate_limited` after repeated wrong current passwords.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const me = requireUser(event);
	const body = await readBody(event, changePasswordBody);
	const { user, session } = await changePassword(await storage(), { ...body, userId: me.id, ip: clientAddress(event) });
	setSessionCookie(event, session);
	return json({ user });
});
