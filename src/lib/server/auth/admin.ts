import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Sql } from '$lib/server/db';
import { requireUser } from '$lib/server/http/auth';
import { apiError } from '$lib/server/http/errors';
import { logAuthEvent } from './log';
import { clearBackoff } from './rateLimit';
import { endAllSessions } from './sessions';
import type { PublicUser, UserRow } from './users';

/**
 * The server's administrator: the first account (made by first-run setup). The admin
 * lists the accounts, disables one (its sessions end, sign-in answers 403
 * `account_disabled`, everything it made and its memberships stay) and enables it again,
 * and deletes one: its sessions and memberships end, its open invitations are withdrawn,
 * and its e-mail, name and password hash are erased – the row stays as an anonymous id,
 * so what the person wrote in a project still has an author.
 *
 * Refusals: 409 `last_admin` (the server would have no enabled administrator left),
 * 409 `last_project_owner` (deleting someone who is the only owner of a project would
 * leave it without one: make someone else owner first), 404 `user_not_found`.
 */
export function requireAdmin(event: Pick<RequestEvent, 'locals'>): PublicUser {
	const user = requireUser(event);
	if (!user.isAdmin) throw apiError(403, 'not_admin', 'Only the server administrator may do this.');
	return user;
}

export interface AdminUser {
	id: string;
	email: string;
	displayName: string;
	createdAt: string;
	isAdmin: boolean;
	disabled: boolean;
	disabledAt: string | null;
	/** Last use of any of the account's sessions (null: none open). */
	lastSeenAt: string | null;
	projectCount: number;
	/** Projects in which this account is the only owner (it cannot be deleted while there are any). */
	soleOwnerOf: { id: string; name: string }[];
}

export const userIdParam = z.string().min(1).max(100);
export const accountStateBody = z.object({ disabled: z.boolean() });

type ListedRow = Pick<UserRow, 'id' | 'email' | 'display_name' | 'created_at' | 'is_admin' | 'disabled_at'> & {
	last_seen_at: Date | null;
	project_count: number;
};

async function soleOwnerships(sql: Sql, userId?: string): Promise<Map<string, { id: string; name: string }[]>> {
	const rows = await sql.query<{ user_id: string; id: string; name: string }>(
		`SELECT m.user_id, p.id, p.name FROM memberships m JOIN projects p ON p.id = m.project_id
		WHERE m.role = 'owner' AND ($1::text IS NULL OR m.user_id = $1)
			AND (SELECT count(*) FROM memberships o WHERE o.project_id = m.project_id AND o.role = 'owner') = 1
		ORDER BY p.name, p.id`,
		[userId ?? null]
	);
	const byUser = new Map<string, { id: string; name: string }[]>();
	for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), { id: row.id, name: row.name }]);
	return byUser;
}

function adminUser(row: ListedRow, soleOwnerOf: { id: string; name: string }[]): AdminUser {
	return {
		id: row.id,
		email: row.email,
		displayName: row.display_name,
		createdAt: row.created_at.toISOString(),
		isAdmin: row.is_admin === true,
		disabled: row.disabled_at !== null,
		disabledAt: row.disabled_at?.toISOString() ?? null,
		lastSeenAt: row.last_seen_at?.toISOString() ?? null,
		projectCount: Number(row.project_count),
		soleOwnerOf
	};
}

const LISTED = `SELECT u.id, u.email, u.display_name, u.created_at, u.is_admin, u.disabled_at,
	(SELECT max(s.last_seen_at) FROM auth_sessions s WHERE s.user_id = u.id) AS last_seen_at,
	(SELECT count(*) FROM memberships m WHERE m.user_id = u.id) AS project_count
	FROM users u WHERE u.deleted_at IS NULL`;

/** Every account that is not deleted, oldest first. */
export async function listUsers(sql: Sql): Promise<AdminUser[]> {
	const rows = await sql.query<ListedRow>(`${LISTED} ORDER BY u.created_at, u.id`);
	const sole = await soleOwnerships(sql);
	return rows.map((row) => adminUser(row, sole.get(row.id) ?? []));
}

