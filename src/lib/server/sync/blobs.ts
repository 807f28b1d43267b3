import { createHash } from 'node:crypto';
import { attachmentType, MAX_ATTACHMENT_BYTES, type AttachmentType } from '$lib/domain/attachmentTypes';
import { bytesMatchType, servedType, SNIFF_BYTES } from './sniff';
import type { SqlClient } from './sql';

export const MAX_BLOB_BYTES = MAX_ATTACHMENT_BYTES;
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** What a project may hold in attachments unless `PROJECT_STORAGE_QUOTA_BYTES` says otherwise: 5 GiB. */
export const DEFAULT_PROJECT_QUOTA_BYTES = 5 * 1024 * 1024 * 1024;
/** An upload nobody has added to for this long no longer holds a share of the quota: it starts again from 0. */
const STALE_UPLOAD = '7 days';
/** sha256 of no bytes: an empty attachment is complete as soon as it is begun. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export type BlobErrorCode =
	| 'unsupported_type'
	| 'type_mismatch'
	| 'too_large'
	| 'quota_exceeded'
	| 'size_mismatch'
	| 'hash_mismatch'
	| 'chunk_mismatch'
	| 'not_found';

export class BlobError extends Error {
	constructor(
		readonly code: BlobErrorCode,
		message: string,
		readonly extra: Record<string, number> = {}
	) {
		super(message);
		this.name = 'BlobError';
	}
}

export interface BlobStatus {
	sha256: string;
	size: number;
	received: number;
	complete: boolean;
}

export interface BlobLimits {
	/** Most bytes of attachments one project holds, verified and in progress together. */
	quotaBytes: number;
}

/** The quota from the environment (`PROJECT_STORAGE_QUOTA_BYTES`, a whole number of bytes), else the default. */
export function projectQuotaBytes(env: Record<string, string | undefined> = process.env): number {
	const raw = env.PROJECT_STORAGE_QUOTA_BYTES?.trim();
	if (!raw) return DEFAULT_PROJECT_QUOTA_BYTES;
	if (!/^\d+$/.test(raw)) throw new Error(`PROJECT_STORAGE_QUOTA_BYTES must be a whole number of bytes, not "${raw}"`);
	return Number(raw);
}

const defaultLimits = (): BlobLimits => ({ quotaBytes: projectQuotaBytes() });

type UploadRow = { size: string | number; mime: string; received: string | number };

const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Whether the project may read this blob: verified content it (or, before types were checked, anyone in it) uploaded. */
async function readable(sql: SqlClient, projectId: string, sha256: string): Promise<{ size: number } | null> {
	const [row] = await sql.query<{ size: string | number }>(
		`select b.size from blobs b join blob_projects p on p.sha256 = b.sha256 where b.sha256 = $1 and p.project_id = $2 and b.complete`,
		[sha256, projectId]
	);
	return row ? { size: Number(row.size) } : null;
}

/** Bytes the project holds: verified blobs it reads, plus the declared size of its uploads in progress. */
async function projectUsage(sql: SqlClient, projectId: string, except?: string): Promise<number> {
	const [row] = await sql.query<{ used: string | number }>(
		`select
			(select coalesce(sum(b.size), 0) from blob_projects p join blobs b on b.sha256 = p.sha256 where p.project_id = $1 and b.complete)
			+ (select coalesce(sum(u.size), 0) from blob_uploads u where u.project_id = $1 and u.sha256 <> $2) as used`,
		[projectId, except ?? '']
	);
	return Number(row.used);
}

const quotaExceeded = (used: number, size: number, quotaBytes: number) =>
	new BlobError('quota_exceeded', `This project's attachments may take ${quotaBytes} bytes; ${used} are in use.`, { quotaBytes, usedBytes: used, size });

const completeStatus = (sha256: string, size: number): BlobStatus => ({ sha256, size, received: size, complete: true });

/**
 * Starts the project's upload of a blob identified by its sha256 (or finds the one it
 * already started). Only the project's own uploaded bytes complete it: a blob another
 * project stored is no shortcut, though once this project's bytes are verified the
 * content is kept once. Refuses a type outside the allowed list, a blob over
 * MAX_BLOB_BYTES and one that would take the project over its quota.
 */
