import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { exportCsv } from '$lib/exchange/csv';
import { exportQdpx } from '$lib/exchange/qdpx';
import { demoWithTrickyNote, schemaErrors } from '$lib/exchange/__tests__/fixtures';
import { useInProcessServer } from '$lib/server/sync/testing';
import { syncProject } from '$lib/sync/syncProject';
import { exportFile, exportFileName } from './formats';
import { serverSnapshot } from './snapshot';

const server = useInProcessServer();

describe('export from the server', () => {
	it('gives the same files as the device that synced the project', async () => {
		const f = await demoWithTrickyNote();
		const member = { projectId: f.projectId, userId: 'owner', role: 'owner' as const };
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
});
