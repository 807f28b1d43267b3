import { describe, expect, it } from 'vitest';
import { confirmsErasure, erasureScope, scopeAddresses, type ErasureRows } from './erasure';

const rows = (over: Partial<ErasureRows> = {}): ErasureRows => ({
	participants: [{ id: 'ada' }, { id: 'bo' }],
	consentEvents: [{ id: 'ce-ada', participantId: 'ada' }, { id: 'ce-bo', participantId: 'bo' }],
	sessions: [
		{ id: 's-alone', participantIds: ['ada'] },
		{ id: 's-shared', participantIds: ['ada', 'bo'] },
		{ id: 's-bo', participantIds: ['bo'] }
	],
	notes: [{ id: 'n-alone', sessionId: 's-alone' }, { id: 'n-shared', sessionId: 's-shared' }, { id: 'n-bo', sessionId: 's-bo' }],
	entries: [
		{ id: 'e-ada', participantId: 'ada', sessionId: 's-shared', highlightId: 'h-ada' },
		{ id: 'e-bo', participantId: 'bo', sessionId: 's-shared', highlightId: 'h-bo' },
		{ id: 'e-alone', participantId: null, sessionId: 's-alone' },
		{ id: 'e-deleted', participantId: 'ada', deleted: 1 }
	],
	highlights: [
		{ id: 'h-ada', entryId: 'e-ada', sessionId: 's-shared', noteId: 'n-shared' },
		{ id: 'h-bo', entryId: 'e-bo', sessionId: 's-shared', noteId: 'n-shared' },
		{ id: 'h-alone', entryId: null, sessionId: 's-alone', noteId: 'n-alone' }
	],
	attachments: [
		{ id: 'a-shared', sessionId: 's-shared', participantId: 'bo', sha256: 'x1' },
		{ id: 'a-bo', sessionId: 's-bo', participantId: 'bo', sha256: 'x2' }
	],
	taggings: [{ id: 'tg-ada', targetId: 'e-ada' }, { id: 'tg-bo', targetId: 'e-bo' }],
	codings: [{ id: 'cd-ada', targetId: 'h-ada' }],
	clusterMembers: [{ id: 'cm-ada', entryId: 'e-ada' }, { id: 'cm-bo', entryId: 'e-bo' }],
	comments: [{ id: 'c-ada', targetId: 'e-ada' }],
	...over
});

describe('what an erasure takes', () => {
	it("takes her rows, her sessions alone with their notes whole, her highlights out of shared notes, and every tag, card and comment on them; Bo's stay", () => {
		const scope = erasureScope(rows(), new Set(['ada']));
		expect(scopeAddresses(scope)).toEqual(
			[
				'participants/ada', 'consentEvents/ce-ada', 'sessions/s-alone', 'notes/n-alone', 'entries/e-ada', 'entries/e-alone', 'entries/e-deleted',
				'highlights/h-ada', 'highlights/h-alone', 'attachments/a-shared', 'taggings/tg-ada', 'codings/cd-ada', 'clusterMembers/cm-ada', 'comments/c-ada'
			].sort()
		);
		expect([...scope.wholeNotes]).toEqual(['n-alone']);
		expect(scope.cutNotes).toEqual(new Map([['n-shared', new Set(['h-ada'])]]));
		expect([...scope.sessionsToUnlist]).toEqual(['s-shared']);
		// A recording of the shared session holds her voice: it goes, though attributed to Bo.
		expect([...scope.sha256s]).toEqual(['x1']);
	});

	it('finds rows by the ids the erasing device listed, when this party no longer holds their fields', () => {
		const scope = erasureScope(rows({ entries: [], highlights: [] }), new Set(['ada']), ['entries/e-gone', 'highlights/h-gone']);
		expect(scope.rows.get('entries')).toEqual(new Set(['e-gone']));
		expect(scope.rows.get('highlights')).toEqual(new Set(['h-gone']));
		expect(scope.rows.get('participants')).toEqual(new Set(['ada']));
	});

	it('wants the pseudonym typed out: case and spaces at the ends forgiven, anything else refused', () => {
		expect(confirmsErasure(' p-014 ', 'P-014')).toBe(true);
		expect(confirmsErasure('P-014', 'P-014')).toBe(true);
		expect(confirmsErasure('P-01', 'P-014')).toBe(false);
		expect(confirmsErasure('', '')).toBe(false);
		expect(confirmsErasure('ja', 'P-014')).toBe(false);
	});
});
