import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { appendChunk, beginUpload, BlobError, readBlob, uploadStatus } from './blobs';
import { forEachEngine } from '$lib/server/db/testing';


const blobOf = (size: number) => {
	const data = new Uint8Array(randomBytes(size));
	return { data, sha256: createHash('sha256').update(data).digest('hex'), size, mime: 'audio/webm' };
};

forEachEngine('attachment blobs', (db) => {
	it('upload resumes after a broken connection and the bytes come back identical', async () => {
		const sql = db.sql;
		const b = blobOf(300_000);
		expect(await beginUpload(sql, 'p1', b)).toMatchObject({ received: 0, complete: false });
		await appendChunk(sql, 'p1', b.sha256, 0, b.data.subarray(0, 100_000));
		// The connection broke: the device asks where it stands and sends the rest.
		const resumed = await uploadStatus(sql, 'p1', b.sha256);
		expect(resumed?.received).toBe(100_000);
		// A repeated chunk changes nothing.
		expect((await appendChunk(sql, 'p1', b.sha256, 0, b.data.subarray(0, 100_000))).received).toBe(100_000);
		const done = await appendChunk(sql, 'p1', b.sha256, 100_000, b.data.subarray(100_000));
		expect(done).toMatchObject({ received: 300_000, complete: true });
		const back = await readBlob(sql, 'p1', b.sha256);
		expect(Buffer.from(back!.data).equals(Buffer.from(b.data))).toBe(true);
	});

	it('a project that did not upload a blob cannot read it; uploading the same content again costs nothing', async () => {
		const sql = db.sql;
		const b = blobOf(1000);
		await beginUpload(sql, 'p1', b);
		await appendChunk(sql, 'p1', b.sha256, 0, b.data);
		expect(await readBlob(sql, 'p2', b.sha256)).toBeNull();
		expect(await beginUpload(sql, 'p2', b)).toMatchObject({ complete: true });
		expect((await readBlob(sql, 'p2', b.sha256))?.data.length).toBe(1000);
	});

	it('bytes that do not match the hash are not stored', async () => {
		const sql = db.sql;
		const b = blobOf(500);
		const wrong = { ...b, sha256: createHash('sha256').update('something else').digest('hex') };
		await beginUpload(sql, 'p1', wrong);
		await expect(appendChunk(sql, 'p1', wrong.sha256, 0, b.data)).rejects.toBeInstanceOf(BlobError);
		expect(await uploadStatus(sql, 'p1', wrong.sha256)).toMatchObject({ received: 0, complete: false });
		expect(await readBlob(sql, 'p1', wrong.sha256)).toBeNull();
	});
});
