import { json } from '@sveltejs/kit';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import { listMembers } from '$lib/server/projects/members';
import { ANY_MEMBER } from '$lib/server/projects/roles';
import type { RequestHandler } from './$types';

/** Any member → `{ members: [{ userId, email, displayName, role, joinedAt }] }`. */
export const GET: RequestHandler = endpoint(async (event) => {
	await requireRole(event, event.params.projectId, ANY_MEMBER);
	return json({ members: await listMembers(await storage(), event.params.projectId) });
});
