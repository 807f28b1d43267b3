import { describe, expect, it } from 'vitest';
import { futureDateNeedsConfirming, isFutureDate, localIsoDate } from './futureDate';

// 00:30 on 2 December in Oslo is still 1 December in UTC: "today" is the device's.
const now = new Date(2026, 11, 2, 0, 30);

describe('dates ahead of today', () => {
	it('today is the device’s calendar day', () => {
		expect(localIsoDate(now)).toBe('2026-12-02');
	});

	it('only a day after today is in the future', () => {
		expect(isFutureDate('2026-12-02', now)).toBe(false);
		expect(isFutureDate('2025-06-01', now)).toBe(false);
		expect(isFutureDate('2026-12-03', now)).toBe(true);
		expect(isFutureDate('', now)).toBe(false);
	});

	it('asks once per date: the same date again goes ahead, another date is asked about afresh', () => {
		expect(futureDateNeedsConfirming('2027-05-12', null, now)).toBe(true);
		expect(futureDateNeedsConfirming('2027-05-12', '2027-05-12', now)).toBe(false);
		expect(futureDateNeedsConfirming('2028-05-12', '2027-05-12', now)).toBe(true);
		expect(futureDateNeedsConfirming('2026-11-30', null, now)).toBe(false);
	});
});
