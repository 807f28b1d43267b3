import type { TagKind } from '$lib/domain/tagging';
import type { LocalData } from './local';

export interface TagChoice {
	kind: TagKind;
	id: string;
	name: string;
	/** The field colour for regions, the code colour for codes. */
	colour: string | null;
	/** The region's field (or parent code) name, to group and to search by. */
	group: string;
	selected: boolean;
}

/** Everything a target can be tagged with, in map / life-line / codebook order, with what it already has. */
export async function tagChoices({ db }: Pick<LocalData, 'db'>, projectId: string, targetId: string): Promise<TagChoice[]> {
	const [regions, stages, codes, taggings] = await Promise.all([
		db.regions.where('projectId').equals(projectId).toArray(),
		db.lifeStages.where('projectId').equals(projectId).toArray(),
		db.codes.where('projectId').equals(projectId).toArray(),
		db.taggings.where('targetId').equals(targetId).toArray()
	]);
	const selected = new Set(taggings.filter((t) => !t.deleted).map((t) => `${t.kind}:${t.tagId}`));
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
			selected: selected.has(`region:${r.id}`)
		})),
		...stages
			.filter((s) => !s.deleted)
			.sort((a, b) => a.order - b.order)
			.map((s) => ({ kind: 'lifeStage' as const, id: s.id, name: s.name, colour: null, group: '', selected: selected.has(`lifeStage:${s.id}`) })),
		...liveCodes.map((c) => ({
			kind: 'code' as const,
			id: c.id,
			name: c.name,
			colour: c.colour,
			group: c.parentId ? (codeName.get(c.parentId) ?? '') : '',
			selected: selected.has(`code:${c.id}`)
		}))
	];
}
