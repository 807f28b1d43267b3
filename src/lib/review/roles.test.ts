import { describe, expect, it } from 'vitest';
import { canEditEvidence, canReview } from './roles';

describe('review roles', () => {
	it('reviewers review but never edit evidence', () => {
		expect(canEditEvidence('reviewer')).toBe(false);
		expect(canReview('reviewer')).toBe(true);
	});
	it('owners and researchers do both', () => {
		for (const role of ['owner', 'researcher'] as const) {
			expect(canEditEvidence(role)).toBe(true);
			expect(canReview(role)).toBe(true);
		}
	});
});
