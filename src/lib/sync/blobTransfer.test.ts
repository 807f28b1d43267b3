import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { openTestData } from '$lib/data/testing';
import { appendChunk, beginUpload, readBlob } from '$lib/server/sync/blobs';
import { memorySyncDatabase } from '$lib/server/sync/memoryServer';
import { downloadBlob, uploadPendingBlobs, type BlobTransport } from './blobTransfer';

let sql: Awaited<ReturnType<typeof memorySyncDatabase>>;
// Opening an in-memory PGlite takes seconds on a busy machine.
beforeAll(async () => {
	sql = await memorySyncDatabase();
}, 60_000);
afterAll(() => sql.close());

function transport(options: { failAppendOnce?: boolean } = {}): BlobTransport {
	let fail = options.failAppendOnce ?? false;
	return {
		begin: (projectId, blob) => beginUpload(sql, projectId, blob),
		append: async (projectId, sha256, offset, bytes) => {
			const status = await appendChunk(sql, projectId, sha256, offset, bytes);
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

describe('attachment transfer', () => {
	it('uploads a recording across a lost connection, and another device downloads it byte for byte', async () => {
		const a = openTestData({ deviceId: 'a' });
		const p = await createProject(a.ctx, a.repos, { name: 'Lyd', language: 'nb', template: 'empty' });
		const bytes = new Uint8Array(randomBytes(2_500_000));
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		await a.db.blobs.put({ sha256, blob: new Blob([bytes]), size: bytes.length, mime: 'audio/webm', uploaded: 0 });
		await a.repos.attachments.create(p.id, { kind: 'audio', sha256, size: bytes.length, mime: 'audio/webm' });

		await expect(uploadPendingBlobs(a.db, p.id, transport({ failAppendOnce: true }))).rejects.toThrow('connection lost');
		expect((await a.db.blobs.get(sha256))?.uploaded).toBe(0);
		expect(await uploadPendingBlobs(a.db, p.id, transport())).toBe(1);
		expect((await a.db.blobs.get(sha256))?.uploaded).toBe(1);
		expect(await uploadPendingBlobs(a.db, p.id, transport())).toBe(0);

		const b = openTestData({ deviceId: 'b' });
		const blob = await downloadBlob(b.db, p.id, sha256, transport());
		expect(Buffer.from(await blob!.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
		expect((await b.db.blobs.get(sha256))?.uploaded).toBe(1);
		a.db.close();
		b.db.close();
	});
});
