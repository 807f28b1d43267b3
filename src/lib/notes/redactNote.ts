import * as Y from 'yjs';
import { findSpans, redactText } from '$lib/domain/redaction';
import { exportNoteDoc, sliceCodePoints } from '$lib/exchange/noteText';
import { noteFragment, noteText, seedUpdateFromText } from './noteDoc';
import { applyStoredUpdates, type StoredUpdate } from './safeApply';

/**
 * A session note as a hidden participant's withdrawal lets it be seen: a new
 * Y.Doc built from the note's current content, where each run of text under a
 * hidden highlight's mark is replaced by one redacted block. The copy has no
 * history – the hidden words are not in it at all, not even deleted – so the
 * editor can show it and an export can write it without carrying them. The
 * stored note is never touched: restoring consent shows the original again.
 */
export interface RedactedNote {
	doc: Y.Doc;
	/** Whether anything was hidden (otherwise `doc` is a plain copy). */
	changed: boolean;
	/** Visible highlights whose span shared characters with a hidden one: their quoted text must be redacted too. */
	touched: Set<string>;
}

/** The mark attribute carried by a redacted block: the editor shows it as a badge. */
export const redactedMarkName = 'redacted';

/** y-prosemirror stores a mark that may overlap itself under `name--hash`. */
function highlightEntries(attributes: Record<string, unknown> | undefined): [string, string][] {
	if (!attributes) return [];
	const out: [string, string][] = [];
	for (const [key, value] of Object.entries(attributes)) {
		if (key !== 'highlight' && !key.startsWith('highlight--')) continue;
		const id = (value as { highlightId?: unknown } | null)?.highlightId;
		if (typeof id === 'string') out.push([key, id]);
	}
	return out;
}

type Op = { insert?: unknown; attributes?: Record<string, unknown> };

/**
 * The redacted copy of `source`. `hidden` maps each hidden highlight id to the
 * text it quoted: a hidden highlight whose mark is not in the note (made by an
 * old client, or lost) is found by that text instead, wherever it occurs.
 */
export function redactNoteDoc(source: Y.Doc, hidden: ReadonlyMap<string, string>, label: string): RedactedNote {
	const doc = new Y.Doc();
	const touched = new Set<string>();
	const seen = new Set<string>();
	let changed = false;

	const copyText = (from: Y.XmlText, to: Y.XmlText) => {
		let at = 0;
		let run: Record<string, unknown> | null = null;
		const flush = () => {
			if (!run) return;
			to.insert(at, label, { ...run, [redactedMarkName]: {} });
			at += label.length;
			run = null;
		};
		for (const op of from.toDelta() as Op[]) {
			if (typeof op.insert !== 'string') continue;
			const marks = highlightEntries(op.attributes);
			for (const [, id] of marks) seen.add(id);
			const hiddenHere = marks.some(([, id]) => hidden.has(id));
			if (hiddenHere) {
				changed = true;
				// The block keeps the marks of visible highlights over it, so their span still covers where they were.
				run ??= {};
				for (const [key, id] of marks) {
					if (hidden.has(id)) continue;
					run[key] = op.attributes![key];
					touched.add(id);
				}
				continue;
			}
			flush();
			// Attributes always given: Yjs would otherwise carry the previous run's marks over.
			to.insert(at, op.insert, { ...(op.attributes ?? {}) });
			at += op.insert.length;
		}
		flush();
	};

	const copyChildren = (from: Y.XmlFragment | Y.XmlElement, to: Y.XmlFragment | Y.XmlElement) => {
		for (const child of from.toArray()) {
			if (child instanceof Y.XmlText) {
				const text = new Y.XmlText();
				to.insert(to.length, [text]);
				copyText(child, text);
			} else if (child instanceof Y.XmlElement) {
				const element = new Y.XmlElement(child.nodeName);
				to.insert(to.length, [element]);
				for (const [key, value] of Object.entries(child.getAttributes())) element.setAttribute(key, value as string);
				copyChildren(child, element);
			}
		}
	};

	doc.transact(() => copyChildren(noteFragment(source), noteFragment(doc)));

	// A hidden highlight without its mark: its words are found by their text, and the note falls back to plain text.
	const lost = [...hidden].filter(([id, text]) => !seen.has(id) && text.trim());
	if (lost.length > 0) {
		const text = noteText(doc);
		const spans = lost.flatMap(([, quoted]) => findSpans(text, quoted));
		if (spans.length > 0) {
			doc.destroy();
			const plain = new Y.Doc();
			Y.applyUpdate(plain, seedUpdateFromText('redacted', redactText(text, spans, label)));
			return { doc: plain, changed: true, touched };
		}
	}
	return { doc, changed, touched };
}

/** A note whose every word is hidden: one paragraph holding the redacted block. */
export function hiddenNoteDoc(label: string): Y.Doc {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	noteFragment(doc).insert(0, [paragraph]);
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	text.insert(0, label, { [redactedMarkName]: {} });
	return doc;
}

export interface RedactedStoredNote {
	/** The redacted plain text, as `noteText` gives it. */
	text: string;
	/** One update holding the redacted note (for an export's note log). */
	update: Uint8Array;
	/** Visible highlight id → its quoted text with the hidden words in it redacted. */
	quoted: Map<string, string>;
}

/**
 * A stored note (its update log, or the text snapshot of a note that never had
 * one) with the hidden highlights redacted; null when none of them is in it.
 */
export function redactStoredNote(
	noteId: string,
	updates: readonly StoredUpdate[],
	fallbackText: string,
	hidden: ReadonlyMap<string, string>,
	label: string
): RedactedStoredNote | null {
	const redacted = redactStoredNoteDoc(noteId, updates, fallbackText, hidden, label);
	try {
		if (!redacted.changed) return null;
		const quoted = new Map<string, string>();
		if (redacted.touched.size > 0) {
			const exported = exportNoteDoc(redacted.doc);
			for (const id of redacted.touched) {
				const span = exported.spans.get(id);
				if (span) quoted.set(id, sliceCodePoints(exported.text, span[0], span[1]));
			}
		}
		return { text: noteText(redacted.doc), update: Y.encodeStateAsUpdate(redacted.doc), quoted };
	} finally {
		redacted.doc.destroy();
	}
}

/** The redacted copy of a stored note, as a doc the editor can show (the caller destroys it). */
export function redactStoredNoteDoc(
	noteId: string,
	updates: readonly StoredUpdate[],
	fallbackText: string,
	hidden: ReadonlyMap<string, string>,
	label: string
): RedactedNote {
	const source = new Y.Doc();
	try {
		if (updates.length > 0) applyStoredUpdates(source, updates, null);
		else if (fallbackText.trim()) Y.applyUpdate(source, seedUpdateFromText(noteId, fallbackText));
		return redactNoteDoc(source, hidden, label);
	} finally {
		source.destroy();
	}
}
