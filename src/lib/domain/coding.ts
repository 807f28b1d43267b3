import { z } from 'zod';
import { rowBase } from './row';

/**
 * One researcher's decision to apply a code to a piece of evidence. A tagging
 * is shared (two researchers adding the same code make one row, see tagging.ts),
 * which is right for the map and the library but hides who agreed with whom; a
 * coding is per coder, so the intercoder view can count "both applied it".
 */
export const codingFields = z.object({
	targetId: z.string().min(1).max(64),
	codeId: z.string().min(1).max(64),
	coder: z.string().min(1).max(64)
});
export const codingSchema = rowBase.extend(codingFields.shape);
export type Coding = z.infer<typeof codingSchema>;

/** Derived from target, code and coder: a coder re-applying a code revives the same row on every device. */
export function codingId(targetId: string, codeId: string, coder: string): string {
	return `cd:${targetId}:${codeId}:${coder}`;
}
