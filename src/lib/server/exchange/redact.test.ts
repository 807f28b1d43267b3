import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { restoreConsent, withdrawConsent } from '$lib/data/participants';
import { createBackup } from '$lib/exchange/backup';
import { redactFixture, words } from '$lib/exchange/__tests__/redactFixture';
import { useInProcessServer } from '$lib/server/sync/testing';
import { syncProject } from '$lib/sync/syncProject';
import { exportFile, type ExportQuery } from './formats';
import { serverSnapshot } from './snapshot';

const server = useInProcessServer();
const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

describe('export from the server under withdrawn consent', () => {
	it("leaves a withdrawn participant's words out of every format, and brings them back on restore; the backup keeps them", async () => {
		const f = await redactFixture();
		const member = { projectId: f.projectId, userId: 'user-a', role: 'owner' as const };
		const sync = () => syncProject(f.db, f.ctx.clock, server.transport(member), f.projectId);
		await sync();
		/** All text of every export format the server offers, qdpx unzipped. */
		const exported = async () => {
			const snapshot = await serverSnapshot(server.sql(), f.projectId);
			let all = '';
			for (const format of ['qdpx', 'csv', 'md', 'html'] as ExportQuery['format'][]) {
				const file = await exportFile(snapshot, { format, bom: '0' }, '2026-12-01T00:00:00Z');
				if (format === 'qdpx') for (const bytes of Object.values(unzipSync(file.body as Uint8Array))) all += utf8(bytes);
				else all += file.body as string;
			}
			return all;
		};
		expect(await exported()).toContain(words.ada);

		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		await sync();
		const hidden = await exported();
		for (const w of [words.ada, words.adaSecond, words.alone, words.overlap]) expect(hidden, w).not.toContain(w);
		expect(hidden).toContain(words.bo);
		expect(hidden).toContain(words.team);
		const backup = Object.values(unzipSync(await createBackup(await serverSnapshot(server.sql(), f.projectId), { createdAt: '2026-12-01T00:00:00Z' }))).map(utf8).join('\n');
		expect(backup).toContain(words.ada);

		await restoreConsent(f, f.ada, '2026-11-02', 'user-a');
		await sync();
		expect(await exported()).toContain(words.ada);
		f.db.close();
	}, 60_000);
});
