import { json } from '@sveltejs/kit';
import { setupBody, setupServer } from '$lib/server/auth/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * The first account on a fresh server, its administrator: `{ email, password, displayName,
 * setupCode }` → 201 `{ user }`, signed in. The setup code is printed on the server's
 * console at start (403 `setup_code_invalid`); 409 `setup_done` once there is an account.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readBody(event, setupBody);
	const { user, session } = await setupServer(await storage(), body, { ip: clientAddress(event) });
	setSessionCookie(event, session);
	return json({ user }, { status: 201 });
});
