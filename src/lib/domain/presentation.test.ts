import { describe, expect, it } from 'vitest';
import type { Entry } from '$lib/domain/entry';
import type { Participant } from '$lib/domain/participant';
import type { InnovationArea, Insight } from '$lib/domain/review';
import { presentEvidence, presentationSlides, slideKey } from './presentation';

const base = { projectId: 'p', createdAt: '2026-01-01T00:00:00Z', createdBy: 'u', updatedAt: 'x', deleted: 0 as const };

function entry(id: string, participantId: string | null, deleted: 0 | 1 = 0): Entry {
	return {
		...base, id, deleted, kind: 'quote', text: `Sitat ${id}`, sessionId: 's', highlightId: null, participantId, source: '',
		unknown: null, recordingOffsetMs: null, attachmentId: null, reviewStatus: 'new', reviewedBy: null, reviewedAt: null
	};
}

function participant(id: string, code: string, consent: Participant['consent']): Participant {
	return { ...base, id, code, age: 17, ageBand: null, lifeStageId: null, lifeStageOverridden: false, municipality: '', attributes: {}, consent };
}

const given = (scope: ('notes' | 'audio' | 'photo' | 'quotes')[]) => ({ status: 'given' as const, date: '2026-01-01', scope, recordedBy: 'u' });

describe('the consent rule in presentation mode', () => {
	it('shows the participant code only when consent covers quotes in reports', () => {
		expect(presentEvidence(entry('e1', 'p1'), participant('p1', 'P-001', given(['notes', 'quotes'])))?.participantCode).toBe('P-001');
		expect(presentEvidence(entry('e1', 'p1'), participant('p1', 'P-001', given(['notes', 'audio'])))).toMatchObject({
			text: 'Sitat e1',
			participantCode: null
		});
		expect(presentEvidence(entry('e1', 'p1'), participant('p1', 'P-001', null))?.participantCode).toBeNull();
	});

	it('leaves out evidence of a participant who withdrew consent, and deleted evidence', () => {
		const withdrawn = participant('p1', 'P-001', { ...given(['quotes']), status: 'withdrawn' });
		expect(presentEvidence(entry('e1', 'p1'), withdrawn)).toBeNull();
		expect(presentEvidence(entry('e1', null, 1), undefined)).toBeNull();
	});

	it('shows evidence with no participant, without a code', () => {
		expect(presentEvidence(entry('e1', null), undefined)).toMatchObject({ participantCode: null, text: 'Sitat e1' });
	});
});

describe('presentation slides', () => {
	it('walk area → insights → evidence, in the areas’ own order', () => {
		const insight = (id: string, evidenceIds: string[]): Insight => ({ ...base, id, statement: `Innsikt ${id}`, confidence: 'high', status: 'agreed', evidenceIds });
		const area: InnovationArea = { ...base, id: 'a1', name: 'Overganger', loop: 'Sløyfe', insightIds: ['i2', 'i1', 'missing'], regionIds: ['r1'], portfolio: '', mainProject: true };
		const slides = presentationSlides({
			areas: [area],
			insights: [insight('i1', ['e1', 'e2']), insight('i2', ['e3'])],
			entries: [entry('e1', 'p1'), entry('e2', 'p2'), entry('e3', null)],
			participants: [participant('p1', 'P-001', given(['quotes'])), participant('p2', 'P-002', { ...given(['quotes']), status: 'withdrawn' })],
			regionNames: new Map([['r1', 'Skole']])
		});
		expect(slides.map((s) => (s.kind === 'evidence' ? `e:${s.evidence.entryId}:${s.evidence.participantCode}` : s.kind === 'insight' ? `i:${s.insight.id}` : `a:${s.area.id}`))).toEqual([
			'a:a1',
			'i:i2',
			'e:e3:null',
			'i:i1',
			'e:e1:P-001'
		]);
		expect(slides[0]).toMatchObject({ regionNames: ['Skole'], insightCount: 2 });
		// The keys a follower finds the presenter's slide by: unique, and ids only.
		const keys = slides.map(slideKey);
		expect(keys).toEqual(['a:a1', 'i:a1:i2', 'e:a1:i2:e3', 'i:a1:i1', 'e:a1:i1:e1']);
		expect(new Set(keys).size).toBe(keys.length);
	});
});
