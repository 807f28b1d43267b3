import type { RequestHandler } from './$types';
import { endpoint } from '$lib/server/http/errors';
import { requireRole } from '$lib/server/http/auth';
import { createBackup } from '$lib/exchange/backup';
import { exportFileName } from '$lib/exchange/fileName';
import { projectAbout, serverSnapshot } from '$lib/server/exchange/snapshot';
import { sql } from '$lib/server/sync/routes';

/**
 * `GET /api/projects/:id/backup`: the project as the server holds it, as the same
 * backup file a tablet makes, so a lost tablet's work is restored from the server
 * too. For those who may change the project (owners, researchers): a backup holds
 * every deleted row as well, which is more than a reviewer reads.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const projectId = event.params.projectId;
	await requireRole(event, projectId, ['owner', 'researcher']);
	const db = await sql();
	const source = await serverSnapshot(db, projectId, await projectAbout(db, projectId));
	const bytes = await createBackup(source, { createdAt: new Date().toISOString() });
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${exportFileName(source.project.name, 'feltinnsikt.zip')}"`,
			'cache-control': 'no-store'
		}
	});
});
