import { describe, expect, it } from 'vitest';
import type { Consent } from './participant';
import { findSpans, hiddenCount, mergeSpans, redactText, redaction, type RedactionRows } from './redaction';

const given: Consent = { status: 'given', date: '2026-09-01', scope: ['notes', 'audio', 'photo', 'quotes'], recordedBy: 'u' };
const withdrawn: Consent = { ...given, status: 'withdrawn', date: '2026-10-01' };

/** Ada and Bo share session s-both; Ada alone is in s-ada, Bo alone in s-bo. */
function rows(ada: Consent | null, bo: Consent | null = given): RedactionRows {
	return {
		participants: [
			{ id: 'ada', consent: ada },
			{ id: 'bo', consent: bo }
		],
		sessions: [
			{ id: 's-both', participantIds: ['ada', 'bo'] },
			{ id: 's-ada', participantIds: ['ada'] },
			{ id: 's-bo', participantIds: ['bo'] },
			{ id: 's-none', participantIds: [] }
		],
		entries: [
			{ id: 'e-ada', participantId: 'ada', sessionId: 's-both', highlightId: 'h-ada' },
			{ id: 'e-bo', participantId: 'bo', sessionId: 's-both', highlightId: 'h-bo' },
			{ id: 'e-team', participantId: null, sessionId: 's-both', highlightId: null },
			{ id: 'e-ada-alone', participantId: null, sessionId: 's-ada', highlightId: 'h-ada-alone' },
			{ id: 'e-desk', participantId: null, sessionId: null, highlightId: null }
		],
		highlights: [
			{ id: 'h-ada', entryId: 'e-ada', sessionId: 's-both' },
			{ id: 'h-bo', entryId: 'e-bo', sessionId: 's-both' },
			{ id: 'h-ada-alone', entryId: null, sessionId: 's-ada' }
		]
	};
}

describe('what a withdrawn consent hides', () => {
	it('hides nothing while every consent stands (or was never recorded)', () => {
		for (const r of [redaction(rows(given)), redaction(rows(null, null))]) {
			expect(r.none).toBe(true);
			expect(r.entries.size + r.highlights.size + r.sessions.size).toBe(0);
		}
	});

	it("hides the participant's evidence and highlights, and every word of a session that was theirs alone", () => {
		const r = redaction(rows(withdrawn));
		expect([...r.participants]).toEqual(['ada']);
		expect([...r.sessions]).toEqual(['s-ada']);
		expect([...r.entries].sort()).toEqual(['e-ada', 'e-ada-alone']);
		expect([...r.highlights].sort()).toEqual(['h-ada', 'h-ada-alone']);
		// The shared session keeps Bo's words and the team's own notes.
		expect(r.entryHidden({ id: 'e-bo', participantId: 'bo', sessionId: 's-both' })).toBe(false);
		expect(r.entryHidden({ id: 'e-team', participantId: null, sessionId: 's-both' })).toBe(false);
		expect(r.entryHidden({ id: 'new', participantId: null, sessionId: 's-ada' })).toBe(true);
	});

	it('hides a session note entirely only when every participant in it withdrew', () => {
		const r = redaction(rows(withdrawn, withdrawn));
		expect([...r.sessions].sort()).toEqual(['s-ada', 's-bo', 's-both']);
		expect(r.entryHidden({ id: 'e-team', participantId: null, sessionId: 's-both' })).toBe(true);
		expect(r.entryHidden({ id: 'e-desk', participantId: null, sessionId: null })).toBe(false);
	});

	it('hides media of the participant, of their evidence, and of any session they were in', () => {
		const r = redaction(rows(withdrawn));
		expect(r.attachmentHidden({ participantId: 'ada', entryId: null, sessionId: null })).toBe(true);
		expect(r.attachmentHidden({ participantId: null, entryId: 'e-ada', sessionId: null })).toBe(true);
		// A recording of the shared session holds Ada's voice too.
		expect(r.attachmentHidden({ participantId: 'bo', entryId: null, sessionId: 's-both' })).toBe(true);
		expect(r.attachmentHidden({ participantId: 'bo', entryId: null, sessionId: 's-bo' })).toBe(false);
	});

	it('brings everything back when consent is restored: nothing was deleted', () => {
		const before = rows(withdrawn);
		expect(redaction(before).entries.size).toBe(2);
		const restored = { ...before, participants: before.participants.map((p) => (p.id === 'ada' ? { ...p, consent: { ...given, date: '2026-11-01' } } : p)) };
		const r = redaction(restored);
		expect(r.none).toBe(true);
		expect(r.entryHidden({ id: 'e-ada', participantId: 'ada', sessionId: 's-both' })).toBe(false);
		expect(r.attachmentHidden({ participantId: 'ada', entryId: null, sessionId: 's-both' })).toBe(false);
	});

	it('ignores a deleted participant and tolerates a session row without its participants', () => {
		const base = rows(withdrawn);
		const r = redaction({
			...base,
			participants: base.participants.map((p) => ({ ...p, deleted: p.id === 'ada' ? (1 as const) : (0 as const) })),
			sessions: [...base.sessions, { id: 'partial' } as unknown as RedactionRows['sessions'][number]]
		});
		expect(r.none).toBe(true);
	});

	it('counts the hidden evidence of an insight or cluster once per entry', () => {
		const r = redaction(rows(withdrawn));
		expect(hiddenCount(['e-ada', 'e-bo', 'e-ada', 'e-ada-alone'], r)).toBe(2);
		expect(hiddenCount(['e-bo'], r)).toBe(0);
	});
});

