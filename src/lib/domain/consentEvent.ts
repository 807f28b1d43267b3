import { z } from 'zod';
import { consentScopeSchema, guardianConsentSchema } from './participant';
import { isoDate, optionalText, rowBase } from './row';

/**
 * One recorded change of a participant's consent: who recorded it (`createdBy`), when
 * (`createdAt`), and what consent was from then on. Rows are only ever added, never
 * edited, so two tablets that each record a change offline both keep theirs: the
 * history is the union of the rows, whatever order they sync in. The participant's
 * `consent` field stays the current value everything else reads.
 *
 * `status` is `none` when consent was cleared as a mistake (unticked), as opposed to
 * `withdrawn` by the participant.
 */
export const consentEventStatuses = ['given', 'withdrawn', 'none'] as const;
export type ConsentEventStatus = (typeof consentEventStatuses)[number];

export const consentEventFields = z.object({
	participantId: z.string().min(1).max(64),
	status: z.enum(consentEventStatuses),
	/** The date the consent itself carries (given or withdrawn on), not when it was typed in. */
	date: isoDate.nullable().default(null),
	scope: z.array(consentScopeSchema).default([]),
	guardian: guardianConsentSchema.nullable().default(null),
	note: optionalText(500).default('')
});

export const consentEventSchema = rowBase.extend(consentEventFields.shape);
export type ConsentEvent = z.infer<typeof consentEventSchema>;
export type ConsentEventInput = z.input<typeof consentEventFields>;
