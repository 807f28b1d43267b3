import { json } from '@sveltejs/kit';
import { SESSION_COOKIE, clearSessionCookie, deleteSession } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** Ends this device's session (also fine when signed out) → 200 `{ ok: true }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) await deleteSession(await storage(), token);
	clearSessionCookie(event);
	return json({ ok: true });
});
