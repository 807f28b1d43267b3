import type { RequestHandler } from './$types';
import { endpoint, readBody } from '$lib/server/http/errors';
import { MAX_CHUNK_BYTES } from '$lib/server/sync/blobs';
import { blobResponse } from '$lib/server/sync/blobDownload';
import { CHUNK_SHA256_HEADER, handleBlobAppend, handleBlobBegin, handleBlobInfo } from '$lib/server/sync/blobHandlers';
import { member, readBytes, reply, sql } from '$lib/server/sync/routes';
import { z } from 'zod';

/** Start (or find) the project's upload: `{ size, mime }` → `{ received, complete }`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	return reply(await handleBlobBegin(await sql(), who, event.params.sha256, await readBody(event, z.unknown())));
});

/** Append bytes at `?offset=N`, their sha256 in `x-chunk-sha256`; answers with where the upload stands. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	const bytes = await readBytes(event, MAX_CHUNK_BYTES);
	const chunkSha256 = event.request.headers.get(CHUNK_SHA256_HEADER);
	return reply(await handleBlobAppend(await sql(), who, event.params.sha256, event.url.searchParams, bytes, chunkSha256));
});

/** The attachment's bytes (or a `Range` of them), for a device that has never had them. */
export const GET: RequestHandler = endpoint(async (event) => {
	const who = await member(event, event.params.projectId);
	const db = await sql();
	const found = await handleBlobInfo(db, who, event.params.sha256);
	if (!('info' in found)) return reply(found);
	return blobResponse(db, event.params.sha256, found.info, event.request.headers.get('range'));
});
