import type { Entry } from '$lib/domain/entry';
import { cellKey, computeMapGrid, gridRows, type MapCounts, type MapGrid } from '$lib/domain/mapGrid';
import type { LocalData } from './local';
import { wholeProjectRows, wholeRows } from './wholeRows';
import { cellId } from './mapAggregate';
import { withTags, type EntryWithTags } from './evidence';

export { blindSpots, cellKey, computeMapGrid, type MapCounts, type MapGrid, type MapGridRow, type MapGridRows } from '$lib/domain/mapGrid';

/** Regions (fields, then their sub-regions in order) crossed with the life line: the map's heat grid. */
export async function mapGrid({ db }: Pick<LocalData, 'db'>, projectId: string): Promise<MapGrid> {
	const [regions, stages, entries, taggings, participants, sessions] = await Promise.all([
		wholeProjectRows(db, 'regions', projectId),
		wholeProjectRows(db, 'lifeStages', projectId),
		wholeProjectRows(db, 'entries', projectId),
		wholeProjectRows(db, 'taggings', projectId),
		wholeProjectRows(db, 'participants', projectId),
		wholeProjectRows(db, 'sessions', projectId)
	]);
	return computeMapGrid({ regions, stages, entries, taggings, participants, sessions });
}

export async function mapCounts({ db }: Pick<LocalData, 'db'>, projectId: string): Promise<MapCounts> {
	const [regions, stages, cells] = await Promise.all([
		wholeProjectRows(db, 'regions', projectId),
		wholeProjectRows(db, 'lifeStages', projectId),
		db.mapCells.where('projectId').equals(projectId).toArray()
	]);
	const { rows, liveStages } = gridRows(regions, stages);
	const counts = new Map<string, number>();
	const unknowns = new Map<string, number>();
	for (const c of cells) {
		counts.set(cellKey(c.regionId, c.stageId), c.count);
		if (c.unknowns) unknowns.set(cellKey(c.regionId, c.stageId), c.unknowns);
	}
	return { rows, stages: liveStages, counts, unknowns };
}

/** The visible evidence of one cell, newest first, with its tags: read when a cell is tapped, through the cell index. */
export async function cellEvidence(data: Pick<LocalData, 'db'>, projectId: string, regionId: string, stageId: string): Promise<EntryWithTags[]> {
	const ids = (await data.db.mapEntries.where('cells').equals(cellId(projectId, regionId, stageId)).primaryKeys()) as string[];
	const entries = wholeRows('entries', (await data.db.entries.bulkGet(ids)).filter((e): e is Entry => !!e));
	return withTags(data, projectId, entries);
}

