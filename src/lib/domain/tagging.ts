import { z } from 'zod';
import { rowBase } from './row';

export const tagKinds = ['region', 'lifeStage', 'code'] as const;
export const tagKindSchema = z.enum(tagKinds);
export type TagKind = z.infer<typeof tagKindSchema>;

export const taggingFields = z.object({
	targetId: z.string().min(1).max(64),
	kind: tagKindSchema,
	tagId: z.string().min(1).max(64),
	/** Highlights are tagged by several researchers; the intercoder view compares them. */
	taggedBy: z.string().max(64).default('')
});
export const taggingSchema = rowBase.extend(taggingFields.shape);
export type Tagging = z.infer<typeof taggingSchema>;

/**
 * The id is derived from what is tagged, so two researchers adding the same tag
 * offline produce one row instead of a duplicate; removing it is a tombstone on
 * that same row, and re-adding revives it.
 */
export function taggingId(targetId: string, kind: TagKind, tagId: string): string {
	return `tg:${kind}:${targetId}:${tagId}`;
}
