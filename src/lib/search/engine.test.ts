import { describe, expect, it } from 'vitest';
import { buildIndex, highlight, search } from './engine';

const docs = [
	{ id: 'e1', kind: 'entry' as const, text: 'Hun sa at bussen aldri kommer når skolen slutter' },
	{ id: 'e2', kind: 'entry' as const, text: 'NAV-veilederen byttes hvert halvår' },
	{ id: 'n1', kind: 'session' as const, text: 'Intervju på biblioteket, mye støy' },
	{ id: 'c1', kind: 'code' as const, text: 'Transport' }
];

describe('search engine', () => {
	it('finds a word despite a typo', () => {
		const hits = search(buildIndex(docs), 'veiledern');
		expect(hits.map((h) => h.id)).toEqual(['e2']);
	});
	it('finds by prefix and keeps the kind', () => {
		const hits = search(buildIndex(docs), 'bibli');
		expect(hits).toMatchObject([{ id: 'n1', kind: 'session' }]);
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
