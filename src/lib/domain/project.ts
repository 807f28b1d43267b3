import { z } from 'zod';
import { nonEmptyText, optionalText, rowBase } from './row';

export const locales = ['nb', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

export const projectFields = z.object({
	name: nonEmptyText(200),
	description: optionalText(4000).default(''),
	language: localeSchema,
	/** Which template the map and life line started from; informative only. */
	template: z.enum(['ungtUtenforskap', 'empty']),
	/** Next pseudonym number, so codes stay unique per project (P-001, P-002, …). */
	participantCounter: z.number().int().min(0).default(0)
});

export const projectSchema = rowBase.extend(projectFields.shape);
export type Project = z.infer<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectFields>;