async function listedUser(sql: Sql, userId: string): Promise<AdminUser> {
	const [row] = await sql.query<ListedRow>(`${LISTED} AND u.id = $1`, [userId]);
	if (!row) throw notFound();
	return adminUser(row, (await soleOwnerships(sql, userId)).get(userId) ?? []);
}

function notFound() {
	return apiError(404, 'user_not_found', 'There is no such account.');
}

/**
 * Locks every administrator's row and the target's, so two admins acting at once cannot
 * leave the server without one. Returns the target.
 */
async function lockTarget(tx: Sql, userId: string): Promise<UserRow> {
	await tx.query('SELECT id FROM users WHERE is_admin ORDER BY id FOR UPDATE');
	const [row] = await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [userId]);
	if (!row) throw notFound();
	return row;
}

async function assertNotLastAdmin(tx: Sql, target: UserRow): Promise<void> {
	if (!target.is_admin || target.disabled_at !== null) return;
	const [{ n }] = await tx.query<{ n: number }>(
		'SELECT count(*) AS n FROM users WHERE is_admin AND disabled_at IS NULL AND deleted_at IS NULL AND id <> $1',
		[target.id]
	);
	if (Number(n) === 0) {
		throw apiError(409, 'last_admin', 'This is the only administrator of the server; it cannot be disabled or deleted.');
	}
}

export interface AdminAction {
	adminId: string;
	userId: string;
	ip?: string;
}

/** Disables (`disabled: true`) or enables an account. Disabling ends its sessions at once. */
export async function setAccountDisabled(
	sql: Sql,
	{ adminId, userId, ip }: AdminAction,
	disabled: boolean,
	now: Date = new Date()
): Promise<AdminUser> {
	const ended = await sql.transaction(async (tx) => {
		const target = await lockTarget(tx, userId);
		if (disabled === (target.disabled_at !== null)) return null;
		if (disabled) {
			await assertNotLastAdmin(tx, target);
			await tx.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [userId, now]);
			return endAllSessions(tx, userId, now);
		}
		await tx.query('UPDATE users SET disabled_at = NULL WHERE id = $1', [userId]);
		return 0;
	});
	if (ended !== null) {
		logAuthEvent(disabled ? 'account.disabled' : 'account.enabled', { userId, adminId, ip, sessionsEnded: ended }, now);
	}
	return listedUser(sql, userId);
}

/** Deletes an account (see the top of this file for what stays). */
export async function deleteAccount(sql: Sql, { adminId, userId, ip }: AdminAction, now: Date = new Date()): Promise<void> {
	const ended = await sql.transaction(async (tx) => {
		const target = await lockTarget(tx, userId);
		await assertNotLastAdmin(tx, target);
		// Serialise with membership changes of the projects it owns (they lock the project row).
		await tx.query(
			`SELECT p.id FROM projects p JOIN memberships m ON m.project_id = p.id
			WHERE m.user_id = $1 AND m.role = 'owner' ORDER BY p.id FOR UPDATE OF p`,
			[userId]
		);
		const sole = (await soleOwnerships(tx, userId)).get(userId) ?? [];
		if (sole.length > 0) {
			throw apiError(
				409,
				'last_project_owner',
				`This account is the only owner of ${sole.length} project(s); make someone else owner first.`
			);
		}
		const ended = await endAllSessions(tx, userId, now);
		await tx.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
		await tx.query('DELETE FROM invites WHERE created_by = $1 AND used_by IS NULL', [userId]);
		await clearBackoff(tx, `email:${target.email}`);
		await tx.query(
			`UPDATE users SET email = 'deleted:' || id, display_name = '', password_hash = '', is_admin = false,
				deleted_at = $2, disabled_at = coalesce(disabled_at, $2)
			WHERE id = $1`,
			[userId, now]
		);
		return ended;
	});
	logAuthEvent('account.deleted', { userId, adminId, ip, sessionsEnded: ended }, now);
}
