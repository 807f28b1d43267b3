import type { Sql } from '$lib/server/db';
import { apiError } from '$lib/server/http/errors';
import type { Role } from './roles';

export interface Member {
	userId: string;
	email: string;
	displayName: string;
	role: Role;
	joinedAt: string;
}

export async function listMembers(sql: Sql, projectId: string): Promise<Member[]> {
	const rows = await sql.query<{ user_id: string; email: string; display_name: string; role: Role; created_at: Date }>(
		`SELECT m.user_id, u.email, u.display_name, m.role, m.created_at
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.project_id = $1 ORDER BY m.created_at, u.display_name`,
		[projectId]
	);
	return rows.map((row) => ({
		userId: row.user_id,
		email: row.email,
		displayName: row.display_name,
		role: row.role,
		joinedAt: row.created_at.toISOString()
	}));
}

/**
 * Locks the project's row for the rest of the transaction, so membership changes on one
 * project happen one after another (two owners demoting each other at once cannot leave
 * the project without an owner). Returns the member's current role.
 */
async function lockAndFind(tx: Sql, projectId: string, userId: string): Promise<Role> {
	await tx.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [projectId]);
	const rows = await tx.query<{ role: Role }>(
		'SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2',
		[projectId, userId]
	);
	if (!rows[0]) throw apiError(404, 'member_not_found', 'That person is not a member of this project.');
	return rows[0].role;
}

async function assertNotLastOwner(tx: Sql, projectId: string): Promise<void> {
	const [{ n }] = await tx.query<{ n: number }>(
		`SELECT count(*) AS n FROM memberships WHERE project_id = $1 AND role = 'owner'`,
		[projectId]
	);
	if (n <= 1) {
		throw apiError(409, 'last_owner', 'A project needs an owner: make someone else owner first.');
	}
}

/** Changes a member's role (the route checks that the caller is an owner). */
export async function changeRole(sql: Sql, projectId: string, userId: string, role: Role): Promise<Member> {
	return sql.transaction(async (tx) => {
		const current = await lockAndFind(tx, projectId, userId);
		if (current === 'owner' && role !== 'owner') await assertNotLastOwner(tx, projectId);
		await tx.query('UPDATE memberships SET role = $3 WHERE project_id = $1 AND user_id = $2', [projectId, userId, role]);
		const members = await listMembers(tx, projectId);
		return members.find((m) => m.userId === userId)!;
	});
}

/** Removes a member (an owner removing someone, or a member leaving). */
export async function removeMember(sql: Sql, projectId: string, userId: string): Promise<void> {
	await sql.transaction(async (tx) => {
		const current = await lockAndFind(tx, projectId, userId);
		if (current === 'owner') await assertNotLastOwner(tx, projectId);
		await tx.query('DELETE FROM memberships WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
	});
}
