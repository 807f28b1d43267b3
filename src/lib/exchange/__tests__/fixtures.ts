import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import * as Y from 'yjs';
import { loadDemoProject } from '$lib/data/demo';
import { updateParticipant } from '$lib/data/participants';
import { openTestData, type TestData } from '$lib/data/testing';
import { noteIdFor } from '$lib/domain/noteId';
import { noteFragment } from '$lib/notes/noteDoc';
import { createHighlight } from '$lib/notes/highlights';
import { appendNoteUpdate } from '$lib/notes/updateLog';
import { codingId } from '$lib/domain/coding';

const xsd = (name: string) => readFileSync(fileURLToPath(new URL(`../refi-qda/${name}`, import.meta.url)), 'utf8');

/** Validates a document with libxml2 (compiled to wasm: no system package needed). */
export async function schemaErrors(xml: string, schema: 'Project.xsd' | 'Codebook.xsd'): Promise<string[]> {
	const result = await validateXML({ xml: [{ fileName: 'doc.xml', contents: xml }], schema: [{ fileName: schema, contents: xsd(schema) }] });
	return result.errors.map((e) => e.rawMessage);
}

export const parseXml = (xml: string) =>
	new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false, isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute }).parse(xml) as Record<string, unknown>;

/** A paragraph of text runs; each run may carry a highlight mark, as y-prosemirror stores it. */
export type Run = string | { text: string; highlight: string | string[] };

export function paragraph(runs: Run[]): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	p.insert(0, [text]);
	let at = 0;
	// Y.Text carries the formatting of the character before an insert unless told otherwise (as y-prosemirror does).
	const used = new Set<string>(['highlight']);
	const cleared = () => Object.fromEntries([...used].map((k) => [k, null]));
	for (const run of runs) {
		if (typeof run === 'string') text.insert(at, run, cleared());
		else {
			// Overlapping marks of one type: y-prosemirror keeps the second under `highlight--<hash>`.
			const marks = [run.highlight].flat().map((id, i) => [i === 0 ? 'highlight' : `highlight--${id.slice(-4)}`, { highlightId: id }] as const);
			for (const [k] of marks) used.add(k);
			text.insert(at, run.text, { ...cleared(), ...Object.fromEntries(marks) });
		}
		at += (typeof run === 'string' ? run : run.text).length;
	}
	return p;
}

export interface ExchangeFixture extends TestData {
	projectId: string;
	sessionId: string;
	/** highlight id → the text it marks. */
	highlighted: Map<string, string>;
	attachmentIds: string[];
}

/**
 * The demo project, plus a session whose note has emoji, æøå, an empty line
 * and a hard line break, with highlights before and after them – one of them
 * across the break and one overlapping another – each tagged.
 */
export async function demoWithTrickyNote(): Promise<ExchangeFixture> {
	let tick = Date.parse('2026-09-01T10:00:00Z');
	const data = openTestData({ now: () => new Date((tick += 1000)) });
	const { ctx, repos, db } = data;
	const project = await loadDemoProject(ctx, repos, 'nb');
	const participants = await repos.participants.listByProject(project.id);
	const p1 = participants.find((p) => p.code === 'P-001')!;
	const session = await repos.sessions.create(project.id, { kind: 'interview', title: 'Samtale på brygga 🌊', date: '2026-10-10', participantIds: [p1.id] });
	const noteId = noteIdFor(session.id);
	await repos.notes.create(project.id, { sessionId: session.id, text: '' }, noteId);

	const ids = ['a', 'b', 'c', 'd', 'e'].map((x) => `0190a000-0000-7000-8000-00000000000${x}`);
	const doc = new Y.Doc();
	const hard = paragraph(['Hun sa: ', { text: 'jeg gidder ikke', highlight: ids[2] }]);
	hard.insert(1, [new Y.XmlElement('hardBreak')]);
	const tail = new Y.XmlText();
	tail.insert(0, 'mer 😅', { highlight: { highlightId: ids[2] } });
	tail.insert(6, ' ', { highlight: null });
	hard.insert(2, [tail]);
	noteFragment(doc).insert(0, [
		paragraph(['Første linje med 👩‍👩‍👧 og 🎉 før æøå. ', { text: 'Ærlig talt, «skolen» var for stor', highlight: ids[0] }, ' sa hun.']),
		paragraph([]),
		paragraph(['Så: ', { text: 'Blåbær 🫐 på ', highlight: ids[1] }, { text: 'Øya', highlight: ids[1] }, '.']),
		hard,
		paragraph(['Til slutt 🧭: ', { text: 'ingen ', highlight: ids[3] }, { text: 'spør', highlight: [ids[3], ids[4]] }, { text: ' meg', highlight: ids[4] }, ' 🙂'])
	]);
	await appendNoteUpdate(db, { projectId: project.id, noteId, update: Y.encodeStateAsUpdate(doc) });
	doc.destroy();

	const texts = ['Ærlig talt, «skolen» var for stor', 'Blåbær 🫐 på Øya', 'jeg gidder ikke\nmer 😅', 'ingen spør', 'spør meg'];
	const highlighted = new Map<string, string>();
	const codes = await repos.codes.listByProject(project.id);
	const regions = await repos.regions.listByProject(project.id);
	const stages = await repos.lifeStages.listByProject(project.id);
	for (const [i, text] of texts.entries()) {
		const { entry } = await createHighlight({ db, repos }, { projectId: project.id, sessionId: session.id, noteId, kind: 'quote', text, highlightId: ids[i] });
		await repos.taggings.tag(project.id, entry.id, 'code', codes[i % codes.length].id);
		await repos.taggings.tag(project.id, entry.id, 'region', regions[(i * 3) % regions.length].id);
		await repos.taggings.tag(project.id, entry.id, 'lifeStage', stages[i % stages.length].id);
		highlighted.set(ids[i], text);
	}
	// A photo and a recording, with bytes that are not valid text (every byte value occurs).
	// P-001 agrees to photos too (the demo has her agree to notes, audio and quotes): a server refuses a photo without it.
	await updateParticipant(data, p1.id, { consent: { ...p1.consent!, scope: [...new Set([...p1.consent!.scope, 'photo' as const, 'audio' as const])] } });
	const attachmentIds: string[] = [];
	for (const [kind, mime, size] of [['photo', 'image/jpeg', 3000], ['audio', 'audio/webm', 70_000]] as const) {
		const bytes = new Uint8Array(size).map((_, i) => (i * 37 + size) % 256);
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		await db.blobs.put({ sha256, blob: new Blob([bytes], { type: mime }), size, mime, uploaded: 0 });
		const a = await repos.attachments.create(project.id, { kind, sessionId: session.id, participantId: p1.id, sha256, size, mime });
		attachmentIds.push(a.id);
	}
	// Review work: an insight on two of the highlights and an innovation area over it.
	const entries = await repos.entries.listByProject(project.id);
	const evidence = entries.filter((e) => e.highlightId === ids[0] || e.highlightId === ids[1]).map((e) => e.id);
	const insight = await repos.insights.create(project.id, { statement: 'Unge merker at ingen følger opp 👀', evidenceIds: evidence, status: 'agreed' });
	await repos.innovationAreas.create(project.id, { name: 'Noen som spør', loop: 'Ingen spør → ungdom trekker seg unna → ingen ser', insightIds: [insight.id], regionIds: [regions[0].id], mainProject: true });
	return { ...data, projectId: project.id, sessionId: session.id, highlighted, attachmentIds };
}

