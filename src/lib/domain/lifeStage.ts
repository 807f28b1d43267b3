import { z } from 'zod';
import { nonEmptyText, rowBase } from './row';
import type { FieldIssue } from './validation';

export const lifeStageFields = z.object({
	fromAge: z.number().int().min(0).max(130),
	toAge: z.number().int().min(0).max(130),
	name: nonEmptyText(120),
	order: z.number().finite().default(0)
});

export const lifeStageSchema = rowBase.extend(lifeStageFields.shape);
export type LifeStage = z.infer<typeof lifeStageSchema>;
export type LifeStageInput = z.input<typeof lifeStageFields>;

/** Checked on the merged row, so an edit of one end of the band is checked against the other. */
export function lifeStageIssues(stage: Pick<LifeStage, 'fromAge' | 'toAge'>): FieldIssue[] {
	return stage.toAge < stage.fromAge ? [{ path: 'toAge', code: 'ageRangeReversed' }] : [];
}

/**
 * The life stage an age falls in. Bands may touch (25–30 and 30–100), so the
 * earlier band wins on the shared year: a 30-year-old is still "young adult".
 */
export function lifeStageForAge(stages: readonly LifeStage[], age: number): LifeStage | undefined {
	return [...stages]
		.filter((s) => !s.deleted)
		.sort((a, b) => a.order - b.order || a.fromAge - b.fromAge)
		.find((s) => age >= s.fromAge && age <= s.toAge);
}
