import { json } from '@sveltejs/kit';
import { clearSessionCookie, logoutEverywhere } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { requireUser } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** Ends every session of the signed-in user, on every device → 200 `{ ok: true }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	await logoutEverywhere(await storage(), user.id);
	clearSessionCookie(event);
	return json({ ok: true });
});
