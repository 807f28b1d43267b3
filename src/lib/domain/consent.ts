import type { ConsentScope, Participant } from './participant';

export type ConsentRefusal = 'noParticipantConsent' | 'consentWithdrawn' | 'scopeMissing';

/**
 * Whether capture of a kind may go ahead for these participants. Every
 * participant in the session must have given consent covering the scope; one
 * missing or withdrawn consent refuses the whole capture.
 */
export function consentAllows(participants: readonly Participant[], scope: ConsentScope): { ok: true } | { ok: false; reason: ConsentRefusal; codes: string[] } {
	const withdrawn = participants.filter((p) => p.consent?.status === 'withdrawn');
	if (withdrawn.length > 0) return { ok: false, reason: 'consentWithdrawn', codes: withdrawn.map((p) => p.code) };
	const none = participants.filter((p) => !p.consent);
	if (none.length > 0) return { ok: false, reason: 'noParticipantConsent', codes: none.map((p) => p.code) };
	const missing = participants.filter((p) => !p.consent!.scope.includes(scope));
	if (missing.length > 0) return { ok: false, reason: 'scopeMissing', codes: missing.map((p) => p.code) };
	return { ok: true };
}

/** A participant whose consent is withdrawn is hidden – with all their evidence – until consent is restored or the data deleted. */
export function isHidden(participant: Pick<Participant, 'consent'> | undefined): boolean {
	return participant?.consent?.status === 'withdrawn';
}

/** Quotes may appear in reports and presentations with the participant's code only if consent covers it. */
export function mayQuoteInReports(participant: Pick<Participant, 'consent'> | undefined): boolean {
	return participant?.consent?.status === 'given' && participant.consent.scope.includes('quotes');
}
