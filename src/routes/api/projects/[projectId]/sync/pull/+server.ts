import type { RequestHandler } from './$types';
import { endpoint } from '$lib/server/http/errors';
import { handlePull } from '$lib/server/sync/handlers';
import { streamedJson } from '$lib/server/http/jsonStream';
import { member, reply, requireSyncFormat, sql, syncHeaders } from '$lib/server/sync/routes';

export const GET: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	requireSyncFormat(event);
	const answer = await handlePull(await sql(), who, event.url.searchParams);
	// A page (up to 1000 changes or about 4 MiB) goes out in pieces as it is encoded.
	if (answer.status !== 200) return reply(answer);
	return streamedJson(answer.body as Record<string, unknown>, 'changes', { status: 200, headers: syncHeaders });
});
