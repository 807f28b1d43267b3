import { json } from '@sveltejs/kit';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import { revokeInvite } from '$lib/server/projects/invites';
import { OWNER_ONLY } from '$lib/server/projects/roles';
import type { RequestHandler } from './$types';

/** Owner revokes (deletes) an invite → `{ ok: true }`; 404 `invite_not_found`. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	await requireRole(event, event.params.projectId, OWNER_ONLY);
	await revokeInvite(await storage(), event.params.projectId, event.params.code);
	return json({ ok: true });
});
