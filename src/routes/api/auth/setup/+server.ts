import { json } from '@sveltejs/kit';
import { newAccountBody, setupFirstAccount } from '$lib/server/auth/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { endpoint, readBody } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** The first account on a fresh server: `{ email, password, displayName }` → 201 `{ user }`, signed in. */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readBody(event, newAccountBody);
	const { user, session } = await setupFirstAccount(await storage(), body);
	setSessionCookie(event, session);
	return json({ user }, { status: 201 });
});
