import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '$lib/domain/validation';
import { taggingId } from '$lib/domain/tagging';
import { createProject } from '../projects';
import { openTestData, type TestData } from '../testing';

let t: TestData;
afterEach(async () => {
	t?.db.close();
});

async function project(data: TestData) {
	return createProject(data.ctx, data.repos, { name: 'Ungt utenforskap Agder', language: 'nb', template: 'ungtUtenforskap' });
}

describe('repositories', () => {
	it('stamps every synced row and queues the new row as one whole-row change in the same write', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Tom', language: 'nb', template: 'empty' });
		const entry = await t.repos.entries.create(p.id, { kind: 'observation', text: 'Ungdommene venter utenfor NAV-kontoret' });
		expect(entry).toMatchObject({ projectId: p.id, createdBy: 'user-a', deleted: 0, reviewStatus: 'new' });
		expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
		const changes = await t.db.outbox.where('[table+rowId]').equals(['entries', entry.id]).toArray();
		expect(changes.map((c) => c.field)).toEqual(['$row']);
		const { id: _id, projectId: _p, updatedAt: _u, ...fields } = entry;
		expect(changes[0].value).toEqual(fields);
		expect(changes[0].hlc).toBe(entry.updatedAt);
	});

	it('queues only the fields that changed on update, with a newer clock stamp', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Tom', language: 'nb', template: 'empty' });
		const e = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
		const before = await t.db.outbox.count();
		const e2 = await t.repos.entries.update(e.id, { text: 'Ingen spurte meg noen gang', kind: 'quote' });
		expect(e2.updatedAt > e.updatedAt).toBe(true);
		const added = (await t.db.outbox.toArray()).slice(before);
		expect(added.map((c) => [c.field, c.value])).toEqual([['text', 'Ingen spurte meg noen gang']]);
	});

	it('an update touches only the fields it names, never resetting others to their defaults', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Tom', language: 'nb', template: 'empty' });
		const e = await t.repos.entries.create(p.id, { kind: 'fact', text: '20 %', source: 'SSB', sessionId: 's1' });
		const e2 = await t.repos.entries.update(e.id, { text: '21 %' });
		expect(e2).toMatchObject({ text: '21 %', source: 'SSB', sessionId: 's1', kind: 'fact' });
	});

	it('refuses invalid input and writes nothing', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Tom', language: 'nb', template: 'empty' });
		const rows = await t.db.entries.count();
		const queued = await t.db.outbox.count();
		await expect(t.repos.entries.create(p.id, { kind: 'quote', text: '   ' })).rejects.toBeInstanceOf(ValidationError);
		await expect(t.repos.lifeStages.create(p.id, { fromAge: 20, toAge: 10, name: 'Baklengs' })).rejects.toMatchObject({
			issues: [{ path: 'toAge', code: 'ageRangeReversed' }]
		});
		expect(await t.db.entries.count()).toBe(rows);
		expect(await t.db.outbox.count()).toBe(queued);
	});

	it('deletes as a tombstone that leaves lists and can be undone', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Tom', language: 'nb', template: 'empty' });
		const code = await t.repos.codes.create(p.id, { name: 'Mestring' });
		await t.repos.codes.remove(code.id);
		expect(await t.repos.codes.listByProject(p.id)).toEqual([]);
		expect((await t.db.codes.get(code.id))?.deleted).toBe(1);
		await t.repos.codes.restore(code.id);
		expect((await t.repos.codes.listByProject(p.id)).map((c) => c.name)).toEqual(['Mestring']);
	});
});

describe('projects', () => {
	it('creates the Ungt utenforskap map with four fields and their sub-regions, and the life line', async () => {
		t = openTestData();
		const p = await project(t);
		const regions = await t.repos.regions.listByProject(p.id);
		const top = regions.filter((r) => r.parentId === null);
		expect(top.map((r) => r.field).sort()).toEqual(['blue', 'green', 'red', 'yellow']);
		expect(top.find((r) => r.field === 'blue')?.name).toBe('Levekår og erfaringer');
		const blue = top.find((r) => r.field === 'blue')!;
		expect(regions.filter((r) => r.parentId === blue.id).map((r) => r.name)).toEqual([
			'Psykologiske erfaringer',
			'Nærmiljø og samfunn',
			'Utdanning, arbeid og økonomi'
		]);
		const stages = await t.repos.lifeStages.listByProject(p.id);
		expect(stages.map((s) => [s.fromAge, s.toAge])).toEqual([
			[0, 5],
			[6, 12],
			[13, 15],
			[16, 19],
			[20, 24],
			[25, 30],
			[30, 100]
		]);
	});

	it('names the template in English for an English project, and an empty map stays empty', async () => {
		t = openTestData();
		const en = await createProject(t.ctx, t.repos, { name: 'Youth', language: 'en', template: 'ungtUtenforskap' });
		const names = (await t.repos.regions.listByProject(en.id)).map((r) => r.name);
		expect(names).toContain('Inhibitors');
		expect(names).toContain('Child welfare');
		const empty = await createProject(t.ctx, t.repos, { name: 'Blank', language: 'nb', template: 'empty' });
		expect(await t.repos.regions.listByProject(empty.id)).toEqual([]);
		expect(await t.repos.lifeStages.listByProject(empty.id)).toEqual([]);
	});
});

describe('taggings', () => {
	it('adding the same tag twice makes one row; untag and re-tag revive it', async () => {
		t = openTestData();
		const p = await project(t);
		const e = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Jeg falt ut i andre klasse' });
		const [region] = await t.repos.regions.listByProject(p.id);
		await t.repos.taggings.tag(p.id, e.id, 'region', region.id);
		await t.repos.taggings.tag(p.id, e.id, 'region', region.id);
		expect(await t.repos.taggings.forTarget(e.id)).toHaveLength(1);
		await t.repos.taggings.untag(e.id, 'region', region.id);
		expect(await t.repos.taggings.forTarget(e.id)).toHaveLength(0);
		await t.repos.taggings.tag(p.id, e.id, 'region', region.id);
		const tags = await t.repos.taggings.forTarget(e.id);
		expect(tags.map((x) => x.id)).toEqual([taggingId(e.id, 'region', region.id)]);
	});
});
