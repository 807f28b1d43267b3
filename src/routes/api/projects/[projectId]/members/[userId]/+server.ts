import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import { changeRole, removeMember } from '$lib/server/projects/members';
import { liveHub } from '$lib/server/live/hub';
import { ANY_MEMBER, OWNER_ONLY, roleSchema } from '$lib/server/projects/roles';
import type { RequestHandler } from './$types';

const changeRoleBody = z.object({ role: roleSchema });

/** Owner: `{ role }` → `{ member }`; 409 `last_owner` when it would leave no owner. */
export const PATCH: RequestHandler = endpoint(async (event) => {
	const { projectId, userId } = event.params;
	await requireRole(event, projectId, OWNER_ONLY);
	const { role } = await readBody(event, changeRoleBody);
	return json({ member: await changeRole(await storage(), projectId, userId, role) });
});

/** Owner removes a member, or a member leaves (their own id) → `{ ok: true }`; 409 `last_owner`. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { projectId, userId } = event.params;
	const leaving = event.locals.user?.id === userId;
	await requireRole(event, projectId, leaving ? ANY_MEMBER : OWNER_ONLY);
	await removeMember(await storage(), projectId, userId);
	liveHub.closeMember(projectId, userId);
	return json({ ok: true });
});
