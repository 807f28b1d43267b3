import { json } from '@sveltejs/kit';
import { logAuthEvent } from '$lib/server/auth/log';
import { clearSessionCookie, logoutEverywhere } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { liveHub } from '$lib/server/live/hub';
import { clientAddress, requireUser } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** Ends every session of the signed-in user, on every device → 200 `{ ok: true }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const ended = await logoutEverywhere(await storage(), user.id);
	liveHub.closeUser(user.id);
	logAuthEvent('signout.everywhere', { userId: user.id, ip: clientAddress(event), sessionsEnded: ended });
	clearSessionCookie(event);
	return json({ ok: true });
});
