import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobsMigration } from '$lib/server/db/migration/blobs';
import { migrate, migrations } from '$lib/server/db/migrations';
import { forEachEngine } from '$lib/server/db/testing';
import { attachmentType } from '$lib/domain/attachmentTypes';
import { appendChunk, beginUpload, BlobError, blobInfo, EMPTY_SHA256, readBlob, uploadStatus, type BlobErrorCode } from './blobs';
import { handleBlobAppend, handleBlobBegin } from './blobHandlers';
import type { Member } from './handlers';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Bytes that start like a file of the given format and go on at random. */
function fileOf(magic: number[] | string, size: number): Uint8Array {
	const head = typeof magic === 'string' ? new TextEncoder().encode(magic) : Uint8Array.from(magic);
	const data = new Uint8Array(randomBytes(size));
	data.set(head);
	return data;
}
const jpeg = (size = 2000) => fileOf([0xff, 0xd8, 0xff, 0xe0], size);
const png = (size = 2000) => fileOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size);
const webm = (size = 2000) => fileOf([0x1a, 0x45, 0xdf, 0xa3], size);

const blobOf = (data: Uint8Array, mime: string) => ({ data, sha256: sha(data), size: data.length, mime });
type TestBlob = ReturnType<typeof blobOf>;

const limits = { quotaBytes: 1_000_000 };

/** Uploads the whole blob in chunks of `chunk` bytes, each with its own hash. */
async function upload(sql: Parameters<typeof beginUpload>[0], projectId: string, b: TestBlob, chunk = 700) {
	let status = await beginUpload(sql, projectId, b, limits);
	while (!status.complete) {
		const part = b.data.subarray(status.received, status.received + chunk);
		status = await appendChunk(sql, projectId, b.sha256, status.received, part, sha(part), limits);
	}
	return status;
}

async function refusal(promise: Promise<unknown>): Promise<BlobErrorCode> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof BlobError) return e.code;
		throw e;
	}
	throw new Error('expected a BlobError');
}

describe('attachment types', () => {
	it('accepts the recorder and camera types, with a codecs parameter only on audio', () => {
		expect(attachmentType('audio/webm;codecs=opus')).toBe('audio/webm');
		expect(attachmentType('audio/mp4; codecs="mp4a.40.2"')).toBe('audio/mp4');
		expect(attachmentType('Audio/Ogg; codecs=opus')).toBe('audio/ogg');
		expect(attachmentType('image/jpeg')).toBe('image/jpeg');
		expect(attachmentType('image/png;codecs=x')).toBeNull();
	});

	it('refuses pages, vector images, unknown types and anything with a line break', () => {
		for (const mime of ['text/html', 'image/svg+xml', 'application/pdf', 'video/mp4', 'audio/webm\r\nx-forged: 1', 'audio/webm;codecs=opus\n', 'image/jpeg ', 'audio/webm;charset=utf-8']) {
			expect(attachmentType(mime), mime).toBeNull();
		}
	});
});

