import * as Y from 'yjs';
import { noteFragmentName } from './noteDoc';

/**
 * Whether bytes are a Yjs update a session note can take. Used by the server
 * before it stores an update and by a device before it stores a pulled one,
 * so one poisoned update cannot stop a note from opening anywhere.
 *
 * The check works without the note's earlier updates. An update made while
 * typing depends on them, and Yjs keeps such structs pending instead of
 * failing, so pending structs are accepted: refusing them would refuse normal
 * typing, and loading a whole note for every keystroke batch costs too much.
 * What can be checked without that state is checked:
 * - the bytes decode, and apply to a fresh document without an error;
 * - every struct carries content a note uses (elements and text of the
 *   fragment, characters, marks, attributes, deletions) – never a sub-document,
 *   binary or legacy JSON content, nor an embed;
 * - a struct that names its top-level type names the note's fragment and sits
 *   in it as an element or text, never as a map entry, a bare value or
 *   another kind of type;
 * - element names are node names, nesting is bounded;
 * - what integrates into the fresh document is, all of it, a well-formed note.
 * Content that only a note's earlier state would show to be out of place (a
 * character in an element's child list) is left to the readers, which apply
 * updates defensively and hide such children (`safeApply.ts`).
 */
export type NoteUpdateCheck = { ok: true } | { ok: false; reason: NoteUpdateProblem };

/** Stable reasons, translated by whoever shows them. */
export type NoteUpdateProblem = 'too_large' | 'not_yjs' | 'foreign_content' | 'foreign_type' | 'malformed_note';

/** Deep enough for lists in lists in quotes; a walk of a deeper tree would be an attack on the stack. */
export const MAX_NOTE_DEPTH = 100;
const nodeName = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function checkNoteUpdateBytes(update: Uint8Array, maxBytes = Infinity): NoteUpdateCheck {
	if (update.byteLength > maxBytes) return { ok: false, reason: 'too_large' };
	let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
	try {
		structs = Y.decodeUpdate(update).structs;
	} catch {
		return { ok: false, reason: 'not_yjs' };
	}
	for (const struct of structs) {
		const problem = structProblem(struct);
		if (problem) return { ok: false, reason: problem };
	}
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, update);
		for (const name of doc.share.keys()) if (name !== noteFragmentName) return { ok: false, reason: 'foreign_type' };
		return doc.share.has(noteFragmentName) && !wellFormed(doc.getXmlFragment(noteFragmentName), 0)
			? { ok: false, reason: 'malformed_note' }
			: { ok: true };
	} catch {
		return { ok: false, reason: 'not_yjs' };
	} finally {
		doc.destroy();
	}
}

function structProblem(struct: Y.Item | Y.GC | Y.Skip): NoteUpdateProblem | null {
	if (!(struct instanceof Y.Item)) return null;
	const content = struct.content;
	const ok =
		content instanceof Y.ContentString ||
		content instanceof Y.ContentFormat ||
		content instanceof Y.ContentAny ||
		content instanceof Y.ContentDeleted ||
		(content instanceof Y.ContentType && isNoteType(content.type));
	if (!ok) return 'foreign_content';
	// Decoded, `parent` is the top-level name when the struct carries one (it
	// has no left or right neighbour to take the parent from).
	const parent = struct.parent as unknown;
	if (typeof parent === 'string') {
		if (parent !== noteFragmentName || struct.parentSub !== null) return 'foreign_type';
		if (!(content instanceof Y.ContentType || content instanceof Y.ContentDeleted)) return 'malformed_note';
	}
	return null;
}

function isNoteType(type: unknown): boolean {
	if (type instanceof Y.XmlElement) return nodeName.test(type.nodeName);
	return type instanceof Y.XmlText;
}

/** Every child is an element or text, all the way down; text holds characters only. */
function wellFormed(parent: Y.XmlFragment | Y.XmlElement, depth: number): boolean {
	if (depth > MAX_NOTE_DEPTH) return false;
	for (const child of parent.toArray()) {
		if (child instanceof Y.XmlElement) {
			if (!nodeName.test(child.nodeName) || !wellFormed(child, depth + 1)) return false;
		} else if (child instanceof Y.XmlText) {
			for (const op of child.toDelta() as { insert?: unknown }[]) if (typeof op.insert !== 'string') return false;
		} else return false;
	}
	return true;
}
