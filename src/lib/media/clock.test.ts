import { describe, expect, it } from 'vitest';
import { formatClock } from './clock';

describe('formatClock', () => {
	it('shows minutes and seconds, and hours only when needed', () => {
		expect(formatClock(0)).toBe('0:00');
		expect(formatClock(2400)).toBe('0:02');
		expect(formatClock(65_000)).toBe('1:05');
		expect(formatClock(12 * 60_000 + 45_999)).toBe('12:45');
		expect(formatClock(3_723_000)).toBe('1:02:03');
		expect(formatClock(-50)).toBe('0:00');
	});
});
