import { describe, expect, it } from 'vitest';
import { addMonths, extendedRetentionMonths, retentionDate, retentionState, RETENTION_WARNING_DAYS } from './retention';

describe('retention dates', () => {
	it('counts calendar months from the end date, a missing day becoming the last of the month', () => {
		expect(addMonths('2026-06-30', 12)).toBe('2027-06-30');
		expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
		expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
		expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
		expect(addMonths('2026-02-30', 1)).toBeNull();
		expect(retentionDate({ endDate: '2026-06-30', retentionMonths: 6 })).toBe('2026-12-30');
		expect(retentionDate({ endDate: '2026-06-30', retentionMonths: null })).toBeNull();
		expect(retentionDate({ endDate: null, retentionMonths: 6 })).toBeNull();
	});

	it(`runs quietly, warns the last ${RETENTION_WARNING_DAYS} days, and is expired the day after the retention date`, () => {
		const p = { endDate: '2026-06-30', retentionMonths: 6 };
		expect(retentionState({}, '2026-12-01')).toEqual({ kind: 'unset' });
		expect(retentionState(p, '2026-11-29')).toEqual({ kind: 'running', until: '2026-12-30', daysLeft: 31 });
		expect(retentionState(p, '2026-11-30')).toEqual({ kind: 'warning', until: '2026-12-30', daysLeft: 30 });
		expect(retentionState(p, '2026-12-30')).toEqual({ kind: 'warning', until: '2026-12-30', daysLeft: 0 });
		expect(retentionState(p, '2026-12-31')).toEqual({ kind: 'expired', until: '2026-12-30', daysOver: 1 });
		expect(retentionState(p, '2027-03-30')).toEqual({ kind: 'expired', until: '2026-12-30', daysOver: 90 });
	});

	it('extends from today when the date has passed, and by the months asked otherwise', () => {
		expect(extendedRetentionMonths({ endDate: '2026-06-30', retentionMonths: 6 }, 6, '2026-12-01')).toBe(12);
		// Expired in December; extended on 10 March by 6 months: kept until at least 10 September.
		const months = extendedRetentionMonths({ endDate: '2026-06-30', retentionMonths: 6 }, 6, '2027-03-10');
		expect(addMonths('2026-06-30', months)! >= '2027-09-10').toBe(true);
		expect(months).toBe(15);
	});
});
