import type { ReviewStatus } from '$lib/domain/entry';
import type { InnovationArea, Insight } from '$lib/domain/review';
import type { DataContext } from '$lib/data/context';
import type { SyncedTableName } from '$lib/data/db';
import type { Repositories } from '$lib/data/repositories';
import { clusterMemberId, nextClusterColour, placement, voteId } from './clusters';

/** What the review writes need: the data context (its database and who writes) and the repositories. */
export type ReviewData = { ctx: DataContext; repos: Repositories };
export type Undo = () => Promise<void>;

const sync = ['outbox', 'syncState'] as const;
function tx<T>(ctx: DataContext, tables: SyncedTableName[], work: () => Promise<T>): Promise<T> {
	return ctx.db.transaction('rw', [...tables, ...sync], work);
}

// ── Review status and comments ─────────────────────────────────────────────

/** Marks an entry reviewed / agreed / questioned (or new again), with who and when. Returns the undo. */
export async function setReviewStatus({ ctx, repos }: ReviewData, entryId: string, status: ReviewStatus): Promise<Undo> {
	const before = await repos.entries.require(entryId);
	await repos.entries.update(entryId, {
		reviewStatus: status,
		reviewedBy: status === 'new' ? null : ctx.actor(),
		reviewedAt: status === 'new' ? null : ctx.now().toISOString()
	});
	return async () => {
		await repos.entries.update(entryId, { reviewStatus: before.reviewStatus, reviewedBy: before.reviewedBy, reviewedAt: before.reviewedAt });
	};
}

/** Changes the text of an evidence entry (owners and researchers only; the UI hides it for reviewers). */
export async function editEvidenceText({ repos }: ReviewData, entryId: string, text: string): Promise<void> {
	await repos.entries.update(entryId, { text });
}

export async function addComment({ repos }: ReviewData, projectId: string, targetId: string, text: string, mentions: string[]): Promise<string> {
	return (await repos.comments.create(projectId, { targetId, text, mentions })).id;
}

export async function removeComment({ repos }: ReviewData, id: string): Promise<Undo> {
	await repos.comments.remove(id);
	return () => repos.comments.restore(id);
}

// ── Boards and clusters ────────────────────────────────────────────────────

export async function createBoard({ repos }: ReviewData, projectId: string, name: string): Promise<string> {
	return (await repos.boards.create(projectId, { name })).id;
}

export async function renameBoard({ repos }: ReviewData, id: string, name: string): Promise<void> {
	await repos.boards.update(id, { name });
}

/** Deletes a board with its clusters and their cards' places; the undo brings all of it back. */
export async function removeBoard({ ctx, repos }: ReviewData, id: string): Promise<Undo> {
	const tables: SyncedTableName[] = ['boards', 'clusters', 'clusterMembers'];
	const removed = await tx(ctx, tables, async () => {
		const clusters = (await ctx.db.clusters.where('boardId').equals(id).toArray()).filter((c) => !c.deleted);
		const members = (await ctx.db.clusterMembers.where('boardId').equals(id).toArray()).filter((x) => !x.deleted);
		for (const x of members) await repos.clusterMembers.remove(x.id);
		for (const c of clusters) await repos.clusters.remove(c.id);
		await repos.boards.remove(id);
		return { clusters: clusters.map((c) => c.id), members: members.map((x) => x.id) };
	});
	return () =>
		tx(ctx, tables, async () => {
			await repos.boards.restore(id);
			for (const c of removed.clusters) await repos.clusters.restore(c);
			for (const x of removed.members) await repos.clusterMembers.restore(x);
		});
}

export async function createCluster({ ctx, repos }: ReviewData, projectId: string, boardId: string, name = ''): Promise<string> {
	return tx(ctx, ['clusters'], async () => {
		const used = (await ctx.db.clusters.where('boardId').equals(boardId).toArray()).filter((c) => !c.deleted);
		const x = used.reduce((max, c) => Math.max(max, c.x), -1) + 1;
		return (await repos.clusters.create(projectId, { boardId, name, colour: nextClusterColour(used.map((c) => c.colour)), x, y: 0 })).id;
	});
}

export async function updateCluster({ repos }: ReviewData, id: string, patch: { name?: string; colour?: string }): Promise<void> {
	await repos.clusters.update(id, patch);
}

/** Deletes a cluster; its cards go back to unsorted. The undo restores the cluster and its cards. */
export async function removeCluster({ ctx, repos }: ReviewData, id: string): Promise<Undo> {
	const tables: SyncedTableName[] = ['clusters', 'clusterMembers'];
	const members = await tx(ctx, tables, async () => {
		const rows = (await ctx.db.clusterMembers.where('clusterId').equals(id).toArray()).filter((x) => !x.deleted);
		for (const x of rows) await repos.clusterMembers.remove(x.id);
		await repos.clusters.remove(id);
		return rows.map((x) => x.id);
	});
	return () =>
		tx(ctx, tables, async () => {
			await repos.clusters.restore(id);
			for (const x of members) {
				// Restore only where the card has not been placed elsewhere since.
				const row = await repos.clusterMembers.get(x);
				if (row?.deleted && row.clusterId === id) await repos.clusterMembers.restore(x);
			}
		});
}

/**
 * Puts a card into a cluster on a board (or back to unsorted with null) – a
 * card sits in one cluster per board. With `newCluster`, makes a cluster for it
 * first. Returns the undo, which puts the card back where it was.
 */
