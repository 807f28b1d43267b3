import type { TagKind, Tagging } from '$lib/domain/tagging';
import type { Coding } from '$lib/domain/coding';
import type { LocalData } from './local';
import { wholeProjectRows, wholeRows } from './wholeRows';

export interface TagChoice {
	kind: TagKind;
	id: string;
	name: string;
	/** The field colour for regions, the code colour for codes. */
	colour: string | null;
	/** The region's field (or parent code) name, to group and to search by. */
	group: string;
	/**
	 * Pressed in the tag bar. For a code: *my* live coding (each researcher's coding is
	 * their own decision); for a region or life stage: the shared tag.
	 */
	selected: boolean;
	/** For a code: the colleagues (user ids) whose coding of it stands; empty otherwise. */
	others: string[];
}

/**
 * Who has applied each code to the target: the live codings' coders. A code tag from
 * before codings existed (or from an import) with no live coding counts as its tagger's.
 */
function codersByCode(taggings: Tagging[], codings: Coding[]): Map<string, Set<string>> {
	const coders = new Map<string, Set<string>>();
	for (const c of codings) {
		if (c.deleted) continue;
		if (!coders.has(c.codeId)) coders.set(c.codeId, new Set());
		coders.get(c.codeId)!.add(c.coder);
	}
	for (const t of taggings) {
		if (t.deleted || t.kind !== 'code' || coders.has(t.tagId)) continue;
		const by = t.taggedBy || t.createdBy;
		if (by) coders.set(t.tagId, new Set([by]));
	}
	return coders;
}

/** Everything a target can be tagged with, in map / life-line / codebook order, with what it already has (codes: mine and colleagues'). */
export async function tagChoices({ db, ctx }: Pick<LocalData, 'db' | 'ctx'>, projectId: string, targetId: string): Promise<TagChoice[]> {
	const [regions, stages, codes, taggings, codings] = await Promise.all([
		wholeProjectRows(db, 'regions', projectId),
		wholeProjectRows(db, 'lifeStages', projectId),
		wholeProjectRows(db, 'codes', projectId),
		db.taggings.where('targetId').equals(targetId).toArray().then((rows) => wholeRows('taggings', rows)),
		db.codings.where('targetId').equals(targetId).toArray().then((rows) => wholeRows('codings', rows))
	]);
	const self = ctx.actor();
	const selected = new Set(taggings.filter((t) => !t.deleted).map((t) => `${t.kind}:${t.tagId}`));
	const coders = codersByCode(taggings, codings);
	const liveRegions = regions.filter((r) => !r.deleted).sort((a, b) => a.order - b.order);
	const regionName = new Map(liveRegions.map((r) => [r.id, r.name]));
	const liveCodes = codes.filter((c) => !c.deleted).sort((a, b) => a.name.localeCompare(b.name, 'nb'));
	const codeName = new Map(liveCodes.map((c) => [c.id, c.name]));
	return [
		...liveRegions.map((r) => ({
			kind: 'region' as const,
			id: r.id,
			name: r.name,
			colour: r.field,
			group: r.parentId ? (regionName.get(r.parentId) ?? '') : r.name,
			selected: selected.has(`region:${r.id}`),
			others: []
		})),
		...stages
			.filter((s) => !s.deleted)
			.sort((a, b) => a.order - b.order)
			.map((s) => ({ kind: 'lifeStage' as const, id: s.id, name: s.name, colour: null, group: '', selected: selected.has(`lifeStage:${s.id}`), others: [] })),
		// A code group (a category imported from a QDA tool) names the group of its codes, but is not offered itself.
		...liveCodes.filter((c) => c.codable !== false).map((c) => ({
			kind: 'code' as const,
			id: c.id,
			name: c.name,
			colour: c.colour,
			group: c.parentId ? (codeName.get(c.parentId) ?? '') : '',
			selected: coders.get(c.id)?.has(self) ?? false,
			others: [...(coders.get(c.id) ?? [])].filter((id) => id !== self).sort()
		}))
	];
}
