import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { addParticipant } from '$lib/data/participants';
import { storeAttachment, loadAttachmentBlob } from '$lib/media/mediaStore';
import { putChunk, readChunks } from '$lib/media/chunkStore';
import { randomBytes } from '$lib/crypto/bytes';
import { rawHits, rawRecords } from '$lib/crypto/rawScan';
import { setActiveDataKey } from '$lib/crypto/session';
import { resetBlobProbe } from '../blobBytes';
import { openTestData, type TestData } from '../testing';

// WebKit in private browsing (and its automation browser) refuses a Blob in IndexedDB:
// "Error preparing Blob/File data to be stored in object store". Where the probe says so,
// photos and recordings are stored as bytes and read back as Blobs.

let t: TestData | undefined;
afterEach(() => {
	t?.db.close();
	setActiveDataKey(null);
	resetBlobProbe();
});

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('Tavla i verkstedet')]);

async function photoOnDevice(data: TestData) {
	const project = await createProject(data.ctx, data.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
	const participant = await addParticipant(data, project.id, {
		code: 'P-004',
		consent: { status: 'given', date: '2026-09-01', scope: ['notes', 'photo', 'audio'], recordedBy: 'user-a' }
	});
	const session = await data.repos.sessions.create(project.id, { kind: 'workshop', title: 'Verksted', date: '2026-09-14' });
	const photo = await storeAttachment(data, project.id, { kind: 'photo', sessionId: session.id, participantId: participant.id }, new Blob([jpeg], { type: 'image/jpeg' }));
	return { project, session, photo };
}

describe('blobs where IndexedDB takes no Blob', () => {
	it('a photo is stored as bytes, read back as the same Blob, and kept through an update of its row', async () => {
		resetBlobProbe(false);
		t = openTestData();
		const { photo } = await photoOnDevice(t);
		const raw = (await rawRecords(t.db.name)).find((r) => r.store === 'blobs')!.value as { blob: unknown };
		expect(raw.blob).not.toBeInstanceOf(Blob);
		expect((raw.blob as { $bytes: unknown }).$bytes).toBeInstanceOf(ArrayBuffer);

		const back = await loadAttachmentBlob(t, photo);
		expect(back).toBeInstanceOf(Blob);
		expect(back!.type).toBe('image/jpeg');
		expect(new Uint8Array(await back!.arrayBuffer())).toEqual(jpeg);

		// The uploader marks it sent: the row is read and put back whole, still as bytes.
		await t.db.blobs.update(photo.sha256, { uploaded: 1, uploadedTo: [photo.projectId] });
		const again = await t.db.blobs.get(photo.sha256);
		expect(again?.uploaded).toBe(1);
		expect(new Uint8Array(await again!.blob.arrayBuffer())).toEqual(jpeg);
		expect(((await rawRecords(t.db.name)).find((r) => r.store === 'blobs')!.value as { blob: unknown }).blob).not.toBeInstanceOf(Blob);
		// Read by a cursor too (Dexie's `each`).
		const seen: unknown[] = [];
		await t.db.blobs.each((row) => void seen.push(row.blob));
		expect(seen).toHaveLength(1);
		expect(seen[0]).toBeInstanceOf(Blob);
	});

	it('recording chunks are stored as bytes and assembled in order', async () => {
		resetBlobProbe(false);
		t = openTestData();
		const meta = { attachmentId: 'a-1', projectId: 'p-1', sessionId: 's-1', mime: 'audio/mp4' };
		await putChunk(t.db, meta, 0, new Blob([new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70])], { type: 'audio/mp4' }), 1000);
		await putChunk(t.db, meta, 1, new Blob([new Uint8Array([9, 9])], { type: 'audio/mp4' }), 2000);
		const chunks = await readChunks(t.db, 'a-1');
		expect(chunks.map((c) => c.recording.seq)).toEqual([0, 1]);
		expect(chunks.every((c) => c.blob instanceof Blob)).toBe(true);
		expect(new Uint8Array(await new Blob(chunks.map((c) => c.blob)).arrayBuffer())).toEqual(new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 9, 9]));
	});

	it('with a PIN the bytes stored are the sealed ones: the photo is nowhere in the raw database', async () => {
		resetBlobProbe(false);
		setActiveDataKey(randomBytes(32));
		t = openTestData();
		const { photo } = await photoOnDevice(t);
		expect(await rawHits(t.db.name, jpeg)).toEqual([]);
		expect(new Uint8Array(await (await loadAttachmentBlob(t, photo))!.arrayBuffer())).toEqual(jpeg);
	});

	it('where IndexedDB takes Blobs, a Blob is what it stores', async () => {
		resetBlobProbe(true);
		t = openTestData();
		await photoOnDevice(t);
		expect(((await rawRecords(t.db.name)).find((r) => r.store === 'blobs')!.value as { blob: unknown }).blob).toBeInstanceOf(Blob);
	});
});
