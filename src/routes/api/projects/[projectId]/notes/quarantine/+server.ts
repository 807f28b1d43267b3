import { json } from '@sveltejs/kit';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { apiError, endpoint, readBody } from '$lib/server/http/errors';
import { OWNER_ONLY } from '$lib/server/projects/roles';
import { quarantineBody, quarantineNoteUpdate } from '$lib/server/sync/quarantine';
import type { RequestHandler } from './$types';

/**
 * Owner: `{ opId }` → `{ opId, noteId, quarantined: true }`. Takes a stored note update
 * out of use (exports, backups and pulls leave it out); 404 `not_found` when the project
 * has no note update with that op id.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = await requireRole(event, event.params.projectId, OWNER_ONLY);
	const body = await readBody(event, quarantineBody);
	const done = await quarantineNoteUpdate(await storage(), { projectId: event.params.projectId, opId: body.opId, userId: user.id });
	if (!done) throw apiError(404, 'not_found', 'The project has no note update with this id.');
	return json({ ...done, quarantined: true });
});
