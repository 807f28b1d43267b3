import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../../scripts/demo-generator.mjs';
import { ValidationError } from '../validation';
import { handwrittenDemo, parseDemoData } from './demoData';

describe('demo data from a file', () => {
	it('accepts what `npm run demo` writes, at any size, and the hand-written demo', () => {
		for (const entries of [10, 2000]) {
			const file = JSON.parse(JSON.stringify(generateDemo({ entries, seed: 3 })));
			expect(parseDemoData(file).entries).toHaveLength(entries);
		}
		expect(parseDemoData(JSON.parse(JSON.stringify(handwrittenDemo))).participants.length).toBeGreaterThan(0);
	});

	it('refuses a file whose references do not resolve, or that is not a demo at all', () => {
		const file = generateDemo({ entries: 10, seed: 3 });
		const broken = { ...file, entries: [{ ...file.entries[0], codes: ['Finnes ikke'] }] };
		expect(() => parseDemoData(broken)).toThrow(ValidationError);
		const badRegion = { ...file, entries: [{ ...file.entries[0], regions: ['purple.nowhere'] }] };
		expect(() => parseDemoData(badRegion)).toThrow(ValidationError);
		expect(() => parseDemoData({ hello: 'world' })).toThrow(ValidationError);
	});
});
