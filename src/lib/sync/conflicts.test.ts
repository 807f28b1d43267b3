import { describe, expect, it } from 'vitest';
import { openTestData, type TestData } from '$lib/data/testing';
import { useInProcessServer } from '$lib/server/sync/testing';
import { syncProject } from './syncProject';

const server = useInProcessServer();

/** Two researchers' tablets on one project, the project on the server, both synced. */
async function team() {
	let t = Date.parse('2026-11-20T09:00:00Z');
	const now = () => new Date((t += 1000));
	const a = openTestData({ deviceId: 'tab-a', actor: 'anna', now });
	const b = openTestData({ deviceId: 'tab-b', actor: 'bjorn', now });
	const id = `p-conf-${Math.random().toString(36).slice(2)}`;
	const project = await a.repos.projects.create(id, { name: 'Konflikter', language: 'nb', template: 'empty' }, id);
	const entry = await a.repos.entries.create(project.id, { kind: 'quote', text: 'Bussen kom ikke' });
	const sync = (d: TestData, userId: string) => syncProject(d.db, d.ctx.clock, server.transport({ projectId: project.id, userId, role: 'researcher' }), project.id);
	await sync(a, 'anna');
	await sync(b, 'bjorn');
	return { a, b, entry, projectId: project.id, sync: { a: () => sync(a, 'anna'), b: () => sync(b, 'bjorn') } };
}

describe('conflicts a researcher is told about', () => {
	it('both edit the same evidence text offline: both tablets hear of it, with both versions', async () => {
		const { a, b, entry, sync } = await team();
		await b.repos.entries.update(entry.id, { text: 'Bussen kom ikke (Bjørn)' });
		await a.repos.entries.update(entry.id, { text: 'Bussen kom ikke i det hele tatt (Anna)' });
		await sync.a();
		await sync.b();
		await sync.a();
		// Anna's edit is the newer one and wins everywhere.
		expect((await a.db.entries.get(entry.id))?.text).toBe('Bussen kom ikke i det hele tatt (Anna)');
		expect((await b.db.entries.get(entry.id))?.text).toBe('Bussen kom ikke i det hele tatt (Anna)');
		// Bjørn, whose text lost, is told at once, with his own version and who won.
		const onB = await b.db.history.toArray();
		expect(onB).toMatchObject([{ rowId: entry.id, field: 'text', value: 'Bussen kom ikke (Bjørn)', kind: 'mineLost', by: 'anna' }]);
		// Anna is told that a colleague's version lost to hers.
		const onA = await a.db.history.toArray();
		expect(onA).toMatchObject([{ rowId: entry.id, field: 'text', value: 'Bussen kom ikke (Bjørn)', kind: 'theirsLost', by: 'bjorn' }]);
	});

	it('the one whose value lost is told even when they pushed first, and an edit made after seeing mine is no conflict', async () => {
		const { a, b, entry, sync } = await team();
		await b.repos.entries.update(entry.id, { text: 'Bjørns versjon' });
		await a.repos.entries.update(entry.id, { text: 'Annas versjon, skrevet uten å se Bjørns' });
		// Bjørn's tablet gets the network first: his older edit is on the server before Anna's.
		await sync.b();
		await sync.a();
		await sync.b();
		expect(await b.db.history.toArray()).toMatchObject([{ rowId: entry.id, field: 'text', value: 'Bjørns versjon', kind: 'mineLost', by: 'anna' }]);
		// Syncing again tells him nothing new.
		await sync.b();
		expect(await b.db.history.count()).toBe(1);
		// Anna now edits again, having seen nothing new: no conflict for Bjørn. Bjørn edits after seeing Anna's text: none for Anna.
		await b.repos.entries.update(entry.id, { text: 'Bjørn, etter å ha lest Annas' });
		await sync.b();
		await sync.a();
		expect(await a.db.history.count()).toBe(1);
		expect((await a.db.history.toArray())[0]).toMatchObject({ kind: 'theirsLost' });
	});

	it('a correction typed offline on an item a colleague deleted is not lost: the item comes back', async () => {
		const { a, b, entry, sync } = await team();
		await a.repos.entries.remove(entry.id);
		await sync.a();
		await b.repos.entries.update(entry.id, { text: 'Rettet i felt uten nett' });
		await sync.b();
		await sync.b();
		await sync.a();
		for (const d of [a, b]) expect(await d.db.entries.get(entry.id)).toMatchObject({ text: 'Rettet i felt uten nett', deleted: 0 });
		expect(await b.db.history.toArray()).toEqual(expect.arrayContaining([expect.objectContaining({ rowId: entry.id, kind: 'restoredAfterDelete', by: 'anna' })]));
	});

	it('tags and notes merge: two researchers tagging the same code is no conflict', async () => {
		const { a, b, entry, sync, projectId } = await team();
		const code = await a.repos.codes.create(projectId, { name: 'Tillit' });
		await sync.a();
		await sync.b();
		await a.repos.taggings.tag(projectId, entry.id, 'code', code.id);
		await b.repos.taggings.tag(projectId, entry.id, 'code', code.id);
		await sync.a();
		await sync.b();
		await sync.a();
		expect(await a.db.history.count()).toBe(0);
		expect(await b.db.history.count()).toBe(0);
	});
});
