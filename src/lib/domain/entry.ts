import { z } from 'zod';
import { optionalText, rowBase } from './row';

export const entryKinds = ['quote', 'observation', 'unknown', 'fact'] as const;
export const entryKindSchema = z.enum(entryKinds);
export type EntryKind = z.infer<typeof entryKindSchema>;

export const reviewStatuses = ['new', 'reviewed', 'agreed', 'questioned'] as const;
export const reviewStatusSchema = z.enum(reviewStatuses);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** The three questions that make an unknown unknown useful later. */
export const unknownFields = z.object({
	surprise: optionalText(4000).default(''),
	whyUnknown: optionalText(4000).default(''),
	nextQuestion: optionalText(4000).default('')
});

export const entryFields = z.object({
	kind: entryKindSchema,
	text: z.string().trim().min(1, { error: 'required' }).max(20_000, { error: 'tooLong' }),
	sessionId: z.string().max(64).nullable().default(null),
	highlightId: z.string().max(64).nullable().default(null),
	participantId: z.string().max(64).nullable().default(null),
	/** For facts (key figures): where the number comes from. */
	source: optionalText(1000).default(''),
	unknown: unknownFields.nullable().default(null),
	/** Offset in the session's recording when captured while recording, in ms. */
	recordingOffsetMs: z.number().int().min(0).nullable().default(null),
	attachmentId: z.string().max(64).nullable().default(null),
	reviewStatus: reviewStatusSchema.default('new'),
	reviewedBy: z.string().max(64).nullable().default(null),
	reviewedAt: z.string().nullable().default(null)
});

export const entrySchema = rowBase.extend(entryFields.shape);
export type Entry = z.infer<typeof entrySchema>;
export type EntryInput = z.input<typeof entryFields>;
