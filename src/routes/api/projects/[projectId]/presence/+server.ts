import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { SESSION_COOKIE, sessionId } from '$lib/server/auth/sessions';
import { storage } from '$lib/server/db';
import { endpoint, readBody } from '$lib/server/http/errors';
import { liveHub } from '$lib/server/live/hub';
import { member } from '$lib/server/sync/routes';
import { MAX_PRESENCE_BYTES, presenceReportSchema } from '$lib/sync/presenceWire';

/**
 * A tab says where it is in the project (members only); the answer is who else is there.
 * Held in memory, never written to the database: see docs/sync-protocol.md, "Presence".
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const { projectId } = event.params;
	const who = await member(event, projectId);
	const report = await readBody(event, presenceReportSchema, { limit: MAX_PRESENCE_BYTES });
	const sql = await storage();
	// Listening makes reports from the other app instances arrive here too.
	await liveHub.start(sql).catch(() => {});
	if (report.screen === null) {
		await liveHub.report(projectId, { userId: who.userId, tab: report.tab, left: true });
	} else {
		// The name is the account's, never the client's word for it.
		const [user] = await sql.query<{ display_name: string }>('select display_name from users where id = $1', [who.userId]);
		const session = sessionId(event.cookies.get(SESSION_COOKIE) ?? '');
		await liveHub.report(projectId, {
			tab: report.tab,
			userId: who.userId,
			name: user?.display_name ?? '',
			screen: report.screen,
			target: report.target,
			dragging: report.dragging,
			// Only the presentation has a presenter.
			presenting: report.screen === 'presentation' && report.presenting,
			// Only a session has a note to write in.
			cursor: report.screen === 'session' ? report.cursor : null,
			session
		});
	}
	return json({ here: liveHub.here(projectId).filter((entry) => entry.tab !== report.tab || entry.userId !== who.userId) }, { headers: { 'cache-control': 'no-store' } });
});
