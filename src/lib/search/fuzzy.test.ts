import { describe, expect, it } from 'vitest';
import { editBudget, Vocabulary } from './fuzzy';

const words = new Vocabulary(['skole', 'skolen', 'skolegården', 'skog', 'saksbehandleren', 'saksbehandler', 'sak', 'buss', 'bussen', 'nav', 'navet']);

describe('typo matcher', () => {
	it('counts a swap of neighbouring letters as one edit and finds what begins with the word', () => {
		const near = words.near('skoel', 1);
		expect(near.get('skole')).toBe(1);
		expect(near.get('skolen')).toBe(1);
		expect(near.get('skolegården')).toBe(1);
		expect(near.has('saksbehandler')).toBe(false);
	});
	it('finds a word typed with a letter missing, and its longer forms', () => {
		const near = words.near('sakbehandler', 2);
		expect(near.get('saksbehandler')).toBe(1);
		expect(near.get('saksbehandleren')).toBe(1);
		expect(near.has('sak')).toBe(false);
	});
	it('allows a swap and another edit in a long word', () => {
		expect(words.near('saksbehnadlern', 2).get('saksbehandleren')).toBe(2);
		expect(words.near('saksbehnadlern', 1).has('saksbehandleren')).toBe(false);
	});
	it('gives 0 edits for the word itself and words it begins', () => {
		const near = words.near('buss', 1);
		expect(near.get('buss')).toBe(0);
		expect(near.get('bussen')).toBe(0);
	});
	it('matches the same words as a plain scan of every word', () => {
		const all = ['skole', 'skolen', 'skolegården', 'skog', 'skoene', 'kole', 'saks', 'bussen', 'busser', 'hus', 'nav', 'navet', 'svane'];
		const v = new Vocabulary(all);
		const prefixDistance = (q: string, w: string) => Math.min(...Array.from({ length: w.length + 1 }, (_, n) => osa(q, w.slice(0, n))));
		for (const q of ['skoel', 'kloe', 'busen', 'nva', 'sane', 'skolgen']) {
			const expected = new Map(all.map((w) => [w, prefixDistance(q, w)] as const).filter(([, d]) => d <= 1));
			expect(v.near(q, 1), q).toEqual(expected);
		}
	});
	it('leaves words under 4 letters exact', () => {
		expect(editBudget('nva')).toBe(0);
		expect(editBudget('skoel')).toBe(1);
		expect(editBudget('sakbehandler')).toBe(2);
	});
});

/** Textbook optimal string alignment distance, to check the trie walk against. */
function osa(a: string, b: string): number {
	const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++)
		for (let j = 1; j <= b.length; j++) {
			d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
		}
	return d[a.length][b.length];
}
