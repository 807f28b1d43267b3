import { describe, expect, it } from 'vitest';
import { canReparent, codeTree, deleteCode, mergeCodes } from '../codebook';
import { createProject } from '../projects';
import { openTestData } from '../testing';

async function setup() {
	const t = openTestData();
	const p = await createProject(t.ctx, t.repos, { name: 'Agder', language: 'nb', template: 'empty' });
	const tillit = await t.repos.codes.create(p.id, { name: 'Tillit' });
	const trust = await t.repos.codes.create(p.id, { name: 'Tiltro' });
	const child = await t.repos.codes.create(p.id, { name: 'Tillit til NAV', parentId: trust.id });
	const e1 = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Jeg stoler ikke på dem' });
	const e2 = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Hun hørte på meg' });
	await t.repos.taggings.tag(p.id, e1.id, 'code', trust.id);
	await t.repos.taggings.tag(p.id, e2.id, 'code', trust.id);
	await t.repos.taggings.tag(p.id, e2.id, 'code', tillit.id);
	return { t, p, tillit, trust, child, e1, e2 };
}

const codeNames = async (t: ReturnType<typeof openTestData>, entryId: string) => {
	const tags = await t.repos.taggings.forTarget(entryId);
	return Promise.all(tags.map(async (x) => (await t.repos.codes.get(x.tagId))!.name)).then((n) => n.sort());
};

describe('codebook', () => {
	it('merge moves every tagging to the target without duplicates, moves children, and retires the source', async () => {
		const { t, p, tillit, trust, child, e1, e2 } = await setup();
		await mergeCodes(t, trust.id, tillit.id);
		expect(await codeNames(t, e1.id)).toEqual(['Tillit']);
		expect(await codeNames(t, e2.id)).toEqual(['Tillit']);
		expect((await t.repos.codes.get(child.id))?.parentId).toBe(tillit.id);
		const tree = await codeTree(t, p.id);
		expect(tree.map((n) => [n.code.name, n.depth, n.uses])).toEqual([
			['Tillit', 0, 2],
			['Tillit til NAV', 1, 0]
		]);
	});

	it('undo of a merge restores the codebook and the tags exactly', async () => {
		const { t, p, tillit, trust, child, e1, e2 } = await setup();
		const undo = await mergeCodes(t, trust.id, tillit.id);
		await undo();
		expect(await codeNames(t, e1.id)).toEqual(['Tiltro']);
		expect(await codeNames(t, e2.id)).toEqual(['Tillit', 'Tiltro']);
		expect((await t.repos.codes.get(child.id))?.parentId).toBe(trust.id);
		expect((await codeTree(t, p.id)).map((n) => n.code.name)).toEqual(['Tillit', 'Tiltro', 'Tillit til NAV']);
	});

	it('delete removes the tags, lifts children to the parent level, and can be undone', async () => {
		const { t, trust, child, e1 } = await setup();
		const undo = await deleteCode(t, trust.id);
		expect(await codeNames(t, e1.id)).toEqual([]);
		expect((await t.repos.codes.get(child.id))?.parentId).toBe(null);
		await undo();
		expect(await codeNames(t, e1.id)).toEqual(['Tiltro']);
		expect((await t.repos.codes.get(child.id))?.parentId).toBe(trust.id);
	});

	it('refuses to make a code its own ancestor', async () => {
		const { t, trust, child } = await setup();
		expect(await canReparent(t, trust.id, child.id)).toBe(false);
		expect(await canReparent(t, child.id, null)).toBe(true);
	});
});
