import { NotFoundError, ValidationError } from '$lib/domain/validation';
import { m } from './generated/messages';

const byCode: Record<string, () => string> = {
	required: m.error_required,
	tooLong: m.error_tooLong,
	tooShort: m.error_tooShort,
	invalidEmail: m.error_invalidEmail,
	invalidDate: m.error_invalidDate,
	invalidColour: m.error_invalidColour,
	ageRangeReversed: m.error_ageRangeReversed,
	codeTaken: m.error_codeTaken,
	passwordTooShort: m.error_passwordTooShort,
	passwordTooLong: m.error_passwordTooLong,
	passwordTrivial: m.error_passwordTrivial,
	passwordCommon: m.error_passwordCommon,
	passwordPersonal: m.error_passwordPersonal,
	wrongPassword: m.error_wrongPassword,
	roleForbidden: m.roles_write_forbidden,
	invalid: m.error_invalid
};

/** A validation code in the user's language. */
export function issueMessage(code: string): string {
	return (byCode[code] ?? m.error_invalid)();
}

/** Field path → message, for showing next to each input. */
export function fieldErrors(error: unknown): Record<string, string> {
	if (!(error instanceof ValidationError)) return {};
	return Object.fromEntries(error.issues.map((i) => [i.path, issueMessage(i.code)]));
}

/** One sentence for a failed action; never a stack trace. */
export function errorMessage(error: unknown): string {
	if (error instanceof ValidationError) return error.issues.map((i) => issueMessage(i.code)).join(' ');
	if (error instanceof NotFoundError) return m.error_not_found();
	return m.error_generic();
}
