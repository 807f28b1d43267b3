import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readProjectSnapshot, restoreBackupFile } from '$lib/data/exchange';
import { syncedTableNames } from '$lib/data/db';
import { openTestData, type TestData } from '$lib/data/testing';
import { projectState } from '$lib/server/sync/changeLog';
import { useInProcessServer } from '$lib/server/sync/testing';
import { syncProject } from '$lib/sync/syncProject';
import { createBackup } from '../backup';
import { ExchangeError } from '../qdc';
import { demoWithTrickyNote } from './fixtures';

async function backupOf(data: TestData, projectId: string): Promise<Uint8Array> {
	return createBackup(await readProjectSnapshot(data, projectId), { createdAt: '2026-10-11T12:00:00.000Z' });
}

/** Every row of the project on a device, by table and id; the field clocks; the note log; the blob bytes. */
async function everything(data: TestData, projectId: string) {
	const snap = await readProjectSnapshot(data, projectId);
	const blobs: Record<string, number[]> = {};
	for (const a of snap.rows.attachments) blobs[a.sha256] = [...((await snap.blob(a.sha256)) ?? [])];
	return {
		rows: Object.fromEntries(syncedTableNames.map((t) => [t, [...(snap.rows[t] as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id))])),
		fieldClocks: snap.fieldClocks,
		notes: snap.noteUpdates.map((u) => ({ ...u, update: [...u.update] })).sort((a, b) => a.id.localeCompare(b.id)),
		outbox: snap.outbox.sort((a, b) => a.opId.localeCompare(b.opId)),
		blobs
	};
}

