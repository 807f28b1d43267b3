import { handwrittenDemo, type DemoData } from '$lib/domain/demo/demoData';
import { lifeStageForAge } from '$lib/domain/lifeStage';
import { needsGuardianConsent } from '$lib/domain/consent';
import { noteIdFor } from '$lib/domain/noteId';
import { locales, type Locale, type Project } from '$lib/domain/project';
import { ungtUtenforskapMap } from '$lib/domain/templates/ungtUtenforskap';
import { syncedTableNames } from './db';
import type { DataContext } from './context';
import { createProject, listProjects } from './projects';
import type { Repositories } from './repositories';
import { BulkWriter } from './bulk';

/** The demo's project name: the language's title, with the size for a generated demo. */
export function demoProjectName(data: DemoData, language: Locale): string {
	const base = language === 'nb' ? 'Demo: Ungt utenforskap i Fjordvik' : 'Demo: Youth exclusion in Fjordvik';
	const size = language === 'nb' ? `${data.entries.length} bevis` : `${data.entries.length} pieces of evidence`;
	return data === handwrittenDemo ? base : `${base} (${size})`;
}

/**
 * The same demo already on this device (not deleted), in either language: loading it
 * again would give two projects of the same name, so the screen offers to open this one.
 */
export async function findDemoProject(ctx: DataContext, data: DemoData = handwrittenDemo): Promise<Project | undefined> {
	const names = new Set(locales.map((l) => demoProjectName(data, l)));
	return (await listProjects(ctx)).find((p) => names.has(p.name));
}

/**
 * Loads a fictional demo project – the small hand-written one, or one of any
 * size from `npm run demo` – through the same repositories as real work, in one
 * transaction: the project and its map one row at a time, the rest through the
 * bulk path (same validation, stamps and outbox per row; bulk.ts), so a file of
 * 10 000 pieces of evidence loads in seconds, not minutes.
 */
export async function loadDemoProject(ctx: DataContext, repos: Repositories, language: Locale, data: DemoData = handwrittenDemo): Promise<Project> {
	const { codes: demoCodes, participants: demoParticipants, sessions: demoSessions, entries: demoEntries } = data;
	return ctx.db.transaction('rw', [...syncedTableNames, 'outbox', 'syncState'], async () => {
		const name = demoProjectName(data, language);
		const project = await createProject(ctx, repos, { name, language, template: 'ungtUtenforskap' });
		const regions = await repos.regions.listByProject(project.id);
		const regionByKey = new Map(ungtUtenforskapMap.map((r, order) => [r.key, regions.find((x) => x.order === order)!.id]));
		const stages = await repos.lifeStages.listByProject(project.id);

		const bulk = new BulkWriter(ctx, repos);
		const codeIds = new Map<string, string>();
		for (const code of demoCodes) codeIds.set(code.name, bulk.create(repos.codes, project.id, code).id);

		const today = ctx.now().toISOString().slice(0, 10);
		const participantIds = new Map<string, string>();
		for (const p of demoParticipants) {
			const row = bulk.create(repos.participants, project.id, {
				code: p.code,
				age: p.age,
				lifeStageId: lifeStageForAge(stages, p.age)?.id ?? null,
				municipality: p.municipality,
				attributes: p.attributes,
				consent: {
					status: 'given',
					date: today,
					scope: p.consentScope,
					recordedBy: ctx.actor(),
					// The demo's minors have their guardian's consent, as they must before anything is captured.
					guardian: needsGuardianConsent({ age: p.age, ageBand: null }) ? { relation: 'parent', date: today, recordedBy: ctx.actor() } : null
				}
			});
			participantIds.set(p.code, row.id);
		}
		await repos.projects.update(project.id, { participantCounter: demoParticipants.length });

		const sessionIds = new Map<string, string>();
		for (const s of demoSessions) {
			const row = bulk.create(repos.sessions, project.id, {
				kind: s.kind,
				title: s.title,
				date: s.date,
				place: s.place,
				researchers: [],
				participantIds: s.participantCodes.map((c) => participantIds.get(c)!)
			});
			sessionIds.set(s.key, row.id);
			bulk.create(repos.notes, project.id, { sessionId: row.id, text: s.notes }, noteIdFor(row.id));
		}

		for (const e of demoEntries) {
			const entry = bulk.create(repos.entries, project.id, {
				kind: e.kind,
				text: e.text,
				sessionId: e.sessionKey ? sessionIds.get(e.sessionKey)! : null,
				participantId: e.participantCode ? participantIds.get(e.participantCode)! : null,
				source: e.source ?? '',
				unknown: e.unknown ?? null
			});
			for (const key of e.regions) bulk.tag(project.id, entry.id, 'region', regionByKey.get(key)!);
			const stageIds = new Set(e.ages.map((age) => lifeStageForAge(stages, age)?.id).filter((id): id is string => !!id));
			for (const id of stageIds) bulk.tag(project.id, entry.id, 'lifeStage', id);
			for (const code of e.codes) bulk.tag(project.id, entry.id, 'code', codeIds.get(code)!);
		}
		await bulk.flush();
		return project;
	});
}
