import { describe, expect, it } from 'vitest';
import { playAtEvent, readPlayAt, requestPlayAt } from './playAt';

describe('play-at requests', () => {
	it('dispatches the event the notes editor dispatches, and reads it back', () => {
		const target = new EventTarget();
		const seen: unknown[] = [];
		target.addEventListener(playAtEvent, (event) => seen.push(readPlayAt(event)));
		requestPlayAt('a-1', 2_000, target);
		expect(playAtEvent).toBe('feltinnsikt:play-at');
		expect(seen).toEqual([{ attachmentId: 'a-1', offsetMs: 2_000 }]);
	});

	it('ignores requests it cannot act on', () => {
		const event = (detail: unknown) => new CustomEvent(playAtEvent, { detail });
		expect(readPlayAt(event(null))).toBeNull();
		expect(readPlayAt(event({ attachmentId: '', offsetMs: 10 }))).toBeNull();
		expect(readPlayAt(event({ attachmentId: 'a', offsetMs: 'soon' }))).toBeNull();
		expect(readPlayAt(new Event(playAtEvent))).toBeNull();
		expect(readPlayAt(event({ attachmentId: 'a', offsetMs: -5 }))).toEqual({ attachmentId: 'a', offsetMs: 0 });
	});
});
