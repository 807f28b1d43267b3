import { json } from '@sveltejs/kit';
import { logAuthEvent } from '$lib/server/auth/log';
import { SESSION_COOKIE, clearSessionCookie, deleteSession, sessionId } from '$lib/server/auth/sessions';
import { liveHub } from '$lib/server/live/hub';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** Ends this device's session (also fine when signed out) → 200 `{ ok: true }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		await deleteSession(await storage(), token);
		liveHub.closeSession(sessionId(token));
	}
	if (event.locals.user) logAuthEvent('signout', { userId: event.locals.user.id, ip: clientAddress(event) });
	clearSessionCookie(event);
	return json({ ok: true });
});
