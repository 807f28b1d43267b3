import { z } from 'zod';
import type { Role } from '$lib/domain/permissions';
import { MAX_PULL_CHANGES, pullChanges, pushChanges } from './changeLog';
import { appendChunk, beginUpload, BlobError, MAX_CHUNK_BYTES, readBlob } from './blobs';
import type { SqlClient } from './sql';
import { pushRequestSchema } from '$lib/sync/wire';

/** Who is asking, already authenticated and checked for membership by the route. */
export interface Member {
	projectId: string;
	userId: string;
	role: Role;
}

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply => ({
	status,
	body: { error: { code, message, ...extra } }
});

/** Refusals of single changes are part of a normal answer (200): the device keeps them aside and goes on. */
export async function handlePush(sql: SqlClient, member: Member, body: unknown): Promise<Reply> {
	const parsed = pushRequestSchema.safeParse(body);
	if (!parsed.success) return error(400, 'invalid_input', 'The push is not a list of valid changes.', { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })) });
	return { status: 200, body: await pushChanges(sql, { ...member, changes: parsed.data.changes }) };
}

const pullQuery = z.object({
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(MAX_PULL_CHANGES).default(MAX_PULL_CHANGES)
});

export async function handlePull(sql: SqlClient, member: Member, params: URLSearchParams): Promise<Reply> {
	const parsed = pullQuery.safeParse(Object.fromEntries(params));
	if (!parsed.success) return error(400, 'invalid_input', '`after` must be a sequence number.');
	return { status: 200, body: await pullChanges(sql, member.projectId, parsed.data.after, parsed.data.limit) };
}

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
