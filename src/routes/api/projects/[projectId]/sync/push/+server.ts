import type { RequestHandler } from './$types';
import { endpoint, readBody } from '$lib/server/http/errors';
import { handlePush } from '$lib/server/sync/handlers';
import { member, reply, sql } from '$lib/server/sync/routes';
import { z } from 'zod';

/** 1000 changes, note updates included (base64): generous, but bounded. */
const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

export const POST: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	const body = await readBody(event, z.unknown(), { limit: PUSH_BODY_LIMIT });
	return reply(await handlePush(await sql(), who, body));
});
