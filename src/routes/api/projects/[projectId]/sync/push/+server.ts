import type { RequestHandler } from './$types';
import { endpoint, readBody } from '$lib/server/http/errors';
import { handlePush } from '$lib/server/sync/handlers';
import { member, reply, requireSyncFormat, sql } from '$lib/server/sync/routes';
import { z } from 'zod';
import { MAX_PUSH_BYTES } from '$lib/sync/wire';

export const POST: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	requireSyncFormat(event);
	const body = await readBody(event, z.unknown(), { limit: MAX_PUSH_BYTES });
	return reply(await handlePush(await sql(), who, body));
});
