import { describe, expect, it } from 'vitest';
import { openFieldworkDb } from './db';
import { createDataContext } from './context';
import { createRepositories } from './repositories';
import { tagChoices } from './tagChoices';
import { taggingId } from '$lib/domain/tagging';

/** Two researchers' views of one database: what each tablet holds after syncing. */
async function shared() {
	const db = openFieldworkDb(`test-tagchoices-${Math.random().toString(36).slice(2)}`);
	const as = (actor: string) => {
		const ctx = createDataContext(db, { deviceId: `tab-${actor}`, actor: () => actor });
		return { db, ctx, repos: createRepositories(ctx) };
	};
	const anna = as('anna');
	const bjorn = as('bjorn');
	const project = await anna.repos.projects.create('p-tc', { name: 'Koding', language: 'nb', template: 'empty' }, 'p-tc');
	const entry = await anna.repos.entries.create(project.id, { kind: 'quote', text: 'Ingen spurte' });
	const trust = await anna.repos.codes.create(project.id, { name: 'Tillit' });
	const region = await anna.repos.regions.create(project.id, { name: 'Skole', field: 'blue', order: 0 });
	const code = async (who: typeof anna) => (await tagChoices(who, project.id, entry.id)).find((c) => c.id === trust.id)!;
	return { anna, bjorn, project, entry, trust, region, code };
}

describe('tag choices: my coding, not the shared tag', () => {
	it("a colleague's coding is not pressed for me; it shows as theirs", async () => {
		const { anna, bjorn, project, entry, trust, code } = await shared();
		await anna.repos.taggings.tag(project.id, entry.id, 'code', trust.id);
		expect(await code(anna)).toMatchObject({ selected: true, others: [] });
		expect(await code(bjorn)).toMatchObject({ selected: false, others: ['anna'] });
	});

	it('agreeing adds my coding beside the colleague’s; removing mine leaves theirs standing', async () => {
		const { anna, bjorn, project, entry, trust, code } = await shared();
		await anna.repos.taggings.tag(project.id, entry.id, 'code', trust.id);
		await bjorn.repos.taggings.tag(project.id, entry.id, 'code', trust.id);
		expect(await code(bjorn)).toMatchObject({ selected: true, others: ['anna'] });
		expect(await code(anna)).toMatchObject({ selected: true, others: ['bjorn'] });

		await bjorn.repos.taggings.untag(entry.id, 'code', trust.id);
		expect(await code(bjorn)).toMatchObject({ selected: false, others: ['anna'] });
		expect(await code(anna)).toMatchObject({ selected: true, others: [] });
		expect(await anna.repos.taggings.codersOf(entry.id, trust.id)).toEqual(['anna']);
	});

	it('regions stay shared tags: pressed for everyone, no per-person marker', async () => {
		const { anna, bjorn, project, entry, region } = await shared();
		await anna.repos.taggings.tag(project.id, entry.id, 'region', region.id);
		for (const who of [anna, bjorn]) {
			expect((await tagChoices(who, project.id, entry.id)).find((c) => c.id === region.id)).toMatchObject({ kind: 'region', selected: true, others: [] });
		}
	});

	it('a code tag with no coding (from before codings, or an import) counts as its tagger’s', async () => {
		const { anna, bjorn, project, entry, trust, code } = await shared();
		await anna.repos.taggings.create(project.id, { targetId: entry.id, kind: 'code', tagId: trust.id, taggedBy: 'anna' }, taggingId(entry.id, 'code', trust.id));
		expect(await code(anna)).toMatchObject({ selected: true, others: [] });
		expect(await code(bjorn)).toMatchObject({ selected: false, others: ['anna'] });
	});
});
