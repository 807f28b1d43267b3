import { checkNoteUpdateBytes, type NoteUpdateProblem } from '$lib/notes/updateCheck';

/**
 * The server's check of a pushed note update (`noteUpdates` · `$yjs`), before
 * it is stored: base64 of at most `maxBytes` bytes that Yjs reads, applies to
 * a fresh document and that holds nothing but a note. See `updateCheck.ts` for
 * what is and is not checked without the note's earlier updates (pending
 * structs – an update that depends on earlier ones – are accepted).
 *
 * Size bounds time: decoding and applying are linear in the bytes, so the
 * bound is the time bound too. The default leaves room for the longest note
 * the editor makes (600 000 characters) pasted in one go.
 */
export const MAX_NOTE_UPDATE_BYTES = 8 * 1024 * 1024;

export type NoteUpdateRefusal = NoteUpdateProblem | 'not_base64';
export type NoteUpdateVerdict = { ok: true } | { ok: false; reason: NoteUpdateRefusal; message: string };

// A flat character class (a grouped pattern backtracks for half a second on a long note) plus the length rule.
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

const messages: Record<NoteUpdateRefusal, string> = {
	not_base64: 'A note update must be base64 text.',
	too_large: 'The note update is too large.',
	not_yjs: 'The note update is not a readable Yjs update.',
	foreign_content: 'The note update holds content a note does not use.',
	foreign_type: 'The note update writes outside the note.',
	malformed_note: 'The note update does not make a well-formed note.'
};

export function checkNoteUpdate(value: string, options: { maxBytes?: number } = {}): NoteUpdateVerdict {
	const maxBytes = options.maxBytes ?? MAX_NOTE_UPDATE_BYTES;
	const refuse = (reason: NoteUpdateRefusal): NoteUpdateVerdict => ({ ok: false, reason, message: messages[reason] });
	// Checked on the text first, so an oversized value is refused before it is decoded.
	if (Math.floor((value.length * 3) / 4) > maxBytes + 2) return refuse('too_large');
	if (value.length % 4 !== 0 || !base64.test(value)) return refuse('not_base64');
	const verdict = checkNoteUpdateBytes(Buffer.from(value, 'base64'), maxBytes);
	return verdict.ok ? verdict : refuse(verdict.reason);
}
