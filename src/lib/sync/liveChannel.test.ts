import { expect, it } from 'vitest';
import { LiveChannel, RETRY_CLOSED_MS, type EventSourceLike, type LiveState } from './liveChannel';

class FakeSource implements EventSourceLike {
	readyState = 0;
	onerror: ((event: Event) => void) | null = null;
	onopen: ((event: Event) => void) | null = null;
	closed = false;
	private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
	constructor(readonly url: string) {}
	addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}
	close() {
		this.closed = true;
		this.readyState = 2;
	}
	opened() {
		this.readyState = 1;
		this.onopen?.(new Event('open'));
	}
	emit(type: string, data: string) {
		for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
	}
	fail(forGood: boolean) {
		this.readyState = forGood ? 2 : 0;
		this.onerror?.(new Event('error'));
	}
}

function channel() {
	let now = 0;
	const sources: FakeSource[] = [];
	const ahead: [string, number][] = [];
	const states: LiveState[] = [];
	const live = new LiveChannel({
		open: (url) => {
			const s = new FakeSource(url);
			sources.push(s);
			return s;
		},
		onAhead: (projectId, seq) => ahead.push([projectId, seq]),
		onState: (s) => states.push(s),
		now: () => now
	});
	return { live, sources, ahead, states, advance: (ms: number) => (now += ms) };
}

it('holds one stream per shared project and passes on where each log is', () => {
	const { live, sources, ahead, states } = channel();
	live.follow(['p1', 'p2']);
	expect(sources.map((s) => s.url)).toEqual(['/api/projects/p1/live', '/api/projects/p2/live']);
	sources.forEach((s) => s.opened());
	expect(states).toEqual(['connecting', 'live']);
	sources[0].emit('hello', '{"seq":4}');
	sources[1].emit('change', '{"seq":9}');
	sources[1].emit('change', 'not json');
	expect(ahead).toEqual([
		['p1', 4],
		['p2', 9]
	]);
	// A project no longer shared (or offline: none) closes its stream.
	live.follow(['p2']);
	expect(sources[0].closed).toBe(true);
	live.stop();
	expect(sources[1].closed).toBe(true);
	expect(states.at(-1)).toBe('off');
});

it('a dropped stream reconnects by itself; one refused for good falls back to the timer and is tried again later', () => {
	const { live, sources, states, advance } = channel();
	live.follow(['p1']);
	sources[0].opened();
	sources[0].fail(false);
	expect(states.at(-1)).toBe('connecting');
	sources[0].opened();
	expect(states.at(-1)).toBe('live');
	sources[0].fail(true);
	expect(states.at(-1)).toBe('fallback');
	live.follow(['p1']);
	expect(sources).toHaveLength(1);
	advance(RETRY_CLOSED_MS);
	live.follow(['p1']);
	expect(sources).toHaveLength(2);
	sources[1].opened();
	expect(states.at(-1)).toBe('live');
});

it("passes on who is in a project, and ignores a presence event it cannot read", () => {
	const heard: [string, string[]][] = [];
	const sources: FakeSource[] = [];
	const live = new LiveChannel({
		open: (url) => {
			const s = new FakeSource(url);
			sources.push(s);
			return s;
		},
		onAhead: () => {},
		onPresence: (projectId, here) => heard.push([projectId, here.map((e) => e.name)])
	});
	live.follow(['p1']);
	sources[0].emit('presence', JSON.stringify({ here: [{ tab: 't1', userId: 'u1', name: 'Kari', screen: 'board', target: 'b1', dragging: null, presenting: false, cursor: null }] }));
	sources[0].emit('presence', '{"here":[{"name":"no tab"}]}');
	sources[0].emit('presence', 'nonsense');
	expect(heard).toEqual([['p1', ['Kari']]]);
});
