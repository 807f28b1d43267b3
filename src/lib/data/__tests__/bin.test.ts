import { afterEach, describe, expect, it } from 'vitest';
import { mayWrite } from '$lib/domain/permissions';
import { DEFAULT_PRUNE_HORIZON_HOURS } from '$lib/server/sync/prune';
import { BIN_RETENTION_DAYS, BIN_RETENTION_MS, binWindow, listBin, restoreFromBin } from '../bin';
import { createProject } from '../projects';
import { setWritePolicy, WriteForbiddenError } from '../repository';
import { openTestData, type TestData } from '../testing';

const day = 24 * 3600_000;
let t: TestData;
let now = Date.parse('2026-03-01T09:00:00Z');
afterEach(() => t?.db.close());

async function project() {
	now = Date.parse('2026-03-01T09:00:00Z');
	t = openTestData({ now: () => new Date(now) });
	return createProject(t.ctx, t.repos, { name: 'Feltarbeid', language: 'nb', template: 'empty' });
}

describe('the bin’s retention rule', () => {
	it('keeps an item restorable for 30 days after its deletion, and not a moment longer', () => {
		const deletedAt = Date.parse('2026-03-01T09:00:00Z');
		expect(BIN_RETENTION_DAYS).toBe(30);
		expect(binWindow(deletedAt, deletedAt).restorable).toBe(true);
		expect(binWindow(deletedAt, deletedAt + 30 * day - 1).restorable).toBe(true);
		expect(binWindow(deletedAt, deletedAt + 30 * day)).toEqual({ deletedAt, goneAt: deletedAt + 30 * day, restorable: false });
	});

	it('ends no later than the server erases deleted content by default', () => {
		// The server counts from its receipt of the deletion, never before the device's stamp.
		expect(BIN_RETENTION_MS).toBeLessThanOrEqual(DEFAULT_PRUNE_HORIZON_HOURS * 3600_000);
	});
});

describe('the bin', () => {
	it('lists deleted evidence, sessions and projects with when each is gone for good, newest deletion first', async () => {
		const p = await project();
		const other = await createProject(t.ctx, t.repos, { name: 'Gammelt', language: 'nb', template: 'empty' });
		const kept = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Blir stående' });
		const quote = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
		const session = await t.repos.sessions.create(p.id, { kind: 'interview', title: 'Intervju', date: '2026-02-27' });
		await t.repos.entries.remove(quote.id);
		now += day;
		await t.repos.sessions.remove(session.id);
		now += day;
		await t.repos.projects.remove(other.id);

		const bin = await listBin(t.db, p.id, now);
		expect(bin.map((i) => [i.table, i.row.id])).toEqual([
			['projects', other.id],
			['sessions', session.id],
			['entries', quote.id]
		]);
		expect(bin.find((i) => i.row.id === quote.id)?.goneAt).toBe(Date.parse('2026-03-01T09:00:00Z') + 30 * day);
		expect(bin.some((i) => i.row.id === kept.id)).toBe(false);
		// Without an active project only projects are listed.
		expect((await listBin(t.db, null, now)).map((i) => i.row.id)).toEqual([other.id]);
	});

	it('restores within the window and the item is back', async () => {
		const p = await project();
		const quote = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
		await t.repos.entries.remove(quote.id);
		now += 29 * day;
		await restoreFromBin(t.db, t.repos, 'entries', quote.id, now);
		expect((await t.repos.entries.listByProject(p.id)).map((e) => e.text)).toEqual(['Ingen spurte meg']);
		expect(await listBin(t.db, p.id, now)).toEqual([]);
	});

	it('after 30 days an item leaves the bin and cannot be restored: the server may have erased it', async () => {
		const p = await project();
		const quote = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
		await t.repos.entries.remove(quote.id);
		now += 30 * day;
		expect(await listBin(t.db, p.id, now)).toEqual([]);
		await expect(restoreFromBin(t.db, t.repos, 'entries', quote.id, now)).rejects.toMatchObject({ issues: [{ code: 'binExpired' }] });
		expect((await t.db.entries.get(quote.id))?.deleted).toBe(1);
	});

	it('a deletion made again starts a new window', async () => {
		const p = await project();
		const quote = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
		await t.repos.entries.remove(quote.id);
		now += 20 * day;
		await t.repos.entries.restore(quote.id);
		now += 1;
		await t.repos.entries.remove(quote.id);
		now += 20 * day;
		expect((await listBin(t.db, p.id, now)).map((i) => i.row.id)).toEqual([quote.id]);
	});

	it('only a role that may delete may restore: a reviewer is refused, a researcher may not bring back a project', async () => {
		const p = await project();
		const quote = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
		const other = await createProject(t.ctx, t.repos, { name: 'Gammelt', language: 'nb', template: 'empty' });
		await t.repos.entries.remove(quote.id);
		await t.repos.projects.remove(other.id);
		setWritePolicy(t.ctx, (_projectId, table, field) => mayWrite('reviewer', table, field));
		await expect(restoreFromBin(t.db, t.repos, 'entries', quote.id, now)).rejects.toBeInstanceOf(WriteForbiddenError);
		setWritePolicy(t.ctx, (_projectId, table, field) => mayWrite('researcher', table, field));
		await expect(restoreFromBin(t.db, t.repos, 'projects', other.id, now)).rejects.toBeInstanceOf(WriteForbiddenError);
		await restoreFromBin(t.db, t.repos, 'entries', quote.id, now);
		expect((await t.db.entries.get(quote.id))?.deleted).toBe(0);
		setWritePolicy(t.ctx, null);
	});
});
