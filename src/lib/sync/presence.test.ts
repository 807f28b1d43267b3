import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Presence, REFUSED_RETRY_MS, type PresenceSend } from './presence.svelte';
import { PRESENCE_REFRESH_MS, type PresenceEntry, type PresenceReport } from './presenceWire';

const A = 'project-a';
const B = 'project-b';
const kari: PresenceEntry = { tab: 'kari-tab', userId: 'kari', name: 'Kari', screen: 'session', target: 's1', dragging: null, presenting: false, cursor: null };

function setup(answer: (projectId: string, report: PresenceReport) => PresenceEntry[] | null = () => [kari]) {
	const sent: { projectId: string; report: PresenceReport; keepalive: boolean }[] = [];
	const send: PresenceSend = async (projectId, report, { keepalive }) => {
		sent.push({ projectId, report, keepalive });
		return answer(projectId, report);
	};
	return { sent, presence: new Presence(send, 'my-tab-123', () => Date.now()) };
}

describe("a tab's presence", () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('reports where it is when that changes, refreshes while there, and shows the others from the answer', async () => {
		const { sent, presence } = setup();
		await presence.moveTo({ projectId: A, screen: 'library', target: null });
		await presence.moveTo({ projectId: A, screen: 'library', target: null });
		expect(sent.map((s) => s.report.screen)).toEqual(['library']);
		expect(presence.others(A)).toEqual([kari]);
		await vi.advanceTimersByTimeAsync(PRESENCE_REFRESH_MS);
		expect(sent).toHaveLength(2);
		await presence.moveTo({ projectId: A, screen: 'session', target: 's1' });
		expect(sent.at(-1)?.report).toEqual({ tab: 'my-tab-123', screen: 'session', target: 's1', dragging: null, presenting: false, cursor: null });
	});

	it('says it left when it moves to another project, is hidden or leaves every project', async () => {
		const { sent, presence } = setup();
		await presence.moveTo({ projectId: A, screen: 'map', target: null });
		await presence.moveTo({ projectId: B, screen: 'map', target: null });
		expect(sent.map((s) => [s.projectId, s.report.screen])).toEqual([
			[A, 'map'],
			[A, null],
			[B, 'map']
		]);
		expect(presence.others(A)).toEqual([]);
		await presence.hide();
		expect(sent.at(-1)).toEqual({ projectId: B, report: { tab: 'my-tab-123', screen: null, target: null, dragging: null, presenting: false, cursor: null }, keepalive: true });
		await vi.advanceTimersByTimeAsync(PRESENCE_REFRESH_MS * 3);
		expect(sent).toHaveLength(4); // hidden: no refreshes
		await presence.show();
		expect(sent.at(-1)?.report.screen).toBe('map');
		await presence.moveTo(null);
		expect(sent.at(-1)?.report.screen).toBe(null);
	});

	it('tells of a drag on a board only, and only when it changes', async () => {
		const { sent, presence } = setup();
		await presence.moveTo({ projectId: A, screen: 'board', target: 'b1' });
		await presence.drag('card-7');
		await presence.drag('card-7');
		await presence.drag(null);
		expect(sent.map((s) => s.report.dragging)).toEqual([null, 'card-7', null]);
	});

	it('stops reporting a project the server refuses (not shared, signed out) and tries again later', async () => {
		const { sent, presence } = setup(() => null);
		await presence.moveTo({ projectId: A, screen: 'library', target: null });
		await vi.advanceTimersByTimeAsync(PRESENCE_REFRESH_MS * 4);
		expect(sent).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(REFUSED_RETRY_MS);
		expect(sent.length).toBeGreaterThan(1);
	});

	it('offline: a failed report is tried again at the next refresh', async () => {
		let online = false;
		const sent: PresenceReport[] = [];
		const presence = new Presence(async (_p, report) => {
			sent.push(report);
			if (!online) throw new TypeError('Failed to fetch');
			return [kari];
		}, 'my-tab-123');
		await presence.moveTo({ projectId: A, screen: 'library', target: null });
		expect(presence.others(A)).toEqual([]);
		online = true;
		await vi.advanceTimersByTimeAsync(PRESENCE_REFRESH_MS);
		expect(presence.others(A)).toEqual([kari]);
	});

	it('shows each other person once, at the place where they are doing something; never this tab', () => {
		const { presence } = setup();
		presence.receive(A, [
			{ ...kari, tab: 'kari-phone', screen: 'other', target: null },
			{ ...kari, tab: 'kari-tablet', screen: 'board', target: 'b1', dragging: 'card-1' },
			{ tab: 'my-tab-123', userId: 'me', name: 'Meg', screen: 'board', target: 'b1', dragging: null, presenting: false, cursor: null }
		]);
		expect(presence.others(A).map((e) => e.tab)).toEqual(['kari-tablet']);
		expect(presence.draggingOf(A, 'card-1')?.name).toBe('Kari');
		expect(presence.draggingOf(A, 'card-2')).toBeUndefined();
	});
});

