import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesFromZod } from './validation';

const issues = (schema: z.ZodType, value: unknown) => {
	const result = schema.safeParse(value);
	if (result.success) throw new Error('expected a failure');
	return issuesFromZod(result.error);
};

describe('validation issues say what would be valid', () => {
	it('a text over its limit carries the limit', () => {
		expect(issues(z.object({ title: z.string().max(200, { error: 'tooLong' }) }), { title: 'x'.repeat(201) })).toEqual([
			{ path: 'title', code: 'tooLong', limit: 200 }
		]);
	});

	it('numbers, choices and dates get a code of their own instead of "invalid"', () => {
		expect(issues(z.number().int().min(0), -1)).toEqual([{ path: '', code: 'numberTooSmall', limit: 0 }]);
		expect(issues(z.number().max(120), 130)).toEqual([{ path: '', code: 'numberTooLarge', limit: 120 }]);
		expect(issues(z.number(), 'sytten')).toEqual([{ path: '', code: 'notANumber' }]);
		expect(issues(z.enum(['a', 'b']), 'c')).toEqual([{ path: '', code: 'notAnOption' }]);
		expect(issues(z.iso.date(), '2026-13-40')).toEqual([{ path: '', code: 'invalidDate' }]);
	});
});
