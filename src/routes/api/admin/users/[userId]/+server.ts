import { json } from '@sveltejs/kit';
import { accountStateBody, deleteAccount, requireAdmin, setAccountDisabled, userIdParam } from '$lib/server/auth/admin';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { endpoint, invalidInput, readBody } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';
import { liveHub } from '$lib/server/live/hub';

function target(params: { userId: string }): string {
	const parsed = userIdParam.safeParse(params.userId);
	if (!parsed.success) throw invalidInput([{ path: 'userId', code: 'invalid' }]);
	return parsed.data;
}

/**
 * Disable or enable an account: `{ disabled: true | false }` → 200 `{ user }`. Disabling
 * ends its sessions. 409 `last_admin`, 404 `user_not_found`, 403 `not_admin`.
 */
export const PATCH: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const userId = target(event.params);
	const { disabled } = await readBody(event, accountStateBody);
	const user = await setAccountDisabled(await storage(), { adminId: admin.id, userId, ip: clientAddress(event) }, disabled);
	if (disabled) liveHub.closeUser(userId);
	return json({ user });
});

/**
 * Delete an account → 200 `{ ok: true }`. 409 `last_admin`, 409 `last_project_owner`
 * (make someone else owner of those projects first), 404 `user_not_found`.
 */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const userId = target(event.params);
	await deleteAccount(await storage(), { adminId: admin.id, userId, ip: clientAddress(event) });
	liveHub.closeUser(userId);
	return json({ ok: true });
});
