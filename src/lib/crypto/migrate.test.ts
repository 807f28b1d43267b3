import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { addParticipant } from '$lib/data/participants';
import { openFieldworkDb } from '$lib/data/db';
import { openTestData, type TestData } from '$lib/data/testing';
import { finishRecording, loadAttachmentBlob, storeAttachment } from '$lib/media/mediaStore';
import { putChunk } from '$lib/media/chunkStore';
import { randomBytes } from './bytes';
import { encryptExistingData } from './migrate';
import { sealedField } from './middleware';
import { rawHits, rawRecords } from './rawScan';
import { setActiveDataKey } from './session';

let t: TestData | undefined;
afterEach(() => {
	t?.db.close();
	setActiveDataKey(null);
});

const phrase = 'Ingen spør oss om noe her ute';
const attribute = 'Jobber deltid på fiskebruket';
const audio = (n: number) => new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 7 + n) % 256));

async function counts(data: TestData): Promise<Record<string, number>> {
	return Object.fromEntries(await Promise.all(data.db.tables.map(async (table) => [table.name, await table.count()] as const)));
}

describe('the one-time migration when a PIN is first set', () => {
	it('rewrites a plain database (unsent outbox, a photo, a finished and an unfinished recording) sealed, losing nothing', async () => {
		// Written by the current version, no PIN: everything in the clear.
		t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
		const consent = { status: 'given' as const, date: '2026-09-01', scope: ['notes' as const, 'audio' as const, 'photo' as const, 'quotes' as const], recordedBy: 'user-a' };
		const participant = await addParticipant(t, project.id, { attributes: { jobb: attribute }, consent });
		const session = await t.repos.sessions.create(project.id, { kind: 'interview', title: 'Kaia', date: '2026-09-14' });
		const note = await t.repos.notes.create(project.id, { sessionId: session.id, text: 'Notat: ' + phrase });
		for (let i = 0; i < 30; i++) await t.repos.entries.create(project.id, { kind: 'quote', text: `${phrase} #${i}`, participantId: participant.id });
		const photoBytes = randomBytes(300);
		const photo = await storeAttachment(t, project.id, { kind: 'photo', sessionId: session.id }, new Blob([photoBytes], { type: 'image/jpeg' }));
		const meta = { attachmentId: 'rec-1', projectId: project.id, sessionId: session.id, mime: 'audio/ogg' };
		for (let seq = 0; seq < 3; seq++) await putChunk(t.db, meta, seq, new Blob([audio(seq)], { type: 'audio/ogg' }), (seq + 1) * 1000);
		const unfinished = { ...meta, attachmentId: 'rec-2' };
		await putChunk(t.db, unfinished, 0, new Blob([audio(9)], { type: 'audio/ogg' }), 1000);
		const recording = await finishRecording(t, 'rec-1');
		const recordingBytes = new Uint8Array(await (await loadAttachmentBlob(t, recording!))!.arrayBuffer());
		const before = await counts(t);
		const outboxBefore = (await t.db.outbox.toArray()).map((o) => [o.opId, JSON.stringify(o.value)]);
		expect(before.outbox).toBeGreaterThan(30);
		expect(await rawHits(t.db.name, phrase)).not.toEqual([]);
		expect(await rawHits(t.db.name, photoBytes)).not.toEqual([]);

		setActiveDataKey(randomBytes(32));
		const progress: string[] = [];
		await encryptExistingData(t.db, { batchSize: 7, onProgress: (p) => progress.push(`${p.table}:${p.done}/${p.total}`) });
		expect(progress).toContain('entries:30/30');

		// Nothing left in the clear …
		expect(await rawHits(t.db.name, phrase)).toEqual([]);
		expect(await rawHits(t.db.name, attribute)).toEqual([]);
		expect(await rawHits(t.db.name, photoBytes)).toEqual([]);
		expect(await rawHits(t.db.name, recordingBytes.subarray(8, 40))).toEqual([]);
		expect(await rawHits(t.db.name, audio(9).subarray(0, 32))).toEqual([]);
		expect((await rawRecords(t.db.name)).filter((r) => !(r.value as Record<string, unknown>)[sealedField])).toEqual([]);
		// … and nothing lost: the same rows, the same note text, the same queued changes, the same bytes.
		// Read through a second connection, as the next start of the app would.
		const fresh = { db: openFieldworkDb(t.db.name) };
		const freshCounts = Object.fromEntries(await Promise.all(fresh.db.tables.map(async (table) => [table.name, await table.count()] as const)));
		expect(freshCounts).toEqual(before);
		expect((await fresh.db.notes.get(note.id))?.text).toBe('Notat: ' + phrase);
		expect((await fresh.db.outbox.toArray()).map((o) => [o.opId, JSON.stringify(o.value)])).toEqual(outboxBefore);
		expect(new Uint8Array(await (await loadAttachmentBlob(fresh, photo))!.arrayBuffer())).toEqual(photoBytes);
		expect(new Uint8Array(await (await loadAttachmentBlob(fresh, recording!))!.arrayBuffer())).toEqual(recordingBytes);
		fresh.db.close();
		// The unfinished recording still finishes, from sealed chunks.
		const late = await finishRecording(t, 'rec-2');
		expect(new Uint8Array(await (await loadAttachmentBlob(t, late!))!.arrayBuffer())).toEqual(audio(9));
	});

	it('can run again after a stop midway: rows already sealed stay readable and the rest is sealed', async () => {
		t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Avbrutt', language: 'nb', template: 'empty' });
		for (let i = 0; i < 10; i++) await t.repos.entries.create(project.id, { kind: 'observation', text: `${phrase} ${i}` });
		setActiveDataKey(randomBytes(32));
		await encryptExistingData(t.db, { batchSize: 3 });
		await encryptExistingData(t.db, { batchSize: 4 });
		expect((await t.repos.entries.listByProject(project.id)).map((e) => e.text).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${phrase} ${i}`));
		expect(await rawHits(t.db.name, phrase)).toEqual([]);
	});
});
