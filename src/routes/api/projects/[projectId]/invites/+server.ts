import { json } from '@sveltejs/kit';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import { publicOrigin } from '$lib/server/http/origin';
import { createInvite, createInviteBody, formatInviteCode, listInvites } from '$lib/server/projects/invites';
import { OWNER_ONLY } from '$lib/server/projects/roles';
import type { RequestHandler } from './$types';

/** Owner → `{ invites: [{ code, role, status, createdAt, createdBy, expiresAt, usedBy, usedAt }] }`. */
export const GET: RequestHandler = endpoint(async (event) => {
	await requireRole(event, event.params.projectId, OWNER_ONLY);
	return json({ invites: await listInvites(await storage(), event.params.projectId) });
});

/** Owner: `{ role?, expiresInDays? }` → 201 `{ code, displayCode, url, role, expiresAt }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { user } = await requireRole(event, event.params.projectId, OWNER_ONLY);
	const body = await readBody(event, createInviteBody);
	const invite = await createInvite(await storage(), {
		projectId: event.params.projectId,
		createdBy: user.id,
		role: body.role,
		expiresInDays: body.expiresInDays
	});
	return json(
		{
			code: invite.code,
			displayCode: formatInviteCode(invite.code),
			url: `${publicOrigin(event)}/join/${invite.code}`,
			role: invite.role,
			expiresAt: invite.expiresAt
		},
		{ status: 201 }
	);
});
