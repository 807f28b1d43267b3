import type { RequestHandler } from './$types';
import { SESSION_COOKIE, sessionId, validateSession } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { roleIn } from '$lib/server/http/auth';
import { endpoint } from '$lib/server/http/errors';
import { liveHub } from '$lib/server/live/hub';
import { liveStreamResponse } from '$lib/server/live/stream';
import { member } from '$lib/server/sync/routes';

/** The live channel of a project (members only): see docs/sync-protocol.md, "Live". */
export const GET: RequestHandler = endpoint(async (event) => {
	const { projectId } = event.params;
	const who = await member(event, projectId);
	const sql = await storage();
	await liveHub.start(sql);
	const [{ top }] = await sql.query<{ top: number }>('select coalesce(max(seq), 0)::int as top from changes where project_id = $1', [projectId]);
	const token = event.cookies.get(SESSION_COOKIE) ?? '';
	return liveStreamResponse({
		hub: liveHub,
		projectId,
		userId: who.userId,
		session: sessionId(token),
		top,
		stillAllowed: async () => (await validateSession(await storage(), token))?.user.id === who.userId && (await roleIn(who.userId, projectId)) !== null
	});
});
