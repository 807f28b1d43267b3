import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { importQdpxProject } from '$lib/data/qdpxImport';
import { openTestData } from '$lib/data/testing';
import { exportNote } from '../noteText';
import { exportQdpx } from '../qdpx';
import { previewQdpx, readQdpxProject } from '../qdpxRead';
import { schemaErrors } from './fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../../tests/fixtures/refi/${name}`, import.meta.url))));

describe('.qdpx import of a project in QualCoder’s export shape (tests/fixtures/refi)', () => {
	it('previews what it will import and what it leaves out', () => {
		const preview = previewQdpx(readQdpxProject(fixture('qualcoder-shaped.qdpx')));
		expect(preview).toMatchObject({ name: 'Fritid og skole', origin: 'QualCoder 3.7', textSources: 2, pictures: 1, recordings: 0, codes: 5, selections: 5, cases: 2, notes: 1, coders: ['Kari', 'Ola'] });
		expect(preview.skipped).toEqual([{ kind: 'source', name: 'klubben.mp4', reason: 'unsupportedSource' }]);
	});

	it('imports sources, codes, codings at their offsets, the journal, the picture and the cases – real names replaced', async () => {
		const data = openTestData({ actor: 'user-i' });
		const s = await importQdpxProject(data, readQdpxProject(fixture('qualcoder-shaped.qdpx')), { language: 'nb', fallbackName: 'x' });
		expect(s).toMatchObject({ sessions: 4, codes: 5, highlights: 3, participants: 2, renamedCases: 1, insights: 0, memos: 1, attachments: 1, comments: 1 });
		const { db } = data;
		const mine = <T extends { projectId: string; deleted: 0 | 1 }>(rows: T[]) => rows.filter((r) => r.projectId === s.projectId && !r.deleted);

		const codes = mine(await db.codes.toArray());
		const group = codes.find((c) => c.name === 'Møter med tjenestene')!;
		expect(group.codable).toBe(false);
		const nav = codes.find((c) => c.name === 'Kontakt med NAV')!;
		expect([nav.parentId, nav.colour]).toEqual([group.id, '#377eb8']);
		expect(codes.find((c) => c.name === 'Ingen tilbakemelding')!.parentId).toBe(nav.id);

		const sessions = mine(await db.sessions.toArray());
		expect(sessions.map((x) => x.title).sort()).toEqual(['Intervju 1', 'Observasjon klubben', 'Oppslagstavla', 'Refleksjon etter uke 1']);
		expect(sessions.every((x) => x.kind === 'deskResearch')).toBe(true);
		const notes = mine(await db.notes.toArray());
		const interview = notes.find((n) => n.sessionId === sessions.find((x) => x.title === 'Intervju 1')!.id)!;
		// No BOM in the text; the CRLF file reads as LF lines.
		expect(interview.text.startsWith('Intervju med ungdom 🎧\n')).toBe(true);
		expect(notes.some((n) => n.text === 'Observasjon på fritidsklubben\nMange kom etter klokka 18.\nIngen voksne fra skolen var der.')).toBe(true);

		// Three QualCoder selections over "NAV ringte aldri tilbake." (two codes, two coders) are one highlight with both codes.
		const entries = mine(await db.entries.toArray());
		const navEntry = entries.find((e) => e.text === 'NAV ringte aldri tilbake.')!;
		const tags = mine(await db.taggings.toArray()).filter((t) => t.targetId === navEntry.id).map((t) => codes.find((c) => c.id === t.tagId)!.name);
		expect(tags.sort()).toEqual(['Ingen tilbakemelding', 'Kontakt med NAV']);
		expect(s.coders).toEqual(['Kari', 'Ola']);
		// The mark sits on exactly those code points of the note, as an export finds it.
		const updates = (await db.noteUpdates.where('noteId').equals(interview.id).toArray()).map((u) => u.update);
		const exported = exportNote(interview.id, updates, '');
		const highlight = mine(await db.highlights.toArray()).find((h) => h.entryId === navEntry.id)!;
		const [start, end] = exported.spans.get(highlight.id)!;
		expect(Array.from(exported.text).slice(start, end).join('')).toBe('NAV ringte aldri tilbake.');
		expect(mine(await db.comments.toArray()).map((c) => c.text)).toEqual(['Sier det rett ut']);

		const participants = mine(await db.participants.toArray()).sort((a, b) => a.code.localeCompare(b.code));
		expect(participants.map((p) => [p.code, p.age, p.municipality, p.consent])).toEqual([
			['ID-7', 19, 'Vefsn', null],
			['P-001', 17, 'Bodø', null]
		]);
		// The real-looking name is nowhere in the project.
		const everything = JSON.stringify(await Promise.all(['participants', 'sessions', 'notes', 'entries', 'comments'].map((t) => db.table(t).toArray())));
		expect(everything).not.toContain('Kari Nordmann');

		const attachment = mine(await db.attachments.toArray())[0];
		expect([attachment.kind, attachment.mime]).toEqual(['photo', 'image/png']);
		expect((await db.blobs.get(attachment.sha256))?.size).toBe(attachment.size);

		// And it exports again as a valid project with the same text at the same offsets.
		const again = await exportQdpx(await readProjectSnapshot(data, s.projectId));
		const qde = strFromU8(unzipSync(again.bytes)['project.qde']);
		expect(await schemaErrors(qde, 'Project.xsd')).toEqual([]);
		const text = 'Intervju med ungdom 🎧\nJeg sluttet på skolen i fjor.\nNAV ringte aldri tilbake.\nNå jobber jeg litt på kafé.';
		const at = Array.from(text.slice(0, text.indexOf('NAV'))).length;
		expect(qde).toContain(`startPosition="${at}" endPosition="${at + 'NAV ringte aldri tilbake.'.length}"`);
	});
});
