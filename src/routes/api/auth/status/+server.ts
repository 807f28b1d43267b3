import { json } from '@sveltejs/kit';
import { hasUsers } from '$lib/server/auth/users';
import { storage } from '$lib/server/db';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** `{ setupNeeded, user }`: whether the first account is still to be made, and who is signed in. */
export const GET: RequestHandler = endpoint(async (event) => {
	const setupNeeded = !(await hasUsers(await storage()));
	return json({ setupNeeded, user: event.locals.user });
});
