import { z } from 'zod';
import { isoDate, nonEmptyText, optionalText, rowBase } from './row';

export const sessionKinds = ['interview', 'observation', 'workshop', 'deskResearch'] as const;
export const sessionKindSchema = z.enum(sessionKinds);
export type SessionKind = z.infer<typeof sessionKindSchema>;

export const sessionFields = z.object({
	kind: sessionKindSchema,
	title: nonEmptyText(200),
	date: isoDate,
	place: optionalText(200).default(''),
	researchers: z.array(z.string().max(120)).default([]),
	participantIds: z.array(z.string().max(64)).default([])
});

export const sessionSchema = rowBase.extend(sessionFields.shape);
export type Session = z.infer<typeof sessionSchema>;
export type SessionInput = z.input<typeof sessionFields>;
