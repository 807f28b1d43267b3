import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { noteIdFor } from '$lib/domain/noteId';
import { openTestData, type TestData } from '$lib/data/testing';
import { HighlightMark } from '../editor/highlightMark';
import { noteFragment, noteText } from '../noteDoc';
import { openNoteStore, type NoteStore } from '../noteStore';
import { appendNoteUpdate, compactNoteUpdates, readNoteUpdates } from '../updateLog';
import { applyStoredUpdates } from '../safeApply';
import { appendParagraph, until } from './helpers';

const projectId = 'project-1';
const sessionId = 'session-1';
const noteId = noteIdFor(sessionId);
const schema = getSchema([StarterKit.configure({ undoRedo: false }), HighlightMark]);
const garbage = new TextEncoder().encode('this is not a yjs update');

const open: { stores: NoteStore[]; data: TestData[] } = { stores: [], data: [] };
afterEach(async () => {
	for (const s of open.stores.splice(0)) await s.close();
	for (const t of open.data.splice(0)) t.db.close();
});

function note(text: string): Uint8Array {
	const doc = new Y.Doc();
	appendParagraph(doc, text);
	return Y.encodeStateAsUpdate(doc);
}

async function seeded(): Promise<TestData> {
	const t = openTestData();
	open.data.push(t);
	await t.repos.notes.create(projectId, { sessionId, text: '' }, noteId);
	await appendNoteUpdate(t.db, { projectId, noteId, update: note('Første avsnitt'), synced: 1 });
	// Stored before anyone checked updates: bytes that are not one.
	await appendNoteUpdate(t.db, { projectId, noteId, update: garbage, synced: 1 });
	await appendNoteUpdate(t.db, { projectId, noteId, update: note('Andre avsnitt'), synced: 1 });
	return t;
}

describe('a note with a stored update that cannot be applied', () => {
	it('opens with every other update, and keeps working', async () => {
		const t = await seeded();
		const store = await openNoteStore(t, projectId, sessionId, { follow: true });
		open.stores.push(store);
		expect(noteText(store.doc).split('\n').sort()).toEqual(['Andre avsnitt', 'Første avsnitt']);

		// A later bad row (another tab, a sync from before this build) does not stop the open doc.
		await appendNoteUpdate(t.db, { projectId, noteId, update: garbage, synced: 1 });
		await appendNoteUpdate(t.db, { projectId, noteId, update: note('Tredje avsnitt'), synced: 1 });
		await until(() => noteText(store.doc).includes('Tredje avsnitt'));

		appendParagraph(store.doc, 'Skrevet nå');
		await store.flush();
		expect((await t.repos.notes.get(noteId))?.text).toContain('Skrevet nå');
	});

	it('compacts around it: the readable rows are merged, the bad one is left as it is', async () => {
		const t = await seeded();
		const result = await compactNoteUpdates(t.db, noteId);
		expect(result).toMatchObject({ before: 3, after: 2 });
		const rows = await readNoteUpdates(t.db, noteId);
		expect(rows.some((r) => r.update.length === garbage.length && r.update.every((b, i) => b === garbage[i]))).toBe(true);
		const doc = new Y.Doc();
		expect(applyStoredUpdates(doc, rows, null).skipped).toHaveLength(1);
		expect(noteText(doc)).toContain('Andre avsnitt');
	});

	it('hides a bare value among the paragraphs from this copy, so the editor can build the document', () => {
		const bad = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Tekst')]);
		noteFragment(bad).insert(0, [paragraph]);
		(paragraph as unknown as Y.Array<number>).insert(1, [42]);
		const doc = new Y.Doc();
		const result = applyStoredUpdates(doc, [{ id: 'u1', update: Y.encodeStateAsUpdate(bad) }], 'stored');
		expect(result).toEqual({ skipped: [], hidden: 1 });
		expect(yXmlFragmentToProseMirrorRootNode(noteFragment(doc), schema).textContent).toBe('Tekst');
	});
});
