import { describe, expect, it } from 'vitest';
import { consentAllows, isHidden, mayQuoteInReports } from './consent';
import type { Participant } from './participant';

const p = (code: string, consent: Participant['consent']): Participant => ({
	id: code,
	projectId: 'p',
	createdAt: '',
	createdBy: 'u',
	updatedAt: '',
	deleted: 0,
	code,
	age: 17,
	ageBand: null,
	lifeStageId: null,
	lifeStageOverridden: false,
	municipality: '',
	attributes: {},
	consent
});
const given = (scope: Participant['consent'] extends infer C ? (C extends { scope: infer S } ? S : never) : never) => ({
	status: 'given' as const,
	date: '2026-09-14',
	scope,
	recordedBy: 'u'
});

describe('consent rules', () => {
	it('allows audio only when every participant consented to audio', () => {
		expect(consentAllows([p('P-001', given(['notes', 'audio']))], 'audio')).toEqual({ ok: true });
		expect(consentAllows([p('P-001', given(['notes', 'audio'])), p('P-002', given(['notes']))], 'audio')).toEqual({
			ok: false,
			reason: 'scopeMissing',
			codes: ['P-002']
		});
	});

	it('refuses when consent is missing or withdrawn, naming the codes', () => {
		expect(consentAllows([p('P-003', null)], 'photo')).toMatchObject({ ok: false, reason: 'noParticipantConsent', codes: ['P-003'] });
		const withdrawn = { ...given(['notes', 'photo']), status: 'withdrawn' as const };
		expect(consentAllows([p('P-004', withdrawn)], 'photo')).toMatchObject({ ok: false, reason: 'consentWithdrawn' });
	});

	it('allows capture with no participants (an observation of a waiting room)', () => {
		expect(consentAllows([], 'photo')).toEqual({ ok: true });
	});

	it('hides participants whose consent is withdrawn and quotes only with the quotes scope', () => {
		expect(isHidden(p('P-1', { ...given(['notes']), status: 'withdrawn' }))).toBe(true);
		expect(isHidden(p('P-1', given(['notes'])))).toBe(false);
		expect(mayQuoteInReports(p('P-1', given(['notes', 'quotes'])))).toBe(true);
		expect(mayQuoteInReports(p('P-1', given(['notes'])))).toBe(false);
		expect(mayQuoteInReports(undefined)).toBe(false);
	});
});
