import type { Node as PmNode } from '@tiptap/pm/model';

/**
 * Where a highlight sits in a note now. The span is not stored as offsets: the
 * highlight mark travels with its characters through every edit (local or from
 * another device), so the positions are read off the document each time – the
 * first and last character carrying the mark, in ProseMirror positions.
 */
export interface HighlightSpan {
	from: number;
	to: number;
	/** The words of the span as a highlight quotes them (blocks joined by a line break, trimmed). */
	text: string;
}

/** The text of a span, exactly as the editor quoted it when the highlight was made. */
export function spanText(doc: PmNode, from: number, to: number): string {
	return doc.textBetween(from, to, '\n', ' ').trim();
}

/**
 * Every highlight in the document and its span. A highlight whose characters were
 * split apart (text pasted into its middle arrives without the mark) still spans from
 * its first to its last marked character: what was put inside it is part of the quote.
 */
export function highlightSpans(doc: PmNode): Map<string, HighlightSpan> {
	const bounds = new Map<string, { from: number; to: number }>();
	doc.descendants((node, pos) => {
		if (!node.isText) return true;
		for (const mark of node.marks) {
			const id = mark.type.name === 'highlight' ? mark.attrs.highlightId : null;
			if (typeof id !== 'string') continue;
			const end = pos + node.nodeSize;
			const known = bounds.get(id);
			bounds.set(id, known ? { from: Math.min(known.from, pos), to: Math.max(known.to, end) } : { from: pos, to: end });
		}
		return false;
	});
	const spans = new Map<string, HighlightSpan>();
	for (const [id, { from, to }] of bounds) spans.set(id, { from, to, text: spanText(doc, from, to) });
	return spans;
}

export interface SpanChanges {
	/** Highlights whose words changed: the quote follows them. */
	changed: { id: string; text: string; before: string }[];
	/** Highlights whose whole span is gone from the note (the text they quoted was deleted). */
	removed: { id: string; before: string }[];
}

/**
 * What an edit did to the highlights, from their spans before and after it. A span
 * emptied of every word counts as removed, as does a mark no longer in the note; a
 * highlight new in `after` (just made, or brought back by undo) is neither.
 */
export function spanChanges(before: ReadonlyMap<string, HighlightSpan>, after: ReadonlyMap<string, HighlightSpan>): SpanChanges {
	const changes: SpanChanges = { changed: [], removed: [] };
	for (const [id, old] of before) {
		const now = after.get(id);
		if (!now || now.text === '') {
			if (old.text !== '') changes.removed.push({ id, before: old.text });
		} else if (now.text !== old.text) {
			changes.changed.push({ id, text: now.text, before: old.text });
		}
	}
	return changes;
}
