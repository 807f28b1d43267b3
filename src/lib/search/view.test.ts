import { describe, expect, it } from 'vitest';
import type { Entry } from '$lib/domain/entry';
import type { Session } from '$lib/domain/session';
import { buildIndex, search, type SearchDoc } from './engine';
import { applyFilter, byDate, type EntryItem, type LibraryData, type LibraryFilter, type LibraryItem, type SessionItem } from './library';
import { LibraryView } from './view';

function entry(id: string, text: string, kind: Entry['kind'], tags: [string, 'region' | 'lifeStage' | 'code'][], date: string, sessionId: string | null = null): EntryItem {
	const e = { id, kind, text, sessionId, participantId: null, reviewStatus: 'new', createdBy: 'r1' } as unknown as Entry;
	return { type: 'entry', id, entry: e, tags: tags.map(([tagId, k]) => ({ id: tagId, kind: k, name: tagId })), date, researchers: ['r1'], highlight: null };
}

function session(id: string, title: string, date: string, participants: string[] = []): SessionItem {
	const s = { id, kind: 'interview', title, date, place: '', researchers: [], participantIds: participants, createdBy: 'r2' } as unknown as Session;
	return { type: 'session', id, session: s, participants: participants.map((p) => ({ id: p, code: p })), tags: [], date, researchers: ['r2'] };
}

function library(items: LibraryItem[], extra: SearchDoc[] = []): LibraryData {
	const sorted = [...items].sort(byDate);
	const docs: SearchDoc[] = [
		...sorted.map((i) => (i.type === 'entry' ? { id: i.id, kind: 'entry' as const, text: i.entry.text } : { id: i.id, kind: 'session' as const, text: i.session.title })),
		...extra
	];
	return { items: sorted, names: new Map([['s1', 'Samtale på klubben']]), docs };
}

const small = library(
	[
		entry('a', 'Bussen kommer aldri', 'quote', [['school', 'region'], ['teen', 'lifeStage']], '2026-01-01'),
		entry('b', 'Skolen ringte aldri', 'quote', [['school', 'region']], '2026-01-02'),
		entry('c', 'Bussen var full', 'observation', [['nav', 'region'], ['teen', 'lifeStage']], '2026-03-01', 's1'),
		entry('d', 'Ingen vet', 'unknown', [], '2026-02-01'),
		session('s1', 'Samtale om bussen', '2026-03-01', ['p1'])
	],
	[{ id: 'p1', kind: 'participant', text: 'P-001 Lyngdal' }]
);

describe('the library view answered beside the index', () => {
	it('counts every facet and filters exactly as the main-thread filter did, browsing and searching', () => {
		const view = new LibraryView(small, buildIndex(small.docs));
		const filters: LibraryFilter[] = [{}, { region: 'school' }, { region: 'school', lifeStage: 'teen' }, { kind: 'session' }, { session: 's1' }, { from: '2026-02-01' }, { review: 'new', region: 'nav' }];
		for (const filter of filters) {
			for (const query of ['', 'bussen', 'aldri']) {
				const hits = query ? search(buildIndex(small.docs), query, Infinity) : [];
				const only = query ? new Set(hits.filter((h) => h.kind === 'entry' || h.kind === 'session').map((h) => h.id)) : undefined;
				const want = applyFilter(small.items, filter, only);
				if (only) {
					const rank = new Map(hits.map((h, i) => [h.id, i]));
					want.items.sort((x, y) => rank.get(x.id)! - rank.get(y.id)!);
				}
				const got = view.view({ query, filter, limit: 100 });
				const label = JSON.stringify({ query, filter });
				expect(got.facets, label).toEqual(want.facets);
				const rows = query ? want.items.filter((i) => i.type === 'entry') : want.items;
				expect(got.rows.map((r) => r.id), label).toEqual(rows.map((r) => r.id));
				expect(got.entryCount, label).toBe(want.items.filter((i) => i.type === 'entry').length);
				expect(got.sessionCount, label).toBe(want.items.filter((i) => i.type === 'session').length);
			}
		}
	});

	it('sends only the rows asked for, with their matched terms, and groups the hits that are not evidence', () => {
		const view = new LibraryView(small, buildIndex(small.docs));
		const got = view.view({ query: 'bussen', filter: {}, limit: 1 });
		expect(got.query).toBe('bussen');
		expect(got.rows).toHaveLength(1);
		expect(got.rowCount).toBe(2);
		expect(Object.keys(got.terms)).toEqual([got.rows[0].id]);
		expect(got.terms[got.rows[0].id]).toEqual(['bussen']);
		expect(got.groups!.sessions.count).toBe(1);
		expect(got.groups!.sessions.shown[0]).toMatchObject({ item: { id: 's1' }, text: 'Samtale om bussen', terms: ['bussen'] });
		expect(view.view({ query: 'lyngdal', filter: {}, limit: 10 }).groups!.participant).toEqual({ count: 1, shown: [{ id: 'p1', text: 'P-001 Lyngdal', terms: ['lyngdal'] }] });
		// Names of the values listed, so the screen can label the facets.
		expect(got.names).toEqual({ s1: 'Samtale på klubben' });
		expect(view.view({ query: '', filter: {}, limit: 10 }).groups).toBeNull();
	});

	it('counts every hit of a broad query, far beyond what is sent', () => {
		const items = Array.from({ length: 7000 }, (_, i) => entry(`e${String(i).padStart(5, '0')}`, `Bussen kom ${i % 2 ? 'sent' : 'tidlig'}`, 'quote', [[`r${i % 7}`, 'region']], '2026-01-01'));
		const data = library(items);
		const view = new LibraryView(data, buildIndex(data.docs));
		const got = view.view({ query: 'buss', filter: {}, limit: 50 });
		expect(got.rows).toHaveLength(50);
		expect(got.rowCount).toBe(7000);
		expect(got.entryCount).toBe(7000);
		expect(got.facets.region.reduce((sum, c) => sum + c.count, 0)).toBe(7000);
		expect(view.view({ query: 'buss sent', filter: { region: 'r1' }, limit: 50 }).rowCount).toBe(500);
	});
});