export async function beginUpload(
	sql: SqlClient,
	projectId: string,
	blob: { sha256: string; size: number; mime: string },
	limits: BlobLimits = defaultLimits()
): Promise<BlobStatus> {
	const type = attachmentType(blob.mime);
	if (!type) throw new BlobError('unsupported_type', 'Attachments are audio recordings or JPEG, PNG or WebP photos.');
	if (blob.size > MAX_BLOB_BYTES) throw new BlobError('too_large', `Attachments are limited to ${MAX_BLOB_BYTES} bytes.`, { maxBytes: MAX_BLOB_BYTES });
	const { sha256, size } = blob;
	return sql.transaction(async (tx) => {
		// One begin at a time per project, so two cannot both fit under the quota's last bytes.
		await tx.query(`select pg_advisory_xact_lock(hashtext('blobs:' || $1))`, [projectId]);
		const known = await readable(tx, projectId, sha256);
		if (known) {
			if (known.size !== size) throw new BlobError('size_mismatch', 'This content hash is stored with another size.');
			return completeStatus(sha256, size);
		}
		if (size === 0) {
			if (sha256 !== EMPTY_SHA256) throw new BlobError('hash_mismatch', 'An empty attachment has the sha256 of no bytes.');
			await tx.query(
				`insert into blobs (sha256, size, mime, received, complete) values ($1, 0, $2, 0, true) on conflict (sha256) do update set complete = true`,
				[sha256, type]
			);
			await tx.query(`insert into blob_projects (sha256, project_id) values ($1, $2) on conflict do nothing`, [sha256, projectId]);
			return completeStatus(sha256, 0);
		}
		await tx.query(`delete from blob_uploads where project_id = $1 and sha256 <> $2 and updated_at < now() - interval '${STALE_UPLOAD}'`, [projectId, sha256]);
		const used = await projectUsage(tx, projectId, sha256);
		if (used + size > limits.quotaBytes) throw quotaExceeded(used, size, limits.quotaBytes);
		const [existing] = await tx.query<UploadRow>(`select size, mime, received from blob_uploads where project_id = $1 and sha256 = $2`, [projectId, sha256]);
		if (existing && Number(existing.size) === size) {
			// A device that had not sent anything yet may correct the type.
			if (Number(existing.received) === 0) await tx.query(`update blob_uploads set mime = $3 where project_id = $1 and sha256 = $2`, [projectId, sha256, type]);
			return { sha256, size, received: Number(existing.received), complete: false };
		}
		// None yet, or one begun with another size (which could never hash right): start afresh.
		await tx.query(`delete from blob_uploads where project_id = $1 and sha256 = $2`, [projectId, sha256]);
		await tx.query(`insert into blob_uploads (project_id, sha256, size, mime) values ($1, $2, $3, $4)`, [projectId, sha256, size, type]);
		return { sha256, size, received: 0, complete: false };
	});
}

/** Where the project's upload stands, for a device resuming after a broken connection. */
export async function uploadStatus(sql: SqlClient, projectId: string, sha256: string): Promise<BlobStatus | null> {
	const known = await readable(sql, projectId, sha256);
	if (known) return completeStatus(sha256, known.size);
	const [row] = await sql.query<UploadRow>(`select size, mime, received from blob_uploads where project_id = $1 and sha256 = $2`, [projectId, sha256]);
	return row ? { sha256, size: Number(row.size), received: Number(row.received), complete: false } : null;
}

/** The first `SNIFF_BYTES` of the project's upload. */
async function uploadHead(tx: SqlClient, projectId: string, sha256: string): Promise<Uint8Array> {
	const rows = await tx.query<{ head: Uint8Array }>(
		`select substring(data from 1 for ${SNIFF_BYTES}) as head from blob_upload_chunks where project_id = $1 and sha256 = $2 and offset_bytes < ${SNIFF_BYTES} order by offset_bytes`,
		[projectId, sha256]
	);
	return Buffer.concat(rows.map((r) => r.head)).subarray(0, SNIFF_BYTES);
}

