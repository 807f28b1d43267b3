import { z } from 'zod';
import { nonEmptyText, optionalText, rowBase } from './row';

/** From 16, Norwegian research ethics lets young people consent on their own (helseforskningsloven § 17); under it a guardian consents too. */
export const DEFAULT_GUARDIAN_AGE = 16;

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
	participantCounter: z.number().int().min(0).default(0),
	/**
	 * Participants younger than this need a guardian's consent as well as their own.
	 * Projects made before it existed have none stored: read it with `guardianAgeOf`.
	 */
	guardianAge: z.number().int().min(0).max(25).optional(),
	/** Retention (see `retention.ts`): when the fieldwork ends, and how many months the data is kept after it. */
	endDate: z.iso.date().nullable().optional(),
	retentionMonths: z.number().int().min(0).max(600).nullable().optional()
});

export const projectSchema = rowBase.extend(projectFields.shape);
export type Project = z.infer<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectFields>;

/** The project's guardian age, or the default for projects that never set one. */
export const guardianAgeOf = (project: Pick<Project, 'guardianAge'> | undefined): number => project?.guardianAge ?? DEFAULT_GUARDIAN_AGE;
