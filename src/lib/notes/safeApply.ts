import * as Y from 'yjs';
import { MAX_NOTE_DEPTH } from './updateCheck';
import { noteFragment } from './noteDoc';

/** One stored update of a note, with the id it is known by (for the log). */
export interface StoredUpdate {
	id?: string;
	update: Uint8Array;
}

export interface SafeApplyResult {
	/** Ids (or positions, when a row has no id) of updates that could not be applied. */
	skipped: string[];
	/** Children of the wrong kind hidden from this copy of the document. */
	hidden: number;
}

/**
 * Applies a note's stored updates one by one, skipping any that Yjs cannot
 * read, then hides what no reader of a note can show (a bare value among the
 * paragraphs, nesting deeper than any editor makes). One bad update – stored
 * before the server checked them, or from a faulty device – costs that update,
 * never the note. Everything happens under `origin`, so a store that does not
 * log its own stored updates does not log the repair either: it stays in this
 * copy and nothing is sent on the user's behalf.
 */
export function applyStoredUpdates(doc: Y.Doc, rows: readonly StoredUpdate[], origin: unknown): SafeApplyResult {
	const skipped: string[] = [];
	let hidden = 0;
	doc.transact(() => {
		rows.forEach((row, i) => {
			try {
				Y.applyUpdate(doc, row.update, origin);
			} catch {
				skipped.push(row.id ?? `#${i}`);
			}
		});
		hidden = hideMalformed(noteFragment(doc), 0);
	}, origin);
	return { skipped, hidden };
}

function hideMalformed(parent: Y.XmlFragment | Y.XmlElement, depth: number): number {
	let hidden = 0;
	const children = parent.toArray();
	for (let i = children.length - 1; i >= 0; i--) {
		const child = children[i];
		const ok = child instanceof Y.XmlText || (child instanceof Y.XmlElement && depth < MAX_NOTE_DEPTH);
		if (!ok) {
			parent.delete(i, 1);
			hidden++;
		} else if (child instanceof Y.XmlElement) hidden += hideMalformed(child, depth + 1);
	}
	return hidden;
}

/** A word in the console, with ids only: a note's content never goes into a log. */
export function reportSkipped(noteId: string, result: SafeApplyResult): void {
	if (result.skipped.length === 0 && result.hidden === 0) return;
	console.warn(`note ${noteId}: ${result.skipped.length} stored update(s) could not be applied (${result.skipped.join(', ')}); ${result.hidden} malformed part(s) hidden`);
}
