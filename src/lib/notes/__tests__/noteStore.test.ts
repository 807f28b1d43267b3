import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { noteIdFor } from '$lib/domain/noteId';
import { openTestData, type TestData } from '$lib/data/testing';
import { noteText } from '../noteDoc';
import { openNoteStore, storedOrigin, type NoteStore } from '../noteStore';
import { compactNoteUpdates, countNoteUpdates, readNoteUpdates } from '../updateLog';
import { appendParagraph, sleep, typeInto, until } from './helpers';

const projectId = 'project-1';
const sessionId = 'session-1';

const open: { stores: NoteStore[]; data: TestData[] } = { stores: [], data: [] };

function data(deviceId = 'device-a'): TestData {
	const t = openTestData({ deviceId, actor: `user-${deviceId}` });
	open.data.push(t);
	return t;
}

async function store(t: TestData, options: Parameters<typeof openNoteStore>[3] = {}): Promise<NoteStore> {
	const s = await openNoteStore(t, projectId, sessionId, { follow: false, ...options });
	open.stores.push(s);
	return s;
}

afterEach(async () => {
	for (const s of open.stores.splice(0)) await s.close();
	for (const t of open.data.splice(0)) t.db.close();
});

describe('note store', () => {
	it('creates the note row with the id derived from the session', async () => {
		const t = data();
		const s = await store(t);
		expect(s.noteId).toBe(noteIdFor(sessionId));
		const row = await t.repos.notes.get(noteIdFor(sessionId));
		expect(row).toMatchObject({ sessionId, projectId, text: '', deleted: 0 });
		expect(await t.db.outbox.where({ table: 'notes', rowId: s.noteId }).count()).toBeGreaterThan(0);
	});

	it('round-trips the update log: a fresh doc loaded from IndexedDB has the same content', async () => {
		const t = data();
		const first = await store(t);
		appendParagraph(first.doc, 'P-001 sluttet på skolen i perioder.');
		appendParagraph(first.doc, '«Det er ingen som spør hvordan det egentlig går.»');
		typeInto(first.doc, 0, 0, 'Notat: ');
		await first.flush();
		const expected = noteText(first.doc);
		const expectedState = Y.encodeStateVector(first.doc);
		await first.close();

		const again = await store(t);
		expect(noteText(again.doc)).toBe(expected);
		expect(Y.encodeStateVector(again.doc)).toEqual(expectedState);
		expect(noteText(again.doc)).toBe(
			'Notat: P-001 sluttet på skolen i perioder.\n«Det er ingen som spør hvordan det egentlig går.»'
		);
		// The snapshot for search and export follows the doc.
		expect((await t.repos.notes.get(again.noteId))?.text).toBe(expected);
	});

	it('puts a keystroke in IndexedDB within the batch window, without an explicit flush', async () => {
		const t = data();
		const s = await store(t, { batchMs: 50 });
		appendParagraph(s.doc, 'a');
		const typedAt = Date.now();
		await until(async () => (await countNoteUpdates(t.db, s.noteId)) > 0, 300);
		expect(Date.now() - typedAt).toBeLessThan(300);
		expect(s.status).toBe('saved');
	});

	it('merges a burst of keystrokes into one row per batch', async () => {
		const t = data();
		const s = await store(t, { batchMs: 50 });
		appendParagraph(s.doc, '');
		typeInto(s.doc, 0, 0, 'hei på deg');
		await s.flush();
		const rows = await readNoteUpdates(t.db, s.noteId);
		expect(rows.length).toBeLessThanOrEqual(2);
		expect(rows.every((r) => r.update instanceof Uint8Array && r.synced === 0 && r.projectId === projectId)).toBe(true);
	});

	it('does not log updates that were already stored', async () => {
		const t = data();
		const s = await store(t);
		const other = new Y.Doc();
		appendParagraph(other, 'fra en annen enhet');
		Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(other), storedOrigin);
		await s.flush();
		expect(await countNoteUpdates(t.db, s.noteId)).toBe(0);
	});

	it('keeps the plain-text snapshot debounced, and writes it at flush', async () => {
		const t = data();
		const s = await store(t, { textDebounceMs: 60_000 });
		appendParagraph(s.doc, 'Venterommet er fullt.');
		await sleep(120);
		expect((await t.repos.notes.get(s.noteId))?.text).toBe('');
		await s.flush();
		expect((await t.repos.notes.get(s.noteId))?.text).toBe('Venterommet er fullt.');
	});

	it('compacts the log when it grows, and nothing is lost', async () => {
		const t = data();
		const s = await store(t, { compactAbove: 20 });
		appendParagraph(s.doc, '');
		for (let i = 0; i < 60; i++) {
			typeInto(s.doc, 0, i, 'x');
			await s.flush();
		}
		appendParagraph(s.doc, 'slutt');
		await s.flush();
		expect(await countNoteUpdates(t.db, s.noteId)).toBeLessThanOrEqual(21);
		const expected = noteText(s.doc);
		await s.close();
		const again = await store(t);
		expect(noteText(again.doc)).toBe(expected);
		expect(expected).toBe(`${'x'.repeat(60)}\nslutt`);
	});

	it('compaction keeps synced and unsynced updates apart and keeps deletions', async () => {
		const t = data();
		const s = await store(t);
		appendParagraph(s.doc, 'first line');
		await s.flush();
		await t.db.noteUpdates.toCollection().modify({ synced: 1 });
		appendParagraph(s.doc, 'second line');
		await s.flush();
		const para = s.doc.getXmlFragment('default').get(0) as Y.XmlElement;
		s.doc.transact(() => (para.get(0) as Y.XmlText).delete(0, 6));
		await s.flush();
		appendParagraph(s.doc, 'third');
		await s.flush();
		const expected = noteText(s.doc);

		const result = await compactNoteUpdates(t.db, s.noteId);
		expect(result.before).toBe(4);
		expect(result.after).toBe(2);
		const rows = await readNoteUpdates(t.db, s.noteId);
		expect(rows.map((r) => r.synced).sort()).toEqual([0, 1]);

		const fresh = new Y.Doc();
		for (const row of rows) Y.applyUpdate(fresh, row.update);
		expect(noteText(fresh)).toBe(expected);
		expect(expected).toBe('line\nsecond line\nthird');
	});

	it('turns a note written before the log (demo, import) into paragraphs, once', async () => {
		const t = data();
		const note = await t.repos.notes.create(projectId, { sessionId, text: 'Linje én\nLinje to' });
		const s = await store(t);
		expect(s.noteId).toBe(note.id);
		expect(noteText(s.doc)).toBe('Linje én\nLinje to');
		await s.close();
		// The seed is stored, so the next open loads it instead of seeding again.
		const again = await store(t);
		expect(noteText(again.doc)).toBe('Linje én\nLinje to');

		// Two devices seeding the same note independently make the same items: merged, it is there once.
		const other = data('device-b');
		await other.repos.notes.create(projectId, { sessionId, text: 'Linje én\nLinje to' }, note.id);
		const b = await store(other);
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(again.doc));
		expect(noteText(b.doc)).toBe('Linje én\nLinje to');
	});

	it('follows rows written by another tab or the sync engine', async () => {
		const t = data();
		const s = await store(t, { follow: true });
		const otherTab = await openNoteStore(t, projectId, sessionId, { follow: false });
		open.stores.push(otherTab);
		appendParagraph(otherTab.doc, 'skrevet i en annen fane');
		await otherTab.flush();
		await until(() => noteText(s.doc) === 'skrevet i en annen fane');
		await s.flush();
		// Applied as stored: not logged a second time.
		expect(await countNoteUpdates(t.db, s.noteId)).toBe(1);
	});
});

