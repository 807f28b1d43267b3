import { describe, expect, it } from 'vitest';
import type { Entry } from '$lib/domain/entry';
import { applyFilter, type LibraryItem } from './library';

function item(id: string, kind: Entry['kind'], tags: [string, 'region' | 'lifeStage' | 'code'][], date = '2026-01-01'): LibraryItem {
	const entry = { id, kind, text: id, sessionId: null, participantId: null, reviewStatus: 'new', createdBy: 'r1' } as unknown as Entry;
	return { entry, tags: tags.map(([tagId, k]) => ({ id: tagId, kind: k, name: tagId })), date, researchers: ['r1'] };
}

const items = [
	item('a', 'quote', [['school', 'region'], ['teen', 'lifeStage']]),
	item('b', 'quote', [['school', 'region']]),
	item('c', 'observation', [['nav', 'region'], ['teen', 'lifeStage']], '2026-03-01'),
	item('d', 'unknown', [])
];

describe('library filter', () => {
	it('gives exactly the entries tagged to both a region and a life stage', () => {
		const r = applyFilter(items, { region: 'school', lifeStage: 'teen' });
		expect(r.items.map((i) => i.entry.id)).toEqual(['a']);
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
		expect(applyFilter(items, { from: '2026-02-01' }).items.map((i) => i.entry.id)).toEqual(['c']);
		expect(applyFilter(items, {}, new Set(['b', 'd'])).items.map((i) => i.entry.id)).toEqual(['b', 'd']);
	});
});
