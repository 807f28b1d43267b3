import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { openTestData, type TestData } from '$lib/data/testing';
import { forEachEngine } from '$lib/server/db/testing';
import { appendChunk, beginUpload, BlobError, readBlob, type BlobLimits } from '$lib/server/sync/blobs';
import type { SqlClient } from '$lib/server/sync/sql';
import { BlobRefusedError, downloadBlob, refusedUploads, uploadPendingBlobs, type BlobTransport } from './blobTransfer';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function fileOf(magic: number[], size: number): Uint8Array {
	const data = new Uint8Array(randomBytes(size));
	data.set(magic);
	return data;
}
const webm = (size: number) => fileOf([0x1a, 0x45, 0xdf, 0xa3], size);
const jpeg = (size: number) => fileOf([0xff, 0xd8, 0xff, 0xe0], size);
const png = (size: number) => fileOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size);

const statusOf: Record<string, number> = { unsupported_type: 415, type_mismatch: 415, too_large: 413, quota_exceeded: 413, hash_mismatch: 409 };

/** The real server functions in-process; a refusal reaches the device as the HTTP transport would give it. */
function transport(sql: SqlClient, options: { failAppendOnce?: boolean; limits?: BlobLimits; calls?: string[] } = {}): BlobTransport {
	let fail = options.failAppendOnce ?? false;
	const limits = options.limits ?? { quotaBytes: 100_000_000 };
	const refused = async <T>(run: () => Promise<T>): Promise<T> => {
		try {
			return await run();
		} catch (e) {
			if (e instanceof BlobError) throw new BlobRefusedError(e.code, statusOf[e.code] ?? 409, e.message);
			throw e;
		}
	};
	return {
		begin: (projectId, blob) => {
			options.calls?.push(`begin ${blob.sha256}`);
			return refused(() => beginUpload(sql, projectId, blob, limits));
		},
		append: async (projectId, sha256, offset, bytes, chunkSha256) => {
			const status = await refused(() => appendChunk(sql, projectId, sha256, offset, bytes, chunkSha256, limits));
			if (fail) {
				fail = false;
				throw new Error('connection lost after the server stored the chunk');
			}
			return status;
		},
		download: async (projectId, sha256) => {
			const found = await readBlob(sql, projectId, sha256);
			return found && { bytes: found.data, mime: found.mime };
		}
	};
}

/** A local attachment with its bytes, as capture leaves it. */
async function attach(t: TestData, projectId: string, bytes: Uint8Array, mime: string, sha256 = sha(bytes)) {
	await t.db.blobs.put({ sha256, blob: new Blob([bytes as BlobPart]), size: bytes.length, mime, uploaded: 0 });
	await t.repos.attachments.create(projectId, { kind: mime.startsWith('audio/') ? 'audio' : 'photo', sha256, size: bytes.length, mime });
	return sha256;
}

async function newProject(t: TestData, name = 'Lyd') {
	return (await createProject(t.ctx, t.repos, { name, language: 'nb', template: 'empty' })).id;
}

