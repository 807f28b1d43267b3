import { describe, expect, it } from 'vitest';
import { importCodebook } from '$lib/data/exchange';
import { openTestData } from '$lib/data/testing';
import { createProject } from '$lib/data/projects';
import type { Code } from '$lib/domain/code';
import { ExchangeError, exportQdc, parseQdc } from '../qdc';
import { schemaErrors } from './fixtures';

/** A codebook as names: each code with its parent's name, colour and description. */
const shape = (codes: Code[]) => {
	const byId = new Map(codes.map((c) => [c.id, c]));
	return codes
		.map((c) => ({ name: c.name, parent: c.parentId ? (byId.get(c.parentId)?.name ?? '?') : null, colour: c.colour, description: c.description }))
		.sort((a, b) => a.name.localeCompare(b.name));
};

describe('REFI-QDA codebook (.qdc)', () => {
	it('round trips: export, import into an empty project, the same codebook', async () => {
		const a = openTestData();
		const source = await createProject(a.ctx, a.repos, { name: 'Kilde', language: 'nb', template: 'empty' });
		const tillit = await a.repos.codes.create(source.id, { name: 'Tillit', colour: '#2563eb', description: 'Tillit til «voksne» & tjenester' });
		const tjenester = await a.repos.codes.create(source.id, { name: 'Tjenester', parentId: tillit.id, colour: '#d97706' });
		await a.repos.codes.create(source.id, { name: 'NAV-møter 🤝', parentId: tjenester.id, description: 'Linje én\nlinje to' });
		await a.repos.codes.create(source.id, { name: 'Ensomhet', colour: '#7C3AED' });
		const gone = await a.repos.codes.create(source.id, { name: 'Slettet' });
		await a.repos.codes.remove(gone.id);

		const xml = exportQdc(await a.repos.codes.listByProject(source.id));
		expect(await schemaErrors(xml, 'Codebook.xsd')).toEqual([]);

		// Into an empty project on another device, and into another project on this one (its ids are taken here).
		for (const target of [openTestData(), a]) {
			const project = await createProject(target.ctx, target.repos, { name: 'Mål', language: 'en', template: 'empty' });
			expect(await importCodebook(target, project.id, parseQdc(xml))).toBe(4);
			const imported = await target.repos.codes.listByProject(project.id);
			expect(shape(imported)).toEqual(shape(await a.repos.codes.listByProject(source.id)));
			// Importing again updates the same codes instead of adding copies.
			await importCodebook(target, project.id, parseQdc(xml));
			expect(await target.repos.codes.listByProject(project.id)).toHaveLength(4);
		}
		expect(shape(await a.repos.codes.listByProject(source.id))).toHaveLength(4);
	});

	it('reads a codebook from another tool (braced GUIDs, short colours) and refuses what is not one', () => {
		const xml = `<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
			<Code guid="{8E1B5C3A-0000-4000-8000-000000000001}" name="Top" isCodable="false" color="#abc"><Description>Om &amp; rundt</Description>
				<Code guid="8e1b5c3a-0000-4000-8000-000000000002" name="Child" isCodable="true"/></Code></Codes></CodeBook>`;
		const [top] = parseQdc(xml);
		expect(top).toMatchObject({ guid: '8e1b5c3a-0000-4000-8000-000000000001', colour: '#aabbcc', description: 'Om & rundt' });
		expect(top.children[0].name).toBe('Child');
		expect(() => parseQdc('<nope')).toThrow(ExchangeError);
		expect(() => parseQdc('<CodeBook><Codes/></CodeBook>')).toThrow(ExchangeError);
		expect(() => parseQdc('<CodeBook><Codes><Code guid="x" name="A" isCodable="true"/></Codes></CodeBook>')).toThrow(ExchangeError);
		expect(() => exportQdc([])).toThrow(ExchangeError);
	});
});
