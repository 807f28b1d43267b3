import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { TestData } from '$lib/data/testing';
import { newId } from '$lib/domain/ids';
import { countChunks, putChunk, unfinishedRecordings } from './chunkStore';
import { finishRecording, loadAttachmentBlob, storeAttachment } from './mediaStore';
import { recoverRecordings } from './recovery';
import { sha256Hex } from './sha256';
import { fillDiskAfter, openMediaTestData } from './testing';

let t: TestData;
afterEach(() => t?.db.close());

async function setup() {
	const fixture = await openMediaTestData();
	t = fixture.t;
	return fixture;
}

describe('storeAttachment', () => {
	it('stores the bytes once by content hash and the attachment row with them', async () => {
		const { projectId, sessionId } = await setup();
		const photo = new Blob([new Uint8Array([0xff, 0xd8, 1, 2, 3])], { type: 'image/jpeg' });
		const a = await storeAttachment(t, projectId, { kind: 'photo', sessionId, width: 1600, height: 1200 }, photo);
		const b = await storeAttachment(t, projectId, { kind: 'photo', sessionId, width: 1600, height: 1200 }, photo);
		const sha = await sha256Hex(photo);
		expect(a).toMatchObject({ kind: 'photo', sha256: sha, size: 5, mime: 'image/jpeg', width: 1600, sessionId, deleted: 0 });
		expect(b.id).not.toBe(a.id);
		expect(await t.db.blobs.count()).toBe(1);
		const stored = await t.db.blobs.get(sha);
		expect(stored).toMatchObject({ sha256: sha, size: 5, mime: 'image/jpeg', uploaded: 0 });
		expect(await stored!.blob.arrayBuffer()).toEqual(await photo.arrayBuffer());
		// Queued for sync like every other row.
		expect(await t.db.outbox.where('[table+rowId]').equals(['attachments', a.id]).count()).toBeGreaterThan(0);
	});

	it('writes neither the blob nor the row when the row is refused', async () => {
		const { projectId } = await setup();
		await expect(storeAttachment(t, projectId, { kind: 'video' as 'audio' }, new Blob(['x'], { type: 'video/mp4' }))).rejects.toThrow();
		expect(await t.db.blobs.count()).toBe(0);
		expect(await t.db.attachments.count()).toBe(0);
	});
});

