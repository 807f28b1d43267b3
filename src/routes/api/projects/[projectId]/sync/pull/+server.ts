import type { RequestHandler } from './$types';
import { endpoint } from '$lib/server/http/errors';
import { handlePull } from '$lib/server/sync/handlers';
import { member, reply, sql } from '$lib/server/sync/routes';

export const GET: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	return reply(await handlePull(await sql(), who, event.url.searchParams));
});
