import { json } from '@sveltejs/kit';
import { newAccountBody } from '$lib/server/auth/accounts';
import { logAuthEvent } from '$lib/server/auth/log';
import { forgetAttempt, INVITE_LOOKUPS_MAX_PER_IP, takeAttempt } from '$lib/server/auth/rateLimit';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import { acceptInvite, acceptInviteWithNewAccount } from '$lib/server/projects/invites';
import type { RequestHandler } from './$types';

/**
 * Join a project with an invite.
 * - Signed in: no body needed → 200 `{ project: { id, name }, role, user }`.
 * - Signed out: `{ email, password, displayName }` creates the account, joins and signs in
 *   → 201 `{ project, role, user }` (409 `email_taken`: sign in first, then accept).
 * 404 `invite_not_found`, 410 `invite_used` / `invite_expired`, 409 `already_member`;
 * failures count against the client's address like lookups (429 `rate_limited`).
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const sql = await storage();
	const me = event.locals.user;
	const account = me ? null : await readBody(event, newAccountBody);
	const attempt = await takeAttempt(sql, [{ key: `invite:${clientAddress(event)}`, max: INVITE_LOOKUPS_MAX_PER_IP }]);
	if (me) {
		const joined = await acceptInvite(sql, event.params.code, me.id);
		await forgetAttempt(sql, attempt);
		logAuthEvent('invite.accepted', { userId: me.id, ip: clientAddress(event), role: joined.role });
		return json({ ...joined, user: me });
	}
	const { project, role, user, session } = await acceptInviteWithNewAccount(sql, event.params.code, account!);
	await forgetAttempt(sql, attempt);
	logAuthEvent('invite.accepted', { userId: user.id, email: user.email, ip: clientAddress(event), role });
	setSessionCookie(event, session);
	return json({ project, role, user }, { status: 201 });
});
