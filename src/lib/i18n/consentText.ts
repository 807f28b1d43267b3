import { ConsentRefusedError, type ConsentRefusal } from '$lib/domain/consent';
import type { GuardianRelation } from '$lib/domain/participant';
import { m } from './generated/messages';
import { getLocale } from './generated/runtime';

/** "P-001 og P-004" / "P-001 and P-004". */
function listCodes(codes: readonly string[]): string {
	return new Intl.ListFormat(getLocale() === 'nb' ? 'nb-NO' : 'en-GB', { style: 'long', type: 'conjunction' }).format(codes);
}

const captureRefusals: Record<ConsentRefusal, (p: { codes: string }) => string> = {
	noParticipantConsent: m.capture_consent_missing,
	consentWithdrawn: m.capture_consent_withdrawn,
	scopeMissing: m.capture_consent_scope,
	guardianMissing: m.capture_consent_guardian
};

/** Why a note, quote or highlight was not saved, naming the participants in the way. */
export function captureRefusalMessage(error: ConsentRefusedError): string {
	const codes = error.participants.map((p) => p.code).filter((c) => c !== '');
	if (codes.length === 0) return m.capture_consent_unknown();
	return captureRefusals[error.reason]({ codes: listCodes(codes) });
}

/** The consent refusal's message, if `error` is one (for screens that show their own failures). */
export function consentRefusalText(error: unknown): string | null {
	return error instanceof ConsentRefusedError ? captureRefusalMessage(error) : null;
}

const problems: Record<ConsentRefusal, (p: { code: string; age: number }) => string> = {
	noParticipantConsent: m.consent_problem_noParticipantConsent,
	consentWithdrawn: m.consent_problem_consentWithdrawn,
	scopeMissing: m.consent_problem_scopeMissing,
	guardianMissing: m.consent_problem_guardianMissing
};

/** One participant's problem, as a line of the session's consent banner. */
export function consentProblemText(problem: ConsentRefusal, code: string, guardianAge: number): string {
	return code === '' ? m.consent_problem_unknown() : problems[problem]({ code, age: guardianAge });
}

const relations: Record<GuardianRelation, () => string> = {
	parent: m.consent_guardian_relation_parent,
	guardian: m.consent_guardian_relation_guardian,
	childWelfare: m.consent_guardian_relation_childWelfare,
	other: m.consent_guardian_relation_other
};

export const guardianRelationLabel = (relation: GuardianRelation): string => relations[relation]();