/** Copies `from`'s unsynced rows of a note into `to` as pulled rows, and marks them synced in `from`. */
async function deliver(from: TestData, to: TestData, noteId: string): Promise<void> {
	const rows = (await readNoteUpdates(from.db, noteId)).filter((r) => r.synced === 0);
	for (const { seq, ...row } of rows) {
		await to.db.noteUpdates.add({ ...row, synced: 1 });
		await from.db.noteUpdates.update(seq!, { synced: 1 });
	}
}

describe('two researchers editing the same note offline', () => {
	it('both end with both texts after exchanging updates (CRDT merge)', async () => {
		const a = data('device-a');
		const b = data('device-b');
		const noteA = await store(a, { follow: true });
		const noteB = await store(b, { follow: true });
		expect(noteA.noteId).toBe(noteB.noteId);

		// A common starting point both devices have.
		appendParagraph(noteA.doc, 'Felles start.');
		await noteA.flush();
		await deliver(a, b, noteA.noteId);
		await until(() => noteText(noteB.doc) === 'Felles start.');

		// Offline: both type into the same paragraph and add their own.
		typeInto(noteA.doc, 0, 0, 'A: ');
		appendParagraph(noteA.doc, 'Observasjon fra A.');
		typeInto(noteB.doc, 0, 'Felles start.'.length, ' B la til dette.');
		appendParagraph(noteB.doc, 'Sitat fra B.');
		await Promise.all([noteA.flush(), noteB.flush()]);

		// Back online: each device's unsynced rows reach the other (as the sync engine will do).
		await deliver(a, b, noteA.noteId);
		await deliver(b, a, noteA.noteId);

		await until(() => noteText(noteA.doc) === noteText(noteB.doc) && noteText(noteA.doc).includes('Sitat fra B.'));
		const text = noteText(noteA.doc);
		expect(text.split('\n')[0]).toBe('A: Felles start. B la til dette.');
		expect(text).toContain('Observasjon fra A.');
		expect(text).toContain('Sitat fra B.');

		// And a fresh load on either device gives the same merged note.
		await noteA.close();
		await noteB.close();
		const reopenedA = await store(a);
		const reopenedB = await store(b);
		expect(noteText(reopenedA.doc)).toBe(text);
		expect(noteText(reopenedB.doc)).toBe(text);
	});

	it('read-only, opening writes nothing: no note row, no update, no snapshot', async () => {
		const t = data();
		const writer = await store(t);
		appendParagraph(writer.doc, 'Fra forskeren.');
		await writer.flush();
		await writer.close();
		// The log grew elsewhere, the snapshot lags: a writer would repair it on opening.
		await t.db.notes.update(noteIdFor(sessionId), { text: 'gammelt' });
		const queued = await t.db.outbox.count();
		const updates = await countNoteUpdates(t.db, noteIdFor(sessionId));
		const reader = await store(t, { readOnly: true, follow: true });
		expect(noteText(reader.doc)).toBe('Fra forskeren.');
		await reader.flush();
		await reader.close();
		expect(await t.db.outbox.count()).toBe(queued);
		expect(await countNoteUpdates(t.db, noteIdFor(sessionId))).toBe(updates);
		expect((await t.db.notes.get(noteIdFor(sessionId)))?.text).toBe('gammelt');

		// A session without a note: nothing is created for a reader.
		const other = data('device-b');
		const empty = await openNoteStore(other, projectId, 'session-2', { readOnly: true, follow: false });
		open.stores.push(empty);
		expect(empty.noteId).toBe(noteIdFor('session-2'));
		await empty.flush();
		expect(await other.db.notes.count()).toBe(0);
		expect(await other.db.outbox.count()).toBe(0);
	});
});
