import { NotFoundError, ValidationError } from '$lib/domain/validation';
import { ConsentRefusedError } from '$lib/domain/consent';
import { captureRefusalMessage } from './consentText';
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
	binExpired: m.bin_expired,
	notAnOption: m.error_notAnOption,
	notANumber: m.error_notANumber,
	notWhole: m.error_notWhole,
	invalid: m.error_invalid
};

/** Codes whose message names the bound that was broken ("at most 200 characters"). */
const byCodeWithLimit: Record<string, (limit: number) => string> = {
	tooLong: (max) => m.error_tooLong_max({ max }),
	tooShort: (min) => m.error_tooShort_min({ min }),
	numberTooLarge: (max) => m.error_numberTooLarge({ max }),
	numberTooSmall: (min) => m.error_numberTooSmall({ min }),
	tooMany: (max) => m.error_tooMany({ max })
};

/** A validation code in the user's language; with the broken bound, the message says what is valid. */
export function issueMessage(code: string, limit?: number): string {
	const withLimit = byCodeWithLimit[code];
	if (withLimit && limit !== undefined) return withLimit(limit);
	return (byCode[code] ?? m.error_invalid)();
}

/** Field path → message, for showing next to each input. */
export function fieldErrors(error: unknown): Record<string, string> {
	if (!(error instanceof ValidationError)) return {};
	return Object.fromEntries(error.issues.map((i) => [i.path, issueMessage(i.code, i.limit)]));
}

/** One sentence for a failed action; never a stack trace. */
export function errorMessage(error: unknown): string {
	// A capture refused for consent names the participants, whichever screen asked.
	if (error instanceof ConsentRefusedError) return captureRefusalMessage(error);
	if (error instanceof ValidationError) return error.issues.map((i) => issueMessage(i.code, i.limit)).join(' ');
	if (error instanceof NotFoundError) return m.error_not_found();
	return m.error_generic();
}
