import { json } from '@sveltejs/kit';
import { storage } from '$lib/server/db';
import { requireUser } from '$lib/server/http/auth';
import { endpoint, readBody } from '$lib/server/http/errors';
import { attachProject, attachProjectBody, listProjects } from '$lib/server/projects/projects';
import type { RequestHandler } from './$types';

/** My projects → `{ projects: [{ id, name, role, createdAt, createdBy }] }`. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return json({ projects: await listProjects(await storage(), user.id) });
});

/**
 * `{ id, name }` → 201 `{ project, created: true }` with me as owner; 200 `{ project,
 * created: false }` when I am a member already (a retry); 409 `project_exists` otherwise.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const body = await readBody(event, attachProjectBody);
	const result = await attachProject(await storage(), user.id, body);
	return json(result, { status: result.created ? 201 : 200 });
});
