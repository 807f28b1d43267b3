import { describe, expect, it } from 'vitest';
import { openTestData } from './testing';
import { blindSpots, cellKey, mapGrid } from './mapCounts';
import type { LocalData } from './local';

describe('map grid', () => {
	it('counts evidence per region × life stage, fields include sub-regions, blind spots follow new tags', async () => {
		const t = openTestData();
		const data = { ...t, deviceId: 'device-a', identity: null } as unknown as LocalData;
		const p = 'proj-1';
		const field = await t.repos.regions.create(p, { field: 'blue', name: 'Levekår', order: 0 });
		const sub = await t.repos.regions.create(p, { field: 'blue', name: 'Skole', parentId: field.id, order: 1 });
		const teen = await t.repos.lifeStages.create(p, { fromAge: 13, toAge: 19, name: 'Ungdom', order: 0 });
		const adult = await t.repos.lifeStages.create(p, { fromAge: 20, toAge: 30, name: 'Voksen', order: 1 });
		const e = await t.repos.entries.create(p, { kind: 'unknown', text: 'Hvem har ansvaret?' });
		await t.repos.taggings.tag(p, e.id, 'region', sub.id);
		await t.repos.taggings.tag(p, e.id, 'lifeStage', teen.id);

		let grid = await mapGrid(data, p);
		expect(grid.rows.map((r) => [r.region.name, r.depth])).toEqual([
			['Levekår', 0],
			['Skole', 1]
		]);
		expect(grid.cells.get(cellKey(sub.id, teen.id))).toEqual([e.id]);
		expect(grid.cells.get(cellKey(field.id, teen.id))).toEqual([e.id]);
		expect(grid.unknowns.get(cellKey(sub.id, teen.id))).toBe(1);
		expect(blindSpots(grid, 0).map((b) => `${b.row.region.name}/${b.stage.name}`)).toEqual(['Levekår/Voksen', 'Skole/Voksen']);

		await t.repos.taggings.tag(p, e.id, 'lifeStage', adult.id);
		grid = await mapGrid(data, p);
		expect(blindSpots(grid, 0)).toEqual([]);
		expect(blindSpots(grid, 1)).toHaveLength(4);
	});
});