/** sha256 over the project's uploaded chunks, read one at a time (a blob may be far larger than one query should return). */
async function uploadHash(tx: SqlClient, projectId: string, sha256: string): Promise<string> {
	const hash = createHash('sha256');
	let after = -1;
	for (;;) {
		const [chunk] = await tx.query<{ offset_bytes: string | number; data: Uint8Array }>(
			`select offset_bytes, data from blob_upload_chunks where project_id = $1 and sha256 = $2 and offset_bytes > $3 order by offset_bytes limit 1`,
			[projectId, sha256, after]
		);
		if (!chunk) return hash.digest('hex');
		hash.update(chunk.data);
		after = Number(chunk.offset_bytes);
	}
}

/**
 * Appends bytes at `offset`, after checking them against `chunkSha256` (the sha256 of
 * these bytes, computed by the device). An offset other than what the server has (a
 * repeated or skipped chunk) changes nothing and answers with the real position, so the
 * device resumes from there. The first bytes are checked against the declared type.
 * When the last byte arrives the whole is hashed: on a match the content becomes
 * readable to the project (stored once, whoever else has it); on a mismatch the upload
 * goes back to 0 so it can be sent again, and `hash_mismatch` is thrown.
 */
export async function appendChunk(
	sql: SqlClient,
	projectId: string,
	sha256: string,
	offset: number,
	data: Uint8Array,
	chunkSha256: string,
	limits: BlobLimits = defaultLimits()
): Promise<BlobStatus> {
	if (data.length > MAX_CHUNK_BYTES) throw new BlobError('too_large', `Chunks are limited to ${MAX_CHUNK_BYTES} bytes.`, { maxBytes: MAX_CHUNK_BYTES });
	if (sha256Of(data) !== chunkSha256) throw new BlobError('chunk_mismatch', 'The chunk does not match its sha256; send it again.');
	const outcome = await sql.transaction(async (tx): Promise<BlobStatus | BlobError> => {
		const known = await readable(tx, projectId, sha256);
		if (known) return completeStatus(sha256, known.size);
		const [row] = await tx.query<UploadRow>(
			`select size, mime, received from blob_uploads where project_id = $1 and sha256 = $2 for update`,
			[projectId, sha256]
		);
		if (!row) throw new BlobError('not_found', 'Start the upload first.');
		const size = Number(row.size);
		const current: BlobStatus = { sha256, size, received: Number(row.received), complete: false };
		if (offset !== current.received || data.length === 0) return current;
		if (current.received + data.length > size) throw new BlobError('size_mismatch', 'More bytes than the declared size.');
		// Only a lowered quota gets here: begin reserved the declared size.
		const used = await projectUsage(tx, projectId);
		if (used > limits.quotaBytes) throw quotaExceeded(used, 0, limits.quotaBytes);
		const type = row.mime as AttachmentType;
		// Refuse a wrong file at its first chunk, before the rest of it is sent.
		if (offset === 0 && (data.length >= SNIFF_BYTES || data.length === size) && !bytesMatchType(data.subarray(0, SNIFF_BYTES), type)) {
			throw new BlobError('type_mismatch', `The bytes are not ${type}.`);
		}
		await tx.query(`insert into blob_upload_chunks (project_id, sha256, offset_bytes, data) values ($1, $2, $3, $4)`, [projectId, sha256, offset, data]);
		const received = current.received + data.length;
		await tx.query(`update blob_uploads set received = $3, updated_at = now() where project_id = $1 and sha256 = $2`, [projectId, sha256, received]);
		if (received < size) return { ...current, received };
		return finishUpload(tx, projectId, sha256, size, type);
	});
	if (outcome instanceof BlobError) throw outcome;
	return outcome;
}

/**
 * The last byte is in: check the whole, then make the content readable to the project.
 * A refusal resets the upload to 0 and is returned, not thrown, so the reset commits.
 */
