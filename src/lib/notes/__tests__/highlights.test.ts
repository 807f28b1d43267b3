import { afterEach, describe, expect, it } from 'vitest';
import { openTestData, type TestData } from '$lib/data/testing';
import { createHighlight, entryIdForHighlight } from '../highlights';

const projectId = 'project-1';
const sessionId = 'session-1';
const noteId = `note:${sessionId}`;

let t: TestData;
afterEach(() => t?.db.close());

describe('highlights', () => {
	it('belongs to the participant when the session has exactly one, so it follows their consent', async () => {
		t = openTestData();
		// What is marked needs the participants' consent to notes (see data/captureGate.ts).
		const consent = { status: 'given' as const, date: '2026-09-14', scope: ['notes' as const], recordedBy: 'u' };
		for (const id of ['p-1', 'p-2']) await t.repos.participants.create(projectId, { code: id.toUpperCase(), age: 20, consent }, id);
		const one = await t.repos.sessions.create(projectId, { kind: 'interview', title: 'Én deltaker', date: '2026-09-14', participantIds: ['p-1'] });
		const two = await t.repos.sessions.create(projectId, { kind: 'workshop', title: 'To deltakere', date: '2026-09-14', participantIds: ['p-1', 'p-2'] });
		const mine = await createHighlight(t, { projectId, sessionId: one.id, noteId: `note:${one.id}`, kind: 'quote', text: 'Jeg sluttet etter jul.' });
		const shared = await createHighlight(t, { projectId, sessionId: two.id, noteId: `note:${two.id}`, kind: 'observation', text: 'De snakker i munnen på hverandre.' });
		expect(mine.entry.participantId).toBe('p-1');
		expect(shared.entry.participantId).toBeNull();
	});

	it('writes the highlight, its entry and their outbox changes together, linked both ways', async () => {
		t = openTestData();
		const { highlight, entry } = await createHighlight(t, {
			projectId,
			sessionId,
			noteId,
			kind: 'quote',
			text: ' «Det er ingen som spør hvordan det egentlig går.» ',
			recording: { attachmentId: 'audio-1', offsetMs: 2_400 }
		});
		const storedHighlight = await t.repos.highlights.get(highlight.id);
		const storedEntry = await t.repos.entries.get(entry.id);
		expect(storedHighlight).toMatchObject({
			noteId,
			sessionId,
			entryId: entry.id,
			text: '«Det er ingen som spør hvordan det egentlig går.»',
			recordingOffsetMs: 2_400
		});
		expect(storedEntry).toMatchObject({
			kind: 'quote',
			text: '«Det er ingen som spør hvordan det egentlig går.»',
			sessionId,
			highlightId: highlight.id,
			recordingOffsetMs: 2_400,
			attachmentId: 'audio-1',
			reviewStatus: 'new'
		});
		const outboxTables = new Set((await t.db.outbox.toArray()).map((c) => `${c.table}:${c.rowId}`));
		expect(outboxTables).toEqual(new Set([`highlights:${highlight.id}`, `entries:${entry.id}`]));
		expect(await entryIdForHighlight(t, highlight.id)).toBe(entry.id);
	});

	it('uses ids chosen beforehand (the editor marks the text before the write)', async () => {
		t = openTestData();
		const { highlight, entry } = await createHighlight(t, {
			projectId,
			sessionId,
			noteId,
			kind: 'observation',
			text: 'Venterommet er fullt.',
			highlightId: 'h-1',
			entryId: 'e-1'
		});
		expect([highlight.id, entry.id]).toEqual(['h-1', 'e-1']);
		expect(entry).toMatchObject({ recordingOffsetMs: null, attachmentId: null, kind: 'observation' });
	});

	it('writes nothing when the entry cannot be saved', async () => {
		t = openTestData();
		await expect(
			createHighlight(t, { projectId, sessionId, noteId, kind: 'quote', text: '   ', highlightId: 'h-2' })
		).rejects.toThrow();
		expect(await t.db.highlights.count()).toBe(0);
		expect(await t.db.entries.count()).toBe(0);
		expect(await t.db.outbox.count()).toBe(0);
		expect(await entryIdForHighlight(t, 'h-2')).toBeNull();
	});
});
