import { describe, expect, it } from 'vitest';
import { lettersIn, wrapLabel } from './labels';

describe('map labels', () => {
	it('wraps at spaces instead of cutting the name', () => {
		expect(wrapLabel('Living conditions and experiences', 20)).toEqual(['Living conditions', 'and experiences']);
		expect(wrapLabel('Early childhood', 12)).toEqual(['Early', 'childhood']);
		expect(wrapLabel('NAV', 12)).toEqual(['NAV']);
	});
	it('splits a word longer than a line with a hyphen and keeps every letter', () => {
		const lines = wrapLabel('Foreldregenerasjonen', 11);
		expect(lines).toEqual(['Foreldrege-', 'nerasjonen']);
		expect(lines.join('').replace('-', '')).toBe('Foreldregenerasjonen');
		expect(wrapLabel('Ungdomsskolen', 12)).toEqual(['Ungdomssko-', 'len']);
	});
	it('estimates how many letters fit, fewer when bold', () => {
		expect(lettersIn(100, 14)).toBe(13);
		expect(lettersIn(100, 14, true)).toBeLessThan(13);
	});
});
