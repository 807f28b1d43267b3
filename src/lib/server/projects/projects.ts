import { z } from 'zod';
import { projectFields } from '$lib/domain/project';
import type { Sql } from '$lib/server/db';
import { apiError } from '$lib/server/http/errors';
import type { Role } from './roles';

/** A project as the API lists it, with the caller's role. */
export interface ProjectSummary {
	id: string;
	name: string;
	role: Role;
	createdAt: string;
	createdBy: string;
}

interface ProjectRow {
	id: string;
	name: string;
	created_by: string;
	created_at: Date;
}

function summary(row: ProjectRow, role: Role): ProjectSummary {
	return { id: row.id, name: row.name, role, createdAt: row.created_at.toISOString(), createdBy: row.created_by };
}

export const attachProjectBody = z.object({
	/** The client's own id for the project (UUIDv7), kept on the server. */
	id: z.uuid({ error: 'invalid' }).transform((id) => id.toLowerCase()),
	name: projectFields.shape.name
});
export type AttachProject = z.infer<typeof attachProjectBody>;

export async function listProjects(sql: Sql, userId: string): Promise<ProjectSummary[]> {
	const rows = await sql.query<ProjectRow & { role: Role }>(
		`SELECT p.*, m.role FROM projects p JOIN memberships m ON m.project_id = p.id
		WHERE m.user_id = $1 ORDER BY p.created_at, p.id`,
		[userId]
	);
	return rows.map((row) => summary(row, row.role));
}

export async function getProject(sql: Sql, projectId: string): Promise<{ id: string; name: string } | null> {
	const rows = await sql.query<ProjectRow>('SELECT * FROM projects WHERE id = $1', [projectId]);
	return rows[0] ? { id: rows[0].id, name: rows[0].name } : null;
}

/**
 * Puts a project (made on a device, with the device's id) on the server with the caller as
 * its owner. Idempotent: when the caller is a member already (e.g. a retry after a lost
 * response) it answers with the project as it is, unchanged (`created: false`). A project
 * with that id that the caller is not a member of is 409 `project_exists` – never
 * overwritten.
 */
export async function attachProject(
	sql: Sql,
	userId: string,
	input: AttachProject,
	now: Date = new Date()
): Promise<{ project: ProjectSummary; created: boolean }> {
	return sql.transaction(async (tx) => {
		const inserted = await tx.query<ProjectRow>(
			`INSERT INTO projects (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO NOTHING RETURNING *`,
			[input.id, input.name, userId, now]
		);
		if (inserted[0]) {
			await tx.query(
				`INSERT INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
				[input.id, userId, now]
			);
			return { project: summary(inserted[0], 'owner'), created: true };
		}
		const existing = await tx.query<ProjectRow & { role: Role | null }>(
			`SELECT p.*, m.role FROM projects p
			LEFT JOIN memberships m ON m.project_id = p.id AND m.user_id = $2
			WHERE p.id = $1`,
			[input.id, userId]
		);
		const row = existing[0];
		if (!row?.role) {
			throw apiError(409, 'project_exists', 'A project with this id exists on the server, and you are not a member of it.');
		}
		return { project: summary(row, row.role), created: false };
	});
}
