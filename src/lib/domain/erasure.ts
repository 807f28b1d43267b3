import { z } from 'zod';
import { rowBase } from './row';
import type { SyncedTableName } from './tables';

/**
 * Erasure ("Slett for godt"): the right to be forgotten, for good. Unlike a withdrawal
 * (reversible, nothing deleted, see `redaction.ts`) or a deletion (a tombstone that can
 * be undone for 30 days), an erasure removes a participant's content from every device
 * and from the server, history included, and cannot be undone.
 *
 * The erasure is itself a synced row (`erasures`), written once by an owner and never
 * changed: it is the audit record ("P-014 slettet av … den …", no content) and the
 * instruction every device and the server obey whenever they meet the participant's
 * rows again – at its next sync however long it was offline, after a restore of an
 * older backup, or when an old push arrives. Every party computes what to erase from
 * the rows it holds with `erasureScope`, and adds the ids the erasing device listed
 * (`rowIds`), so a row the party no longer has the fields of is still found.
 */

export const erasureReasons = ['request', 'retention'] as const;
export type ErasureReason = (typeof erasureReasons)[number];

/** A `table/id` address of an erased row. */
const rowAddress = z.string().min(3).max(260).regex(/^[A-Za-z]+\/.+$/);

export const erasureFields = z.object({
	participantId: z.string().min(1).max(64),
	/** The pseudonym, for the audit line only: never a name, never content. */
	code: z.string().max(40),
	erasedBy: z.string().min(1).max(64),
	erasedAt: z.string().min(1).max(40),
	reason: z.enum(erasureReasons).default('request'),
	/** Every row the erasing device erased, as `table/id`: ids, never content. */
	rowIds: z.array(rowAddress).max(200_000).default([]),
	/** Session notes whose text attributed to the participant was cut (their other text stays). */
	noteIds: z.array(z.string().min(1).max(200)).max(50_000).default([])
});
export const erasureSchema = rowBase.extend(erasureFields.shape);
export type Erasure = z.infer<typeof erasureSchema>;
export type ErasureInput = z.input<typeof erasureFields>;

type Live = { id: string; deleted?: 0 | 1 };

/** The rows the scope is computed from: only the fields it reads (partial rows allowed). */
export interface ErasureRows {
	participants: readonly Live[];
	consentEvents: readonly (Live & { participantId?: string | null })[];
	sessions: readonly (Live & { participantIds?: readonly string[] | null })[];
	notes: readonly (Live & { sessionId?: string | null })[];
	entries: readonly (Live & { participantId?: string | null; sessionId?: string | null; highlightId?: string | null; attachmentId?: string | null })[];
	highlights: readonly (Live & { entryId?: string | null; sessionId?: string | null; noteId?: string | null })[];
	attachments: readonly (Live & { participantId?: string | null; entryId?: string | null; sessionId?: string | null; sha256?: string | null })[];
	taggings: readonly (Live & { targetId?: string | null })[];
	codings: readonly (Live & { targetId?: string | null })[];
	clusterMembers: readonly (Live & { entryId?: string | null })[];
	comments: readonly (Live & { targetId?: string | null })[];
}

export interface ErasureScope {
	/** Rows to remove, per table. */
	rows: Map<SyncedTableName, Set<string>>;
	/** Notes removed whole (sessions that were the erased participants' alone): every update goes. */
	wholeNotes: Set<string>;
	/** Notes kept, whose text under these highlight marks is cut: note id → highlight ids. */
	cutNotes: Map<string, Set<string>>;
	/** Multi-participant sessions that list an erased participant: the id is taken off the list. */
	sessionsToUnlist: Set<string>;
	/** Content hashes of erased attachments (their bytes go unless another live attachment needs them). */
	sha256s: Set<string>;
}

export const addressOf = (table: string, id: string) => `${table}/${id}`;

/** `table/id` → [table, id]; null for an address that is not one. */
export function parseAddress(address: string): [string, string] | null {
	const at = address.indexOf('/');
	return at > 0 && at < address.length - 1 ? [address.slice(0, at), address.slice(at + 1)] : null;
}

/**
 * Everything of `participantIds` in `rows`, plus the rows named in `listed` (`table/id`).
 * Tombstones are included: a deleted entry's words are still in the database.
 *
 * - the participant and their consent records;
 * - sessions whose every participant is erased: the session, its note (whole) and
 *   everything captured in it; other sessions lose the id from their list;
 * - entries attributed to them, and the highlights those entries stand for, whose marked
 *   text is cut from the note;
 * - photos and recordings attributed to them or to their entries, or taken in a session
 *   they were in (a recording holds every voice in the room; as withdrawal hides them);
 * - tags, codings, cluster cards and comments on any of these.
 */