describe('finishing and recovering recordings', () => {
	async function twoChunks(projectId: string, sessionId: string) {
		const attachmentId = newId();
		const meta = { attachmentId, projectId, sessionId, mime: 'audio/webm' };
		await putChunk(t.db, meta, 0, new Blob(['AAAA']), 1000);
		await putChunk(t.db, meta, 1, new Blob(['BBBB']), 2000);
		return { attachmentId, meta };
	}

	it('stores a recording under the type its bytes are: AAC in MP4 from an iPad is audio/mp4, whatever the recorder claimed', async () => {
		const { projectId, sessionId } = await setup();
		const attachmentId = newId();
		// The recorder left its type empty, so the default (WebM) was written with the chunks.
		const meta = { attachmentId, projectId, sessionId, mime: 'audio/webm' };
		const ftyp = new Uint8Array([0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]);
		await putChunk(t.db, meta, 0, new Blob([ftyp]), 1000);
		await putChunk(t.db, meta, 1, new Blob([new Uint8Array([1, 2, 3, 4])]), 2000);
		const row = await finishRecording(t, attachmentId, { durationMs: 2100 });
		expect(row).toMatchObject({ kind: 'audio', mime: 'audio/mp4', size: 20, durationMs: 2100 });
		const blob = await loadAttachmentBlob(t, row!);
		expect(blob!.type).toBe('audio/mp4');
		// No WebM duration header written into MP4 bytes: they are stored as recorded.
		expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(new Uint8Array([...ftyp, 1, 2, 3, 4]));
	});

	it('assembles the chunks into one blob under its hash and clears them, in one go', async () => {
		const { projectId, sessionId } = await setup();
		const { attachmentId } = await twoChunks(projectId, sessionId);
		const row = await finishRecording(t, attachmentId, { durationMs: 2300 });
		expect(row).toMatchObject({ id: attachmentId, kind: 'audio', sessionId, size: 8, durationMs: 2300, mime: 'audio/webm' });
		expect(row!.sha256).toBe(await sha256Hex(new Blob(['AAAABBBB'])));
		expect(await (await t.db.blobs.get(row!.sha256))!.blob.text()).toBe('AAAABBBB');
		expect(await countChunks(t.db, attachmentId)).toBe(0);
	});

	it('on a disk too full for the assembled copy, keeps the recording as an attachment whose bytes stay as chunks until there is space', async () => {
		const { projectId, sessionId } = await setup();
		const { attachmentId } = await twoChunks(projectId, sessionId);
		const disk = fillDiskAfter(t, 0);

		const row = await finishRecording(t, attachmentId, { durationMs: 2000 });
		expect(row).toMatchObject({ id: attachmentId, kind: 'audio', size: 8, durationMs: 2000 });
		expect(await t.db.blobs.get(row!.sha256)).toBeUndefined();
		expect(await countChunks(t.db, attachmentId)).toBe(2);
		// It plays from the chunks meanwhile.
		expect(await (await loadAttachmentBlob(t, row!))!.text()).toBe('AAAABBBB');

		const stillFull = await recoverRecordings(t, sessionId, { locks: null });
		expect(stillFull).toMatchObject({ recovered: [], consolidated: 0, stillChunked: 1, waiting: 0 });

		disk.full = false;
		const later = await recoverRecordings(t, sessionId, { locks: null });
		expect(later).toMatchObject({ recovered: [], consolidated: 1, stillChunked: 0, waiting: 0 });
		expect(await (await t.db.blobs.get(row!.sha256))!.blob.text()).toBe('AAAABBBB');
		expect(await countChunks(t.db, attachmentId)).toBe(0);
		expect(await t.db.attachments.count()).toBe(1);
	});

	it('when not even the row fits, leaves the chunks in place and finishes them on a later visit', async () => {
		const { projectId, sessionId } = await setup();
		const { attachmentId, meta } = await twoChunks(projectId, sessionId);
		const disk = fillDiskAfter(t, 0);
		// The repository writes through db.table('attachments').
		const rows = t.db.table('attachments');
		const realAdd = rows.add.bind(rows);
		rows.add = ((...args: Parameters<typeof realAdd>) =>
			disk.full ? Dexie.Promise.reject(new Dexie.QuotaExceededError('full')) : realAdd(...args)) as typeof realAdd;

		const failure = await finishRecording(t, attachmentId).catch((e: unknown) => e);
		expect((failure as Error).name).toBe('QuotaExceededError');
		expect(await countChunks(t.db, attachmentId)).toBe(2);
		expect(await t.db.attachments.count()).toBe(0);
		expect(await unfinishedRecordings(t.db, { sessionId })).toEqual([{ ...meta, chunks: 2, elapsedMs: 2000 }]);
		expect(await recoverRecordings(t, sessionId, { locks: null })).toMatchObject({ recovered: [], waiting: 1 });

		disk.full = false;
		const later = await recoverRecordings(t, sessionId, { locks: null });
		expect(later.recovered.map((a) => [a.id, a.size, a.durationMs])).toEqual([[attachmentId, 8, 2000]]);
		expect(await countChunks(t.db, attachmentId)).toBe(0);
	});

	it('recovers a crashed recording of this session only, and leaves a running one alone', async () => {
		const { projectId, sessionId } = await setup();
		const other = await t.repos.sessions.create(projectId, { kind: 'observation', title: 'Venterommet', date: '2026-09-14' });
		const crashed = newId();
		const running = newId();
		const elsewhere = newId();
		await putChunk(t.db, { attachmentId: crashed, projectId, sessionId, mime: 'audio/webm' }, 0, new Blob(['x']), 900);
		await putChunk(t.db, { attachmentId: running, projectId, sessionId, mime: 'audio/webm' }, 0, new Blob(['y']), 1000);
		await putChunk(t.db, { attachmentId: elsewhere, projectId, sessionId: other.id, mime: 'audio/webm' }, 0, new Blob(['z']), 1000);

		const isRunning = (id: string) => id === running;
		const result = await recoverRecordings(t, sessionId, { locks: null, isRunning });
		expect(result.recovered.map((a) => [a.id, a.durationMs, a.sessionId])).toEqual([[crashed, 900, sessionId]]);
		expect(await countChunks(t.db, running)).toBe(1);
		expect(await countChunks(t.db, elsewhere)).toBe(1);

		// Every session at once (null) picks up the other session's recording too.
		const everywhere = await recoverRecordings(t, null, { locks: null, isRunning });
		expect(everywhere.recovered.map((a) => [a.id, a.sessionId])).toEqual([[elsewhere, other.id]]);
		expect(await countChunks(t.db, running)).toBe(1);
	});

	it('is safe to finish twice, and never brings back a deleted recording', async () => {
		const { projectId, sessionId } = await setup();
		const { attachmentId } = await twoChunks(projectId, sessionId);
		const disk = fillDiskAfter(t, 0);
		const first = await finishRecording(t, attachmentId);
		// Deleted while its bytes were still chunks; then space comes back.
		await t.repos.attachments.remove(attachmentId);
		disk.full = false;
		const again = await finishRecording(t, attachmentId);
		expect(again).toMatchObject({ id: first!.id, sha256: first!.sha256, deleted: 1 });
		expect(await countChunks(t.db, attachmentId)).toBe(0);
		// The bytes stay until the server prunes them.
		expect(await t.db.blobs.get(first!.sha256)).toBeDefined();
		expect(await finishRecording(t, attachmentId)).toMatchObject({ id: attachmentId });
		expect(await t.db.attachments.count()).toBe(1);
		expect(await finishRecording(t, newId())).toBeNull();
	});
});
