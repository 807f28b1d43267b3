import type { Locale, Project } from '$lib/domain/project';
import { newId } from '$lib/domain/ids';
import { defaultLifeLine, ungtUtenforskapMap } from '$lib/domain/templates/ungtUtenforskap';
import type { DataContext } from './context';
import type { Repositories } from './repositories';
import { wholeRows } from './wholeRows';

export interface NewProject {
	name: string;
	language: Locale;
	template: 'ungtUtenforskap' | 'empty';
	description?: string;
}

/**
 * Creates a project with its system map and life line in one transaction: a
 * project never exists half-made, even if the tablet dies mid-way.
 */
export async function createProject(ctx: DataContext, repos: Repositories, input: NewProject): Promise<Project> {
	const tables = ['projects', 'regions', 'lifeStages', 'outbox', 'syncState'] as const;
	return ctx.db.transaction('rw', tables, async () => {
		const projectId = newId();
		const project = await repos.projects.create(
			projectId,
			{ name: input.name, description: input.description ?? '', language: input.language, template: input.template },
			projectId
		);
		if (input.template === 'empty') return project;
		const ids = new Map<string, string>();
		for (const [order, region] of ungtUtenforskapMap.entries()) {
			const row = await repos.regions.create(projectId, {
				parentId: region.parentKey ? (ids.get(region.parentKey) ?? null) : null,
				field: region.field,
				name: region.name[input.language],
				description: region.description[input.language],
				order,
				layout: region.layout
			});
			ids.set(region.key, row.id);
		}
		for (const [order, stage] of defaultLifeLine.entries()) {
			await repos.lifeStages.create(projectId, { fromAge: stage.fromAge, toAge: stage.toAge, name: stage.name[input.language], order });
		}
		return project;
	});
}

export async function listProjects(ctx: DataContext): Promise<Project[]> {
	const all = wholeRows('projects', await ctx.db.projects.toArray());
	return all.filter((p) => !p.deleted).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export interface ProjectSummary {
	project: Project;
	entries: number;
	sessions: number;
}

/** The project list on the home screen: each project with how much it holds. */
export async function projectSummaries(ctx: DataContext): Promise<ProjectSummary[]> {
	const projects = await listProjects(ctx);
	return Promise.all(
		projects.map(async (project) => ({
			project,
			entries: await ctx.db.entries.where('projectId').equals(project.id).filter((e) => !e.deleted).count(),
			sessions: await ctx.db.sessions.where('projectId').equals(project.id).filter((s) => !s.deleted).count()
		}))
	);
}
