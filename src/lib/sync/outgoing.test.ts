import { describe, expect, it } from 'vitest';
import { openTestData } from '$lib/data/testing';
import { useInProcessServer } from '$lib/server/sync/testing';
import { SyncError } from './syncError';
import { outgoingChanges, wireBytes } from './outgoing';
import { syncProject, type SyncTransport } from './syncProject';
import type { WireChange } from './wire';

const server = useInProcessServer();

async function projectWithEntries(n: number, text: (i: number) => string) {
	const d = openTestData({ actor: 'u1' });
	const project = await d.repos.projects.create('p-out', { name: 'Pakking', language: 'nb', template: 'empty' }, 'p-out');
	for (let i = 0; i < n; i++) await d.repos.entries.create(project.id, { kind: 'observation', text: text(i) });
	return { d, projectId: project.id };
}

describe('what a device pushes', () => {
	it('packs pushes under the byte limit and never splits a row across pushes', async () => {
		const { d, projectId } = await projectWithEntries(12, (i) => `${i} `.padEnd(15_000, 'æ'));
		const seen = new Set<string>();
		let pushes = 0;
		for (;;) {
			const batch = await outgoingChanges(d.db, projectId, { maxBytes: 64 * 1024 });
			if (batch.changes.length === 0) break;
			pushes++;
			const bytes = batch.changes.reduce((n, c) => n + wireBytes(c), 0);
			const rows = new Set(batch.changes.map((c) => `${c.table}/${c.rowId}`));
			// A batch holds rows whole, and more than one row only while it fits.
			expect(rows.size === 1 || bytes <= 64 * 1024).toBe(true);
			for (const row of rows) {
				expect(seen.has(row), `${row} in two pushes`).toBe(false);
				seen.add(row);
			}
			await d.db.outbox.bulkDelete(batch.changes.map((c) => c.opId));
		}
		expect(pushes).toBeGreaterThan(3);
		expect(seen.size).toBe(13);
	});

	it('counts bytes as UTF-8, as the server reads them', () => {
		const c: WireChange = { opId: 'o', hlc: 'h', table: 'entries', rowId: 'r', field: 'text', value: 'æøå🌊' };
		expect(wireBytes(c)).toBe(new TextEncoder().encode(JSON.stringify(c)).length);
	});

	it('a single change larger than any push is set apart, and the rest still goes', async () => {
		const { d, projectId } = await projectWithEntries(2, (i) => `Kort ${i}`);
		const note = await d.repos.notes.create(projectId, { sessionId: 's1', text: '' }, 'note:s1');
		await d.repos.notes.update(note.id, { text: 'x'.repeat(300_000) });
		const batch = await outgoingChanges(d.db, projectId, { hardMaxBytes: 200_000 });
		expect(batch.tooLarge.map((c) => `${c.rowId}.${c.field}`)).toEqual([`${note.id}.text`]);
		expect(batch.changes.some((c) => c.rowId === note.id && c.field === '$row')).toBe(true);
		expect(batch.changes.filter((c) => c.table === 'entries')).toHaveLength(2);
	});

	it('packs smaller when the server says a push is too large (413)', async () => {
		const { d, projectId } = await projectWithEntries(16, (i) => `${i} `.padEnd(15_000, 'a'));
		const inner = server.transport({ projectId, userId: 'u1', role: 'owner' });
		const sizes: number[] = [];
		// A server configured with a 100 kB body limit.
		const transport: SyncTransport = {
			...inner,
			push: async (p, changes) => {
				const bytes = JSON.stringify({ changes }).length;
				sizes.push(bytes);
				if (bytes > 100_000) throw new SyncError('rejected', 413, 'too large', 'payload_too_large');
				return inner.push(p, changes);
			}
		};
		const result = await syncProject(d.db, d.ctx.clock, transport, projectId);
		expect(result.rejected).toBe(0);
		expect(await d.db.outbox.count()).toBe(0);
		expect(sizes.some((s) => s > 100_000)).toBe(true);
		expect(sizes.at(-1)!).toBeLessThanOrEqual(100_000);
	});
});
