import { afterEach, describe, expect, it } from 'vitest';
import { mayWrite } from '$lib/domain/permissions';
import { errorMessage } from '$lib/i18n/errors';
import { createProject } from '../projects';
import { setWritePolicy, WriteForbiddenError } from '../repository';
import { openTestData, type TestData } from '../testing';

let t: TestData;
afterEach(async () => {
	t?.db.close();
});

async function reviewerProject() {
	t = openTestData();
	const p = await createProject(t.ctx, t.repos, { name: 'Tom', language: 'nb', template: 'empty' });
	const entry = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Ingen spurte meg' });
	// From here on this device's user is a reviewer in the project.
	setWritePolicy(t.ctx, (projectId, table, field) => projectId !== p.id || mayWrite('reviewer', table, field));
	return { p, entry, queued: await t.db.outbox.count() };
}

describe('the write guard of the repositories', () => {
	it('refuses a field the role may not write, and writes and queues nothing', async () => {
		const { p, entry, queued } = await reviewerProject();
		await expect(t.repos.entries.update(entry.id, { text: 'Endret' })).rejects.toMatchObject({ table: 'entries', field: 'text' });
		await expect(t.repos.entries.create(p.id, { kind: 'quote', text: 'Ny' })).rejects.toBeInstanceOf(WriteForbiddenError);
		await expect(t.repos.entries.remove(entry.id)).rejects.toBeInstanceOf(WriteForbiddenError);
		await expect(t.repos.notes.create(p.id, { sessionId: 's1', text: '' })).rejects.toBeInstanceOf(WriteForbiddenError);
		expect((await t.db.entries.get(entry.id))?.text).toBe('Ingen spurte meg');
		expect(await t.db.entries.count()).toBe(1);
		expect(await t.db.outbox.count()).toBe(queued);
	});

	it('lets the role do what it may: a reviewer marks an entry reviewed', async () => {
		const { entry, queued } = await reviewerProject();
		await t.repos.entries.update(entry.id, { reviewStatus: 'agreed' });
		const added = (await t.db.outbox.toArray()).slice(queued);
		expect(added.map((c) => c.field)).toEqual(['reviewStatus']);
	});

	it('explains the refusal in the user\'s language', async () => {
		const { entry } = await reviewerProject();
		const error = await t.repos.entries.update(entry.id, { text: 'Endret' }).catch((e: unknown) => e);
		expect(errorMessage(error)).toBe('Rollen din i prosjektet kan ikke endre dette.');
	});

	it('allows everything without a policy (a project only on this tablet)', async () => {
		const { entry } = await reviewerProject();
		setWritePolicy(t.ctx, null);
		expect((await t.repos.entries.update(entry.id, { text: 'Endret' })).text).toBe('Endret');
	});
});
