import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openTestData, type TestData } from '../testing';
import { openFieldworkDb } from '../db';
import { answerWithin, isConnectionLoss, withReconnect } from '../reconnect';
import { openNoteStore } from '$lib/notes/noteStore';
import { noteText } from '$lib/notes/noteDoc';
import { appendParagraph, typeInto } from '$lib/notes/__tests__/helpers';

const lost = () => new Dexie.UnknownError('Connection to Indexed Database server lost. Refresh the page to try again');
const noWait = { wait: async () => {} };

const opened: TestData[] = [];
function data(): TestData {
	const t = openTestData();
	opened.push(t);
	return t;
}
afterEach(async () => {
	for (const t of opened.splice(0)) await t.db.delete();
});

/** The next `count` reopens fail as WebKit's do right after its storage server went away. */
function failReopens(db: Dexie, count: number): { calls: number } {
	const seen = { calls: 0 };
	const realOpen = db.open.bind(db);
	db.open = (() => {
		seen.calls++;
		return seen.calls <= count ? Dexie.Promise.reject(lost()) : realOpen();
	}) as typeof db.open;
	return seen;
}

describe('isConnectionLoss', () => {
	it('knows a closed or lost connection by its name or WebKit message, inside Dexie wrappers too', () => {
		expect(isConnectionLoss(new Dexie.DatabaseClosedError())).toBe(true);
		expect(isConnectionLoss(lost())).toBe(true);
		expect(isConnectionLoss(new DOMException('The database connection is closing.', 'InvalidStateError'))).toBe(true);
		expect(isConnectionLoss(new Dexie.AbortError('aborted', lost()))).toBe(true);
	});

	it('does not take a refused write or a full disk for a lost connection', () => {
		expect(isConnectionLoss(new Dexie.ConstraintError('key exists'))).toBe(false);
		expect(isConnectionLoss(new Dexie.QuotaExceededError('full'))).toBe(false);
		expect(isConnectionLoss(new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError')), { isOpen: () => false })).toBe(false);
		expect(isConnectionLoss(new Error('bug'))).toBe(false);
		// An abort with the database still open is the transaction's own failure.
		expect(isConnectionLoss(new Dexie.AbortError('aborted'), { isOpen: () => true })).toBe(false);
		expect(isConnectionLoss(new Dexie.AbortError('aborted'), { isOpen: () => false })).toBe(true);
	});
});

describe('withReconnect', () => {
	it('runs a refused write once and throws its error as it came', async () => {
		const t = data();
		let runs = 0;
		const refused = new Dexie.ConstraintError('key exists');
		await expect(
			withReconnect(t.db, async () => {
				runs++;
				throw refused;
			}, noWait)
		).rejects.toBe(refused);
		expect(runs).toBe(1);
	});

	it('gives up after the attempts it was given, with the last error', async () => {
		const t = data();
		let runs = 0;
		await expect(
			withReconnect(t.db, async () => {
				runs++;
				throw lost();
			}, { ...noWait, attempts: 3 })
		).rejects.toMatchObject({ name: 'UnknownError' });
		expect(runs).toBe(3);
	});

	it('a write IndexedDB never answers (WebKit, after its connection went) is given up and run again', async () => {
		const t = data();
		let runs = 0;
		const result = await withReconnect(
			t.db,
			() => {
				runs++;
				// The first try hangs for ever, as a transaction WebKit left without complete or abort.
				return answerWithin(runs === 1 ? new Promise<string>(() => {}) : Promise.resolve('written'), 20);
			},
			noWait
		);
		expect(result).toBe('written');
		expect(runs).toBe(2);
	});

	it('an answer in time, or a refusal, passes through as it came', async () => {
		await expect(answerWithin(Promise.resolve(7), 1000)).resolves.toBe(7);
		const refused = new Dexie.ConstraintError('key exists');
		await expect(answerWithin(Promise.reject(refused), 1000)).rejects.toBe(refused);
	});
});

describe('a transaction after the connection was closed', () => {
	it('reopens the database and writes, even after the app closed it itself', async () => {
		const t = data();
		await t.db.open();
		// An explicit close turns Dexie's own reopening off: every write would fail from here.
		t.db.close();
		const note = await t.repos.notes.create('project-1', { sessionId: 'session-1', text: 'skrevet etter lukking' });
		expect(t.db.isOpen()).toBe(true);
		expect((await t.repos.notes.get(note.id))?.text).toBe('skrevet etter lukking');
		expect(await t.db.outbox.filter((change) => change.rowId === note.id).count()).toBeGreaterThan(0);
	});

	it('keeps asking when the engine refuses the first reopens', async () => {
		const t = data();
		await t.db.open();
		const reopens = failReopens(t.db, 2);
		t.db.close();
		const note = await t.repos.notes.create('project-1', { sessionId: 'session-1', text: 'tredje gang' });
		expect(reopens.calls).toBe(3);
		expect((await t.repos.notes.get(note.id))?.text).toBe('tredje gang');
	});
});

describe('typing through a lost connection', () => {
	it('keeps every keystroke typed before, during and after the connection went', async () => {
		const t = data();
		const store = await openNoteStore(t, 'project-1', 'session-1', { follow: false, batchMs: 1 });
		appendParagraph(store.doc, '');
		typeInto(store.doc, 0, 0, 'Før brudd. ');
		await store.flush();
		// The connection goes mid-word, and the engine refuses the first reopen.
		typeInto(store.doc, 0, 11, 'Mid');
		failReopens(t.db, 1);
		t.db.close();
		typeInto(store.doc, 0, 14, 'tveis. Etter brudd.');
		await store.flush();
		expect(store.status).toBe('saved');
		await store.close();

		// A fresh connection, as after a reload, reads everything back.
		const reloaded = openFieldworkDb(t.db.name);
		try {
			const again = await openNoteStore({ ...t, db: reloaded }, 'project-1', 'session-1', { follow: false });
			expect(noteText(again.doc)).toBe('Før brudd. Midtveis. Etter brudd.');
			await again.close();
		} finally {
			reloaded.close();
		}
	});
});