describe('backup and restore', () => {
	it('backup → wipe → restore: every row, note and attachment comes back, attachments byte for byte', async () => {
		const f = await demoWithTrickyNote();
		// A deletion must survive too (a restore must not bring a deleted entry back).
		const [first] = await f.repos.entries.listByProject(f.projectId);
		await f.repos.entries.remove(first.id);
		const before = await everything(f, f.projectId);
		const file = await backupOf(f, f.projectId);
		f.db.close();
		await f.db.delete();

		const fresh = openTestData({ deviceId: 'device-b' });
		const summary = await restoreBackupFile(fresh, file);
		expect(summary.projectId).toBe(f.projectId);
		expect(summary.files).toBe(2);
		expect(await everything(fresh, f.projectId)).toEqual(before);
		expect((await fresh.db.entries.get(first.id))?.deleted).toBe(1);
		// Nothing was a conflict: an empty device has nothing to lose.
		expect(await fresh.db.history.count()).toBe(0);
		fresh.db.close();
	}, 30_000);

	it('refuses a bad file with a reason and changes nothing', async () => {
		const f = await demoWithTrickyNote();
		const file = await backupOf(f, f.projectId);
		const target = openTestData();
		const count = async () => (await Promise.all(syncedTableNames.map((t) => target.db.table(t).count()))).reduce((a, b) => a + b, 0);

		const entries = unzipSync(file);
		const manifest = JSON.parse(new TextDecoder().decode(entries['backup.json']));
		const variants: [string, Uint8Array, ExchangeError['code']][] = [
			['not a zip', strToU8('hello'), 'invalidBackup'],
			['no manifest', zipSync({ 'x.txt': strToU8('x') }), 'invalidBackup'],
			['a wrong field', zipSync({ ...entries, 'backup.json': strToU8(JSON.stringify({ ...manifest, rows: { ...manifest.rows, entries: [{ ...manifest.rows.entries[0], kind: 'gossip' }] } })) }), 'invalidBackup'],
			['from the future', zipSync({ ...entries, 'backup.json': strToU8(JSON.stringify({ ...manifest, version: 99 })) }), 'backupVersion'],
			['a damaged attachment', zipSync({ ...entries, [manifest.blobs[0].file]: entries[manifest.blobs[0].file].map((b: number) => b ^ 1) }), 'backupDamaged']
		];
		for (const [name, bytes, code] of variants) {
			const error = await restoreBackupFile(target, bytes).catch((e: unknown) => e);
			expect(error, name).toBeInstanceOf(ExchangeError);
			expect((error as ExchangeError).code, name).toBe(code);
		}
		expect(await count()).toBe(0);
		expect(await target.db.blobs.count()).toBe(0);
	}, 30_000);

	describe('into a device that already has the project', () => {
		const server = useInProcessServer();
		// Each device pushes as the person whose work it holds: the server checks who.
		const transport = (projectId: string, userId = 'user-a') => server.transport({ projectId, userId, role: 'owner' });

		it('merges per field, the same as syncing the two devices', async () => {
			// b and c's wall clocks run behind a's: what orders the edits is the HLC, which observed a's stamps in the restore.
			const clock = () => new Date(Date.parse('2026-08-01T00:00:00Z'));
			const a = await demoWithTrickyNote();
			const projectId = a.projectId;
			// b starts as a copy of a (restored from a's backup), then both edit offline.
			const b = openTestData({ deviceId: 'device-b', actor: 'user-b', now: clock });
			await restoreBackupFile(b, await backupOf(a, projectId));
			const entries = await a.repos.entries.listByProject(projectId);
			const [e1, e2, e3] = entries;
			await a.repos.entries.update(e1.id, { text: 'Endret på A' });
			await b.repos.entries.update(e1.id, { reviewStatus: 'agreed' });
			await b.repos.entries.update(e2.id, { text: 'Endret på B først' });
			await a.repos.entries.update(e2.id, { text: 'Endret på A sist' });
			await b.repos.entries.remove(e3.id);
			await b.repos.codes.create(projectId, { name: 'Ny kode fra B' });
			await a.repos.codes.create(projectId, { name: 'Ny kode fra A' });

			// The sync way: a copy of b (restored from b's backup, b's queued edits with it) and a
			// both sync through the server, which first gets the project whole from a.
			const c = openTestData({ deviceId: 'device-c', actor: 'user-b', now: clock });
			await restoreBackupFile(c, await backupOf(b, projectId));
			await syncProject(a.db, a.ctx.clock, transport(projectId), projectId);
			await syncProject(c.db, c.ctx.clock, transport(projectId, 'user-b'), projectId);
			await syncProject(a.db, a.ctx.clock, transport(projectId), projectId);
			await syncProject(c.db, c.ctx.clock, transport(projectId, 'user-b'), projectId);
			const onServer = await projectState(server.sql(), projectId);

			// The file way: a's backup restored into b.
			await restoreBackupFile(b, await backupOf(a, projectId));
			const state = async (d: TestData) => {
				const out = new Map<string, Record<string, unknown>>();
				for (const table of syncedTableNames)
					for (const row of (await d.db.table(table).toArray()).filter((r) => r.projectId === projectId)) {
						const { id, projectId: _p, updatedAt: _u, ...fields } = row as Record<string, unknown>;
						out.set(`${table}/${id}`, fields);
					}
				return out;
			};
			expect(await state(b)).toEqual(onServer);
			expect(await state(c)).toEqual(onServer);
			const merged = await b.repos.entries.get(e1.id);
			expect(merged).toMatchObject({ text: 'Endret på A', reviewStatus: 'agreed' });
			expect((await b.repos.entries.get(e2.id))?.text).toBe('Endret på A sist');
			expect((await b.repos.entries.get(e3.id))?.deleted).toBe(1);
			// b's own edit of e2 lost, as in sync: it is kept in history, not dropped.
			expect((await b.db.history.toArray()).some((h) => h.rowId === e2.id && h.value === 'Endret på B først')).toBe(true);
			// And b still has its own unsent changes queued, plus a's.
			expect((await b.db.outbox.toArray()).filter((o) => o.rowId === e1.id).length).toBeGreaterThan(0);
		}, 60_000);
	});
});