export function erasureScope(rows: ErasureRows, participantIds: ReadonlySet<string>, listed: readonly string[] = []): ErasureScope {
	const out = new Map<SyncedTableName, Set<string>>();
	const add = (table: SyncedTableName, id: string) => {
		if (!out.has(table)) out.set(table, new Set());
		out.get(table)!.add(id);
	};
	const has = (table: SyncedTableName, id: string | null | undefined) => !!id && !!out.get(table)?.has(id);
	for (const address of listed) {
		const parsed = parseAddress(address);
		if (parsed) add(parsed[0] as SyncedTableName, parsed[1]);
	}
	for (const p of rows.participants) if (participantIds.has(p.id)) add('participants', p.id);
	for (const id of participantIds) add('participants', id);
	for (const c of rows.consentEvents) if (c.participantId && participantIds.has(c.participantId)) add('consentEvents', c.id);

	const sessionsToUnlist = new Set<string>();
	const sessionsWith = new Set<string>();
	for (const s of rows.sessions) {
		const ids = s.participantIds ?? [];
		const erased = ids.filter((id) => participantIds.has(id)).length;
		if (erased === 0) continue;
		sessionsWith.add(s.id);
		if (erased === ids.length) add('sessions', s.id);
		else sessionsToUnlist.add(s.id);
	}
	const wholeNotes = new Set<string>();
	for (const n of rows.notes) {
		if (n.sessionId && has('sessions', n.sessionId)) add('notes', n.id);
		if (has('notes', n.id)) wholeNotes.add(n.id);
	}
	for (const e of rows.entries) {
		if ((e.participantId && participantIds.has(e.participantId)) || has('sessions', e.sessionId)) add('entries', e.id);
		if (has('entries', e.id) && e.highlightId) add('highlights', e.highlightId);
		if (has('entries', e.id) && e.attachmentId) add('attachments', e.attachmentId);
	}
	const cutNotes = new Map<string, Set<string>>();
	for (const h of rows.highlights) {
		if (has('entries', h.entryId) || has('sessions', h.sessionId)) add('highlights', h.id);
		if (!has('highlights', h.id) || !h.noteId || wholeNotes.has(h.noteId)) continue;
		if (!cutNotes.has(h.noteId)) cutNotes.set(h.noteId, new Set());
		cutNotes.get(h.noteId)!.add(h.id);
	}
	const sha256s = new Set<string>();
	for (const a of rows.attachments) {
		const theirs = (a.participantId && participantIds.has(a.participantId)) || has('entries', a.entryId) || (!!a.sessionId && sessionsWith.has(a.sessionId));
		if (theirs) add('attachments', a.id);
		if (has('attachments', a.id) && a.sha256) sha256s.add(a.sha256);
	}
	const erasedTarget = (id: string | null | undefined) => has('entries', id) || has('highlights', id) || has('attachments', id) || has('sessions', id);
	for (const t of rows.taggings) if (erasedTarget(t.targetId)) add('taggings', t.id);
	for (const c of rows.codings) if (erasedTarget(c.targetId)) add('codings', c.id);
	for (const m of rows.clusterMembers) if (has('entries', m.entryId)) add('clusterMembers', m.id);
	for (const c of rows.comments) if (erasedTarget(c.targetId)) add('comments', c.id);
	for (const id of sessionsToUnlist) if (has('sessions', id)) sessionsToUnlist.delete(id);
	return { rows: out, wholeNotes, cutNotes, sessionsToUnlist, sha256s };
}

/** The scope as the erasure row lists it: every erased row's address. */
export function scopeAddresses(scope: ErasureScope): string[] {
	const out: string[] = [];
	for (const [table, ids] of scope.rows) for (const id of ids) out.push(addressOf(table, id));
	return out.sort();
}

/**
 * The typed confirmation: the pseudonym code exactly as shown (case and spaces at the
 * ends forgiven), so nobody erases a young person's words with one careless tap.
 */
export function confirmsErasure(typed: string, code: string): boolean {
	return typed.trim().toLocaleUpperCase('nb') === code.trim().toLocaleUpperCase('nb') && code.trim() !== '';
}
