import { describe, expect, it } from 'vitest';
import { importCodebook } from '$lib/data/exchange';
import { openTestData } from '$lib/data/testing';
import { createProject } from '$lib/data/projects';
import type { Code } from '$lib/domain/code';
import { strToU8, zipSync } from 'fflate';
import { tagChoices } from '$lib/data/tagChoices';
import { readProjectSnapshot } from '$lib/data/exchange';
import { ExchangeError, exportQdc, importedColour, parseQdc, readCodebookFile } from '../qdc';
import { exportQdpx } from '../qdpx';
import { demoWithTrickyNote, schemaErrors } from './fixtures';

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

	it('accepts colours with alpha (dropping it) and a colour it cannot read, instead of refusing the file', async () => {
		expect(importedColour('#ff0000ff')).toBe('#ff0000');
		expect(importedColour('#F00A')).toBe('#ff0000');
		expect(importedColour('#2563EB')).toBe('#2563EB');
		expect(importedColour('red')).toBeNull();
		const xml = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
			<Code guid="00000000-0000-4000-8000-000000000001" name="Rød" isCodable="true" color="#ff0000ff"/>
			<Code guid="00000000-0000-4000-8000-000000000002" name="Rar" isCodable="true" color="rgb(1,2,3)"/></Codes></CodeBook>`;
		const t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Mål', language: 'nb', template: 'empty' });
		expect(await importCodebook(t, project.id, parseQdc(xml))).toBe(2);
		const codes = await t.repos.codes.listByProject(project.id);
		expect(codes.find((c) => c.name === 'Rød')!.colour).toBe('#ff0000');
		// The code without a readable colour gets the default one.
		expect(codes.find((c) => c.name === 'Rar')!.colour).toBe('#6b7280');
	});

	it('keeps a category (isCodable="false") a group that is not offered for coding, and exports it as one again', async () => {
		const xml = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
			<Code guid="10000000-0000-4000-8000-000000000001" name="Tjenester" isCodable="false">
				<Code guid="10000000-0000-4000-8000-000000000002" name="NAV" isCodable="true"/>
				<Code guid="10000000-0000-4000-8000-000000000003" name="Skole" isCodable="true"/></Code></Codes></CodeBook>`;
		const t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Mål', language: 'nb', template: 'empty' });
		const [group] = parseQdc(xml);
		expect(group.codable).toBe(false);
		expect(group.children.map((c) => c.codable)).toEqual([true, true]);
		await importCodebook(t, project.id, parseQdc(xml));
		const codes = await t.repos.codes.listByProject(project.id);
		expect(codes.find((c) => c.name === 'Tjenester')!.codable).toBe(false);
		const choices = (await tagChoices(t, project.id, 'some-entry')).filter((c) => c.kind === 'code');
		expect(choices.map((c) => c.name).sort()).toEqual(['NAV', 'Skole']);
		expect(choices.every((c) => c.group === 'Tjenester')).toBe(true);
		const again = exportQdc(codes);
		expect(again).toMatch(/<Code guid="[^"]+" name="Tjenester" isCodable="false"/);
		expect(await schemaErrors(again, 'Codebook.xsd')).toEqual([]);
	});

	it('matches codes by GUID, then by qualified name: a round trip through a tool that makes new GUIDs adds no copies', async () => {
		const t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Kilde', language: 'nb', template: 'empty' });
		for (const parent of ['Fremmere', 'Hemmere']) {
			const p = await t.repos.codes.create(project.id, { name: parent });
			await t.repos.codes.create(project.id, { name: 'Strukturer', parentId: p.id });
		}
		const ours = exportQdc(await t.repos.codes.listByProject(project.id));
		// The repeated name goes out qualified …
		expect(ours).toContain('name="Hemmere › Strukturer"');
		// … and comes back under its own name, matched by GUID.
		expect(await importCodebook(t, project.id, parseQdc(ours))).toBe(4);
		expect((await t.repos.codes.listByProject(project.id)).map((c) => c.name).sort()).toEqual(['Fremmere', 'Hemmere', 'Strukturer', 'Strukturer']);

		// As QualCoder writes it back: every GUID new, the qualified name kept, a colour changed.
		const fresh = ours.replace(/guid="[^"]+"/g, () => `guid="${crypto.randomUUID()}"`).replace('name="Hemmere › Strukturer" isCodable="true" color="#6b7280"', 'name="Hemmere › Strukturer" isCodable="true" color="#dc2626ff"');
		expect(fresh).toContain('#dc2626ff');
		expect(await importCodebook(t, project.id, parseQdc(fresh))).toBe(4);
		const codes = await t.repos.codes.listByProject(project.id);
		expect(codes).toHaveLength(4);
		const byId = new Map(codes.map((c) => [c.id, c]));
		const red = codes.find((c) => c.name === 'Strukturer' && byId.get(c.parentId!)?.name === 'Hemmere')!;
		expect(red.colour).toBe('#dc2626');
		// A name match ignores case, as the tools do; a new code under another parent is added.
		const other = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${crypto.randomUUID()}" name="hemmere" isCodable="true">
			<Code guid="${crypto.randomUUID()}" name="Kultur" isCodable="true"/></Code></Codes></CodeBook>`;
		await importCodebook(t, project.id, parseQdc(other));
		expect(await t.repos.codes.listByProject(project.id)).toHaveLength(5);
	});

	it('reads the codebook out of a .qde and out of a whole .qdpx, and refuses a zip without a project', async () => {
		const f = await demoWithTrickyNote();
		const qdpx = (await exportQdpx(await readProjectSnapshot(f, f.projectId))).bytes;
		const fromZip = readCodebookFile('prosjekt.qdpx', qdpx);
		const names = (nodes: typeof fromZip): string[] => nodes.flatMap((n) => [n.name, ...names(n.children)]);
		expect(names(fromZip)).toContain('Tillit');
		// The GIGA-map root comes as a group; its repeated sub-regions under their own names.
		const giga = fromZip.find((n) => n.name === 'GIGA-kart')!;
		expect(giga.codable).toBe(false);
		expect(names(giga.children).filter((n) => n === 'Strukturer')).toHaveLength(2);
		const notXml = zipSync({ 'x/project.qde': strToU8('nope') });
		expect(() => readCodebookFile('a.qdpx', notXml)).toThrow(ExchangeError);
		expect(() => readCodebookFile('a.qdpx', zipSync({ 'sources/a.txt': strToU8('hei') }))).toThrow(ExchangeError);
		const xml = exportQdc(await f.repos.codes.listByProject(f.projectId));
		expect(names(readCodebookFile('bok.qde', strToU8(xml)))).toContain('Tillit');
		f.db.close();
	});
});
