import { afterEach, describe, expect, it } from 'vitest';
import { linkProject } from '$lib/sync/links';
import { appendNoteUpdate } from '$lib/notes/updateLog';
import { pendingByProject, projectSyncState, syncRecords } from '../syncRecords';
import { openTestData, type TestData } from '../testing';

let t: TestData;
afterEach(() => t?.db.close());

describe('work waiting for the server', () => {
	it('is counted per project that syncs, by name; a project only on this device waits for nothing', async () => {
		t = openTestData();
		const shared = await t.repos.projects.create('', { name: 'Delt prosjekt', language: 'nb', template: 'empty' }, 'p-shared');
		const local = await t.repos.projects.create('', { name: 'Øveprosjekt', language: 'nb', template: 'empty' }, 'p-local');
		for (let i = 0; i < 3; i++) await t.repos.participants.create(local.id, { code: `P-00${i + 1}` });
		// Nothing shared: nothing waiting, however much was written.
		expect(await pendingByProject(t.db)).toEqual([]);
		expect((await syncRecords(t.db)).pending).toBe(0);

		await linkProject(t.db, { projectId: shared.id, attachedAt: '2026-03-01T08:00:00.000Z', attachedBy: 'u-1' });
		await t.db.outbox.where('projectId').equals(shared.id).delete();
		await t.repos.participants.create(shared.id, { code: 'P-101' });
		await appendNoteUpdate(t.db, { projectId: shared.id, noteId: 'note:s-1', update: new Uint8Array([1]), now: new Date() });
		await appendNoteUpdate(t.db, { projectId: local.id, noteId: 'note:s-2', update: new Uint8Array([2]), now: new Date() });

		expect(await pendingByProject(t.db)).toEqual([{ projectId: shared.id, name: 'Delt prosjekt', pending: 2 }]);
		const records = await syncRecords(t.db);
		expect(records.pending).toBe(2);
		// The header counts the same work.
		expect(await projectSyncState(t.db, shared.id)).toEqual({ shared: true, pending: 2, files: 0 });
		expect(await projectSyncState(t.db, local.id)).toEqual({ shared: false, pending: 0, files: 0 });
	});

	it('counts the photos and recordings whose bytes are still only on this device, until their server holds them', async () => {
		t = openTestData();
		const project = await t.repos.projects.create('', { name: 'Delt prosjekt', language: 'nb', template: 'empty' }, 'p-shared');
		await linkProject(t.db, { projectId: project.id, attachedAt: '2026-03-01T08:00:00.000Z', attachedBy: 'u-1' });
		const attachment = (sha256: string, id: string, deleted: 0 | 1 = 0) =>
			t.db.attachments.put({ id, projectId: project.id, sessionId: 's-1', kind: 'photo', sha256, mime: 'image/jpeg', size: 3, deleted } as never);
		const blob = (sha256: string, uploadedTo: string[]) =>
			t.db.blobs.put({ sha256, blob: new Blob([new Uint8Array([1, 2, 3])]), size: 3, mime: 'image/jpeg', uploaded: uploadedTo.length ? 1 : 0, uploadedTo });
		await attachment('a'.repeat(64), 'att-1');
		await attachment('a'.repeat(64), 'att-2'); // The same bytes twice: one file to send.
		await attachment('b'.repeat(64), 'att-3');
		await attachment('c'.repeat(64), 'att-4', 1); // Deleted: nothing to send.
		await attachment('d'.repeat(64), 'att-5'); // Its bytes are not on this device: not this device's to send.
		await blob('a'.repeat(64), []);
		await blob('b'.repeat(64), ['another-project']);
		await blob('c'.repeat(64), []);
		// While changes wait (the header names those first), the files are not counted.
		await t.repos.participants.create(project.id, { code: 'P-101' });
		const waiting = await projectSyncState(t.db, project.id);
		expect(waiting.pending).toBeGreaterThan(0);
		expect(waiting.files).toBe(0);
		await t.db.outbox.clear();
		expect(await projectSyncState(t.db, project.id)).toEqual({ shared: true, pending: 0, files: 2 });

		await t.db.blobs.update('a'.repeat(64), { uploaded: 1, uploadedTo: [project.id] });
		await t.db.blobs.update('b'.repeat(64), { uploadedTo: ['another-project', project.id] });
		expect(await projectSyncState(t.db, project.id)).toEqual({ shared: true, pending: 0, files: 0 });
	});
});
