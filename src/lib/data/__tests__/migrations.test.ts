import { describe, expect, it } from 'vitest';
import { newId } from '$lib/domain/ids';
import { openFieldworkDb } from '../db';
import { latestSchemaVersion } from '../schemaVersions';

describe('local schema migrations', () => {
	it('opens a version-1 database with entries and upgrades it to the latest without losing rows', async () => {
		const name = `migrate-${newId()}`;
		const v1 = openFieldworkDb(name, 1);
		await v1.open();
		expect(v1.verno).toBe(1);
		const base = { projectId: 'p1', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u', updatedAt: 'x', deleted: 0 as const };
		await v1.table('entries').bulkAdd([
			{ ...base, id: 'e1', kind: 'quote', text: 'Skolen ga opp på meg', sessionId: null },
			{ ...base, id: 'e2', kind: 'unknown', text: 'Ingen visste om fritidskortet', sessionId: null }
		]);
		v1.close();

		const latest = openFieldworkDb(name);
		await latest.open();
		expect(latest.verno).toBe(latestSchemaVersion);
		const entries = await latest.entries.orderBy('id').toArray();
		expect(entries.map((e) => [e.id, e.text, e.reviewStatus])).toEqual([
			['e1', 'Skolen ga opp på meg', 'new'],
			['e2', 'Ingen visste om fritidskortet', 'new']
		]);
		// The tables added in v2 are usable after the upgrade.
		expect(await latest.entries.where('[projectId+reviewStatus]').equals(['p1', 'new']).count()).toBe(2);
		await latest.boards.add({ ...base, id: 'b1', name: 'Tavle 1' });
		expect(await latest.boards.count()).toBe(1);
		latest.close();
	});
});
