import type { LifeStage } from '$lib/domain/lifeStage';
import type { Region, RegionField } from '$lib/domain/region';
import type { DataContext } from './context';
import type { Repositories } from './repositories';

/** What the map editor writes through: the repositories, so every change is queued for sync like other data. */
export interface MapEditData {
	ctx: Pick<DataContext, 'db'>;
	repos: Pick<Repositories, 'regions' | 'lifeStages'>;
}

const regionTables = ['regions', 'outbox', 'syncState'] as const;

const live = (regions: Region[]) => regions.filter((r) => !r.deleted);
const childrenOf = (regions: Region[], id: string) => live(regions).filter((r) => r.parentId === id);
const byOrder = <T extends { order: number }>(list: T[]) => [...list].sort((a, b) => a.order - b.order);

/** The map has two levels – fields and their regions – so only a region without sub-regions can be nested. */
export function canNest(regions: Region[], id: string): boolean {
	return childrenOf(regions, id).length === 0;
}

/** Fields a region may be put in: top-level regions other than itself. */
export function parentChoices(regions: Region[], id: string): Region[] {
	return byOrder(live(regions).filter((r) => r.parentId === null && r.id !== id));
}

/** A region's colour; a field's sub-regions take the field's colour with it, as they are drawn in it. */
export async function recolourRegion({ ctx, repos }: MapEditData, regions: Region[], id: string, field: RegionField): Promise<void> {
	await ctx.db.transaction('rw', [...regionTables], async () => {
		await repos.regions.update(id, { field });
		for (const child of childrenOf(regions, id)) if (child.field !== field) await repos.regions.update(child.id, { field });
	});
}

/**
 * Puts a region in a field (or makes it a field of its own, `parentId` null). It goes last
 * among its new siblings and, inside a field, takes the field's colour.
 */
export async function nestRegion({ ctx, repos }: MapEditData, regions: Region[], id: string, parentId: string | null): Promise<void> {
	const region = regions.find((r) => r.id === id);
	if (!region || region.parentId === parentId) return;
	const parent = parentId ? regions.find((r) => r.id === parentId && !r.deleted && r.parentId === null) : null;
	if (parentId && (!parent || !canNest(regions, id))) return;
	const siblings = live(regions).filter((r) => r.parentId === parentId && r.id !== id);
	const order = Math.max(-1, ...siblings.map((r) => r.order)) + 1;
	await ctx.db.transaction('rw', [...regionTables], async () => {
		await repos.regions.update(id, parent ? { parentId, order, field: parent.field } : { parentId: null, order });
	});
}

/**
 * Moves an item one place up (-1) or down (1) in an ordered list by renumbering the list
 * 0…n, so items that share an order value (or have gaps) still move exactly one place.
 */
export function reordered<T extends { id: string; order: number }>(list: T[], id: string, by: -1 | 1): { id: string; order: number }[] {
	const sorted = byOrder(list);
	const i = sorted.findIndex((x) => x.id === id);
	const j = i + by;
	if (i < 0 || j < 0 || j >= sorted.length) return [];
	[sorted[i], sorted[j]] = [sorted[j], sorted[i]];
	return sorted.map((x, order) => ({ id: x.id, order })).filter((x, k) => sorted[k].order !== x.order);
}

export async function moveRegion({ ctx, repos }: MapEditData, regions: Region[], id: string, by: -1 | 1): Promise<void> {
	const region = regions.find((r) => r.id === id);
	if (!region) return;
	const changes = reordered(
		live(regions).filter((r) => r.parentId === region.parentId),
		id,
		by
	);
	await ctx.db.transaction('rw', [...regionTables], async () => {
		for (const c of changes) await repos.regions.update(c.id, { order: c.order });
	});
}

export async function moveLifeStage({ ctx, repos }: MapEditData, stages: LifeStage[], id: string, by: -1 | 1): Promise<void> {
	const changes = reordered(
		stages.filter((s) => !s.deleted),
		id,
		by
	);
	await ctx.db.transaction('rw', ['lifeStages', 'outbox', 'syncState'], async () => {
		for (const c of changes) await repos.lifeStages.update(c.id, { order: c.order });
	});
}