forEachEngine('attachment blobs', (db) => {
	it('upload resumes after a broken connection and the bytes come back identical', async () => {
		const sql = db.sql;
		const b = blobOf(webm(300_000), 'audio/webm;codecs=opus');
		expect(await beginUpload(sql, 'p1', b, limits)).toMatchObject({ received: 0, complete: false });
		const first = b.data.subarray(0, 100_000);
		await appendChunk(sql, 'p1', b.sha256, 0, first, sha(first), limits);
		// The connection broke: the device asks where it stands and sends the rest.
		expect((await uploadStatus(sql, 'p1', b.sha256))?.received).toBe(100_000);
		// A repeated chunk changes nothing.
		expect((await appendChunk(sql, 'p1', b.sha256, 0, first, sha(first), limits)).received).toBe(100_000);
		const rest = b.data.subarray(100_000);
		expect(await appendChunk(sql, 'p1', b.sha256, 100_000, rest, sha(rest), limits)).toMatchObject({ received: 300_000, complete: true });
		const back = await readBlob(sql, 'p1', b.sha256);
		expect(Buffer.from(back!.data).equals(Buffer.from(b.data))).toBe(true);
		expect(back!.mime).toBe('audio/webm');
	});

	it('accepts a JPEG, a PNG and a WebM recording and serves each as the type its bytes are', async () => {
		for (const [data, mime] of [
			[jpeg(), 'image/jpeg'],
			[png(), 'image/png'],
			[webm(), 'audio/webm;codecs=opus']
		] as const) {
			const b = blobOf(data, mime);
			expect(await upload(db.sql, 'p1', b)).toMatchObject({ complete: true });
			expect(await blobInfo(db.sql, 'p1', b.sha256)).toEqual({ size: data.length, type: attachmentType(mime) });
		}
	});

	it('refuses HTML, SVG and a type with a line break before anything is stored', async () => {
		const html = blobOf(new TextEncoder().encode('<script>fetch("/api/projects")</script>'), 'text/html');
		const svg = blobOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml');
		const forged = blobOf(jpeg(), 'image/jpeg\r\nx-injected: yes');
		for (const b of [html, svg, forged]) {
			expect(await refusal(beginUpload(db.sql, 'p1', b, limits))).toBe('unsupported_type');
			expect(await uploadStatus(db.sql, 'p1', b.sha256)).toBeNull();
		}
	});

	it('refuses bytes that are not the declared type, at the first chunk and at completion', async () => {
		// A page declared as a photo: refused at its first chunk.
		const page = blobOf(fileOf('<!doctype html><script>alert(1)</script>', 3000), 'image/jpeg');
		await beginUpload(db.sql, 'p1', page, limits);
		const head = page.data.subarray(0, 700);
		expect(await refusal(appendChunk(db.sql, 'p1', page.sha256, 0, head, sha(head), limits))).toBe('type_mismatch');
		expect(await uploadStatus(db.sql, 'p1', page.sha256)).toMatchObject({ received: 0, complete: false });

		// A PNG declared as a JPEG, sent in pieces too small to judge at first: refused when complete, and reset.
		const wrong = blobOf(png(40), 'image/jpeg');
		await beginUpload(db.sql, 'p1', wrong, limits);
		let status = { received: 0, complete: false };
		await expect(
			(async () => {
				while (!status.complete) {
					const part = wrong.data.subarray(status.received, status.received + 4);
					status = await appendChunk(db.sql, 'p1', wrong.sha256, status.received, part, sha(part), limits);
				}
			})()
		).rejects.toMatchObject({ code: 'type_mismatch' });
		expect(await uploadStatus(db.sql, 'p1', wrong.sha256)).toMatchObject({ received: 0, complete: false });
		expect(await readBlob(db.sql, 'p1', wrong.sha256)).toBeNull();
	});

	it('a hash known from another project neither completes nor downloads until this project sends the bytes', async () => {
		const b = blobOf(jpeg(5000), 'image/jpeg');
		await upload(db.sql, 'p1', b);
		expect(await readBlob(db.sql, 'p2', b.sha256)).toBeNull();
		expect(await beginUpload(db.sql, 'p2', b, limits)).toMatchObject({ received: 0, complete: false });
		expect(await readBlob(db.sql, 'p2', b.sha256)).toBeNull();
		expect(await blobInfo(db.sql, 'p2', b.sha256)).toBeNull();
		// Sending other bytes under the hash does not get it either.
		const fake = jpeg(5000);
		const head = fake.subarray(0, 5000);
		await expect(appendChunk(db.sql, 'p2', b.sha256, 0, head, sha(head), limits)).rejects.toMatchObject({ code: 'hash_mismatch' });
		expect(await readBlob(db.sql, 'p2', b.sha256)).toBeNull();
		// With the real bytes it completes, and the content is still stored once.
		expect(await upload(db.sql, 'p2', b)).toMatchObject({ complete: true });
		expect(Buffer.from((await readBlob(db.sql, 'p2', b.sha256))!.data).equals(Buffer.from(b.data))).toBe(true);
		const [{ n }] = await db.sql.query<{ n: number }>(`select count(*)::int as n from blob_chunks where sha256 = $1`, [b.sha256]);
		expect(n).toBe(Math.ceil(5000 / 700));
		const [{ left }] = await db.sql.query<{ left: number }>(`select count(*)::int as left from blob_upload_chunks`);
		expect(left).toBe(0);
	});

	it('refuses a chunk whose bytes do not match its sha256, and stores nothing of it', async () => {
		const b = blobOf(jpeg(3000), 'image/jpeg');
		await beginUpload(db.sql, 'p1', b, limits);
		const part = b.data.subarray(0, 1000);
		const corrupt = Uint8Array.from(part);
		corrupt[500] ^= 0xff;
		expect(await refusal(appendChunk(db.sql, 'p1', b.sha256, 0, corrupt, sha(part), limits))).toBe('chunk_mismatch');
		expect(await uploadStatus(db.sql, 'p1', b.sha256)).toMatchObject({ received: 0 });
		expect(await upload(db.sql, 'p1', b)).toMatchObject({ complete: true });
	});

	it('an upload whose whole does not hash right goes back to 0 and can be sent again', async () => {
		const b = blobOf(jpeg(2100), 'image/jpeg');
		await beginUpload(db.sql, 'p1', b, limits);
		// Each chunk is intact on its own, but the middle one is someone else's bytes.
		const parts = [b.data.subarray(0, 700), jpeg(700), b.data.subarray(1400)];
		await appendChunk(db.sql, 'p1', b.sha256, 0, parts[0], sha(parts[0]), limits);
		await appendChunk(db.sql, 'p1', b.sha256, 700, parts[1], sha(parts[1]), limits);
		expect(await refusal(appendChunk(db.sql, 'p1', b.sha256, 1400, parts[2], sha(parts[2]), limits))).toBe('hash_mismatch');
		expect(await uploadStatus(db.sql, 'p1', b.sha256)).toMatchObject({ received: 0, complete: false });
		expect(await readBlob(db.sql, 'p1', b.sha256)).toBeNull();
		expect(await upload(db.sql, 'p1', b)).toMatchObject({ complete: true });
	});

	it('refuses bytes beyond the declared size', async () => {
		const b = blobOf(jpeg(1000), 'image/jpeg');
		await beginUpload(db.sql, 'p1', b, limits);
		const longer = Uint8Array.from([...b.data, 1, 2, 3]);
		expect(await refusal(appendChunk(db.sql, 'p1', b.sha256, 0, longer, sha(longer), limits))).toBe('size_mismatch');
		expect(await uploadStatus(db.sql, 'p1', b.sha256)).toMatchObject({ received: 0 });
	});

	it('an empty attachment is complete as soon as it is begun', async () => {
		const empty = { sha256: EMPTY_SHA256, size: 0, mime: 'audio/webm' };
		expect(await beginUpload(db.sql, 'p1', empty, limits)).toMatchObject({ received: 0, size: 0, complete: true });
		expect(await readBlob(db.sql, 'p1', EMPTY_SHA256)).toEqual({ data: new Uint8Array(0), mime: 'application/octet-stream' });
		expect(await refusal(beginUpload(db.sql, 'p1', { ...empty, sha256: sha(jpeg(10)) }, limits))).toBe('hash_mismatch');
	});

	it('keeps a project under its storage quota, counting uploads in progress, not other projects', async () => {
		const small = { quotaBytes: 10_000 };
		const first = blobOf(jpeg(6000), 'image/jpeg');
		const second = blobOf(jpeg(3000), 'image/jpeg');
		const third = blobOf(jpeg(2000), 'image/jpeg');
		await beginUpload(db.sql, 'p1', first, small);
		expect((await appendChunk(db.sql, 'p1', first.sha256, 0, first.data, sha(first.data), small)).complete).toBe(true);
		// In progress: its declared size counts.
		await beginUpload(db.sql, 'p1', second, small);
		await expect(beginUpload(db.sql, 'p1', third, small)).rejects.toMatchObject({ code: 'quota_exceeded', extra: { quotaBytes: 10_000, usedBytes: 9000 } });
		// Another project has a quota of its own.
		expect(await beginUpload(db.sql, 'p2', third, small)).toMatchObject({ complete: false });
		// A quota lowered under what is reserved refuses further chunks.
		expect(await refusal(appendChunk(db.sql, 'p1', second.sha256, 0, second.data, sha(second.data), { quotaBytes: 8000 }))).toBe('quota_exceeded');
		expect((await appendChunk(db.sql, 'p1', second.sha256, 0, second.data, sha(second.data), small)).complete).toBe(true);
	});

	it('an abandoned upload stops holding quota after a week', async () => {
		const small = { quotaBytes: 10_000 };
		const abandoned = blobOf(jpeg(8000), 'image/jpeg');
		const next = blobOf(jpeg(8000), 'image/jpeg');
		await beginUpload(db.sql, 'p1', abandoned, small);
		expect(await refusal(beginUpload(db.sql, 'p1', next, small))).toBe('quota_exceeded');
		await db.sql.query(`update blob_uploads set updated_at = now() - interval '8 days' where sha256 = $1`, [abandoned.sha256]);
		expect(await beginUpload(db.sql, 'p1', next, small)).toMatchObject({ complete: false });
		expect(await uploadStatus(db.sql, 'p1', abandoned.sha256)).toBeNull();
	});

	it('refuses an attachment over the size limit', async () => {
		expect(await refusal(beginUpload(db.sql, 'p1', { sha256: sha(jpeg(10)), size: 600 * 1024 * 1024, mime: 'image/jpeg' }, limits))).toBe('too_large');
	});

	it('serves content stored before types were checked by what its bytes are', async () => {
		// As the old schema left it: complete, readable to a project, with a declared type nobody checked.
		const page = new TextEncoder().encode('<html><script>alert(1)</script></html>');
		const photo = jpeg(100);
		for (const [data, mime] of [
			[page, 'text/html'],
			[photo, 'image/png']
		] as const) {
			await db.sql.query(`insert into blobs (sha256, size, mime, received, complete) values ($1, $2, $3, $2, true)`, [sha(data), data.length, mime]);
			await db.sql.query(`insert into blob_chunks (sha256, offset_bytes, data) values ($1, 0, $2)`, [sha(data), data]);
			await db.sql.query(`insert into blob_projects (sha256, project_id) values ($1, 'old')`, [sha(data)]);
		}
		expect(await blobInfo(db.sql, 'old', sha(page))).toEqual({ size: page.length, type: null });
		expect(await blobInfo(db.sql, 'old', sha(photo))).toEqual({ size: 100, type: 'image/jpeg' });
		expect((await readBlob(db.sql, 'old', sha(photo)))?.data.length).toBe(100);
	});

	describe('handlers', () => {
		const owner: Member = { projectId: 'p1', userId: 'u1', role: 'owner' };
		it('answer refusals with their status and stable code', async () => {
			const html = blobOf(new TextEncoder().encode('<p>hi</p>'), 'text/html');
			const begun = await handleBlobBegin(db.sql, owner, html.sha256, { size: html.size, mime: 'text/html' }, limits);
			expect(begun).toMatchObject({ status: 415, body: { error: { code: 'unsupported_type' } } });
			const newline = await handleBlobBegin(db.sql, owner, html.sha256, { size: html.size, mime: 'audio/webm\nforged log line' }, limits);
			expect(newline).toMatchObject({ status: 415, body: { error: { code: 'unsupported_type' } } });
			const over = await handleBlobBegin(db.sql, owner, html.sha256, { size: 2_000_000, mime: 'image/png' }, limits);
			expect(over).toMatchObject({ status: 413, body: { error: { code: 'quota_exceeded', quotaBytes: 1_000_000 } } });

			const b = blobOf(jpeg(1000), 'image/jpeg');
			await handleBlobBegin(db.sql, owner, b.sha256, { size: b.size, mime: b.mime }, limits);
			const params = new URLSearchParams({ offset: '0' });
			expect(await handleBlobAppend(db.sql, owner, b.sha256, params, b.data, null, limits)).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
			expect(await handleBlobAppend(db.sql, owner, b.sha256, params, b.data, sha(jpeg(10)), limits)).toMatchObject({ status: 400, body: { error: { code: 'chunk_mismatch' } } });
			expect(await handleBlobAppend(db.sql, owner, b.sha256, params, b.data, sha(b.data), limits)).toMatchObject({ status: 200, body: { complete: true } });
			const reviewer: Member = { ...owner, role: 'reviewer' };
			expect(await handleBlobBegin(db.sql, reviewer, b.sha256, { size: b.size, mime: b.mime }, limits)).toMatchObject({ status: 403 });
		});
	});
});

