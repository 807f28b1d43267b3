import { describe, expect, it } from 'vitest';
import { consentAllows, consentProblem, isHidden, mayQuoteInReports, needsGuardianConsent, sameConsent } from './consent';
import type { Consent, ConsentScope, GuardianConsent, Participant } from './participant';

const p = (code: string, consent: Participant['consent'], age: Pick<Participant, 'age' | 'ageBand'> = { age: 17, ageBand: null }): Participant => ({
	id: code,
	projectId: 'p',
	createdAt: '',
	createdBy: 'u',
	updatedAt: '',
	deleted: 0,
	code,
	...age,
	lifeStageId: null,
	lifeStageOverridden: false,
	municipality: '',
	attributes: {},
	consent
});
const given = (scope: ConsentScope[], guardian?: GuardianConsent): Consent => ({
	status: 'given' as const,
	date: '2026-09-14',
	scope,
	recordedBy: 'u',
	...(guardian ? { guardian } : {})
});
const parent: GuardianConsent = { relation: 'parent', date: '2026-09-13', recordedBy: 'u' };

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

	it('names the most serious problem first: withdrawn, then none, then guardian, then scope', () => {
		const group = [p('P-1', given(['audio'])), p('P-2', given(['notes']), { age: 14, ageBand: null }), p('P-3', null), p('P-4', { ...given(['notes']), status: 'withdrawn' })];
		expect(consentAllows(group, 'notes')).toMatchObject({ reason: 'consentWithdrawn', codes: ['P-4'] });
		expect(consentAllows(group.slice(0, 3), 'notes')).toMatchObject({ reason: 'noParticipantConsent', codes: ['P-3'] });
		expect(consentAllows(group.slice(0, 2), 'notes')).toMatchObject({ reason: 'guardianMissing', codes: ['P-2'] });
		expect(consentAllows(group.slice(0, 1), 'notes')).toMatchObject({ reason: 'scopeMissing', codes: ['P-1'] });
	});

	it('notes are gated like media: a quote needs the notes scope', () => {
		expect(consentProblem(p('P-1', given(['audio', 'quotes'])), 'notes')).toBe('scopeMissing');
		expect(consentProblem(p('P-1', given(['notes'])), 'notes')).toBeNull();
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
		// A 14-year-old is quoted only with the guardian's consent too.
		expect(mayQuoteInReports(p('P-2', given(['notes', 'quotes']), { age: 14, ageBand: null }))).toBe(false);
		expect(mayQuoteInReports(p('P-2', given(['notes', 'quotes'], parent), { age: 14, ageBand: null }))).toBe(true);
	});

	it('tells a real change of consent from a save that leaves it as it was', () => {
		expect(sameConsent(given(['notes', 'audio']), given(['audio', 'notes']))).toBe(true);
		expect(sameConsent(null, undefined)).toBe(true);
		expect(sameConsent(given(['notes']), null)).toBe(false);
		expect(sameConsent(given(['notes']), given(['notes', 'audio']))).toBe(false);
		expect(sameConsent(given(['notes']), given(['notes'], parent))).toBe(false);
		expect(sameConsent(given(['notes']), { ...given(['notes']), status: 'withdrawn' })).toBe(false);
	});
});

describe('guardian consent', () => {
	it('is needed under 16 by default, read from the age or, without one, the age band', () => {
		expect(needsGuardianConsent({ age: 15, ageBand: null })).toBe(true);
		expect(needsGuardianConsent({ age: 16, ageBand: null })).toBe(false);
		for (const band of ['0-5', '6-12', '13-15'] as const) expect(needsGuardianConsent({ age: null, ageBand: band })).toBe(true);
		for (const band of ['16-19', '20-24', '30+'] as const) expect(needsGuardianConsent({ age: null, ageBand: band })).toBe(false);
		// The exact age wins over a band typed earlier.
		expect(needsGuardianConsent({ age: 17, ageBand: '13-15' })).toBe(false);
		// Nothing known about age: nothing to ask for.
		expect(needsGuardianConsent({ age: null, ageBand: null })).toBe(false);
	});

	it("follows the project's guardian age; a band reaching below it counts", () => {
		expect(needsGuardianConsent({ age: 17, ageBand: null }, { guardianAge: 18 })).toBe(true);
		expect(needsGuardianConsent({ age: null, ageBand: '16-19' }, { guardianAge: 18 })).toBe(true);
		expect(needsGuardianConsent({ age: 14, ageBand: null }, { guardianAge: 13 })).toBe(false);
	});

	it("a minor's own consent without the guardian's counts as not consented, for every scope", () => {
		const young = p('P-7', given(['notes', 'audio', 'photo', 'quotes']), { age: null, ageBand: '13-15' });
		for (const scope of ['notes', 'audio', 'photo'] as const) expect(consentAllows([young], scope)).toEqual({ ok: false, reason: 'guardianMissing', codes: ['P-7'] });
		const withGuardian = p('P-7', given(['notes', 'audio', 'photo', 'quotes'], parent), { age: null, ageBand: '13-15' });
		expect(consentAllows([withGuardian], 'notes')).toEqual({ ok: true });
		// The guardian's consent does not widen what the participant agreed to.
		expect(consentAllows([p('P-8', given(['notes'], parent), { age: 12, ageBand: null })], 'audio')).toMatchObject({ reason: 'scopeMissing' });
	});

	it('a withdrawal by the minor stands, whatever the guardian said', () => {
		const withdrawn: Consent = { ...given(['notes'], parent), status: 'withdrawn' };
		expect(consentProblem(p('P-9', withdrawn, { age: 14, ageBand: null }), 'notes')).toBe('consentWithdrawn');
	});
});
