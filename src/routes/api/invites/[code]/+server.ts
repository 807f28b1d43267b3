import { json } from '@sveltejs/kit';
import { forgetAttempt, INVITE_LOOKUPS_MAX_PER_IP, takeAttempt } from '$lib/server/auth/rateLimit';
import { storage } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import { describeInvite } from '$lib/server/projects/invites';
import type { RequestHandler } from './$types';

/**
 * For the join screen, no sign-in needed → `{ invite: { code, projectId, projectName, role,
 * expiresAt } }`; 404 `invite_not_found`, 410 `invite_used` / `invite_expired`. Unknown
 * codes count against the client's address (429 `rate_limited`), so codes cannot be guessed.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const sql = await storage();
	const attempt = await takeAttempt(sql, [{ key: `invite:${clientAddress(event)}`, max: INVITE_LOOKUPS_MAX_PER_IP }]);
	const invite = await describeInvite(sql, event.params.code);
	await forgetAttempt(sql, attempt);
	return json({ invite });
});
