import type { RequestEvent } from '@sveltejs/kit';
import type { PublicUser } from '$lib/server/auth/users';
import { storage } from '$lib/server/db';
import type { Role } from '$lib/server/projects/roles';
import { apiError } from './errors';

/**
 * Authorisation for API routes (inside `endpoint()`, so a throw becomes JSON):
 *
 *   const user = requireUser(event);                                   // 401 when signed out
 *   const { user, role } = await requireRole(event, projectId, ['owner']);
 *
 * `requireRole` answers 403 `not_a_member` both for a project the caller is not a member of
 * and for one that does not exist – the same answer, so it never tells whether a project id
 * exists – and 403 `forbidden_role` when the caller is a member with a role not allowed.
 */
type AuthEvent = Pick<RequestEvent, 'locals'>;

export function requireUser(event: AuthEvent): PublicUser {
	const user = event.locals.user;
	if (!user) throw apiError(401, 'unauthenticated', 'Sign in first.');
	return user;
}

export interface Membership {
	user: PublicUser;
	role: Role;
}

/** The caller's role in a project, or null (also for a project that does not exist). */
export async function roleIn(userId: string, projectId: string): Promise<Role | null> {
	const sql = await storage();
	const rows = await sql.query<{ role: Role }>(
		'SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2',
		[projectId, userId]
	);
	return rows[0]?.role ?? null;
}

export async function requireRole(
	event: AuthEvent,
	projectId: string,
	allowed: readonly Role[]
): Promise<Membership> {
	const user = requireUser(event);
	const role = await roleIn(user.id, projectId);
	if (!role) throw apiError(403, 'not_a_member', 'You are not a member of this project.');
	if (!allowed.includes(role)) {
		throw apiError(403, 'forbidden_role', `This needs the role ${allowed.join(' or ')}; you are ${role}.`);
	}
	return { user, role };
}

/** The client's address for rate limits (adapter-node: set ADDRESS_HEADER behind a proxy). */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress() || 'unknown';
	} catch {
		return 'unknown';
	}
}
