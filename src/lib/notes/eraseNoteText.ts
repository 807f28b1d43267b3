import * as Y from 'yjs';
import { highlightIdsOf, noteFragment, noteText } from './noteDoc';
import { applyStoredUpdates, type StoredUpdate } from './safeApply';

/**
 * Erasure inside a session note (see `domain/erasure.ts`): the note's stored updates
 * folded into one, with the text under the erased participant's highlight marks
 * deleted, and – because the document collects its garbage – without the deleted
 * characters themselves. Yjs keeps deleted text in an update only while something holds
 * on to it; a document with `gc` on replaces it by its length. What is left is one update
 * that every other update of the note still fits onto (the structs keep their ids), so a
 * tablet that typed into the note offline still merges, while nothing of the erased words
 * is left in the bytes.
 *
 * Deleting is idempotent: the server and every device cut the same characters (by their
 * ids), whoever does it first, so they need not exchange the result to agree.
 */

type Op = { insert?: unknown; attributes?: Record<string, unknown> };


export interface ErasedNote {
	/** The one update that replaces every stored one. */
	update: Uint8Array;
	/** Characters deleted now (0 when the note held nothing of theirs any more). */
	cut: number;
}

/**
 * Cuts from the note every run marked by one of `highlightIds`, and every occurrence
 * of one of `quotes` (the text a highlight quoted, for a mark lost by an old client).
 */
export function eraseNoteText(updates: readonly StoredUpdate[], highlightIds: ReadonlySet<string>, quotes: readonly string[] = []): ErasedNote {
	const doc = new Y.Doc({ gc: true });
	const origin = 'erasure';
	applyStoredUpdates(doc, updates, origin);
	let cut = 0;
	const texts = quotes.map((q) => q.trim()).filter((q) => q.length >= 3);
	const eraseIn = (text: Y.XmlText) => {
		const ranges: [number, number][] = [];
		let at = 0;
		let plain = '';
		for (const op of text.toDelta() as Op[]) {
			const length = typeof op.insert === 'string' ? op.insert.length : 1;
			if (highlightIdsOf(op.attributes).some((id) => highlightIds.has(id))) ranges.push([at, length]);
			plain += typeof op.insert === 'string' ? op.insert : '\uFFFC';
			at += length;
		}
		for (const quote of texts) {
			for (let i = plain.indexOf(quote); i >= 0; i = plain.indexOf(quote, i + quote.length)) ranges.push([i, quote.length]);
		}
		// From the end, so earlier positions stay where they were; overlapping ranges merged.
		ranges.sort((a, b) => b[0] - a[0]);
		let end = Infinity;
		for (const [start, length] of ranges) {
			const stop = Math.min(start + length, end);
			if (stop > start) {
				text.delete(start, stop - start);
				cut += stop - start;
			}
			end = Math.min(end, start);
		}
	};
	const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
		for (const child of parent.toArray()) {
			if (child instanceof Y.XmlText) eraseIn(child);
			else if (child instanceof Y.XmlElement) walk(child);
		}
	};
	doc.transact(() => walk(noteFragment(doc)), origin);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return { update, cut };
}

/**
 * The plain-text snapshot (`notes.text`) of a note after its cut: the snapshot is a synced
 * field of its own, so it must lose the same words as the Yjs log, or search, export and
 * backups would keep them.
 */
export function textOfNoteUpdate(update: Uint8Array): string {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, update);
		return noteText(doc);
	} finally {
		doc.destroy();
	}
}
