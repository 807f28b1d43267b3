import type { Attachment } from '$lib/domain/attachment';
import type { Entry } from '$lib/domain/entry';
import type { Highlight } from '$lib/domain/highlight';
import type { Note } from '$lib/domain/note';
import type { Participant } from '$lib/domain/participant';
import { isHidden } from '$lib/domain/consent';
import { hiddenHighlightsBySession, redaction, type Redaction } from '$lib/domain/redaction';
import type { Session } from '$lib/domain/session';
import { redactStoredNote } from '$lib/notes/redactNote';
import { m } from '$lib/i18n/generated/messages';
import type { FieldworkDb } from './db';
import { wholeProjectRows, wholeRows } from './wholeRows';

/**
 * Withdrawn consent on the device: the hidden sets for a project, and what its
 * notes and evidence look like with a withdrawn participant's words taken out.
 * Screens read through this at the moment they show something (each within a
 * live query, so a withdrawal or a restore anywhere shows at once); nothing
 * stored changes.
 */
export interface DeviceRedaction {
	r: Redaction;
	/** Note id → its text as it may be shown: null when the whole note is hidden. Notes not in the map are shown as stored. */
	noteText: Map<string, string | null>;
	/** Entry id → its text with a hidden participant's words in it redacted (a highlight that overlapped theirs). */
	entryText: Map<string, string>;
}

export interface RedactionSource {
	participants: readonly Participant[];
	sessions: readonly Session[];
	entries: readonly Entry[];
	highlights: readonly Highlight[];
	notes: readonly Note[];
}

/** The rules over rows already read; the note work reads the update logs of the notes that hold hidden spans, and only those. */
export async function deviceRedaction(db: FieldworkDb, rows: RedactionSource, label = m.redaction_block()): Promise<DeviceRedaction> {
	const r = redaction(rows);
	const out: DeviceRedaction = { r, noteText: new Map(), entryText: new Map() };
	if (r.none) return out;
	const hiddenBySession = hiddenHighlightsBySession(r, rows);
	const quoted = new Map<string, string>();
	for (const note of rows.notes) {
		if (note.deleted) continue;
		if (r.sessions.has(note.sessionId)) {
			out.noteText.set(note.id, null);
			continue;
		}
		const hidden = hiddenBySession.get(note.sessionId);
		if (!hidden) continue;
		const updates = await db.noteUpdates.where('noteId').equals(note.id).sortBy('seq');
		const redacted = redactStoredNote(note.id, updates, note.text, hidden, label);
		if (!redacted) continue;
		out.noteText.set(note.id, redacted.text);
		for (const [id, text] of redacted.quoted) quoted.set(id, text);
	}
	if (quoted.size > 0) {
		for (const e of rows.entries) if (e.highlightId && quoted.has(e.highlightId)) out.entryText.set(e.id, quoted.get(e.highlightId)!);
	}
	return out;
}

/**
 * The evidence screens may show: live entries, none of a hidden participant's,
 * texts redacted where they shared words with theirs. `entries` may be passed
 * when the caller has read them already. With no consent withdrawn, nothing
 * beyond the participants (and the entries) is read.
 */
export async function readVisibleEvidence(
	db: FieldworkDb,
	projectId: string,
	entries?: readonly Entry[]
): Promise<{ redaction: DeviceRedaction; entries: Entry[] }> {
	const [participants, all] = await Promise.all([wholeProjectRows(db, 'participants', projectId), entries ?? wholeProjectRows(db, 'entries', projectId)]);
	let d: DeviceRedaction;
	if (participants.some((p) => !p.deleted && isHidden(p))) {
		const [sessions, highlights, notes] = await Promise.all([
			wholeProjectRows(db, 'sessions', projectId),
			wholeProjectRows(db, 'highlights', projectId),
			wholeProjectRows(db, 'notes', projectId)
		]);
		d = await deviceRedaction(db, { participants, sessions, entries: all, highlights, notes });
	} else d = { r: redaction({ participants, sessions: [], entries: [], highlights: [] }), noteText: new Map(), entryText: new Map() };
	return { redaction: d, entries: all.filter((e) => !e.deleted && !d.r.entryHidden(e)).map((e) => shownEntry(e, d)) };
}

/** An entry as it may be shown: its text redacted where it shared words with a hidden participant's highlight. */
export function shownEntry(entry: Entry, d: Pick<DeviceRedaction, 'entryText'>): Entry {
	const text = d.entryText.get(entry.id);
	return text === undefined ? entry : { ...entry, text };
}

/**
 * A session's recordings and photos as they may be shown: none of a session
 * with a withdrawn participant (a recording holds every voice in the room),
 * none attributed to one. `hidden` says how many were left out.
 */
export async function visibleSessionAttachments(db: FieldworkDb, sessionId: string): Promise<{ attachments: Attachment[]; hidden: number }> {
	const [rows, session] = await Promise.all([db.attachments.where('sessionId').equals(sessionId).toArray(), db.sessions.get(sessionId)]);
	const all = wholeRows('attachments', rows)
		.filter((a) => !a.deleted)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	if (!session) return { attachments: all, hidden: 0 };
	const participants = await wholeProjectRows(db, 'participants', session.projectId);
	if (!participants.some((p) => !p.deleted && isHidden(p))) return { attachments: all, hidden: 0 };
	const entryIds = [...new Set(all.map((a) => a.entryId).filter((id): id is string => !!id))];
	const entries = wholeRows('entries', (await db.entries.bulkGet(entryIds)).filter((e): e is Entry => !!e));
	const r = redaction({ participants, sessions: wholeRows('sessions', [session]), entries, highlights: [] });
	const attachments = all.filter((a) => !r.attachmentHidden(a));
	return { attachments, hidden: all.length - attachments.length };
}

/** How a session's note may be shown: as it is, redacted where a withdrawn participant's highlights are, or not at all. */
export type NoteRedactionState =
	| { mode: 'open' }
	| { mode: 'hidden' }
	| {
			mode: 'redacted';
			/** Hidden highlight id → the text it quoted, sorted by id (a stable key for the editor). */
			hidden: [string, string][];
			/** Codes of the session's participants who withdrew. */
			codes: string[];
	  };

export async function sessionNoteRedaction(db: FieldworkDb, sessionId: string): Promise<NoteRedactionState> {
	const session = await db.sessions.get(sessionId);
	if (!session || session.deleted) return { mode: 'open' };
	const participants = await wholeProjectRows(db, 'participants', session.projectId);
	if (!participants.some((p) => !p.deleted && isHidden(p))) return { mode: 'open' };
	const [entries, highlights] = await Promise.all([
		db.entries.where('sessionId').equals(sessionId).toArray().then((rows) => wholeRows('entries', rows)),
		db.highlights.where('sessionId').equals(sessionId).toArray().then((rows) => wholeRows('highlights', rows))
	]);
	const r = redaction({ participants, sessions: wholeRows('sessions', [session]), entries, highlights });
	if (r.sessions.has(sessionId)) return { mode: 'hidden' };
	// A hidden entry's highlight may be known only by the id on the entry: its mark is found by that id.
	const quoted = new Map(highlights.map((h) => [h.id, h.text]));
	const hidden = [...r.highlights].map((id): [string, string] => [id, quoted.get(id) ?? '']).sort((a, b) => (a[0] < b[0] ? -1 : 1));
	if (hidden.length === 0) return { mode: 'open' };
	const codes = participants
		.filter((p) => r.participants.has(p.id) && session.participantIds.includes(p.id))
		.map((p) => p.code)
		.sort();
	return { mode: 'redacted', hidden, codes };
}
