import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** The signed-in user → 200 `{ user }`, or 401 `unauthenticated`. */
export const GET: RequestHandler = endpoint(async (event) => json({ user: requireUser(event) }));
