import { describe, expect, it } from 'vitest';
import { snippet } from './snippet';

describe('snippet', () => {
	it('keeps a short text whole, on one line', () => {
		expect(snippet('Venterommet\ner fullt.', ['fullt'])).toBe('Venterommet er fullt.');
	});
	it('cuts a long text around the first matched word', () => {
		const text = `${'Lang innledning uten treff. '.repeat(20)}Her står skilting midt i teksten. ${'Og mer etterpå. '.repeat(20)}`;
		const s = snippet(text, ['skilting'], 80);
		expect(s).toContain('skilting');
		expect(s.startsWith('…')).toBe(true);
		expect(s.endsWith('…')).toBe(true);
		expect(s.length).toBeLessThanOrEqual(82);
	});
	it('starts at the beginning when nothing matches', () => {
		expect(snippet('a '.repeat(100), [], 10)).toBe('a a a a a …');
	});
});
