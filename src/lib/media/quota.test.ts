import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { isQuotaExceeded } from './quota';

describe('isQuotaExceeded', () => {
	it('recognises a full disk however IndexedDB and Dexie report it', () => {
		const dom = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		expect(isQuotaExceeded(dom)).toBe(true);
		expect(isQuotaExceeded(new Dexie.QuotaExceededError('full', dom))).toBe(true);
		expect(isQuotaExceeded(new Dexie.AbortError('Transaction aborted', dom))).toBe(true);
		expect(isQuotaExceeded({ name: 'BulkError', failures: [new Error('x'), dom] })).toBe(true);
		expect(isQuotaExceeded({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
	});

	it('does not mistake other failures for it', () => {
		expect(isQuotaExceeded(new Dexie.ConstraintError('key exists'))).toBe(false);
		expect(isQuotaExceeded(new Error('QuotaExceededError in the message only'))).toBe(false);
		expect(isQuotaExceeded(null)).toBe(false);
		expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
	});
});
