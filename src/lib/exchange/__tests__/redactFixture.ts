import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { loadDemoProject } from '$lib/data/demo';
import { openTestData, type TestData } from '$lib/data/testing';
import { noteIdFor } from '$lib/domain/noteId';
import { noteFragment } from '$lib/notes/noteDoc';
import { createHighlight } from '$lib/notes/highlights';
import { appendNoteUpdate } from '$lib/notes/updateLog';

import { paragraph } from './fixtures';
export { paragraph, type Run } from './fixtures';

/** The words the tests look for in every file: each unique in the project. */
export const words = {
	ada: 'Jeg orket ikke mer av skolen 😢 den høsten',
	adaSecond: 'Mamma visste ingenting',
	bo: 'Fotballen på fritida 🧭 reddet meg',
	/** Ada's highlight is "vi elsket Tromsøbadet", Bo's "Tromsøbadet om vinteren": they share a word. */
	adaOnly: 'vi elsket',
	overlap: 'Tromsøbadet',
	boOnly: 'om vinteren',
	alone: 'Ingen spurte meg om noe på to år',
	team: 'Intervjuet ble holdt på biblioteket'
};

export interface RedactFixture extends TestData {
	projectId: string;
	ada: string;
	bo: string;
	sharedSession: string;
	aloneSession: string;
	/** highlight id → its entry id. */
	entryOf: Map<string, string>;
	ids: Record<'ada' | 'adaSecond' | 'bo' | 'adaOverlap' | 'boOverlap' | 'alone', string>;
	insightId: string;
}

/**
 * The demo project plus two sessions: one Ada (P-001) shares with Bo (P-002),
 * whose note holds a highlighted sentence of each – Ada's second one over two
 * paragraphs, and one phrase both highlighted – and one Ada had alone. A
 * photo of the shared session and an insight citing both of them.
 */
export async function redactFixture(): Promise<RedactFixture> {
	let tick = Date.parse('2026-09-01T10:00:00Z');
	const data = openTestData({ now: () => new Date((tick += 1000)) });
	const { ctx, repos, db } = data;
	const project = await loadDemoProject(ctx, repos, 'nb');
	const participants = await repos.participants.listByProject(project.id);
	const ada = participants.find((p) => p.code === 'P-001')!;
	const bo = participants.find((p) => p.code === 'P-002')!;
	const shared = await repos.sessions.create(project.id, { kind: 'workshop', title: 'Verksted med to', date: '2026-10-10', participantIds: [ada.id, bo.id] });
	const alone = await repos.sessions.create(project.id, { kind: 'interview', title: 'Samtale alene', date: '2026-10-11', participantIds: [ada.id] });

	const ids = { ada: 'hl-ada-0000000001', adaSecond: 'hl-ada-0000000002', bo: 'hl-bo-00000000001', adaOverlap: 'hl-ada-0000000003', boOverlap: 'hl-bo-00000000002', alone: 'hl-alone-00000001' };
	const writeNote = async (sessionId: string, blocks: Y.XmlElement[]) => {
		const noteId = noteIdFor(sessionId);
		await repos.notes.create(project.id, { sessionId, text: '' }, noteId);
		const doc = new Y.Doc();
		noteFragment(doc).insert(0, blocks);
		await appendNoteUpdate(db, { projectId: project.id, noteId, update: Y.encodeStateAsUpdate(doc) });
		doc.destroy();
		return noteId;
	};
	const sharedNote = await writeNote(shared.id, [
		paragraph([`${words.team}. Ada: `, { text: words.ada, highlight: [ids.ada] }, '. Bo: ', { text: words.bo, highlight: [ids.bo] }, '.']),
		paragraph([
			'Begge: ',
			{ text: `${words.adaOnly} `, highlight: [ids.adaOverlap] },
			{ text: words.overlap, highlight: [ids.adaOverlap, ids.boOverlap] },
			{ text: ` ${words.boOnly}`, highlight: [ids.boOverlap] },
			' 🙂'
		]),
		paragraph([{ text: `${words.adaSecond},`, highlight: [ids.adaSecond] }]),
		paragraph([{ text: 'sa hun', highlight: [ids.adaSecond] }, ' til slutt.'])
	]);
	const aloneNote = await writeNote(alone.id, [paragraph([{ text: words.alone, highlight: [ids.alone] }, '.'])]);

	const entryOf = new Map<string, string>();
	const mark = async (sessionId: string, noteId: string, highlightId: string, text: string, participantId: string | null) => {
		const { entry } = await createHighlight({ db, repos }, { projectId: project.id, sessionId, noteId, kind: 'quote', text, highlightId });
		// In a shared session the researcher says whose words they are.
		if (participantId && entry.participantId !== participantId) await repos.entries.update(entry.id, { participantId });
		entryOf.set(highlightId, entry.id);
	};
	await mark(shared.id, sharedNote, ids.ada, words.ada, ada.id);
	await mark(shared.id, sharedNote, ids.adaSecond, `${words.adaSecond},\nsa hun`, ada.id);
	await mark(shared.id, sharedNote, ids.bo, `${words.bo}`, bo.id);
	await mark(shared.id, sharedNote, ids.adaOverlap, `${words.adaOnly} ${words.overlap}`, ada.id);
	await mark(shared.id, sharedNote, ids.boOverlap, `${words.overlap} ${words.boOnly}`, bo.id);
	await mark(alone.id, aloneNote, ids.alone, words.alone, null);

	const bytes = new Uint8Array(2000).map((_, i) => (i * 31) % 256);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	await db.blobs.put({ sha256, blob: new Blob([bytes], { type: 'image/jpeg' }), size: bytes.length, mime: 'image/jpeg', uploaded: 0 });
	await repos.attachments.create(project.id, { kind: 'photo', sessionId: shared.id, participantId: bo.id, sha256, size: bytes.length, mime: 'image/jpeg' });

	const insight = await repos.insights.create(project.id, {
		statement: 'Skolen mister dem om høsten',
		evidenceIds: [entryOf.get(ids.ada)!, entryOf.get(ids.bo)!],
		status: 'agreed'
	});
	return { ...data, projectId: project.id, ada: ada.id, bo: bo.id, sharedSession: shared.id, aloneSession: alone.id, entryOf, ids, insightId: insight.id };
}
