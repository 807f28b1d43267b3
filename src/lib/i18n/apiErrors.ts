import { ApiError } from '$lib/account/api';
import type { Role } from '$lib/domain/permissions';
import { errorMessage, issueMessage } from './errors';
import { m } from './generated/messages';

const byCode: Record<string, () => string> = {
	invalid_credentials: m.api_error_invalid_credentials,
	rate_limited: m.api_error_rate_limited,
	offline: m.api_error_offline,
	forbidden: m.api_error_forbidden,
	not_found: m.api_error_not_found,
	invalid_input: m.api_error_invalid_input,
	setup_done: m.api_error_setup_done,
	email_taken: m.api_error_email_taken,
	invite_not_found: m.team_invite_not_found,
	invite_used: m.team_invite_used,
	invite_expired: m.team_invite_expired,
	member_not_found: m.team_member_not_found,
	already_member: m.api_error_already_member,
	project_exists: m.api_error_project_exists,
	last_owner: m.api_error_last_owner,
	unauthenticated: m.api_error_signed_out,
	not_a_member: m.api_error_forbidden,
	forbidden_role: m.api_error_forbidden,
	account_disabled: m.api_error_account_disabled,
	setup_code_invalid: m.api_error_setup_code_invalid,
	last_admin: m.api_error_last_admin,
	last_project_owner: m.api_error_last_project_owner,
	not_admin: m.api_error_not_admin,
	user_not_found: m.api_error_user_not_found,
	no_device_key: m.api_error_no_device_key,
	too_many_device_keys: m.api_error_too_many_device_keys
};

/** A server refusal in the user's language; unknown codes fall back to a status-based sentence. */
export function apiErrorMessage(error: unknown): string {
	if (!(error instanceof ApiError)) return errorMessage(error);
	// A form the server refused field by field: say which rule, in the user's language.
	if (error.code === 'invalid_input' && error.issues.length > 0) return error.issues.map((i) => issueMessage(i.code)).join(' ');
	const known = byCode[error.code];
	if (known) return known();
	if (error.status === 401) return m.api_error_invalid_credentials();
	if (error.status === 403) return m.api_error_forbidden();
	if (error.status === 404) return m.api_error_not_found();
	if (error.status === 429) return m.api_error_rate_limited();
	if (error.status === 400) return m.api_error_invalid_input();
	return m.error_generic();
}

const roleLabels: Record<Role, () => string> = { owner: m.role_owner, researcher: m.role_researcher, reviewer: m.role_reviewer };
export const roleLabel = (role: Role) => roleLabels[role]();
