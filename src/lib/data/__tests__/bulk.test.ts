import { afterEach, describe, expect, it } from 'vitest';
import { ConsentRefusedError } from '$lib/domain/consent';
import { ValidationError } from '$lib/domain/validation';
import { handwrittenDemo, parseDemoData } from '$lib/domain/demo/demoData';
import { generateDemo } from '../../../../scripts/demo-generator.mjs';
import { taggingId } from '$lib/domain/tagging';
import { BulkWriter } from '../bulk';
import { syncedTableNames } from '../db';
import { loadDemoProject } from '../demo';
import { openTestData, type TestData } from '../testing';

const opened: TestData[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.db.close()));

/** Two devices with the same id and a stopped wall clock: the same calls give the same stamps. */
function device(): TestData {
	const t = openTestData({ deviceId: 'device-a', actor: 'user-a', now: () => new Date('2026-09-14T10:00:00Z') });
	opened.push(t);
	return t;
}

const consent = { status: 'given' as const, date: '2026-09-14', scope: ['notes' as const], recordedBy: 'user-a', guardian: null };

/** A small project written in the order a screen (or the demo) would write it. */
interface Writer {
	create(table: 'codes' | 'participants' | 'sessions' | 'entries', input: Record<string, unknown>, id: string): Promise<void> | void;
	tag(targetId: string, kind: 'region' | 'lifeStage' | 'code', tagId: string): Promise<void> | void;
}
async function writeSmallProject(w: Writer) {
	await w.create('codes', { name: 'Venting' }, 'code-1');
	await w.create('participants', { code: 'P-001', age: 19, consent }, 'part-1');
	await w.create('sessions', { kind: 'interview', title: 'Samtale', date: '2026-09-14', participantIds: ['part-1'] }, 'sess-1');
	for (let i = 0; i < 5; i++) {
		const id = `entry-${i}`;
		await w.create('entries', { kind: i % 2 ? 'quote' : 'observation', text: `Bevis ${i}`, sessionId: 'sess-1', participantId: i === 0 ? 'part-1' : null }, id);
		await w.tag(id, 'region', 'region-x');
		await w.tag(id, 'lifeStage', 'stage-y');
		if (i % 2) await w.tag(id, 'code', 'code-1');
		// The same tag twice is one tag.
		await w.tag(id, 'region', 'region-x');
	}
}

/** Everything a write leaves on the device, with the random op ids left out. */
async function dump(t: TestData) {
	const tables: Record<string, unknown[]> = {};
	for (const name of syncedTableNames) tables[name] = await t.db.table(name).toArray();
	const outbox = (await t.db.outbox.toArray()).map(({ opId: _opId, ...rest }) => rest).sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
	const syncState = await t.db.syncState.toArray();
	return { tables, outbox, syncState };
}

