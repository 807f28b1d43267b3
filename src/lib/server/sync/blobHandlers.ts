import { z } from 'zod';
import { appendChunk, beginUpload, BlobError, MAX_CHUNK_BYTES, readBlob } from './blobs';
import { error, type Member, type Reply } from './handlers';
import type { SqlClient } from './sql';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const beginSchema = z.object({ size: z.number().int().min(0), mime: z.string().min(1).max(120) });

function blobError(e: unknown): Reply {
	if (e instanceof BlobError) return error(e.code === 'not_found' ? 404 : e.code === 'too_large' ? 413 : 409, e.code, e.message);
	throw e;
}

/** Researchers and owners add attachments; reviewers only read them. */
const mayUpload = (member: Member) => member.role !== 'reviewer';

export async function handleBlobBegin(sql: SqlClient, member: Member, sha256: string, body: unknown): Promise<Reply> {
	if (!mayUpload(member)) return error(403, 'forbidden', 'A reviewer cannot add attachments.');
	const hash = sha256Schema.safeParse(sha256);
	const parsed = beginSchema.safeParse(body);
	if (!hash.success || !parsed.success) return error(400, 'invalid_input', 'Give the sha256, size and mime type of the attachment.');
	try {
		return { status: 200, body: await beginUpload(sql, member.projectId, { sha256, ...parsed.data }) };
	} catch (e) {
		return blobError(e);
	}
}

export async function handleBlobAppend(sql: SqlClient, member: Member, sha256: string, params: URLSearchParams, bytes: Uint8Array): Promise<Reply> {
	if (!mayUpload(member)) return error(403, 'forbidden', 'A reviewer cannot add attachments.');
	const offset = z.coerce.number().int().min(0).safeParse(params.get('offset'));
	if (!sha256Schema.safeParse(sha256).success || !offset.success) return error(400, 'invalid_input', 'Give the sha256 and the byte offset.');
	if (bytes.length > MAX_CHUNK_BYTES) return error(413, 'too_large', `Send at most ${MAX_CHUNK_BYTES} bytes at a time.`);
	try {
		return { status: 200, body: await appendChunk(sql, member.projectId, sha256, offset.data, bytes) };
	} catch (e) {
		return blobError(e);
	}
}

export async function handleBlobRead(sql: SqlClient, member: Member, sha256: string): Promise<Reply | { status: 200; bytes: Uint8Array; mime: string }> {
	if (!sha256Schema.safeParse(sha256).success) return error(400, 'invalid_input', 'Not a sha256.');
	const found = await readBlob(sql, member.projectId, sha256);
	if (!found) return error(404, 'not_found', 'No such attachment in this project.');
	return { status: 200, bytes: found.data, mime: found.mime };
}
