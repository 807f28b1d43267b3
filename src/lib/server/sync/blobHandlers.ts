import { z } from 'zod';
import { MAX_MIME_LENGTH } from '$lib/domain/attachmentTypes';
import { appendChunk, beginUpload, BlobError, blobInfo, MAX_CHUNK_BYTES, type BlobErrorCode, type BlobInfo, type BlobLimits } from './blobs';
import { error, type Member, type Reply } from './handlers';
import type { SqlClient } from './sql';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
// The mime is judged by `attachmentType` (415 `unsupported_type`), not here, so a refused type gets its own code.
const beginSchema = z.object({ size: z.number().int().min(0), mime: z.string().min(1).max(MAX_MIME_LENGTH * 4) });

/** The header a chunk's own sha256 travels in. */
export const CHUNK_SHA256_HEADER = 'x-chunk-sha256';

const statusOf: Record<BlobErrorCode, number> = {
	unsupported_type: 415,
	type_mismatch: 415,
	too_large: 413,
	quota_exceeded: 413,
	size_mismatch: 409,
	hash_mismatch: 409,
	chunk_mismatch: 400,
	not_found: 404
};

function blobError(e: unknown): Reply {
	if (e instanceof BlobError) return error(statusOf[e.code], e.code, e.message, e.extra);
	throw e;
}

/** Researchers and owners add attachments; reviewers only read them. */
const mayUpload = (member: Member) => member.role !== 'reviewer';

export async function handleBlobBegin(sql: SqlClient, member: Member, sha256: string, body: unknown, limits?: BlobLimits): Promise<Reply> {
	if (!mayUpload(member)) return error(403, 'forbidden', 'A reviewer cannot add attachments.');
	const hash = sha256Schema.safeParse(sha256);
	const parsed = beginSchema.safeParse(body);
	if (!hash.success || !parsed.success) return error(400, 'invalid_input', 'Give the sha256, size and mime type of the attachment.');
	try {
		return { status: 200, body: await beginUpload(sql, member.projectId, { sha256, ...parsed.data }, limits) };
	} catch (e) {
		return blobError(e);
	}
}

export async function handleBlobAppend(
	sql: SqlClient,
	member: Member,
	sha256: string,
	params: URLSearchParams,
	bytes: Uint8Array,
	chunkSha256: string | null,
	limits?: BlobLimits
): Promise<Reply> {
	if (!mayUpload(member)) return error(403, 'forbidden', 'A reviewer cannot add attachments.');
	const offset = z.coerce.number().int().min(0).safeParse(params.get('offset'));
	const chunkHash = sha256Schema.safeParse(chunkSha256);
	if (!sha256Schema.safeParse(sha256).success || !offset.success || !chunkHash.success) {
		return error(400, 'invalid_input', `Give the sha256, the byte offset and the chunk's sha256 in ${CHUNK_SHA256_HEADER}.`);
	}
	if (bytes.length > MAX_CHUNK_BYTES) return error(413, 'payload_too_large', `Send at most ${MAX_CHUNK_BYTES} bytes at a time.`);
	try {
		return { status: 200, body: await appendChunk(sql, member.projectId, sha256, offset.data, bytes, chunkHash.data, limits) };
	} catch (e) {
		return blobError(e);
	}
}

export async function handleBlobInfo(sql: SqlClient, member: Member, sha256: string): Promise<Reply | { status: 200; info: BlobInfo }> {
	if (!sha256Schema.safeParse(sha256).success) return error(400, 'invalid_input', 'Not a sha256.');
	const info = await blobInfo(sql, member.projectId, sha256);
	if (!info) return error(404, 'not_found', 'No such attachment in this project.');
	return { status: 200, info };
}