describe('the bulk path', () => {
	it('loads a generated demo file of 1000 pieces of evidence whole, in its one transaction', async () => {
		// Each distinct consent question is asked once; answering it again per row once let IndexedDB commit mid-load.
		const t = device();
		const demo = parseDemoData(JSON.parse(JSON.stringify(generateDemo({ entries: 1000, seed: 11 }))));
		const project = await loadDemoProject(t.ctx, t.repos, 'nb', demo);
		expect(await t.db.entries.where('projectId').equals(project.id).count()).toBe(demo.entries.length);
		expect(await t.db.participants.where('projectId').equals(project.id).count()).toBe(demo.participants.length);
	});

	it('writes the same rows, outbox changes, field clocks and clock as the repositories, one by one', async () => {
		const one = device();
		await one.repos.projects.create('proj-1', { name: 'Fjordvik', language: 'nb', template: 'empty' }, 'proj-1');
		await writeSmallProject({
			create: async (table, input, id) => void (await (one.repos[table].create as (p: string, i: unknown, id: string) => Promise<unknown>)('proj-1', input, id)),
			tag: async (targetId, kind, tagId) => void (await one.repos.taggings.tag('proj-1', targetId, kind, tagId))
		});

		const bulkDevice = device();
		await bulkDevice.repos.projects.create('proj-1', { name: 'Fjordvik', language: 'nb', template: 'empty' }, 'proj-1');
		const bulk = new BulkWriter(bulkDevice.ctx, bulkDevice.repos);
		await writeSmallProject({
			create: (table, input, id) => void (bulk.create as (r: unknown, p: string, i: unknown, id: string) => unknown)(bulkDevice.repos[table], 'proj-1', input, id),
			tag: (targetId, kind, tagId) => void bulk.tag('proj-1', targetId, kind, tagId)
		});
		expect(bulk.size).toBeGreaterThan(0);
		// Nothing is written before the flush.
		expect(await bulkDevice.db.entries.count()).toBe(0);
		await bulk.flush();

		const [a, b] = [await dump(one), await dump(bulkDevice)];
		expect(b.tables).toEqual(a.tables);
		expect(b.outbox).toEqual(a.outbox);
		expect(b.syncState).toEqual(a.syncState);
		expect(a.outbox.length).toBe(1 + 1 + 1 + 1 + 5 + 5 * 2 + 2 * 2);
	});

	it('loads the demo with one outbox change and one field-clock row per row it writes', async () => {
		const t = device();
		const project = await loadDemoProject(t.ctx, t.repos, 'nb', handwrittenDemo);
		const counts = await Promise.all(syncedTableNames.filter((n) => n !== 'projects').map((n) => t.db.table(n).where('projectId').equals(project.id).count()));
		const rows = 1 + counts.reduce((x, y) => x + y, 0);
		// The project row is updated once (its participant counter): two changes for it.
		expect(await t.db.outbox.count()).toBe(rows + 1);
		expect(await t.db.entries.count()).toBe(handwrittenDemo.entries.length);
		expect((await t.db.syncState.toArray()).filter((s) => s.key.startsWith('fc:')).length).toBe(rows);
	});

	it('refuses evidence about a participant without consent at flush, and then writes nothing at all', async () => {
		const t = device();
		await t.repos.projects.create('proj-1', { name: 'Fjordvik', language: 'nb', template: 'empty' }, 'proj-1');
		const before = await dump(t);
		const bulk = new BulkWriter(t.ctx, t.repos);
		bulk.create(t.repos.participants, 'proj-1', { code: 'P-002', age: 19 }, 'part-2');
		bulk.create(t.repos.entries, 'proj-1', { kind: 'quote', text: 'Ingen ringte', participantId: 'part-2' }, 'entry-x');
		await expect(bulk.flush()).rejects.toBeInstanceOf(ConsentRefusedError);
		const after = await dump(t);
		expect(after.tables).toEqual(before.tables);
		expect(after.outbox).toEqual(before.outbox);
	});

	it('validates each row when it is staged', async () => {
		const t = device();
		const bulk = new BulkWriter(t.ctx, t.repos);
		expect(() => bulk.create(t.repos.participants, 'proj-1', { code: '' })).toThrow(ValidationError);
		expect(bulk.size).toBe(0);
	});

	it('revives a tag that was removed, as the repository does, instead of failing on the stored id', async () => {
		const t = device();
		await t.repos.projects.create('proj-1', { name: 'Fjordvik', language: 'nb', template: 'empty' }, 'proj-1');
		await t.repos.entries.create('proj-1', { kind: 'observation', text: 'Bevis' }, 'entry-1');
		await t.repos.taggings.tag('proj-1', 'entry-1', 'region', 'region-x');
		await t.repos.taggings.untag('entry-1', 'region', 'region-x');
		const bulk = new BulkWriter(t.ctx, t.repos);
		bulk.tag('proj-1', 'entry-1', 'region', 'region-x');
		bulk.tag('proj-1', 'entry-1', 'lifeStage', 'stage-y');
		await bulk.flush();
		const tags = await t.repos.taggings.forTarget('entry-1');
		expect(tags.map((x) => x.id).sort()).toEqual([taggingId('entry-1', 'lifeStage', 'stage-y'), taggingId('entry-1', 'region', 'region-x')].sort());
	});
});
