import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { rowGuid } from '../guid';
import { exportCsv } from '../csv';
import { isWindowsSafeFileName } from '../fileName';
import { exportQdpx } from '../qdpx';
import { demoForConsumers, parseXml, schemaErrors } from './fixtures';

type Node = Record<string, unknown>;
const all = (node: unknown, name: string): Node[] => ((node as Node | undefined)?.[name] as Node[] | undefined) ?? [];
/** Text of a text-only element as the test parser gives it (an array of one string, or nothing). */
const text = (node: Node, name: string): string => {
	const value = (node[name] as unknown[] | undefined)?.[0];
	return typeof value === 'string' ? value : '';
};
const lower = (names: string[]) => names.map((n) => n.toLocaleLowerCase('nb'));
const unique = (names: string[]) => new Set(lower(names)).size === names.length;
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

/** Every Code element, depth first. */
function codes(nodes: Node[]): Node[] {
	return nodes.flatMap((c) => [c, ...codes(all(c, 'Code'))]);
}

async function exported() {
	const f = await demoForConsumers();
	const snapshot = await readProjectSnapshot(f, f.projectId, [{ id: 'user-a', name: 'Ada Eier' }]);
	const result = await exportQdpx(snapshot);
	const files = unzipSync(result.bytes);
	const qde = strFromU8(files['project.qde']);
	const project = all(parseXml(qde), 'Project')[0];
	const sources = all(project, 'Sources')[0];
	return { f, snapshot, result, files, qde, project, sources };
}