forEachEngine(
	'attachment blobs: migrating from shared uploads',
	(db) => {
		it('keeps complete blobs readable to their projects and restarts half-done uploads from 0', async () => {
			await migrate(db.sql, migrations.filter((m) => m.id < blobsMigration.id));
			const done = jpeg(500);
			const half = jpeg(800);
			await db.sql.query(`insert into blobs (sha256, size, mime, received, complete) values ($1, 500, 'image/jpeg', 500, true), ($2, 800, 'image/jpeg', 300, false)`, [sha(done), sha(half)]);
			await db.sql.query(`insert into blob_chunks (sha256, offset_bytes, data) values ($1, 0, $2), ($3, 0, $4)`, [sha(done), done, sha(half), half.subarray(0, 300)]);
			await db.sql.query(`insert into blob_projects (sha256, project_id) values ($1, 'p1'), ($2, 'p1')`, [sha(done), sha(half)]);
			await migrate(db.sql);

			expect(Buffer.from((await readBlob(db.sql, 'p1', sha(done)))!.data).equals(Buffer.from(done))).toBe(true);
			expect(await uploadStatus(db.sql, 'p1', sha(half))).toBeNull();
			expect(await upload(db.sql, 'p1', blobOf(half, 'image/jpeg'))).toMatchObject({ complete: true });
		});
	},
	{ migrate: false }
);
