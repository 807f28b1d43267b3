import { describe, expect, it } from 'vitest';
import { readProjectSnapshot, restoreBackupFile } from '$lib/data/exchange';
import { syncedTableNames } from '$lib/data/db';
import { openTestData, type TestData } from '$lib/data/testing';
import { createBackup } from '$lib/exchange/backup';
import { demoWithTrickyNote } from '$lib/exchange/__tests__/fixtures';
import { projectState } from '$lib/server/sync/changeLog';
import { useInProcessServer } from '$lib/server/sync/testing';
import { prepareFirstPush } from './firstPush';
import { syncProject } from './syncProject';

const server = useInProcessServer();

async function rowsOf(d: TestData, projectId: string) {
	const out = new Map<string, Record<string, unknown>>();
	for (const table of syncedTableNames)
		for (const row of (await d.db.table(table).toArray()).filter((r) => r.projectId === projectId || (table === 'projects' && r.id === projectId))) {
			const { id, projectId: _p, updatedAt: _u, ...fields } = row as Record<string, unknown>;
			out.set(`${table}/${id}`, fields);
		}
	return out;
}

describe('putting a project on a server for the first time', () => {
	it('a project restored from a backup file reaches an empty server whole, note included', async () => {
		const original = await demoWithTrickyNote();
		const file = createBackup(await readProjectSnapshot(original, original.projectId), { createdAt: '2026-10-11T12:00:00.000Z' });
		const tablet = openTestData({ deviceId: 'device-new', actor: 'user-a' });
		await restoreBackupFile(tablet, await file);
		// As a backup of a synced project (the server's own backup) is: nothing queued.
		await tablet.db.outbox.clear();

		await prepareFirstPush(tablet.db, original.projectId, { localId: 'local-device-new', userId: 'user-a' });
		const result = await syncProject(tablet.db, tablet.ctx.clock, server.transport({ projectId: original.projectId, userId: 'user-a', role: 'owner' }), original.projectId);
		expect(result.rejected).toBe(0);
		expect(await tablet.db.outbox.count()).toBe(0);

		const onServer = await projectState(server.sql(), original.projectId);
		const device = await rowsOf(tablet, original.projectId);
		expect(onServer.size).toBe(device.size);
		for (const [key, fields] of device) expect(onServer.get(key), key).toEqual(fields);
		const notes = await server.sql().query<{ n: number }>(`select count(*)::int as n from changes where project_id = $1 and tbl = 'noteUpdates'`, [original.projectId]);
		expect(notes[0].n).toBe(await tablet.db.noteUpdates.where('projectId').equals(original.projectId).count());
	}, 60_000);

	it('work done before signing in becomes the signed-in person\'s, and the server accepts it', async () => {
		const device = openTestData({ deviceId: 'dev9', actor: 'local-dev9' });
		const project = await device.repos.projects.create('p-local', { name: 'Før innlogging', language: 'nb', template: 'empty' }, 'p-local');
		const entry = await device.repos.entries.create(project.id, { kind: 'observation', text: 'Stille på fritidsklubben' });
		const answer = await syncProject(device.db, device.ctx.clock, server.transport({ projectId: project.id, userId: 'user-9', role: 'owner' }), project.id);
		// Without claiming, the server refuses rows in another name.
		expect(answer.rejected).toBeGreaterThan(0);

		const again = openTestData({ deviceId: 'dev10', actor: 'local-dev10' });
		const p2 = await again.repos.projects.create('p-local-2', { name: 'Før innlogging 2', language: 'nb', template: 'empty' }, 'p-local-2');
		const e2 = await again.repos.entries.create(p2.id, { kind: 'observation', text: 'Stille på fritidsklubben' });
		// Made on this device, the project is queued already, each row as one whole-row change: nothing more is queued.
		const queuedBefore = await again.db.outbox.count();
		await prepareFirstPush(again.db, p2.id, { localId: 'local-dev10', userId: 'user-10' });
		expect(await again.db.outbox.count()).toBe(queuedBefore);
		const ok = await syncProject(again.db, again.ctx.clock, server.transport({ projectId: p2.id, userId: 'user-10', role: 'owner' }), p2.id);
		expect(ok.rejected).toBe(0);
		expect((await again.db.entries.get(e2.id))?.createdBy).toBe('user-10');
		expect((await projectState(server.sql(), p2.id)).get(`entries/${e2.id}`)?.createdBy).toBe('user-10');
		expect(entry.createdBy).toBe('local-dev9');
	}, 60_000);
});
