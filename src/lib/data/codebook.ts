import type { Code } from '$lib/domain/code';
import { codingId } from '$lib/domain/coding';
import { taggingId } from '$lib/domain/tagging';
import type { DataContext } from './context';
import type { Repositories } from './repositories';
import { wholeProjectRows } from './wholeRows';

type Data = { ctx: DataContext; repos: Repositories };
const tables = ['codes', 'taggings', 'codings', 'outbox', 'syncState'] as const;

export interface CodeNode {
	code: Code;
	depth: number;
	uses: number;
}

/** The codebook as a flat, depth-annotated tree (parents before children), with how often each code is used. */
export async function codeTree({ ctx }: Pick<Data, 'ctx'>, projectId: string): Promise<CodeNode[]> {
	const [codes, taggings] = await Promise.all([
		wholeProjectRows(ctx.db, 'codes', projectId),
		wholeProjectRows(ctx.db, 'taggings', projectId)
	]);
	const uses = new Map<string, number>();
	for (const t of taggings) if (!t.deleted && t.kind === 'code') uses.set(t.tagId, (uses.get(t.tagId) ?? 0) + 1);
	const live = codes.filter((c) => !c.deleted).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
	const ids = new Set(live.map((c) => c.id));
	const out: CodeNode[] = [];
	const visit = (parentId: string | null, depth: number) => {
		for (const code of live.filter((c) => (c.parentId && ids.has(c.parentId) ? c.parentId : null) === parentId)) {
			out.push({ code, depth, uses: uses.get(code.id) ?? 0 });
			if (depth < 20) visit(code.id, depth + 1);
		}
	};
	visit(null, 0);
	return out;
}

/**
 * Merges `sourceId` into `targetId`: every tagging moves to the target (a
 * target already tagged keeps one tag), each coder's codings move with their
 * coder kept, children move under the target, and the source is tombstoned.
 * Returns the undo.
 */
export async function mergeCodes({ ctx, repos }: Data, sourceId: string, targetId: string): Promise<() => Promise<void>> {
	if (sourceId === targetId) return async () => {};
	const moved = await ctx.db.transaction('rw', tables, async () => {
		const source = await repos.codes.require(sourceId);
		await repos.codes.require(targetId);
		const taggings = (await ctx.db.taggings.where('tagId').equals(sourceId).toArray()).filter((t) => !t.deleted && t.kind === 'code');
		const added: string[] = [];
		for (const t of taggings) {
			const id = taggingId(t.targetId, 'code', targetId);
			const already = await repos.taggings.get(id);
			if (!already || already.deleted) added.push((await repos.taggings.create(source.projectId, { targetId: t.targetId, kind: 'code', tagId: targetId, taggedBy: t.taggedBy }, id)).id);
			await repos.taggings.remove(t.id);
		}
		const codings = (await ctx.db.codings.where('codeId').equals(sourceId).toArray()).filter((c) => !c.deleted);
		const addedCodings: string[] = [];
		for (const c of codings) {
			const id = codingId(c.targetId, targetId, c.coder);
			const already = await repos.codings.get(id);
			if (!already || already.deleted) addedCodings.push((await repos.codings.create(c.projectId, { targetId: c.targetId, codeId: targetId, coder: c.coder }, id)).id);
			await repos.codings.remove(c.id);
		}
		const children = (await ctx.db.codes.where('parentId').equals(sourceId).toArray()).filter((c) => !c.deleted);
		for (const child of children) await repos.codes.update(child.id, { parentId: targetId });
		await repos.codes.remove(sourceId);
		return { removed: taggings.map((t) => t.id), added, removedCodings: codings.map((c) => c.id), addedCodings, children: children.map((c) => c.id) };
	});
	return () =>
		ctx.db.transaction('rw', tables, async () => {
			await repos.codes.restore(sourceId);
			for (const id of moved.added) await repos.taggings.remove(id);
			for (const id of moved.removed) await repos.taggings.restore(id);
			for (const id of moved.addedCodings) await repos.codings.remove(id);
			for (const id of moved.removedCodings) await repos.codings.restore(id);
			for (const id of moved.children) await repos.codes.update(id, { parentId: sourceId });
		});
}

/** Deletes a code and its taggings; its children move up to its parent. Returns the undo. */
export async function deleteCode({ ctx, repos }: Data, id: string): Promise<() => Promise<void>> {
	const removed = await ctx.db.transaction('rw', tables, async () => {
		const code = await repos.codes.require(id);
		const taggings = (await ctx.db.taggings.where('tagId').equals(id).toArray()).filter((t) => !t.deleted && t.kind === 'code');
		for (const t of taggings) await repos.taggings.remove(t.id);
		const children = (await ctx.db.codes.where('parentId').equals(id).toArray()).filter((c) => !c.deleted);
		for (const child of children) await repos.codes.update(child.id, { parentId: code.parentId });
		await repos.codes.remove(id);
		return { taggings: taggings.map((t) => t.id), children: children.map((c) => c.id) };
	});
	return () =>
		ctx.db.transaction('rw', tables, async () => {
			await repos.codes.restore(id);
			for (const t of removed.taggings) await repos.taggings.restore(t);
			for (const c of removed.children) await repos.codes.update(c, { parentId: id });
		});
}

/** A code may not become its own ancestor. */
export async function canReparent({ ctx }: Pick<Data, 'ctx'>, id: string, parentId: string | null): Promise<boolean> {
	let cursor = parentId;
	for (let i = 0; cursor && i < 50; i++) {
		if (cursor === id) return false;
		cursor = (await ctx.db.codes.get(cursor))?.parentId ?? null;
	}
	return true;
}
