import * as Y from 'yjs';

/**
 * The shape of a note inside its Y.Doc, shared by the editor, the store, search
 * and export: one XmlFragment named like Tiptap's Collaboration default, whose
 * elements are ProseMirror nodes (paragraph, heading, bulletList, …) and whose
 * text carries marks (bold, italic, highlight) as formatting attributes.
 */
export const noteFragmentName = 'default';

export function noteFragment(doc: Y.Doc): Y.XmlFragment {
	return doc.getXmlFragment(noteFragmentName);
}

/** Nodes whose content is one line of text (hard breaks aside). */
const textblocks = new Set(['paragraph', 'heading', 'codeBlock']);

function inlineText(element: Y.XmlElement): string {
	let out = '';
	for (const child of element.toArray()) {
		if (child instanceof Y.XmlText) {
			for (const op of child.toDelta() as { insert?: unknown }[]) {
				if (typeof op.insert === 'string') out += op.insert;
			}
		} else if (child instanceof Y.XmlElement) {
			out += child.nodeName === 'hardBreak' ? '\n' : inlineText(child);
		}
	}
	return out;
}

/**
 * The note as plain text: one line per paragraph or heading, in document order.
 * This is the `notes.text` snapshot used for search and export.
 */
export function noteText(doc: Y.Doc): string {
	const lines: string[] = [];
	const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
		for (const child of parent.toArray()) {
			if (child instanceof Y.XmlText) {
				lines.push(child.toString());
			} else if (child instanceof Y.XmlElement) {
				if (textblocks.has(child.nodeName)) lines.push(inlineText(child));
				else walk(child);
			}
		}
	};
	walk(noteFragment(doc));
	return lines.join('\n').replace(/\s+$/, '');
}

/** FNV-1a: a stable 32-bit number from a string. */
function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/**
 * A Yjs update that turns plain text (a note written before it had a Yjs log,
 * e.g. the demo project or an import) into paragraphs. The update is
 * deterministic – its client id comes from the note id and the text – so two
 * devices that seed the same note with the same text make identical items and
 * Yjs keeps one copy, not two.
 */
export function seedUpdateFromText(noteId: string, text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = hash32(`${noteId}\n${text}`);
	const paragraphs = text.split(/\r?\n/).map((line) => {
		const paragraph = new Y.XmlElement('paragraph');
		if (line) paragraph.insert(0, [new Y.XmlText(line)]);
		return paragraph;
	});
	noteFragment(doc).insert(0, paragraphs);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** The highlight ids of a text run's marks: y-prosemirror stores a mark that may overlap itself under `name--hash`. */
export function highlightIdsOf(attributes: Record<string, unknown> | undefined): string[] {
	if (!attributes) return [];
	const ids: string[] = [];
	for (const [key, value] of Object.entries(attributes)) {
		if (key !== 'highlight' && !key.startsWith('highlight--')) continue;
		const id = (value as { highlightId?: unknown } | null)?.highlightId;
		if (typeof id === 'string') ids.push(id);
	}
	return ids;
}