describe('redacting a note by the spans of hidden highlights', () => {
	const L = '[trukket samtykke]';

	it('replaces a span with the block and keeps the rest', () => {
		expect(redactText('Hun sa: jeg vil ikke. Han sa ja.', [[8, 20]], L)).toBe(`Hun sa: ${L}. Han sa ja.`);
		expect(redactText('uendret', [], L)).toBe('uendret');
	});

	it('counts code points, so emoji before and inside a span do not shift it', () => {
		const text = 'Før 👩‍👩‍👧 og 🎉: hemmelig 😅 ord. Etter 🙂';
		const start = Array.from(text).indexOf('h');
		const span = findSpans(text, 'hemmelig 😅 ord')[0];
		expect(span[0]).toBe(start);
		const out = redactText(text, [span], L);
		expect(out).toBe(`Før 👩‍👩‍👧 og 🎉: ${L}. Etter 🙂`);
		expect(out).not.toContain('hemmelig');
	});

	it('puts one block on each line of a span over several paragraphs, keeping the line breaks', () => {
		const text = 'Intro\nførste del\n\nandre del\nslutt';
		const [start] = findSpans(text, 'første del')[0];
		const [, end] = findSpans(text, 'andre del')[0];
		expect(redactText(text, [[start, end]], L)).toBe(`Intro\n${L}\n\n${L}\nslutt`);
	});

	it('hides the union of overlapping highlights of two hidden participants', () => {
		const text = 'a bb ccc dddd';
		expect(mergeSpans([[5, 8], [2, 6], [9, 9]])).toEqual([[2, 8]]);
		expect(redactText(text, [[5, 8], [2, 6]], L)).toBe(`a ${L} dddd`);
	});

	it('keeps the visible part of a highlight that overlaps a hidden one', () => {
		// Ada's span is "ccc dddd", Bo's "bb ccc": only Ada's characters go.
		const text = 'a bb ccc dddd e';
		expect(redactText(text, [[5, 13]], L)).toBe(`a bb ${L} e`);
	});

	it('finds every occurrence of a quoted text whose mark is lost', () => {
		expect(findSpans('ja nei ja', 'ja')).toEqual([[0, 2], [7, 9]]);
		expect(findSpans('🎉ja', ' ja ')).toEqual([[1, 3]]);
		expect(findSpans('tekst', '  ')).toEqual([]);
	});
});