describe('following the presenter', () => {
	it('reports the slide shown while presenting, and only on the presentation', async () => {
		const { sent, presence } = setup(() => []);
		await presence.moveTo({ projectId: A, screen: 'presentation', target: null });
		await presence.present('insight:i1');
		expect(sent.at(-1)?.report).toMatchObject({ screen: 'presentation', target: 'insight:i1', presenting: true, cursor: null });
		await presence.present('area:a2');
		expect(sent.at(-1)?.report).toMatchObject({ target: 'area:a2', presenting: true, cursor: null });
		await presence.moveTo({ projectId: A, screen: 'library', target: null });
		expect(sent.at(-1)?.report).toMatchObject({ screen: 'library', target: null, presenting: false, cursor: null });
	});

	it('knows who presents in a project (never itself)', () => {
		const { presence } = setup();
		presence.receive(A, [
			{ ...kari, screen: 'presentation', target: 'area:a1', presenting: true, cursor: null },
			{ tab: 'my-tab-123', userId: 'me', name: 'Meg', screen: 'presentation', target: 'area:a2', dragging: null, presenting: true, cursor: null }
		]);
		expect(presence.presenterOf(A)?.name).toBe('Kari');
		presence.receive(A, [{ tab: 'my-tab-123', userId: 'me', name: 'Meg', screen: 'presentation', target: 'area:a2', dragging: null, presenting: true, cursor: null }]);
		expect(presence.presenterOf(A)).toBeUndefined();
	});
});

describe('a caret in a session note', () => {
	it('goes out with the report, one request at a time, the latest place last', async () => {
		const answers: (() => void)[] = [];
		const sent: PresenceReport[] = [];
		const presence = new Presence(
			(_p, report) =>
				new Promise((done) => {
					sent.push(report);
					answers.push(() => done([]));
				}),
			'my-tab-123'
		);
		const at = (clock: number) => ({ anchor: { item: { client: 1, clock }, assoc: 0 }, head: { item: { client: 1, clock }, assoc: 0 } });
		const moving = presence.moveTo({ projectId: A, screen: 'session', target: 's1' });
		void presence.cursor(at(1));
		void presence.cursor(at(2));
		void presence.cursor(at(3));
		expect(sent).toHaveLength(1);
		answers.shift()!();
		await vi.waitFor(() => expect(sent).toHaveLength(2));
		expect(sent[1].cursor).toEqual(at(3));
		answers.shift()!();
		await moving;
		expect(sent).toHaveLength(2);
	});

	it('is sent only on a session', async () => {
		const { sent, presence } = setup(() => []);
		await presence.moveTo({ projectId: A, screen: 'library', target: null });
		await presence.cursor({ anchor: { assoc: 0 }, head: { assoc: 0 } });
		expect(sent.every((s) => s.report.cursor === null)).toBe(true);
	});
});