export interface ConsumerFixture extends ExchangeFixture {
	/** The highlight a second researcher coded too. */
	twiceCodedHighlight: string;
	unknownEntryId: string;
	factEntryId: string;
	insightStatement: string;
	/** A session whose title holds `:` and `/`. */
	awkwardSessionTitle: string;
}

/**
 * What real consumers trip over, on top of the tricky note: two photos and a
 * recording in one session, the default map's repeated sub-region names
 * ("Strukturer" under both Fremmere and Hemmere), a highlight coded by two
 * researchers, an unknown unknown with its three answers, a key figure with its
 * source, an insight over them, and a session titled with `:` and `/`.
 */
export async function demoForConsumers(): Promise<ConsumerFixture> {
	const f = await demoWithTrickyNote();
	const { db, repos, projectId, sessionId } = f;
	const p1 = (await repos.participants.listByProject(projectId)).find((p) => p.code === 'P-001')!;
	const bytes = new Uint8Array(2000).map((_, i) => (i * 11 + 5) % 256);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	await db.blobs.put({ sha256, blob: new Blob([bytes], { type: 'image/jpeg' }), size: bytes.length, mime: 'image/jpeg', uploaded: 0 });
	const photo = await repos.attachments.create(projectId, { kind: 'photo', sessionId, participantId: p1.id, sha256, size: bytes.length, mime: 'image/jpeg' });

	const twiceCodedHighlight = [...f.highlighted.keys()][0];
	const entry = (await repos.entries.listByProject(projectId)).find((e) => e.highlightId === twiceCodedHighlight)!;
	const tag = (await db.taggings.toArray()).find((t) => t.kind === 'code' && !t.deleted && t.targetId === entry.id)!;
	await repos.codings.create(projectId, { targetId: tag.targetId, codeId: tag.tagId, coder: 'user-b' }, codingId(tag.targetId, tag.tagId, 'user-b'));

	const awkwardSessionTitle = 'Møte: NAV/skole';
	const awkward = await repos.sessions.create(projectId, { kind: 'workshop', title: awkwardSessionTitle, date: '2026-10-11', participantIds: [p1.id] });
	const unknown = await repos.entries.create(projectId, {
		kind: 'unknown',
		text: 'Ingen visste at bussen slutter å gå klokka 17',
		sessionId: awkward.id,
		unknown: { surprise: 'At ingen hadde sjekket rutene', whyUnknown: 'Vi spurte bare om skolen', nextQuestion: 'Hvordan kommer du hjem?' }
	});
	const fact = await repos.entries.create(projectId, { kind: 'fact', text: '14 prosent står utenfor', sessionId: awkward.id, source: 'SSB tabell 13563' });
	const regions = await repos.regions.listByProject(projectId);
	const redStructures = regions.find((r) => r.name === 'Strukturer' && regions.find((p) => p.id === r.parentId)?.name === 'Hemmere')!;
	await repos.taggings.tag(projectId, unknown.id, 'region', redStructures.id);
	const insightStatement = 'Transport avgjør om unge kommer seg til tilbudene';
	await repos.insights.create(projectId, { statement: insightStatement, evidenceIds: [unknown.id, fact.id], status: 'draft' });
	return {
		...f,
		attachmentIds: [...f.attachmentIds, photo.id],
		twiceCodedHighlight,
		unknownEntryId: unknown.id,
		factEntryId: fact.id,
		insightStatement,
		awkwardSessionTitle
	};
}
