import { createHash } from 'node:crypto';
import type { SqlClient } from './sql';

export const MAX_BLOB_BYTES = 500 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

export class BlobError extends Error {
	constructor(
		readonly code: 'size_mismatch' | 'too_large' | 'hash_mismatch' | 'not_found' | 'bad_offset',
		message: string
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

type Row = { sha256: string; size: string | number; received: string | number; complete: boolean; mime: string };
const status = (r: Row): BlobStatus => ({ sha256: r.sha256, size: Number(r.size), received: Number(r.received), complete: r.complete });

/**
 * Starts an upload (or finds the one already started, by anyone) of a blob
 * identified by its sha256, and makes it readable to the project. Uploading by
 * content hash means a photo attached in two projects is stored once.
 */
export async function beginUpload(sql: SqlClient, projectId: string, blob: { sha256: string; size: number; mime: string }): Promise<BlobStatus> {
	if (blob.size > MAX_BLOB_BYTES) throw new BlobError('too_large', `Attachments are limited to ${MAX_BLOB_BYTES} bytes.`);
	return sql.transaction(async (tx) => {
		await tx.query(`insert into blobs (sha256, size, mime) values ($1, $2, $3) on conflict (sha256) do nothing`, [blob.sha256, blob.size, blob.mime]);
		await tx.query(`insert into blob_projects (sha256, project_id) values ($1, $2) on conflict do nothing`, [blob.sha256, projectId]);
		const [row] = await tx.query<Row>(`select * from blobs where sha256 = $1`, [blob.sha256]);
		if (Number(row.size) !== blob.size) throw new BlobError('size_mismatch', 'This content hash is already stored with another size.');
		return status(row);
	});
}

/** Where an upload stands, for a device resuming after a broken connection. */
export async function uploadStatus(sql: SqlClient, projectId: string, sha256: string): Promise<BlobStatus | null> {
	const [row] = await sql.query<Row>(
		`select b.* from blobs b join blob_projects p on p.sha256 = b.sha256 where b.sha256 = $1 and p.project_id = $2`,
		[sha256, projectId]
	);
	return row ? status(row) : null;
}

/**
 * Appends bytes at `offset`. An offset other than what the server has (a
 * repeated or skipped chunk) changes nothing and answers with the real
 * position, so the device resumes from there. The last chunk is checked
 * against the hash; on a mismatch it is not stored.
 */
export async function appendChunk(sql: SqlClient, projectId: string, sha256: string, offset: number, data: Uint8Array): Promise<BlobStatus> {
	if (data.length > MAX_CHUNK_BYTES) throw new BlobError('too_large', `Chunks are limited to ${MAX_CHUNK_BYTES} bytes.`);
	return sql.transaction(async (tx) => {
		const [row] = await tx.query<Row>(
			`select b.* from blobs b join blob_projects p on p.sha256 = b.sha256 where b.sha256 = $1 and p.project_id = $2 for update of b`,
			[sha256, projectId]
		);
		if (!row) throw new BlobError('not_found', 'Start the upload first.');
		const current = status(row);
		if (current.complete || offset !== current.received || data.length === 0) return current;
		if (current.received + data.length > current.size) throw new BlobError('size_mismatch', 'More bytes than the declared size.');
		await tx.query(`insert into blob_chunks (sha256, offset_bytes, data) values ($1, $2, $3)`, [sha256, offset, data]);
		const received = current.received + data.length;
		let complete = false;
		if (received === current.size) {
			const hash = createHash('sha256');
			for (const chunk of await tx.query<{ data: Uint8Array }>(`select data from blob_chunks where sha256 = $1 order by offset_bytes`, [sha256])) hash.update(chunk.data);
			// Throwing rolls the last chunk back with the transaction: the upload stays where it was.
			if (hash.digest('hex') !== sha256) throw new BlobError('hash_mismatch', 'The uploaded bytes do not match their hash; upload again.');
			complete = true;
		}
		await tx.query(`update blobs set received = $2, complete = $3 where sha256 = $1`, [sha256, received, complete]);
		return { ...current, received, complete };
	});
}

/** The whole blob, if the project may read it and it is complete. */
export async function readBlob(sql: SqlClient, projectId: string, sha256: string): Promise<{ data: Uint8Array; mime: string } | null> {
	const [row] = await sql.query<Row>(
		`select b.* from blobs b join blob_projects p on p.sha256 = b.sha256 where b.sha256 = $1 and p.project_id = $2 and b.complete`,
		[sha256, projectId]
	);
	if (!row) return null;
	const chunks = await sql.query<{ data: Uint8Array }>(`select data from blob_chunks where sha256 = $1 order by offset_bytes`, [sha256]);
	const data = new Uint8Array(Number(row.size));
	let at = 0;
	for (const c of chunks) {
		data.set(c.data, at);
		at += c.data.length;
	}
	return { data, mime: row.mime };
}
