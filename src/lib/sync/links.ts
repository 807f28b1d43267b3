import type { FieldworkDb } from '$lib/data/db';

/** A local project attached to a server project (same id): only these sync. */
export interface ProjectLink {
	projectId: string;
	attachedAt: string;
	attachedBy: string;
}

const prefix = 'link:';

export async function linkedProjects(db: FieldworkDb): Promise<ProjectLink[]> {
	const rows = await db.syncState.where('key').startsWith(prefix).toArray();
	return rows.map((r) => r.value as ProjectLink);
}

export async function linkProject(db: FieldworkDb, link: ProjectLink): Promise<void> {
	await db.syncState.put({ key: prefix + link.projectId, value: link });
}

export async function unlinkProject(db: FieldworkDb, projectId: string): Promise<void> {
	await db.syncState.delete(prefix + projectId);
}

export async function isLinked(db: FieldworkDb, projectId: string): Promise<boolean> {
	return (await db.syncState.get(prefix + projectId)) !== undefined;
}
