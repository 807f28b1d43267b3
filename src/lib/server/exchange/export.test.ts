import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot, restoreBackupFile } from '$lib/data/exchange';
import { syncedTableNames } from '$lib/data/db';
import { openTestData, type TestData } from '$lib/data/testing';
import { createBackup } from '$lib/exchange/backup';
import { exportCsv } from '$lib/exchange/csv';
import { exportQdpx } from '$lib/exchange/qdpx';
import { demoWithTrickyNote, schemaErrors } from '$lib/exchange/__tests__/fixtures';
import { useInProcessServer } from '$lib/server/sync/testing';
import { syncProject } from '$lib/sync/syncProject';
import { noteIdFor } from '$lib/domain/noteId';
import { exportFile, exportFileName } from './formats';
import { serverSnapshot } from './snapshot';

const server = useInProcessServer();

describe('export from the server', () => {
	it('gives the same files as the device that synced the project', async () => {
		const f = await demoWithTrickyNote();
		// The fixture's rows are made by 'user-a': the server accepts them only from that user.
		const member = { projectId: f.projectId, userId: 'user-a', role: 'owner' as const };
		await syncProject(f.db, f.ctx.clock, server.transport(member), f.projectId);
		const stored = await serverSnapshot(server.sql(), f.projectId);
		const device = await readProjectSnapshot(f, f.projectId);
		// Attachment bytes were not uploaded here, so compare without media.
		const noMedia = <T extends { blob: unknown }>(s: T) => ({ ...s, blob: async () => undefined });
		const fromServer = strFromU8(unzipSync((await exportQdpx(noMedia(stored))).bytes)['project.qde']);
		const fromDevice = strFromU8(unzipSync((await exportQdpx(noMedia(device))).bytes)['project.qde']);
		expect(await schemaErrors(fromServer, 'Project.xsd')).toEqual([]);
		expect(fromServer).toBe(fromDevice);
		expect(exportCsv(stored)).toBe(exportCsv(device));
		const md = await exportFile(stored, { format: 'md', bom: '0' }, '2026-10-11T00:00:00Z');
		expect(md.mime).toContain('text/markdown');
		expect(exportFileName('Demo: Ungt utenforskap i Fjordvik – ærlig', 'qdpx')).toBe('demo-ungt-utenforskap-i-fjordvik-aerlig.qdpx');
	}, 60_000);

	it('makes a backup that restores on an empty tablet with every row and note update the project has', async () => {
		const f = await demoWithTrickyNote();
		// The fixture's rows are made by 'user-a': the server accepts them only from that user.
		const member = { projectId: f.projectId, userId: 'user-a', role: 'owner' as const };
		const [first] = await f.repos.entries.listByProject(f.projectId);
		await f.repos.entries.remove(first.id);
		await syncProject(f.db, f.ctx.clock, server.transport(member), f.projectId);
		const bytes = await createBackup(await serverSnapshot(server.sql(), f.projectId), { createdAt: '2026-10-11T00:00:00Z' });

		const fresh = openTestData({ deviceId: 'device-new' });
		await restoreBackupFile(fresh, bytes);
		const rows = async (d: TestData) => {
			const out: Record<string, unknown> = {};
			for (const table of syncedTableNames)
				for (const row of (await d.db.table(table).toArray()).filter((r) => r.projectId === f.projectId || r.id === f.projectId)) {
					const { updatedAt: _u, ...fields } = row as Record<string, unknown>;
					out[`${table}/${String(fields.id)}`] = fields;
				}
			return out;
		};
		expect(Object.keys(await rows(f)).length).toBeGreaterThan(40);
		expect(await rows(fresh)).toEqual(await rows(f));
		expect((await fresh.db.entries.get(first.id))?.deleted).toBe(1);
		const noteIds = async (d: TestData) => (await d.db.noteUpdates.toArray()).map((u) => u.id).sort();
		expect(await noteIds(fresh)).toEqual(await noteIds(f));
	}, 60_000);

	it('still exports, the same files, when the log holds a note update that is not one and a field of a row never created', async () => {
		const f = await demoWithTrickyNote();
		const member = { projectId: f.projectId, userId: 'user-a', role: 'owner' as const };
		await syncProject(f.db, f.ctx.clock, server.transport(member), f.projectId);
		const noMedia = <T extends { blob: unknown }>(s: T) => ({ ...s, blob: async () => undefined });
		const before = noMedia(await serverSnapshot(server.sql(), f.projectId));
		// As stored before the server checked updates and rows.
		const hlc = '000001790000000000:0000:other';
		await server.sql().query(
			`insert into changes (op_id, project_id, tbl, row_id, field, value, hlc, user_id) values ('bad-yjs', $1, 'noteUpdates', $2, '$yjs', $3::jsonb, $4, 'user-a')`,
			[f.projectId, noteIdFor(f.sessionId), JSON.stringify(Buffer.from('not a yjs update').toString('base64')), hlc]
		);
		await server.sql().query(
			`insert into field_state (project_id, tbl, row_id, field, value, hlc, seq) values ($1, 'entries', 'half-entry', 'reviewStatus', '"reviewed"'::jsonb, $2, 999999)`,
			[f.projectId, hlc]
		);
		const after = noMedia(await serverSnapshot(server.sql(), f.projectId));
		const qde = async (s: typeof before) => strFromU8(unzipSync((await exportQdpx(s)).bytes)['project.qde']);
		expect(await qde(after)).toBe(await qde(before));
		expect((await exportQdpx(after)).skippedNoteUpdates).toBe(1);
		expect(exportCsv(after)).toBe(exportCsv(before));
	}, 60_000);
});

