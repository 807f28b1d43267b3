import { z } from 'zod';
import { isoDate, optionalText, rowBase } from './row';

export const consentScopes = ['notes', 'audio', 'photo', 'quotes'] as const;
export const consentScopeSchema = z.enum(consentScopes);
export type ConsentScope = z.infer<typeof consentScopeSchema>;

/** Who gave consent on a minor's behalf: a relation, never a name (names do not belong in the data). */
export const guardianRelations = ['parent', 'guardian', 'childWelfare', 'other'] as const;
export type GuardianRelation = (typeof guardianRelations)[number];

/** A guardian's consent for a participant under the project's guardian age. */
export const guardianConsentSchema = z.object({
	relation: z.enum(guardianRelations),
	date: isoDate,
	recordedBy: z.string().min(1).max(64)
});
export type GuardianConsent = z.infer<typeof guardianConsentSchema>;

export const consentSchema = z.object({
	status: z.enum(['given', 'withdrawn']),
	date: isoDate,
	scope: z.array(consentScopeSchema),
	recordedBy: z.string().min(1).max(64),
	/**
	 * Part of the consent value (not a field of its own), so the participant's and the
	 * guardian's consent always travel and win together; consent recorded before this
	 * existed has none (hence optional, not defaulted).
	 */
	guardian: guardianConsentSchema.nullable().optional()
});
export type Consent = z.infer<typeof consentSchema>;

export const ageBands = ['0-5', '6-12', '13-15', '16-19', '20-24', '25-30', '30+'] as const;

export const participantFields = z.object({
	/** Pseudonym only – real names never belong in this field. */
	code: z.string().trim().min(1, { error: 'required' }).max(40, { error: 'tooLong' }),
	age: z.number().int().min(0).max(130).nullable().default(null),
	ageBand: z.enum(ageBands).nullable().default(null),
	/** Derived from age by the project's life line unless a researcher overrides it. */
	lifeStageId: z.string().max(64).nullable().default(null),
	lifeStageOverridden: z.boolean().default(false),
	municipality: optionalText(120).default(''),
	attributes: z.record(z.string().max(80), z.string().max(400)).default({}),
	consent: consentSchema.nullable().default(null)
});

export const participantSchema = rowBase.extend(participantFields.shape);
export type Participant = z.infer<typeof participantSchema>;
export type ParticipantInput = z.input<typeof participantFields>;
