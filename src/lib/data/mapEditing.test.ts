import { describe, expect, it } from 'vitest';
import { openTestData } from './testing';
import { canNest, moveLifeStage, moveRegion, nestRegion, parentChoices, recolourRegion, reordered } from './mapEditing';

describe('map editing', () => {
	it('moves one place even when orders are shared or have gaps', () => {
		const list = [
			{ id: 'a', order: 0 },
			{ id: 'b', order: 0 },
			{ id: 'c', order: 7 }
		];
		// Only what changes is written: b keeps 0, a and c are renumbered.
		expect(reordered(list, 'b', -1)).toEqual([
			{ id: 'a', order: 1 },
			{ id: 'c', order: 2 }
		]);
		expect(reordered(list, 'c', 1)).toEqual([]);
	});

	it('recolours a field with its sub-regions, nests a region in a field and reorders regions and life stages', async () => {
		const t = openTestData();
		const data = { ctx: t.ctx, repos: t.repos };
		const p = 'proj-1';
		const blue = await t.repos.regions.create(p, { field: 'blue', name: 'Levekår', order: 0 });
		const school = await t.repos.regions.create(p, { field: 'blue', name: 'Skole', parentId: blue.id, order: 1 });
		const red = await t.repos.regions.create(p, { field: 'red', name: 'Hemmere', order: 2 });
		const clubs = await t.repos.regions.create(p, { field: 'green', name: 'Fritid', order: 3 });
		const all = () => t.repos.regions.listByProject(p);

		await recolourRegion(data, await all(), blue.id, '#123456');
		expect((await t.repos.regions.get(blue.id))?.field).toBe('#123456');
		expect((await t.repos.regions.get(school.id))?.field).toBe('#123456');

		expect(canNest(await all(), blue.id)).toBe(false);
		expect(parentChoices(await all(), clubs.id).map((r) => r.name)).toEqual(['Levekår', 'Hemmere']);
		await nestRegion(data, await all(), clubs.id, blue.id);
		expect(await t.repos.regions.get(clubs.id)).toMatchObject({ parentId: blue.id, field: '#123456', order: 2 });
		// A field with sub-regions stays a field.
		await nestRegion(data, await all(), blue.id, red.id);
		expect((await t.repos.regions.get(blue.id))?.parentId).toBeNull();

		await moveRegion(data, await all(), clubs.id, -1);
		const children = (await all()).filter((r) => r.parentId === blue.id).sort((a, b) => a.order - b.order);
		expect(children.map((r) => r.name)).toEqual(['Fritid', 'Skole']);

		const s0 = await t.repos.lifeStages.create(p, { name: 'Barn', fromAge: 0, toAge: 12, order: 0 });
		const s1 = await t.repos.lifeStages.create(p, { name: 'Ungdom', fromAge: 13, toAge: 19, order: 1 });
		await moveLifeStage(data, await t.repos.lifeStages.listByProject(p), s1.id, -1);
		expect((await t.repos.lifeStages.get(s1.id))?.order).toBe(0);
		expect((await t.repos.lifeStages.get(s0.id))?.order).toBe(1);
		// Every edit is queued for sync.
		expect(await t.db.outbox.count()).toBeGreaterThan(6);
	});
});
