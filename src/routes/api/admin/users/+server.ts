import { json } from '@sveltejs/kit';
import { listUsers, requireAdmin } from '$lib/server/auth/admin';
import { storage } from '$lib/server/db';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** The server's accounts, for its administrator → 200 `{ users }`; 403 `not_admin`. */
export const GET: RequestHandler = endpoint(async (event) => {
	requireAdmin(event);
	return json({ users: await listUsers(await storage()) });
});
