import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readProjectSnapshot } from '$lib/data/exchange';
import { withdrawConsent } from '$lib/data/participants';
import { codingId } from '$lib/domain/coding';
import { noteText } from '$lib/notes/noteDoc';
import { exportNoteDoc, sliceCodePoints } from '../noteText';
import { exportQdpx } from '../qdpx';
import { demoWithTrickyNote, parseXml, schemaErrors } from './fixtures';

type Node = Record<string, unknown>;
const all = (node: unknown, name: string): Node[] => ((node as Node | undefined)?.[name] as Node[] | undefined) ?? [];

describe('REFI-QDA project export (.qdpx)', () => {
	it('exports the demo project valid against Project.xsd, every selection cutting exactly its highlighted text', async () => {
		const f = await demoWithTrickyNote();
		const snapshot = await readProjectSnapshot(f, f.projectId);
		const progress: number[] = [];
		const result = await exportQdpx(snapshot, { onProgress: (done, total) => progress.push(done / total) });
		expect(progress.at(-1)).toBe(1);
		expect(result.missingFiles).toBe(0);

		const files = unzipSync(result.bytes);
		const qde = strFromU8(files['project.qde']);
		expect(await schemaErrors(qde, 'Project.xsd')).toEqual([]);

		// What each selection must cut: a highlight's text, or an entry's own text.
		const expected = new Map<string, string>(f.highlighted);
		for (const e of await f.repos.entries.listByProject(f.projectId)) if (!e.highlightId) expected.set(e.id, e.text);

		const project = all(parseXml(qde), 'Project')[0];
		const sources = all(all(project, 'Sources')[0], 'TextSource');
		let checked = 0;
		for (const source of sources) {
			const path = String(source.plainTextPath);
			expect(path).toMatch(/^internal:\/\//);
			const bytes = files[`sources/${path.slice('internal://'.length)}`];
			expect(bytes, path).toBeDefined();
			expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
			const text = strFromU8(bytes);
			expect(text).not.toContain('\r');
			for (const sel of all(source, 'PlainTextSelection')) {
				const cut = sliceCodePoints(text, Number(sel.startPosition), Number(sel.endPosition));
				expect(cut, String(sel.name)).toBe(expected.get(String(sel.guid)));
				checked++;
			}
		}
		// Every visible entry is a selection somewhere: 5 highlights in the tricky note, the demo's entries elsewhere.
		expect(checked).toBe(expected.size);
		expect(result.selections).toBe(checked);

		// The tricky note is there as written, and its selections carry their codings.
		const tricky = sources.find((s) => s.name === 'Samtale på brygga 🌊.txt')!;
		expect(all(tricky, 'PlainTextSelection')).toHaveLength(5);
		for (const sel of all(tricky, 'PlainTextSelection')) expect(all(sel, 'Coding')).toHaveLength(3);

		// Codebook: codes, then GIGA-map and life stages as non-codable roots.
		const codes = all(all(all(project, 'CodeBook')[0], 'Codes')[0], 'Code');
		const giga = codes.find((c) => c.name === 'GIGA-kart')!;
		expect(giga.isCodable).toBe('false');
		expect(all(giga, 'Code').length).toBeGreaterThan(0);
		expect(codes.find((c) => c.name === 'Livsfaser')!.isCodable).toBe('false');
		// Cases with variables, insights as notes referenced from their evidence, media, the map as a graph.
		expect(all(all(project, 'Cases')[0], 'Case').map((c) => c.name)).toContain('P-001');
		expect(all(all(project, 'Notes')[0], 'Note').length).toBe(2);
		expect(qde).toContain('<NoteRef targetGUID=');
		expect(all(all(project, 'Sources')[0], 'PictureSource')).toHaveLength(1);
		expect(all(all(project, 'Sources')[0], 'AudioSource')).toHaveLength(1);
		expect(all(all(all(project, 'Graphs')[0], 'Graph')[0], 'Vertex').length).toBeGreaterThan(0);
		// The recording travels byte for byte.
		const audio = all(all(project, 'Sources')[0], 'AudioSource')[0];
		const audioBytes = files[`sources/${String(audio.path).slice('internal://'.length)}`];
		expect(audioBytes.length).toBe(70_000);
		expect(audioBytes[69_999]).toBe((69_999 * 37 + 70_000) % 256);

		// GUIDs are the same on a second export.
		const again = strFromU8(unzipSync((await exportQdpx(await readProjectSnapshot(f, f.projectId))).bytes)['project.qde']);
		expect(again).toBe(qde);
		f.db.close();
	});

	it('exports a code applied by two researchers as one Coding each, by who applied it', async () => {
		const f = await demoWithTrickyNote();
		const qde = async () => strFromU8(unzipSync((await exportQdpx(await readProjectSnapshot(f, f.projectId))).bytes)['project.qde']);
		const count = (xml: string, what: RegExp) => xml.match(what)?.length ?? 0;
		const before = await qde();
		const tag = (await f.db.taggings.toArray()).find((t) => t.kind === 'code' && !t.deleted)!;
		await f.repos.codings.create(f.projectId, { targetId: tag.targetId, codeId: tag.tagId, coder: 'user-b' }, codingId(tag.targetId, tag.tagId, 'user-b'));
		const after = await qde();
		expect(await schemaErrors(after, 'Project.xsd')).toEqual([]);
		expect(count(after, /<Coding /g)).toBe(count(before, /<Coding /g) + 1);
		expect(count(after, /<User /g)).toBe(count(before, /<User /g) + 1);
		f.db.close();
	});

	it('leaves out a session recording or photo when anyone in the session withdrew consent', async () => {
		const f = await demoWithTrickyNote();
		const session = (await f.repos.sessions.listByProject(f.projectId)).find((x) => x.title === 'Samtale på brygga 🌊')!;
		const other = (await f.repos.participants.listByProject(f.projectId)).find((p) => !session.participantIds.includes(p.id))!;
		await f.repos.sessions.update(session.id, { participantIds: [...session.participantIds, other.id] });
		const media = async () => {
			const qde = strFromU8(unzipSync((await exportQdpx(await readProjectSnapshot(f, f.projectId))).bytes)['project.qde']);
			const sources = all(all(parseXml(qde), 'Project')[0], 'Sources')[0];
			return all(sources, 'AudioSource').length + all(sources, 'PictureSource').length;
		};
		expect(await media()).toBe(2);
		await withdrawConsent(f, other.id, '2026-10-12', 'user-a');
		expect(await media()).toBe(0);
		f.db.close();
	});

	it('extracts the same plain text as the search snapshot, with code-point offsets', () => {
		const doc = new Y.Doc();
		const p = new Y.XmlElement('paragraph');
		const t = new Y.XmlText();
		p.insert(0, [t]);
		t.insert(0, '🎉æ');
		t.insert(3, 'øå', { highlight: { highlightId: 'h' } });
		doc.getXmlFragment('default').insert(0, [p]);
		const out = exportNoteDoc(doc);
		expect(out.text).toBe(noteText(doc));
		// 🎉 is two UTF-16 units but one code point.
		expect(out.spans.get('h')).toEqual([2, 4]);
	});
});
