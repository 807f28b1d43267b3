import * as Y from 'yjs';
import { highlightIdsOf, noteFragment, seedUpdateFromText } from '$lib/notes/noteDoc';
import { applyStoredUpdates, reportSkipped } from '$lib/notes/safeApply';

/**
 * A session note as exported: the plain text (one line per paragraph or
 * heading, joined with LF – exactly what `noteText` gives search) and where
 * each highlight mark sits in it. Positions are Unicode code points, 0-based,
 * end exclusive, as REFI-QDA counts them – not UTF-16 units, so an emoji
 * before a highlight does not shift it.
 */
export interface ExportedNote {
	text: string;
	/** highlight id → [start, end) in code points of `text`. */
	spans: Map<string, [number, number]>;
}

const textblocks = new Set(['paragraph', 'heading', 'codeBlock']);


/** The doc's text with highlight ranges in UTF-16 units (before trimming and conversion). */
function walk(doc: Y.Doc): { text: string; ranges: Map<string, [number, number]> } {
	const lines: string[] = [];
	const ranges = new Map<string, [number, number]>();
	let offset = 0;
	let line = '';
	const mark = (ids: string[], from: number, to: number) => {
		for (const id of ids) {
			const r = ranges.get(id);
			ranges.set(id, r ? [Math.min(r[0], from), Math.max(r[1], to)] : [from, to]);
		}
	};
	const inlineText = (text: Y.XmlText) => {
		for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
			if (typeof op.insert !== 'string') continue;
			const from = offset + line.length;
			line += op.insert;
			mark(highlightIdsOf(op.attributes), from, from + op.insert.length);
		}
	};
	const inline = (element: Y.XmlElement) => {
		for (const child of element.toArray()) {
			if (child instanceof Y.XmlText) inlineText(child);
			else if (child instanceof Y.XmlElement) {
				if (child.nodeName === 'hardBreak') line += '\n';
				else inline(child);
			}
		}
	};
	const endLine = () => {
		lines.push(line);
		offset += line.length + 1;
		line = '';
	};
	const block = (parent: Y.XmlFragment | Y.XmlElement) => {
		for (const child of parent.toArray()) {
			if (child instanceof Y.XmlText) {
				inlineText(child);
				endLine();
			} else if (child instanceof Y.XmlElement) {
				if (textblocks.has(child.nodeName)) {
					inline(child);
					endLine();
				} else block(child);
			}
		}
	};
	block(noteFragment(doc));
	return { text: lines.join('\n'), ranges };
}

/** Code-point index of every UTF-16 index of `text` (length + 1 entries). */
function codePointIndex(text: string): Uint32Array {
	const index = new Uint32Array(text.length + 1);
	let cp = 0;
	for (let i = 0; i < text.length; i++) {
		index[i] = cp;
		const c = text.charCodeAt(i);
		// A high surrogate and its low surrogate are one code point.
		if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length)) cp++;
	}
	index[text.length] = cp;
	return index;
}

export function exportNoteDoc(doc: Y.Doc): ExportedNote {
	const raw = walk(doc);
	// Trailing blank lines are trimmed, as in `noteText`.
	const text = raw.text.replace(/\s+$/, '');
	const cps = codePointIndex(text);
	const spans = new Map<string, [number, number]>();
	for (const [id, [from, to]] of raw.ranges) {
		let start = Math.min(from, text.length);
		let end = Math.min(to, text.length);
		// The highlight's text was trimmed when it was made; the selection is too.
		while (start < end && /\s/.test(text[start])) start++;
		while (end > start && /\s/.test(text[end - 1])) end--;
		if (end > start) spans.set(id, [cps[start], cps[end]]);
	}
	return { text, spans };
}

/**
 * A note from its update log, or – for a note that never had one (the demo) –
 * from its text snapshot. An update that cannot be applied is left out and
 * counted: one bad update never fails an export.
 */
export function exportNote(noteId: string, updates: readonly Uint8Array[], fallbackText: string): ExportedNote & { skippedUpdates: number } {
	const doc = new Y.Doc();
	try {
		let skippedUpdates = 0;
		if (updates.length > 0) {
			let merged: Uint8Array | undefined;
			try {
				merged = Y.mergeUpdates([...updates]);
			} catch {
				// One of them is not a Yjs update: apply them one by one instead.
			}
			const result = applyStoredUpdates(doc, merged ? [{ update: merged }] : updates.map((update) => ({ update })), null);
			skippedUpdates = merged ? 0 : result.skipped.length;
			reportSkipped(noteId, result);
		} else if (fallbackText.trim()) Y.applyUpdate(doc, seedUpdateFromText(noteId, fallbackText));
		return { ...exportNoteDoc(doc), skippedUpdates };
	} finally {
		doc.destroy();
	}
}

/** `text` cut at code points [start, end): how a QDA tool reads a selection. */
export function sliceCodePoints(text: string, start: number, end: number): string {
	return Array.from(text).slice(start, end).join('');
}

/** Length of `text` in code points. */
export function codePointLength(text: string): number {
	let n = 0;
	for (const _ of text) n++;
	return n;
}
