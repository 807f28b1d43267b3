import type { RequestHandler } from './$types';
import { endpoint, readBody } from '$lib/server/http/errors';
import { MAX_CHUNK_BYTES } from '$lib/server/sync/blobs';
import { handleBlobAppend, handleBlobBegin, handleBlobRead } from '$lib/server/sync/blobHandlers';
import { member, readBytes, reply, sql } from '$lib/server/sync/routes';
import { z } from 'zod';

/** Start (or find) an upload: `{ size, mime }` → `{ received, complete }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	return reply(await handleBlobBegin(await sql(), who, event.params.sha256, await readBody(event, z.unknown())));
});

/** Append bytes at `?offset=N`; answers with where the upload stands. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	const bytes = await readBytes(event, MAX_CHUNK_BYTES);
	return reply(await handleBlobAppend(await sql(), who, event.params.sha256, event.url.searchParams, bytes));
});

/** The attachment's bytes, for a device that has never had them. */
export const GET: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	const result = await handleBlobRead(await sql(), who, event.params.sha256);
	if (!('bytes' in result)) return reply(result);
	return new Response(result.bytes as BodyInit, {
		headers: { 'content-type': result.mime, 'cache-control': 'private, max-age=31536000, immutable' }
	});
});
