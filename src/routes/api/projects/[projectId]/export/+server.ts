import type { RequestHandler } from './$types';
import { apiError, endpoint, invalidInput, issuesFrom } from '$lib/server/http/errors';
import { ExchangeError } from '$lib/exchange/qdc';
import { exportFile, exportQuery } from '$lib/server/exchange/formats';
import { projectAbout, serverSnapshot } from '$lib/server/exchange/snapshot';
import { member, sql } from '$lib/server/sync/routes';

/**
 * `GET /api/projects/:id/export?format=qdpx|qdc|csv|md|html[&bom=1][&excel=nb][&board=…]`: the
 * project as the server holds it, for every member (reviewers too – reading is their work).
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	const query = exportQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) throw invalidInput(issuesFrom(query.error));
	const db = await sql();
	const snapshot = await serverSnapshot(db, who.projectId, await projectAbout(db, who.projectId));
	try {
		const file = await exportFile(snapshot, query.data, new Date().toISOString());
		return new Response(file.body as BodyInit, {
			headers: {
				'content-type': file.mime,
				'content-disposition': `attachment; filename="${file.fileName}"`,
				'cache-control': 'no-store'
			}
		});
	} catch (error) {
		if (error instanceof ExchangeError) throw apiError(422, 'nothing_to_export', error.message);
		if (error instanceof Error && error.message.startsWith('No board')) throw apiError(404, 'not_found', error.message);
		throw error;
	}
});
