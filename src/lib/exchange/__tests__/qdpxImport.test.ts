import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { importQdpxProject } from '$lib/data/qdpxImport';
import { setWritePolicy } from '$lib/data/repository';
import { openTestData } from '$lib/data/testing';
import { exportQdpx } from '../qdpx';
import { readQdpxProject } from '../qdpxRead';
import { demoForConsumers, parseXml, schemaErrors } from './fixtures';

type Node = Record<string, unknown>;
const all = (node: unknown, name: string): Node[] => ((node as Node | undefined)?.[name] as Node[] | undefined) ?? [];
const text = (node: Node, name: string): string => {
	const value = (node[name] as unknown[] | undefined)?.[0];
	return typeof value === 'string' ? value : '';
};

/** What a researcher compares between two exports: text, codes, where codings sit, notes and their links. */
function content(bytes: Uint8Array) {
	const files = unzipSync(bytes);
	const qde = strFromU8(files['project.qde']);
	const project = all(parseXml(qde), 'Project')[0];
	const codeName = new Map<string, string>();
	const codePaths: string[] = [];
	const walk = (nodes: Node[], path: string[]) => {
		for (const c of nodes) {
			const name = String(c.name);
			codeName.set(String(c.guid), name);
			codePaths.push(`${[...path, name].join(' / ')} ${String(c.color)} ${String(c.isCodable)}`);
			walk(all(c, 'Code'), [...path, name]);
		}
	};
	walk(all(all(all(project, 'CodeBook')[0], 'Codes')[0], 'Code'), []);
	const noteName = new Map<string, string>();
	const notes: string[] = [];
	for (const n of all(all(project, 'Notes')[0], 'Note')) noteName.set(String(n.guid), String(n.name));
	for (const n of all(all(project, 'Notes')[0], 'Note')) {
		const body = text(n, 'PlainTextContent');
		// An insight's first paragraph is its statement; an area's Note is name, loop and its insights.
		const kept = all(n, 'NoteRef').length ? body : body.split('\n\n')[0];
		notes.push(`${String(n.name)}: ${kept} → ${all(n, 'NoteRef').map((r) => noteName.get(String(r.targetGUID))).sort().join(', ')}`);
	}
	const sources: string[] = [];
	const selections: string[] = [];
	for (const s of all(all(project, 'Sources')[0], 'TextSource')) {
		const path = String(s.plainTextPath).replace('internal://', '');
		sources.push(`${String(s.name)}\n${strFromU8(files[`sources/${path}`])}`);
		const bySpan = new Map<string, { codes: Set<string>; notes: Set<string>; description: string }>();
		for (const sel of all(s, 'PlainTextSelection')) {
			const key = `${String(s.name)} ${String(sel.startPosition)}–${String(sel.endPosition)}`;
			const span = bySpan.get(key) ?? { codes: new Set(), notes: new Set(), description: text(sel, 'Description') };
			for (const c of all(sel, 'Coding')) span.codes.add(codeName.get(String(all(c, 'CodeRef')[0].targetGUID))!);
			for (const r of all(sel, 'NoteRef')) span.notes.add(noteName.get(String(r.targetGUID))!);
			bySpan.set(key, span);
		}
		for (const [key, span] of bySpan) selections.push(`${key} [${[...span.codes].sort().join('; ')}] {${[...span.notes].sort().join('; ')}} ${span.description}`);
	}
	return { qde, sources: sources.sort(), codes: codePaths.sort(), selections: selections.sort(), notes: notes.sort() };
}

describe('.qdpx project import', () => {
	it('round trip: our export imported into a fresh project exports the same sources, codes, codings at the same offsets, and notes', async () => {
		const f = await demoForConsumers();
		const first = await exportQdpx(await readProjectSnapshot(f, f.projectId, [{ id: 'user-a', name: 'Ada Eier' }]));

		const fresh = openTestData({ actor: 'user-z', now: () => new Date('2026-11-01T09:00:00Z') });
		const read = readQdpxProject(first.bytes);
		const summary = await importQdpxProject(fresh, read, { language: 'nb', fallbackName: 'x' });
		expect(summary.highlights).toBeGreaterThan(5);
		expect(summary.insights).toBe(2);
		expect(summary.areas).toBe(1);
		// Both coders of the twice-coded highlight are named; their codings are now the importer's.
		expect(summary.coders).toEqual(['Ada Eier', 'Forsker 1']);

		const second = await exportQdpx(await readProjectSnapshot(fresh, summary.projectId, [{ id: 'user-z', name: 'Ada Eier' }]));
		const a = content(first.bytes);
		const b = content(second.bytes);
		expect(await schemaErrors(b.qde, 'Project.xsd')).toEqual([]);
		// The comparison has something to compare: the tricky note's emoji spans, the map's codes, both insights and the area.
		expect(a.selections.length).toBeGreaterThan(12);
		expect(a.selections.some((x) => x.includes('Samtale på brygga') && x.includes('Strukturer'))).toBe(true);
		expect(a.codes.some((c) => c.includes('Hemmere / Hemmere › Strukturer'))).toBe(true);
		expect(a.notes.length).toBe(3);
		expect(b.sources).toEqual(a.sources);
		expect(b.codes).toEqual(a.codes);
		expect(b.selections).toEqual(a.selections);
		expect(b.notes).toEqual(a.notes);
		// The test data's media bytes are no real JPEG or WebM: refused by their content, and said so.
		expect(summary.attachments).toBe(0);
		expect(summary.skipped.filter((s) => s.reason === 'unsupportedMedia').length).toBe(a.qde.split('<PictureSource').length - 1 + a.qde.split('<AudioSource').length - 1);
	});

	it('writes nothing but the new project, and a second import of the same file is a second project', async () => {
		const f = await demoForConsumers();
		const { bytes } = await exportQdpx(await readProjectSnapshot(f, f.projectId));
		const fresh = openTestData();
		const one = await importQdpxProject(fresh, readQdpxProject(bytes), { language: 'nb', fallbackName: 'x' });
		const two = await importQdpxProject(fresh, readQdpxProject(bytes), { language: 'nb', fallbackName: 'x' });
		expect(one.projectId).not.toBe(two.projectId);
		const codes = await fresh.db.codes.toArray();
		expect(codes.filter((c) => c.projectId === one.projectId).length).toBe(one.codes);
		expect(codes.filter((c) => c.projectId === two.projectId).length).toBe(one.codes);
		// Every row went through the repositories: queued for sync.
		expect(await fresh.db.outbox.where('projectId').equals(one.projectId).count()).toBeGreaterThan(one.codes + one.highlights * 2);
	});

	it('a write refused part-way (here: participants, by the role) leaves nothing – no project, session, code or note', async () => {
		const f = await demoForConsumers();
		const { bytes } = await exportQdpx(await readProjectSnapshot(f, f.projectId));
		const fresh = openTestData();
		setWritePolicy(fresh.ctx, (_projectId, table) => table !== 'participants');
		await expect(importQdpxProject(fresh, readQdpxProject(bytes), { language: 'nb', fallbackName: 'x' })).rejects.toThrow();
		for (const table of ['projects', 'sessions', 'codes', 'notes', 'entries', 'highlights', 'outbox', 'noteUpdates'] as const) expect([table, await fresh.db.table(table).count()]).toEqual([table, 0]);
	});
});
