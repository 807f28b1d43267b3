import { describe, expect, it } from 'vitest';
import { looksLikeRealName, nextPseudonymCounter, pseudonymCode } from './pseudonym';

describe('pseudonyms', () => {
	it('formats codes with three digits and widens past 999', () => {
		expect(pseudonymCode(1)).toBe('P-001');
		expect(pseudonymCode(42)).toBe('P-042');
		expect(pseudonymCode(1234)).toBe('P-1234');
	});

	it('never reuses a code, even after the highest was deleted or typed by hand', () => {
		expect(nextPseudonymCounter([], 0)).toBe(1);
		expect(nextPseudonymCounter(['P-001', 'P-002'], 2)).toBe(3);
		expect(nextPseudonymCounter(['P-001'], 5)).toBe(6);
		expect(nextPseudonymCounter(['P-001', 'P-017', 'Ung-A'], 3)).toBe(18);
	});

	it('warns about capitalised first and last names, not about codes', () => {
		expect(looksLikeRealName('Kari Nordmann')).toBe(true);
		expect(looksLikeRealName('Øystein Åsheim')).toBe(true);
		expect(looksLikeRealName('Anne-Lise Berg')).toBe(true);
		expect(looksLikeRealName('P-014')).toBe(false);
		expect(looksLikeRealName('Kari')).toBe(false);
		expect(looksLikeRealName('jente 17 år')).toBe(false);
		expect(looksLikeRealName('Ung A')).toBe(false);
	});
});
