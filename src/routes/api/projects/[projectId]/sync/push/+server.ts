import type { RequestHandler } from './$types';
import { endpoint, readBody } from '$lib/server/http/errors';
import { handlePush } from '$lib/server/sync/handlers';
import { member, reply, requireSyncFormat, sql } from '$lib/server/sync/routes';
import { z } from 'zod';
import { MAX_PUSH_BYTES, type PushResponse } from '$lib/sync/wire';
import { liveHub } from '$lib/server/live/hub';

export const POST: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	requireSyncFormat(event);
	const body = await readBody(event, z.unknown(), { limit: MAX_PUSH_BYTES });
	const db = await sql();
	const answer = await handlePush(db, who, body);
	// Committed: tell every tablet with the project open (on every instance) to pull now.
	// A failed announcement costs those tablets latency (their timer still runs), never data.
	if (answer.status === 200 && (answer.body as PushResponse).accepted.length > 0) {
		liveHub.announce(db, who.projectId).catch((error: unknown) => console.warn('live: announcement failed', error));
	}
	return reply(answer);
});
