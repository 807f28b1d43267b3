import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { noteIdFor } from '$lib/domain/noteId';
import { openFieldworkDb } from '$lib/data/db';
import { createDataContext } from '$lib/data/context';
import { createRepositories } from '$lib/data/repositories';
import { openTestData, type TestData } from '$lib/data/testing';
import { releaseInPageCache } from '$lib/data/pageCache';
import { setActiveDataKey } from '$lib/crypto/session';
import { randomBytes } from '$lib/crypto/bytes';
import { noteText } from '../noteDoc';
import { openNoteStore, type NoteStore } from '../noteStore';
import { countNoteUpdates } from '../updateLog';
import { clearUnsaved, keepUnsaved, readUnsaved, unsavedNoteIds } from '../unsavedJournal';
import { appendParagraph } from './helpers';

// The last keystroke's write can be in flight when a page goes away: frozen in WebKit's
// back/forward cache (which aborts its transactions, data/pageCache.ts), or killed in the
// background. These tests play that on a real (fake-indexeddb) database with a stand-in
// localStorage, and open the note again as the next page would: on a new connection.

class MemoryStorage {
	readonly items = new Map<string, string>();
	get length() {
		return this.items.size;
	}
	key(i: number) {
		return [...this.items.keys()][i] ?? null;
	}
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.items.set(key, String(value));
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
	clear() {
		this.items.clear();
	}
}

const projectId = 'project-1';
const sessionId = 'session-1';
let storage: MemoryStorage;
const opened: { stores: NoteStore[]; data: TestData[] } = { stores: [], data: [] };

beforeEach(() => {
	storage = new MemoryStorage();
	vi.stubGlobal('localStorage', storage);
});
afterEach(async () => {
	vi.useRealTimers();
	setActiveDataKey(null);
	for (const s of opened.stores.splice(0)) await s.close().catch(() => undefined);
	for (const t of opened.data.splice(0)) t.db.close();
	vi.unstubAllGlobals();
});

/** The same database as `t`, on a new connection: the next page of the app. */
function nextPage(t: TestData): TestData {
	const db = openFieldworkDb(t.db.name);
	const ctx = createDataContext(db, { deviceId: 'device-a', actor: () => 'user-a' });
	const next = { db, ctx, repos: createRepositories(ctx) };
	opened.data.push(next);
	return next;
}

async function store(t: TestData): Promise<NoteStore> {
	const s = await openNoteStore(t, projectId, sessionId, { follow: false, batchMs: 0 });
	opened.stores.push(s);
	return s;
}

describe('the journal of unconfirmed note words', () => {
	it('words whose write the back/forward cache aborted are in the note when the next page opens it', async () => {
		const t = openTestData();
		opened.data.push(t);
		const page = new EventTarget();
		releaseInPageCache(t.db, { flush: async () => {}, reload: () => {} }, page);
		// The page goes into the cache the moment the write of the last words has begun.
		let armed = false;
		t.db.use({
			stack: 'dbcore',
			name: 'hideMidWrite',
			create: (down) => ({
				...down,
				transaction(stores, mode, options) {
					const tx = down.transaction(stores, mode, options);
					if (armed && mode === 'readwrite' && stores.includes('noteUpdates')) {
						armed = false;
						queueMicrotask(() => page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true })));
					}
					return tx;
				}
			})
		});
		const first = await store(t);
		appendParagraph(first.doc, 'Lagret før.');
		await first.flush();
		const rowsBefore = await countNoteUpdates(t.db, first.noteId);

		// The editor copies its unconfirmed words in the same pagehide (notes/lifecycle.ts).
		page.addEventListener('pagehide', () => first.keepUnconfirmed());
		const hidden = new Promise((resolve) => page.addEventListener('pagehide', resolve));
		armed = true;
		appendParagraph(first.doc, 'Siste ord før siden forsvant.');
		await hidden;
		// Frozen: none of the page's timers runs again (its retry of the aborted write waits
		// on one), and it is thrown away without being shown again.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		opened.stores.splice(opened.stores.indexOf(first), 1);
		expect(t.db.isOpen()).toBe(false);
		expect(unsavedNoteIds()).toEqual([first.noteId]);

		const next = nextPage(t);
		await next.db.open();
		expect(await countNoteUpdates(next.db, first.noteId)).toBe(rowsBefore);
		const again = await store(next);
		expect(noteText(again.doc)).toBe('Lagret før.\nSiste ord før siden forsvant.');
		await again.flush();
		// Written as this page's own edit, then the journal let go.
		expect(await countNoteUpdates(next.db, first.noteId)).toBe(rowsBefore + 1);
		expect(unsavedNoteIds()).toEqual([]);
	});

	it('a copy of words that did land changes nothing and is let go at once', async () => {
		const t = openTestData();
		opened.data.push(t);
		const first = await store(t);
		appendParagraph(first.doc, 'Både lagret og kopiert.');
		first.keepUnconfirmed(); // The write is still pending: copied.
		await first.flush(); // …and then confirmed: the copy goes.
		expect(unsavedNoteIds()).toEqual([]);

		// A copy left behind by a page killed after its write landed.
		appendParagraph(first.doc, 'Mer.');
		first.keepUnconfirmed();
		await first.flush();
		keepUnsaved(first.noteId, Y.encodeStateAsUpdate(first.doc));
		const rows = await countNoteUpdates(t.db, first.noteId);
		const again = await store(nextPage(t));
		expect(noteText(again.doc)).toBe('Både lagret og kopiert.\nMer.');
		expect(unsavedNoteIds()).toEqual([]);
		expect(await countNoteUpdates(t.db, first.noteId)).toBe(rows);
	});

	it('with a PIN on the device the copy is sealed: no typed word in localStorage, unreadable without the key', () => {
		const key = randomBytes(32);
		setActiveDataKey(key);
		const words = new TextEncoder().encode('Navn Navnesen sa det rett ut.');
		keepUnsaved('note-1', words);
		const raw = [...storage.items.values()].join('');
		expect(raw).not.toContain(Buffer.from(words).toString('base64'));
		expect(readUnsaved('note-1')).toEqual(words);
		setActiveDataKey(null);
		expect(readUnsaved('note-1')).toBeNull();
		expect(unsavedNoteIds()).toEqual(['note-1']); // Kept for a page that holds the key.
		clearUnsaved('note-1');
		expect(unsavedNoteIds()).toEqual([]);
	});

	it('a broken copy is ignored: the note still opens', async () => {
		const noteId = noteIdFor('session-n');
		storage.setItem(`feltinnsikt.unsavedNote.${noteId}`, '{not json');
		expect(readUnsaved(noteId)).toBeNull();
		keepUnsaved(noteId, new Uint8Array([1, 2, 3])); // Not a Yjs update.
		const t = openTestData();
		opened.data.push(t);
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const s = await openNoteStore(t, projectId, 'session-n', { follow: false });
		opened.stores.push(s);
		expect(noteText(s.doc)).toBe('');
		expect(unsavedNoteIds()).toEqual([]); // Nothing pending came of it: let go.
		errors.mockRestore();
	});
});
