import { z } from 'zod';
import { syncedTableNames } from '$lib/domain/tables';

/**
 * What travels between a device and the server. One schema, used by the
 * client to build requests and by the server to validate them.
 */
export const wireTableSchema = z.enum([...syncedTableNames, 'noteUpdates']);
export type WireTable = z.infer<typeof wireTableSchema>;

/**
 * The version of what travels, sent by the device with every push and pull (header
 * `x-sync-format`) and by the server with every answer. It changes when a change's
 * meaning or shape changes in a way an older side would misread:
 * - 1: every field of a new row its own change (devices before the version existed;
 *   they send no header);
 * - 2: a new row as one `$row` change, an edit's `base`, pulls that skip the asking
 *   device's own changes.
 * A server answers a device older than `OLDEST_SYNC_FORMAT` with 426 `client_outdated`
 * ("update the app"), and a device newer than itself with 400 `server_outdated`.
 * New tables and fields do not need a new version: a device sets aside what it does
 * not know and applies it after its own update.
 */
export const SYNC_FORMAT = 2;
export const OLDEST_SYNC_FORMAT = 1;
export const SYNC_FORMAT_HEADER = 'x-sync-format';

/** The Yjs update of a note travels as a change to this pseudo-field, base64-encoded. */
export const yjsField = '$yjs';

export const wireChangeSchema = z.object({
	opId: z.string().min(1).max(64),
	hlc: z.string().regex(/^\d{15}:[0-9a-f]{4}:[0-9a-z-]{1,64}$/),
	table: wireTableSchema,
	rowId: z.string().min(1).max(200),
	field: z.string().min(1).max(64),
	value: z.unknown(),
	/** An edit's view: the stamp of the value it replaced where it was made (absent for creates). */
	base: z
		.string()
		.regex(/^\d{15}:[0-9a-f]{4}:[0-9a-z-]{1,64}$/)
		.optional()
});
export type WireChange = z.infer<typeof wireChangeSchema>;

export const MAX_PUSH_CHANGES = 1000;
/**
 * Most bytes of one push body the server reads (413 `payload_too_large` beyond). The
 * device packs pushes to at most `PUSH_TARGET_BYTES`, so a page of long notes always fits;
 * a single change too large for any push is refused on the device, never sent for ever.
 */
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;
export const PUSH_TARGET_BYTES = 4 * 1024 * 1024;
export const pushRequestSchema = z.object({
	changes: z.array(wireChangeSchema).max(MAX_PUSH_CHANGES)
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Why a change was refused. The device shows each in the user's language:
 * - `row_incomplete`: a new row without every required field, or not valid as a whole;
 * - `row_missing`: a change for a row the server does not have;
 * - `wrong_author`: the change names someone other than the signed-in user, or changes
 *   a row that is someone else's own (a colleague's coding, vote or comment);
 * - `invalid_update`: a note update that is not a Yjs update the note can apply;
 * - `too_large`: refused on the device: a single change larger than any push may be;
 * - `code_taken`: a participant's pseudonym code another participant of the project has;
 * - `consent_missing`: evidence attributed to a participant whose consent does not cover
 *   notes (or, under the project's guardian age, who has no guardian consent recorded);
 * - `erased`: content of a participant erased for good (see `domain/erasure.ts`), which
 *   the server never stores again;
 * - `erasure_final`: an edit or deletion of an erasure record, which is written once.
 */
export const rejectionCodes = [
	'invalid_value',
	'unknown_field',
	'forbidden',
	'clock_ahead',
	'wrong_project',
	'row_incomplete',
	'row_missing',
	'wrong_author',
	'invalid_update',
	'too_large',
	'code_taken',
	'consent_missing',
	'erased',
	'erasure_final'
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

export interface RejectedChange {
	opId: string;
	code: RejectionCode;
	message: string;
}

/**
 * An accepted change that did not win its field: the server already held a newer value,
 * written by someone who had not seen this one (a concurrent edit). The device that
 * sent it tells its user at once; the winner's device hears of it when it pulls.
 */
export interface OvertakenChange {
	opId: string;
	field: string;
	/** The stamp of the value that won, and who wrote it. */
	winnerHlc: string;
	winnerUserId: string;
}

export type PushResponse = { accepted: string[]; rejected: RejectedChange[]; overtaken?: OvertakenChange[] };

export interface PulledChange extends WireChange {
	seq: number;
	/** The user who pushed it, when the server says (log pages do; snapshots do not). */
	userId?: string;
}
export interface PullResponse {
	changes: PulledChange[];
	cursor: number;
	hasMore: boolean;
}

/**
 * What a device accepts as a server's answer. A pulled change is checked only for what
 * the device needs to file it (where it goes, its stamp, its number): a table or field
 * this build does not know, or a value its schema refuses, is set aside by
 * `applyRemote.ts`, never a reason to refuse the page.
 */
const pulledChangeSchema = z.looseObject({
	seq: z.number().int().min(1),
	opId: z.string().min(1).max(200),
	hlc: z.string().min(1).max(100),
	table: z.string().min(1).max(64),
	rowId: z.string().min(1).max(200),
	field: z.string().min(1).max(64),
	value: z.unknown(),
	userId: z.string().max(64).optional(),
	base: z.string().max(100).optional()
});
export const pullResponseSchema = z.object({
	changes: z.array(pulledChangeSchema),
	cursor: z.number().int().min(0),
	hasMore: z.boolean()
});
export const pushResponseSchema = z.object({
	accepted: z.array(z.string()),
	rejected: z.array(z.object({ opId: z.string(), code: z.string(), message: z.string() })),
	overtaken: z.array(z.object({ opId: z.string(), field: z.string(), winnerHlc: z.string(), winnerUserId: z.string() })).optional()
});

export function toBase64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
	const s = atob(text);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}
