import { describe, expect, it } from 'vitest';
import type { Participant } from '$lib/domain/participant';
import { attributedTo, notesConsent, sessionLinks } from './sessionCapture';

const person = (id: string, code: string, consent: Participant['consent']): Participant =>
	({ id, code, consent, deleted: 0 }) as Participant;
const given = (scope: ('notes' | 'audio' | 'photo' | 'quotes')[]) => ({ status: 'given' as const, date: '2026-05-01', scope, recordedBy: 'u1' });
const session = { id: 's1', participantIds: ['p1', 'p2'] };

describe('quick capture inside a session', () => {
	it('is about the whole session unless one participant is chosen', () => {
		expect(attributedTo(session, null)).toEqual(['p1', 'p2']);
		expect(attributedTo(session, 'p2')).toEqual(['p2']);
		// Someone not in the session is not who it is about.
		expect(attributedTo(session, 'p9')).toEqual(['p1', 'p2']);
	});

	it('links the entry to the session, its one participant, and the recording position', () => {
		expect(sessionLinks(session, 'p1', { attachmentId: 'a1', offsetMs: 42_000 })).toEqual({
			sessionId: 's1',
			participantId: 'p1',
			recordingOffsetMs: 42_000,
			attachmentId: 'a1'
		});
		expect(sessionLinks(session, null, null)).toEqual({ sessionId: 's1', participantId: null, recordingOffsetMs: null, attachmentId: null });
		expect(sessionLinks({ id: 's2', participantIds: ['p1'] }, null, null).participantId).toBe('p1');
	});

	it('needs notes consent from everyone it is about, and refuses when one of them is not on this device', () => {
		const known = [person('p1', 'P-001', given(['notes'])), person('p2', 'P-002', given(['audio']))];
		expect(notesConsent(['p1'], known)).toEqual({ ok: true });
		expect(notesConsent(['p1', 'p2'], known)).toMatchObject({ ok: false, reason: 'scopeMissing', codes: ['P-002'] });
		expect(notesConsent(['p1', 'p3'], known)).toEqual({ ok: false, reason: 'noParticipantConsent', codes: [] });
		expect(notesConsent([], known)).toEqual({ ok: true });
	});
});
