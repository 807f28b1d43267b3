import { describe, expect, it } from 'vitest';
import { buildIndex, highlight, search, type SearchDoc } from './engine';

const docs = [
	{ id: 'e1', kind: 'entry' as const, text: 'Hun sa at bussen aldri kommer når skolen slutter' },
	{ id: 'e2', kind: 'entry' as const, text: 'NAV-veilederen byttes hvert halvår' },
	{ id: 'n1', kind: 'session' as const, text: 'Intervju på biblioteket, mye støy' },
	{ id: 'c1', kind: 'code' as const, text: 'Transport' },
	{ id: 'e3', kind: 'entry' as const, text: 'Saksbehandleren ringte aldri tilbake' },
	{ id: 'e4', kind: 'entry' as const, text: 'Vi tok bussen til svømmehallen' },
	{ id: 'e5', kind: 'entry' as const, text: 'Ingen visste hvem som hadde ansvaret' }
];

// A code and a region whose names no entry contains, each tagged on entries.
const tagged = [
	...docs,
	{ id: 'c2', kind: 'code' as const, text: 'Ansvarspulverisering – ingen eier problemet', evidence: ['e2', 'e5'] },
	{ id: 'r1', kind: 'region' as const, text: 'Idrett og fritid', evidence: ['e4'] }
];
const ids = (query: string, from: SearchDoc[] = docs) => search(buildIndex(from), query).map((h) => h.id);

describe('search engine', () => {
	it('finds a word despite a typo', () => {
		const hits = search(buildIndex(docs), 'veiledern');
		expect(hits.map((h) => h.id)).toEqual(['e2']);
	});
	it('finds by prefix and keeps the kind', () => {
		const hits = search(buildIndex(docs), 'bibli');
		expect(hits).toMatchObject([{ id: 'n1', kind: 'session' }]);
	});
	it('tolerates two neighbouring letters swapped', () => {
		expect(ids('skoel')).toEqual(['e1']);
		expect(ids('bsusen').sort()).toEqual(['e1', 'e4']);
	});
	it('tolerates one letter missing, extra or wrong, and finds the longer form of the word', () => {
		expect(ids('sakbehandler')).toEqual(['e3']);
		expect(ids('saksbehhandleren')).toEqual(['e3']);
		expect(ids('svømmehslen')).toEqual(['e4']);
	});
	it('tolerates a swap and another edit in a long word', () => {
		expect(ids('saksbehnadlern')).toEqual(['e3']);
	});
	it('keeps words under four letters exact: no swaps, no edits', () => {
		expect(ids('nva')).toEqual([]);
		expect(ids('nav')).toEqual(['e2']);
		expect(ids('vo')).toEqual([]);
	});
	it('ranks the word spelt right above a typo of it', () => {
		const hits = search(buildIndex([...docs, { id: 'e6', kind: 'entry' as const, text: 'Skolen er stengt' }, { id: 'e7', kind: 'entry' as const, text: 'Sokelen er stengt' }]), 'skolen');
		expect(hits.map((h) => h.id).slice(0, 2).sort()).toEqual(['e1', 'e6']);
	});
	it('a matched code returns the evidence tagged with it, below the code', () => {
		const hits = search(buildIndex(tagged), 'ansvarspulverisering');
		expect(hits[0]).toMatchObject({ id: 'c2', kind: 'code' });
		expect(hits.slice(1).map((h) => h.id).sort()).toEqual(['e2', 'e5']);
		expect(hits.slice(1).every((h) => h.kind === 'entry')).toBe(true);
	});
	it('a matched region returns its evidence, also when typed with a swap', () => {
		expect(ids('idertt', tagged).sort()).toEqual(['e4', 'r1']);
		expect(search(buildIndex(tagged), 'fritid').find((h) => h.id === 'e4')?.kind).toBe('entry');
	});
	it('evidence that matches and is tagged with a matched code appears once', () => {
		const hits = search(buildIndex(tagged), 'ingen');
		expect(hits.filter((h) => h.id === 'e5')).toHaveLength(1);
		expect(hits.map((h) => h.id).sort()).toEqual(['c2', 'e2', 'e5']);
	});
	it('returns nothing for an empty query', () => {
		expect(search(buildIndex(docs), '  ')).toEqual([]);
	});
	it('highlights the matched words', () => {
		const [hit] = search(buildIndex(docs), 'busen');
		const segments = highlight(docs[0].text, hit.terms);
		expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(['bussen']);
		expect(segments.map((s) => s.text).join('')).toBe(docs[0].text);
	});
});
