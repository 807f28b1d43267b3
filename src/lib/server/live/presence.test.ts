import { describe, expect, it } from 'vitest';
import { PRESENCE_TTL_MS, presenceReportSchema, screenOf } from '$lib/sync/presenceWire';
import { PresenceBoard, type HeldPresence } from './presence';

const P = 'project-1';
const at = (tab: string, extra: Partial<HeldPresence> = {}): HeldPresence => ({
	tab,
	userId: 'u-' + tab,
	name: tab,
	screen: 'library',
	target: null,
	dragging: null,
	presenting: false,
	cursor: null,
	session: 's-' + tab,
	...extra
});

describe('the presence board', () => {
	it('is gone within the TTL of the last report, and a refresh keeps it', () => {
		let now = 1_000;
		const board = new PresenceBoard(() => now);
		expect(board.put(P, at('kari'))).toBe(true);
		now += PRESENCE_TTL_MS - 1;
		expect(board.put(P, at('kari'))).toBe(false); // a refresh of the same place tells nobody
		now += PRESENCE_TTL_MS - 1;
		expect(board.sweep()).toEqual([]);
		expect(board.list(P).map((e) => e.name)).toEqual(['kari']);
		now += 2;
		// Listing already hides it; the sweep tells the streams.
		expect(board.list(P)).toEqual([]);
		expect(board.sweep()).toEqual([P]);
		expect(board.sweep()).toEqual([]);
	});

	it('tells of a move, a drag and a leave; never shows the sign-in session', () => {
		const board = new PresenceBoard();
		board.put(P, at('ola'));
		expect(board.put(P, at('ola', { screen: 'board', target: 'b1' }))).toBe(true);
		expect(board.put(P, at('ola', { screen: 'board', target: 'b1', dragging: 'card-2' }))).toBe(true);
		expect(board.list(P)).toEqual([{ tab: 'ola', userId: 'u-ola', name: 'ola', screen: 'board', target: 'b1', dragging: 'card-2', presenting: false, cursor: null }]);
		expect(board.remove(P, 'someone-else', 'ola')).toBe(false);
		expect(board.remove(P, 'u-ola', 'ola')).toBe(true);
		expect(board.list(P)).toEqual([]);
	});

	it('keeps projects apart and lists by name', () => {
		const board = new PresenceBoard();
		board.put(P, at('åse'));
		board.put(P, at('berit'));
		board.put('project-2', at('zara'));
		expect(board.list(P).map((e) => e.name)).toEqual(['berit', 'åse']);
		expect(board.removeWhere((_, e) => e.session === 's-berit')).toEqual([{ projectId: P, userId: 'u-berit', tab: 'berit' }]);
		expect(board.list('project-2')).toHaveLength(1);
	});
});

describe('presence reports', () => {
	it('name a screen of the app from its path, with ids only', () => {
		expect(screenOf('/sessions/0196a3c0-1234')).toEqual({ screen: 'session', target: '0196a3c0-1234' });
		expect(screenOf('/review/boards/b-1')).toEqual({ screen: 'board', target: 'b-1' });
		expect(screenOf('/review/insights')).toEqual({ screen: 'review', target: null });
		expect(screenOf('/present')).toEqual({ screen: 'presentation', target: null });
		expect(screenOf('/map')).toEqual({ screen: 'map', target: null });
		expect(screenOf('/library')).toEqual({ screen: 'library', target: null });
		expect(screenOf('/settings')).toEqual({ screen: 'other', target: null });
	});

	it('carry a caret as Yjs positions, numbers and names only', () => {
		const cursor = { anchor: { type: null, tname: 'default', item: { client: 12, clock: 40 }, assoc: 0 }, head: { item: { client: 12, clock: 44 }, assoc: -1 } };
		expect(presenceReportSchema.parse({ tab: 'tab-12345', screen: 'session', target: 's1', cursor }).cursor).toEqual(cursor);
		expect(presenceReportSchema.safeParse({ tab: 'tab-12345', screen: 'session', cursor: { ...cursor, text: 'Ola sa at' } }).success).toBe(false);
		expect(presenceReportSchema.safeParse({ tab: 'tab-12345', screen: 'session', cursor: { anchor: { tname: 'Ola sa at' }, head: {} } }).success).toBe(false);
	});

	it('carry no words: a title where an id belongs is refused', () => {
		expect(presenceReportSchema.safeParse({ tab: 'tab-12345', screen: 'session', target: 'Intervju med Ola' }).success).toBe(false);
		expect(presenceReportSchema.parse({ tab: 'tab-12345', screen: 'map' })).toEqual({ tab: 'tab-12345', screen: 'map', target: null, dragging: null, presenting: false, cursor: null });
	});
});