export async function placeCard(
	{ ctx, repos }: ReviewData,
	projectId: string,
	boardId: string,
	entryId: string,
	target: { clusterId: string | null } | { newCluster: true; name?: string }
): Promise<{ clusterId: string | null; undo: Undo }> {
	const tables: SyncedTableName[] = ['clusters', 'clusterMembers'];
	const id = clusterMemberId(boardId, entryId);
	const result = await tx(ctx, tables, async () => {
		const existing = await repos.clusterMembers.get(id);
		const before = existing && !existing.deleted ? existing.clusterId : null;
		let createdCluster: string | null = null;
		let clusterId: string | null;
		if ('newCluster' in target) {
			createdCluster = await createCluster({ ctx, repos }, projectId, boardId, target.name ?? '');
			clusterId = createdCluster;
		} else clusterId = target.clusterId;
		await applyPlacement(repos, projectId, boardId, entryId, existing, clusterId);
		return { before, clusterId, createdCluster };
	});
	return {
		clusterId: result.clusterId,
		undo: () =>
			tx(ctx, tables, async () => {
				const now = await repos.clusterMembers.get(id);
				await applyPlacement(repos, projectId, boardId, entryId, now, result.before);
				if (result.createdCluster) await repos.clusters.remove(result.createdCluster);
			})
	};
}

async function applyPlacement(
	repos: Repositories,
	projectId: string,
	boardId: string,
	entryId: string,
	existing: Awaited<ReturnType<Repositories['clusterMembers']['get']>>,
	clusterId: string | null
): Promise<void> {
	const step = placement(existing, boardId, entryId, clusterId);
	if (step.op === 'create') await repos.clusterMembers.create(projectId, { boardId, clusterId: step.clusterId, entryId }, step.id);
	else if (step.op === 'move') await repos.clusterMembers.update(step.id, { clusterId: step.clusterId });
	else if (step.op === 'remove') await repos.clusterMembers.remove(step.id);
}

/** Sets this reviewer's dots on a cluster (0–10). */
export async function setDots({ ctx, repos }: ReviewData, projectId: string, clusterId: string, dots: number): Promise<void> {
	const voter = ctx.actor();
	const id = voteId(clusterId, voter);
	const value = Math.max(0, Math.min(10, Math.round(dots)));
	await tx(ctx, ['votes'], async () => {
		const existing = await repos.votes.get(id);
		if (existing && !existing.deleted) await repos.votes.update(id, { dots: value });
		else await repos.votes.create(projectId, { clusterId, voter, dots: value }, id);
	});
}

// ── Insights ───────────────────────────────────────────────────────────────

export type InsightInput = Pick<Insight, 'statement' | 'confidence' | 'evidenceIds'>;

/** An insight needs at least one piece of evidence. */
export class NoEvidenceError extends Error {
	constructor() {
		super('An insight needs at least one piece of linked evidence');
	}
}

export async function createInsight({ repos }: ReviewData, projectId: string, input: InsightInput): Promise<string> {
	if (input.evidenceIds.length === 0) throw new NoEvidenceError();
	return (await repos.insights.create(projectId, { ...input, status: 'draft' })).id;
}

export async function updateInsight({ repos }: ReviewData, id: string, patch: Partial<InsightInput & { status: Insight['status'] }>): Promise<void> {
	if (patch.evidenceIds && patch.evidenceIds.length === 0) throw new NoEvidenceError();
	await repos.insights.update(id, patch);
}

/** Deletes an insight and takes it out of the innovation areas that link it; the undo puts both back. */
export async function removeInsight({ ctx, repos }: ReviewData, id: string): Promise<Undo> {
	const tables: SyncedTableName[] = ['insights', 'innovationAreas'];
	const unlinked = await tx(ctx, tables, async () => {
		const insight = await repos.insights.require(id);
		const areas = (await repos.innovationAreas.listByProject(insight.projectId)).filter((a) => a.insightIds.includes(id));
		for (const a of areas) await repos.innovationAreas.update(a.id, { insightIds: a.insightIds.filter((x) => x !== id) });
		await repos.insights.remove(id);
		return areas.map((a) => a.id);
	});
	return () =>
		tx(ctx, tables, async () => {
			await repos.insights.restore(id);
			for (const areaId of unlinked) {
				const a = await repos.innovationAreas.get(areaId);
				if (a && !a.deleted && !a.insightIds.includes(id)) await repos.innovationAreas.update(areaId, { insightIds: [...a.insightIds, id] });
			}
		});
}

// ── Innovation areas ───────────────────────────────────────────────────────

export type AreaInput = Pick<InnovationArea, 'name' | 'loop' | 'insightIds' | 'regionIds' | 'portfolio' | 'mainProject'>;

export async function createArea({ repos }: ReviewData, projectId: string, input: AreaInput): Promise<string> {
	return (await repos.innovationAreas.create(projectId, input)).id;
}

export async function updateArea({ repos }: ReviewData, id: string, patch: Partial<AreaInput>): Promise<void> {
	await repos.innovationAreas.update(id, patch);
}

export async function removeArea({ repos }: ReviewData, id: string): Promise<Undo> {
	await repos.innovationAreas.remove(id);
	return () => repos.innovationAreas.restore(id);
}
