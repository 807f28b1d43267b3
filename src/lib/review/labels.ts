import type { ReviewStatus } from '$lib/domain/entry';
import type { Insight } from '$lib/domain/review';
import { m } from '$lib/i18n/generated/messages';

const statusLabels: Record<ReviewStatus, () => string> = {
	new: m.review_status_new,
	reviewed: m.review_status_reviewed,
	agreed: m.review_status_agreed,
	questioned: m.review_status_questioned
};
export const reviewStatusLabel = (s: ReviewStatus) => statusLabels[s]();

const confidenceLabels: Record<Insight['confidence'], () => string> = {
	low: m.insight_confidence_low,
	medium: m.insight_confidence_medium,
	high: m.insight_confidence_high
};
export const confidenceLabel = (c: Insight['confidence']) => confidenceLabels[c]();

export const insightStatusLabel = (s: Insight['status']) => (s === 'agreed' ? m.insight_status_agreed() : m.insight_status_draft());
