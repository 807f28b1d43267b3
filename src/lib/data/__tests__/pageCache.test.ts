import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { outsidePageCache, releaseInPageCache } from '../pageCache';

// WebKit freezes a page in its back/forward cache with its transactions open, and the
// next page of the app waits on their locks for ever. These tests play the two events
// on a stand-in window over a real (fake-indexeddb) database.

type Db = Dexie & { rows: Dexie.Table<{ id: string; text: string }, string> };
const dbs: Db[] = [];
function openDb(): Db {
	const db = new Dexie(`page-cache-${Math.random()}`) as Db;
	db.version(1).stores({ rows: 'id' });
	dbs.push(db);
	return db;
}
afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

const transition = (type: 'pagehide' | 'pageshow', persisted: boolean) => Object.assign(new Event(type), { persisted });

function setUp() {
	const db = openDb();
	const page = new EventTarget();
	const hooks = { flush: vi.fn(async () => {}), reload: vi.fn() };
	const stop = releaseInPageCache(db, hooks, page);
	return { db, page, hooks, stop };
}

describe('releaseInPageCache', () => {
	it('going into the back/forward cache aborts the open transactions (nothing half-written) and closes the connection', async () => {
		const { db, page } = setUp();
		await db.open();
		await db.rows.put({ id: 'kept', text: 'saved before' });
		// A request already sent: closing alone would let it commit, and a frozen page never would.
		const sent = db.rows.put({ id: 'sent', text: 'in flight' });
		const write = db.transaction('rw', db.rows, async () => {
			await db.rows.put({ id: 'a', text: 'first half' });
			await db.rows.put({ id: 'b', text: 'second half' });
		});
		page.dispatchEvent(transition('pagehide', true));
		await expect(sent).rejects.toThrow();
		await expect(write).rejects.toThrow();
		expect(db.isOpen()).toBe(false);

		await db.open();
		expect(await db.rows.toArray()).toEqual([{ id: 'kept', text: 'saved before' }]);
	});

	it('a write started after that in the same pagehide fails at once instead of opening a connection that would be frozen', async () => {
		const { db, page } = setUp();
		await db.open();
		page.dispatchEvent(transition('pagehide', true));
		await expect(db.rows.put({ id: 'late', text: 'flush on hide' })).rejects.toThrow(/closed/i);
	});

	it('shown again from the cache: opens the database, writes what the page holds, then loads afresh', async () => {
		const { db, page, hooks } = setUp();
		await db.open();
		hooks.flush.mockImplementation(async () => {
			await db.rows.put({ id: 'words', text: 'the editor’s last words' });
		});
		page.dispatchEvent(transition('pagehide', true));
		page.dispatchEvent(transition('pageshow', true));
		await vi.waitFor(() => expect(hooks.reload).toHaveBeenCalledTimes(1));
		expect(hooks.flush).toHaveBeenCalledTimes(1);
		expect(await db.rows.get('words')).toEqual({ id: 'words', text: 'the editor’s last words' });
	});

	it('a page that is unloaded for good, or shown the first time, is left alone', async () => {
		const { db, page, hooks } = setUp();
		await db.open();
		page.dispatchEvent(transition('pagehide', false));
		page.dispatchEvent(transition('pageshow', false));
		page.dispatchEvent(transition('pageshow', true));
		expect(db.isOpen()).toBe(true);
		await db.rows.put({ id: 'x', text: 'still writable' });
		expect(hooks.flush).not.toHaveBeenCalled();
		expect(hooks.reload).not.toHaveBeenCalled();
	});

	it('stops listening when stopped', async () => {
		const { db, page, stop } = setUp();
		await db.open();
		stop();
		page.dispatchEvent(transition('pagehide', true));
		expect(db.isOpen()).toBe(true);
	});
});

describe('outsidePageCache', () => {
	it('stops what holds other pages up while the page is in the cache, and starts it again when it is shown', () => {
		const page = new EventTarget();
		const events: string[] = [];
		const start = () => {
			events.push('start');
			return () => events.push('stop');
		};
		const stop = outsidePageCache(start, page);
		page.dispatchEvent(transition('pagehide', false));
		expect(events).toEqual(['start']);
		page.dispatchEvent(transition('pagehide', true));
		page.dispatchEvent(transition('pagehide', true));
		expect(events).toEqual(['start', 'stop']);
		page.dispatchEvent(transition('pageshow', true));
		expect(events).toEqual(['start', 'stop', 'start']);
		stop();
		expect(events).toEqual(['start', 'stop', 'start', 'stop']);
		page.dispatchEvent(transition('pageshow', true));
		expect(events).toHaveLength(4);
	});
});
