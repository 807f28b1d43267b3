import { describe, expect, it } from 'vitest';
import type { Entry } from '$lib/domain/entry';
import type { Session } from '$lib/domain/session';
import type { LocalData } from '$lib/data/local';
import { openTestData } from '$lib/data/testing';
import { createHighlight } from '$lib/notes/highlights';
import { applyFilter, libraryData, type EntryItem, type LibraryItem, type SessionItem } from './library';

function item(id: string, kind: Entry['kind'], tags: [string, 'region' | 'lifeStage' | 'code'][], date = '2026-01-01', sessionId: string | null = null): EntryItem {
	const entry = { id, kind, text: id, sessionId, participantId: null, reviewStatus: 'new', createdBy: 'r1' } as unknown as Entry;
	return { type: 'entry', id, entry, tags: tags.map(([tagId, k]) => ({ id: tagId, kind: k, name: tagId })), date, researchers: ['r1'], highlight: null };
}

function session(id: string, date: string, participants: string[] = []): SessionItem {
	const s = { id, kind: 'interview', title: id, date, place: '', researchers: [], participantIds: participants, createdBy: 'r2' } as unknown as Session;
	return { type: 'session', id, session: s, participants: participants.map((p) => ({ id: p, code: p })), tags: [], date, researchers: ['r2'] };
}

const items: LibraryItem[] = [
	item('a', 'quote', [['school', 'region'], ['teen', 'lifeStage']]),
	item('b', 'quote', [['school', 'region']]),
	item('c', 'observation', [['nav', 'region'], ['teen', 'lifeStage']], '2026-03-01', 's1'),
	item('d', 'unknown', []),
	session('s1', '2026-03-01', ['p1'])
];

describe('library filter', () => {
	it('gives exactly the entries tagged to both a region and a life stage', () => {
		const r = applyFilter(items, { region: 'school', lifeStage: 'teen' });
		expect(r.items.map((i) => i.id)).toEqual(['a']);
	});
	it('counts each facet with the other filters applied', () => {
		const r = applyFilter(items, { region: 'school' });
		expect(r.facets.region).toEqual([
			{ value: 'school', count: 2 },
			{ value: 'nav', count: 1 }
		]);
		expect(r.facets.kind).toEqual([{ value: 'quote', count: 2 }]);
		expect(r.facets.lifeStage).toEqual([{ value: 'teen', count: 1 }]);
	});
	it('filters by date range and by search hits', () => {
		expect(applyFilter(items, { from: '2026-02-01' }).items.map((i) => i.id)).toEqual(['c', 's1']);
		expect(applyFilter(items, {}, new Set(['b', 'd'])).items.map((i) => i.id)).toEqual(['b', 'd']);
	});
	it('lists sessions as their own kind, found by session, participant and researcher, never by review status', () => {
		const all = applyFilter(items, {});
		expect(all.facets.kind).toContainEqual({ value: 'session', count: 1 });
		expect(applyFilter(items, { kind: 'session' }).items.map((i) => i.id)).toEqual(['s1']);
		expect(applyFilter(items, { session: 's1' }).items.map((i) => i.id)).toEqual(['c', 's1']);
		expect(applyFilter(items, { participant: 'p1' }).items.map((i) => i.id)).toEqual(['s1']);
		expect(applyFilter(items, { researcher: 'r2' }).items.map((i) => i.id)).toEqual(['s1']);
		expect(applyFilter(items, { review: 'new' }).items.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd']);
	});
});

describe('library data', () => {
	it('holds sessions, entries and highlights in one list: each session heads its evidence, newest fieldwork first', async () => {
		const t = openTestData();
		const data = { ...t, deviceId: 'device-a', identity: null } as unknown as LocalData;
		const p = 'proj-1';
		// Consent to notes, or the gate refuses evidence captured in her session.
		const ada = await t.repos.participants.create(p, { code: 'P-001', consent: { status: 'given', date: '2026-08-20', scope: ['notes', 'quotes'], recordedBy: 'user-1' } });
		const early = await t.repos.sessions.create(p, { kind: 'interview', title: 'Samtale på klubben', date: '2026-09-01', place: 'Fyret', participantIds: [ada.id] });
		const late = await t.repos.sessions.create(p, { kind: 'workshop', title: 'Verksted', date: '2026-10-01' });
		const quote = await t.repos.entries.create(p, { kind: 'quote', text: 'Ingen spør.', sessionId: early.id });
		const { entry: marked, highlight } = await createHighlight(t, { projectId: p, sessionId: late.id, noteId: 'note-1', kind: 'observation', text: 'Ingen vet hvem som har ansvaret.' });

		const { items, docs, names } = await libraryData(data, p);
		expect(items.map((i) => i.id)).toEqual([late.id, marked.id, early.id, quote.id]);
		const first = items[0] as SessionItem;
		expect(first.type).toBe('session');
		const club = items[2] as SessionItem;
		expect(club.participants).toEqual([{ id: ada.id, code: 'P-001' }]);
		const hl = items[1] as EntryItem;
		expect(hl.highlight).toEqual({ sessionId: late.id, highlightId: highlight.id, sessionTitle: 'Verksted' });
		expect((items[3] as EntryItem).highlight).toBeNull();
		expect(applyFilter(items, { kind: 'highlight' }).items.map((i) => i.id)).toEqual([marked.id]);
		// A session is searchable by its title, place and participants even before it has notes.
		expect(docs.find((d) => d.id === early.id)).toEqual({ id: early.id, kind: 'session', text: 'Samtale på klubben\nFyret\nP-001' });
		expect(names.get(early.id)).toBe('Samtale på klubben');
	});

	it('leaves a withdrawn participant out of a session row and its search text', async () => {
		const t = openTestData();
		const data = { ...t, deviceId: 'device-a', identity: null } as unknown as LocalData;
		const p = 'proj-1';
		const gone = await t.repos.participants.create(p, { code: 'P-009' });
		await t.repos.participants.update(gone.id, { consent: { status: 'withdrawn', date: '2026-01-01', scope: [], recordedBy: 'user-a' } });
		const s = await t.repos.sessions.create(p, { kind: 'interview', title: 'Samtale', date: '2026-09-01', participantIds: [gone.id] });
		const { items, docs } = await libraryData(data, p);
		expect((items.find((i) => i.id === s.id) as SessionItem).participants).toEqual([]);
		expect(docs.some((d) => d.text.includes('P-009'))).toBe(false);
	});
});