async function finishUpload(tx: SqlClient, projectId: string, sha256: string, size: number, type: AttachmentType): Promise<BlobStatus | BlobError> {
	const reset = async (refusal: BlobError) => {
		await tx.query(`delete from blob_upload_chunks where project_id = $1 and sha256 = $2`, [projectId, sha256]);
		await tx.query(`update blob_uploads set received = 0, updated_at = now() where project_id = $1 and sha256 = $2`, [projectId, sha256]);
		return refusal;
	};
	if ((await uploadHash(tx, projectId, sha256)) !== sha256) {
		return reset(new BlobError('hash_mismatch', 'The uploaded bytes do not match their hash; the upload starts again from 0.'));
	}
	const head = await uploadHead(tx, projectId, sha256);
	if (!bytesMatchType(head, type)) return reset(new BlobError('type_mismatch', `The bytes are not ${type}.`));
	// Content is immutable per hash: the first project to verify it stores it; later ones only gain the right to read it.
	const stored = await tx.query<{ sha256: string }>(
		`insert into blobs (sha256, size, mime, received, complete, sniffed) values ($1, $2, $3, $2, true, $4)
		 on conflict (sha256) do update set size = excluded.size, received = excluded.received, complete = true, sniffed = excluded.sniffed
		 where not blobs.complete
		 returning sha256`,
		[sha256, size, type, servedType(head, type)]
	);
	if (stored.length > 0) {
		await tx.query(`delete from blob_chunks where sha256 = $1`, [sha256]);
		await tx.query(
			`insert into blob_chunks (sha256, offset_bytes, data) select sha256, offset_bytes, data from blob_upload_chunks where project_id = $1 and sha256 = $2`,
			[projectId, sha256]
		);
	}
	await tx.query(`insert into blob_projects (sha256, project_id) values ($1, $2) on conflict do nothing`, [sha256, projectId]);
	await tx.query(`delete from blob_uploads where project_id = $1 and sha256 = $2`, [projectId, sha256]);
	return completeStatus(sha256, size);
}

export interface BlobInfo {
	size: number;
	/** What the bytes were found to be; null when they are none of the allowed types (served as an opaque download). */
	type: AttachmentType | null;
}

/** Size and type of a blob the project may read, or null. */
export async function blobInfo(sql: SqlClient, projectId: string, sha256: string): Promise<BlobInfo | null> {
	const [row] = await sql.query<{ size: string | number; mime: string; sniffed: string | null }>(
		`select b.size, b.mime, b.sniffed from blobs b join blob_projects p on p.sha256 = b.sha256 where b.sha256 = $1 and p.project_id = $2 and b.complete`,
		[sha256, projectId]
	);
	if (!row) return null;
	const size = Number(row.size);
	if (row.sniffed !== null) return { size, type: attachmentType(row.sniffed) };
	// Stored before types were checked: judge by the bytes, never by the declared string alone.
	const [first] = await sql.query<{ head: Uint8Array }>(
		`select substring(data from 1 for ${SNIFF_BYTES}) as head from blob_chunks where sha256 = $1 order by offset_bytes limit 1`,
		[sha256]
	);
	return { size, type: first ? servedType(first.head, attachmentType(row.mime)) : null };
}

/**
 * The bytes of a stored blob from `start` up to (not including) `end`, chunk by chunk,
 * so a long recording is never held in memory whole. Check access with `blobInfo` first.
 */
export async function* blobBytes(sql: SqlClient, sha256: string, start: number, end: number): AsyncGenerator<Uint8Array> {
	type Chunk = { offset_bytes: string | number; data: Uint8Array };
	let [chunk] = await sql.query<Chunk>(
		`select offset_bytes, data from blob_chunks where sha256 = $1 and offset_bytes <= $2 order by offset_bytes desc limit 1`,
		[sha256, start]
	);
	while (chunk) {
		const at = Number(chunk.offset_bytes);
		if (at >= end) return;
		const from = Math.max(0, start - at);
		const to = Math.min(chunk.data.length, end - at);
		if (to > from) yield chunk.data.subarray(from, to);
		[chunk] = await sql.query<Chunk>(
			`select offset_bytes, data from blob_chunks where sha256 = $1 and offset_bytes > $2 order by offset_bytes limit 1`,
			[sha256, at]
		);
	}
}

/** The whole blob, if the project may read it (exports); `mime` is what the bytes were found to be. */
export async function readBlob(sql: SqlClient, projectId: string, sha256: string): Promise<{ data: Uint8Array; mime: string } | null> {
	const info = await blobInfo(sql, projectId, sha256);
	if (!info) return null;
	const data = new Uint8Array(info.size);
	let at = 0;
	for await (const part of blobBytes(sql, sha256, 0, info.size)) {
		data.set(part, at);
		at += part.length;
	}
	return { data, mime: info.type ?? 'application/octet-stream' };
}