forEachEngine('attachment transfer', (server) => {
	it('uploads a recording across a lost connection, and another device downloads it byte for byte', async () => {
		const a = openTestData({ deviceId: 'a' });
		const p = await newProject(a);
		const bytes = webm(2_500_000);
		const sha256 = await attach(a, p, bytes, 'audio/webm;codecs=opus');

		await expect(uploadPendingBlobs(a.db, p, transport(server.sql, { failAppendOnce: true }))).rejects.toThrow('connection lost');
		expect((await a.db.blobs.get(sha256))?.uploaded).toBe(0);
		expect(await uploadPendingBlobs(a.db, p, transport(server.sql))).toEqual({ uploaded: 1, refused: [] });
		expect(await a.db.blobs.get(sha256)).toMatchObject({ uploaded: 1, uploadedTo: [p] });
		expect((await uploadPendingBlobs(a.db, p, transport(server.sql))).uploaded).toBe(0);

		const b = openTestData({ deviceId: 'b' });
		const blob = await downloadBlob(b.db, p, sha256, transport(server.sql));
		expect(Buffer.from(await blob!.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
		expect(blob!.type).toBe('audio/webm');
		expect((await b.db.blobs.get(sha256))?.uploaded).toBe(1);
		a.db.close();
		b.db.close();
		// Megabytes through fake-indexeddb and an in-memory database take seconds on a busy machine.
	}, 60_000);

	it('keeps a refused attachment aside for good and goes on with the others', async () => {
		const t = openTestData();
		const p = await newProject(t);
		const page = await attach(t, p, new TextEncoder().encode('<script>alert(1)</script>'), 'text/html');
		const disguised = await attach(t, p, png(3000), 'image/jpeg');
		const photo = await attach(t, p, jpeg(3000), 'image/jpeg');

		const calls: string[] = [];
		const first = await uploadPendingBlobs(t.db, p, transport(server.sql, { calls }));
		expect(first.uploaded).toBe(1);
		expect(first.refused).toEqual(
			expect.arrayContaining([
				{ sha256: page, code: 'unsupported_type', at: expect.any(String) },
				{ sha256: disguised, code: 'type_mismatch', at: expect.any(String) }
			])
		);
		// The page never left the device.
		expect(calls).not.toContain(`begin ${page}`);
		expect((await t.db.blobs.get(photo))?.uploaded).toBe(1);

		// Next round: nothing is sent again, the refusals still stand.
		calls.length = 0;
		const second = await uploadPendingBlobs(t.db, p, transport(server.sql, { calls }));
		expect(second).toMatchObject({ uploaded: 0, refused: expect.arrayContaining([expect.objectContaining({ sha256: disguised })]) });
		expect(calls).toEqual([]);
		expect((await refusedUploads(t.db, p)).map((r) => r.code).sort()).toEqual(['type_mismatch', 'unsupported_type']);
		t.db.close();
	});

	it('tries a project over its quota again a day later, and another project is not held up', async () => {
		const t = openTestData();
		const full = await newProject(t, 'Full');
		const other = await newProject(t, 'Annen');
		const big = await attach(t, full, jpeg(6000), 'image/jpeg');
		await attach(t, other, jpeg(6000), 'image/jpeg');
		let now = Date.parse('2026-03-01T10:00:00Z');
		const clock = () => now;
		const small = { limits: { quotaBytes: 5000 } };

		expect(await uploadPendingBlobs(t.db, full, transport(server.sql, small), clock)).toEqual({
			uploaded: 0,
			refused: [{ sha256: big, code: 'quota_exceeded', at: '2026-03-01T10:00:00.000Z' }]
		});
		expect((await uploadPendingBlobs(t.db, other, transport(server.sql, { limits: { quotaBytes: 10_000 } }), clock)).uploaded).toBe(1);

		const calls: string[] = [];
		now += 60 * 60 * 1000;
		await uploadPendingBlobs(t.db, full, transport(server.sql, { ...small, calls }), clock);
		expect(calls).toEqual([]);
		// Space was made (here: a larger quota); a day on, the upload goes through.
		now += 24 * 60 * 60 * 1000;
		expect(await uploadPendingBlobs(t.db, full, transport(server.sql, { limits: { quotaBytes: 10_000 } }), clock)).toEqual({ uploaded: 1, refused: [] });
		expect(await refusedUploads(t.db, full, clock)).toEqual([]);
		t.db.close();
	});

	it('marks bytes that do not hash to their attachment as corrupt after sending them twice', async () => {
		const t = openTestData();
		const p = await newProject(t);
		const damaged = await attach(t, p, jpeg(3000), 'image/jpeg', sha(jpeg(3000)));
		const calls: string[] = [];
		const result = await uploadPendingBlobs(t.db, p, transport(server.sql, { calls }));
		expect(result.refused).toEqual([{ sha256: damaged, code: 'corrupt', at: expect.any(String) }]);
		expect(calls).toEqual([`begin ${damaged}`, `begin ${damaged}`]);
		expect((await readBlob(server.sql, p, damaged))).toBeNull();
		t.db.close();
	});

	it('uploads the same photo to each project it is attached in: a blob is readable only where it was uploaded', async () => {
		const t = openTestData();
		const first = await newProject(t, 'En');
		const second = await newProject(t, 'To');
		const bytes = jpeg(4000);
		const sha256 = await attach(t, first, bytes, 'image/jpeg');
		await t.repos.attachments.create(second, { kind: 'photo', sha256, size: bytes.length, mime: 'image/jpeg' });
		expect((await uploadPendingBlobs(t.db, first, transport(server.sql))).uploaded).toBe(1);
		expect(await readBlob(server.sql, second, sha256)).toBeNull();
		expect((await uploadPendingBlobs(t.db, second, transport(server.sql))).uploaded).toBe(1);
		expect((await readBlob(server.sql, second, sha256))?.data.length).toBe(4000);
		expect((await t.db.blobs.get(sha256))?.uploadedTo).toEqual([first, second]);
		t.db.close();
	});

	it('an empty recording completes without sending a byte', async () => {
		const t = openTestData();
		const p = await newProject(t);
		await attach(t, p, new Uint8Array(0), 'audio/webm');
		expect(await uploadPendingBlobs(t.db, p, transport(server.sql))).toEqual({ uploaded: 1, refused: [] });
		t.db.close();
	});
});
