import { z } from 'zod';
import { nonEmptyText, optionalText, rowBase } from './row';

export const codeFields = z.object({
	parentId: z.string().max(64).nullable().default(null),
	name: nonEmptyText(200),
	colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'invalidColour' }).default('#6b7280'),
	description: optionalText(4000).default(''),
	/** False for a code group (a category imported from a QDA tool): it orders codes, evidence is not coded with it. */
	codable: z.boolean().default(true)
});
export const codeSchema = rowBase.extend(codeFields.shape);
export type Code = z.infer<typeof codeSchema>;
export type CodeInput = z.input<typeof codeFields>;