describe('.qdpx as a real consumer reads it (QualCoder’s REFI-QDA import)', () => {
	it('names every source uniquely, with its extension, as a name Windows accepts; the file stays schema-valid', async () => {
		const { f, files, qde, sources } = await exported();
		expect(await schemaErrors(qde, 'Project.xsd')).toEqual([]);

		const text = all(sources, 'TextSource');
		const pictures = all(sources, 'PictureSource');
		const audio = all(sources, 'AudioSource');
		// Two photos and a recording from one session: the case that stopped QualCoder with "UNIQUE constraint failed: source.name".
		expect(pictures).toHaveLength(2);
		expect(audio).toHaveLength(1);
		const names = [...text, ...pictures, ...audio].map((s) => String(s.name));
		// QualCoder adds a text source "‹recording›.txt" for a recording without a transcript: it must be free too.
		const withTranscripts = [...names, ...audio.map((a) => `${String(a.name)}.txt`)];
		expect(unique(withTranscripts), withTranscripts.join(' | ')).toBe(true);
		for (const s of text) expect(String(s.name)).toMatch(/\.txt$/);
		for (const s of pictures) expect(String(s.name)).toMatch(/\.jpg$/);
		for (const s of audio) expect(String(s.name)).toMatch(/\.webm$/);
		// The picture's name ends as its file in the zip does.
		for (const s of [...pictures, ...audio]) expect(String(s.path).split('.').at(-1)).toBe(String(s.name).split('.').at(-1));
		for (const name of names) expect(isWindowsSafeFileName(name), name).toBe(true);
		// The session titled "Møte: NAV/skole" has neither `:` nor `/` left in its source's name.
		const awkward = text.find((s) => String(s.name).includes('NAV'))!;
		expect(String(awkward.name)).not.toMatch(/[:/]/);
		expect(f.awkwardSessionTitle).toMatch(/[:/]/);
		// Every file in the zip: each part of its path is legal on Windows.
		for (const path of Object.keys(files)) for (const part of path.split('/')) expect(isWindowsSafeFileName(part), path).toBe(true);
		f.db.close();
	});

	it('names every code uniquely: a repeated sub-region name is qualified by its field, the same in the CSV', async () => {
		const { f, snapshot, project } = await exported();
		const all_ = codes(all(all(all(project, 'CodeBook')[0], 'Codes')[0], 'Code'));
		const names = all_.map((c) => String(c.name));
		expect(unique(names), names.join(' | ')).toBe(true);
		expect(names).toContain('Hemmere › Strukturer');
		expect(names).toContain('Fremmere › Strukturer');
		// A name that occurs once stays as it is.
		expect(names).toContain('Hemmere');

		const csv = exportCsv(snapshot);
		const row = csv.split('\r\n').find((line) => line.startsWith(f.unknownEntryId))!;
		expect(row).toContain('Hemmere › Strukturer');
		f.db.close();
	});

	it('writes one selection per coder, same offsets, each with its own creatingUser, people by name', async () => {
		const { f, project, sources } = await exported();
		const selections = all(sources, 'TextSource').flatMap((s) => all(s, 'PlainTextSelection'));
		// Every Coding in a selection is by the selection's creator: QualCoder reads them that way.
		for (const sel of selections) for (const c of all(sel, 'Coding')) expect(c.creatingUser, String(sel.name)).toBe(sel.creatingUser);

		const own = selections.find((s) => s.guid === rowGuid('highlight', f.twiceCodedHighlight))!;
		const same = selections.filter((s) => s.startPosition === own.startPosition && s.endPosition === own.endPosition);
		expect(same).toHaveLength(2);
		expect(new Set(same.map((s) => s.creatingUser)).size).toBe(2);
		expect(new Set(same.map((s) => s.guid)).size).toBe(2);

		const users = all(all(project, 'Users')[0], 'User');
		const nameOf = new Map(users.map((u) => [u.guid, String(u.name)]));
		expect(same.map((s) => nameOf.get(s.creatingUser)).sort()).toEqual(['Ada Eier', 'Forsker 1']);
		// No one is named by an id.
		for (const u of users) expect(String(u.name)).not.toMatch(uuidLike);
		expect(users.map((u) => String(u.name))).not.toContain('user-b');
		f.db.close();
	});

	it('carries insights and areas as Notes with a text file, and reflections, sources and insights in the selection’s Description', async () => {
		const { f, files, project, sources } = await exported();
		const notes = all(all(project, 'Notes')[0], 'Note');
		expect(notes).toHaveLength(3);
		expect(unique(notes.map((n) => String(n.name)))).toBe(true);
		for (const note of notes) {
			const path = String(note.plainTextPath);
			expect(path).toMatch(/^internal:\/\/.+\.txt$/);
			const file = files[`sources/${path.slice('internal://'.length)}`];
			expect(file, path).toBeDefined();
			expect(strFromU8(file)).toBe(text(note, 'PlainTextContent'));
			expect(isWindowsSafeFileName(String(note.name)), String(note.name)).toBe(true);
		}
		expect(notes.some((n) => text(n, 'PlainTextContent').startsWith(f.insightStatement))).toBe(true);
		// The area's note keeps its loop.
		expect(notes.some((n) => text(n, 'PlainTextContent').includes('Ingen spør → ungdom trekker seg unna → ingen ser'))).toBe(true);

		const selections = all(sources, 'TextSource').flatMap((s) => all(s, 'PlainTextSelection'));
		const unknown = selections.find((s) => s.guid === rowGuid('entry', f.unknownEntryId))!;
		const said = text(unknown, 'Description');
		for (const answer of ['At ingen hadde sjekket rutene', 'Vi spurte bare om skolen', 'Hvordan kommer du hjem?']) expect(said).toContain(answer);
		expect(said).toContain('Hva overrasket oss?');
		// Linked to its insight by name too, for a tool that ignores NoteRef.
		expect(said).toContain(`Innsikt: ${f.insightStatement}`);
		expect(all(unknown, 'NoteRef')).toHaveLength(1);
		const fact = selections.find((s) => s.guid === rowGuid('entry', f.factEntryId))!;
		expect(text(fact, 'Description')).toContain('Kilde: SSB tabell 13563');
		// The first insight's evidence names it and its innovation area.
		const area = selections.filter((s) => text(s, 'Description').includes('Innovasjonsområde: Noen som spør'));
		expect(area.length).toBeGreaterThan(0);
		f.db.close();
	});
});
