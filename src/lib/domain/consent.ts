import type { Consent, ConsentScope, Participant } from './participant';
import { DEFAULT_GUARDIAN_AGE } from './project';

export type ConsentRefusal = 'noParticipantConsent' | 'consentWithdrawn' | 'scopeMissing' | 'guardianMissing';

export interface ConsentOptions {
	/** Participants younger than this need a guardian's consent too (the project's `guardianAge`). */
	guardianAge?: number;
}

/** The lowest age of each age band: a band counts as under the guardian age if anyone in it could be. */
const bandFloor: Record<NonNullable<Participant['ageBand']>, number> = {
	'0-5': 0,
	'6-12': 6,
	'13-15': 13,
	'16-19': 16,
	'20-24': 20,
	'25-30': 25,
	'30+': 30
};

/**
 * Whether a participant is young enough that a guardian must consent as well. Read from
 * the exact age when known, else from the age band (a band that reaches below the
 * guardian age counts: when in doubt, ask the guardian). With no age at all nothing can
 * be known, and the researcher's own judgement stands.
 */
export function needsGuardianConsent(participant: Pick<Participant, 'age' | 'ageBand'>, options: ConsentOptions = {}): boolean {
	const limit = options.guardianAge ?? DEFAULT_GUARDIAN_AGE;
	if (typeof participant.age === 'number') return participant.age < limit;
	if (participant.ageBand) return bandFloor[participant.ageBand] < limit;
	return false;
}

/** What stands in the way of capturing `scope` for one participant, or null when nothing does. */
export function consentProblem(
	participant: Pick<Participant, 'consent' | 'age' | 'ageBand'>,
	scope: ConsentScope,
	options: ConsentOptions = {}
): ConsentRefusal | null {
	const consent = participant.consent;
	if (consent?.status === 'withdrawn') return 'consentWithdrawn';
	if (!consent) return 'noParticipantConsent';
	// Without the guardian's consent a minor's own consent is not enough: they count as not consented.
	if (needsGuardianConsent(participant, options) && !consent.guardian) return 'guardianMissing';
	if (!consent.scope.includes(scope)) return 'scopeMissing';
	return null;
}

/** Most serious first: a refusal names the participants with the most serious problem. */
const refusalOrder: readonly ConsentRefusal[] = ['consentWithdrawn', 'noParticipantConsent', 'guardianMissing', 'scopeMissing'];

/**
 * Whether capture of a kind may go ahead for these participants. Every
 * participant in the session must have given consent covering the scope (and, under the
 * guardian age, have their guardian's consent); one missing or withdrawn consent
 * refuses the whole capture.
 */
export function consentAllows(
	participants: readonly Participant[],
	scope: ConsentScope,
	options: ConsentOptions = {}
): { ok: true } | { ok: false; reason: ConsentRefusal; codes: string[] } {
	const problems = participants.map((p) => ({ p, problem: consentProblem(p, scope, options) }));
	for (const reason of refusalOrder) {
		const hit = problems.filter((x) => x.problem === reason);
		if (hit.length > 0) return { ok: false, reason, codes: hit.map((x) => x.p.code) };
	}
	return { ok: true };
}

/** The participants among these whose consent does not allow `scope` (for naming them and linking to their form). */
export function participantsLackingConsent<P extends Participant>(participants: readonly P[], scope: ConsentScope, options: ConsentOptions = {}): P[] {
	return participants.filter((p) => consentProblem(p, scope, options) !== null);
}

/**
 * A capture the data layer refused because a participant it is attributed to lacks the
 * consent it needs. Thrown before anything is written, whichever screen asked.
 */
export class ConsentRefusedError extends Error {
	constructor(
		readonly scope: ConsentScope,
		readonly reason: ConsentRefusal,
		/** The participants in the way: codes to name them, ids to link to their form. */
		readonly participants: readonly { id: string; code: string }[]
	) {
		super(`Consent does not allow ${scope} for ${participants.map((p) => p.code).join(', ') || 'an unknown participant'} (${reason}).`);
		this.name = 'ConsentRefusedError';
	}
}

/** Whether two consent values say the same (a save that leaves consent as it was records no event). */
export function sameConsent(a: Consent | null | undefined, b: Consent | null | undefined): boolean {
	if (!a || !b) return !a && !b;
	const g = (c: Consent) => (c.guardian ? `${c.guardian.relation}|${c.guardian.date}` : '');
	return a.status === b.status && a.date === b.date && g(a) === g(b) && [...a.scope].sort().join() === [...b.scope].sort().join();
}

/** A participant whose consent is withdrawn is hidden – with all their evidence – until consent is restored or the data deleted. */
export function isHidden(participant: Pick<Participant, 'consent'> | undefined): boolean {
	return participant?.consent?.status === 'withdrawn';
}

/**
 * Quotes may appear in reports and presentations with the participant's code only if
 * consent covers it – and, for a participant whose age is known to be under the guardian
 * age, only with the guardian's consent too.
 */
export function mayQuoteInReports(
	participant: (Pick<Participant, 'consent'> & Partial<Pick<Participant, 'age' | 'ageBand'>>) | undefined,
	options: ConsentOptions = {}
): boolean {
	if (participant?.consent?.status !== 'given' || !participant.consent.scope.includes('quotes')) return false;
	const age = { age: participant.age ?? null, ageBand: participant.ageBand ?? null };
	return !needsGuardianConsent(age, options) || !!participant.consent.guardian;
}
