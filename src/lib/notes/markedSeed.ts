import * as Y from 'yjs';
import { noteFragment } from './noteDoc';

/** A highlight's span in a plain text: code points, 0-based, end exclusive (as REFI-QDA counts). */
export interface MarkedSpan {
	highlightId: string;
	start: number;
	end: number;
}

/**
 * A note's first Yjs update from plain text with highlight marks already in
 * place – what an import writes, so each imported selection is a highlight the
 * editor shows and an export finds at exactly the offsets it came with.
 *
 * One paragraph per line (as `seedUpdateFromText`); a span over several lines
 * is marked on each line's part. Every mark is stored under its own
 * `highlight--‹8 characters›` key – the form the editor (y-tiptap) gives a mark
 * that may overlap and reads back as a `highlight` mark – so two selections
 * over the same words stay two highlights.
 */
export function markedSeedUpdate(text: string, spans: readonly MarkedSpan[]): Uint8Array {
	const doc = new Y.Doc();
	try {
		const lines = text.split('\n');
		const texts: Y.XmlText[] = [];
		const paragraphs = lines.map(() => {
			const paragraph = new Y.XmlElement('paragraph');
			const t = new Y.XmlText();
			paragraph.insert(0, [t]);
			texts.push(t);
			return paragraph;
		});
		noteFragment(doc).insert(0, paragraphs);
		// Code-point start of each line, and each line's UTF-16 index of every code point.
		let cp = 0;
		const lineStart: number[] = [];
		for (const [i, line] of lines.entries()) {
			lineStart.push(cp);
			if (line) texts[i].insert(0, line);
			cp += Array.from(line).length + 1;
		}
		const keys = new Set<string>();
		const keyOf = (id: string) => {
			let key = `highlight--${hash8(id)}`;
			for (let n = 1; keys.has(key); n++) key = `highlight--${hash8(`${id}/${n}`)}`;
			keys.add(key);
			return key;
		};
		const utf16At = (line: string, cps: number) => Array.from(line).slice(0, cps).join('').length;
		for (const span of spans) {
			const key = keyOf(span.highlightId);
			for (const [i, line] of lines.entries()) {
				const from = Math.max(span.start, lineStart[i]) - lineStart[i];
				const to = Math.min(span.end, lineStart[i] + Array.from(line).length) - lineStart[i];
				if (to <= from) continue;
				const a = utf16At(line, from);
				texts[i].format(a, utf16At(line, to) - a, { [key]: { highlightId: span.highlightId } });
			}
		}
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}

/** Eight hex digits (FNV-1a) of a string: the letters y-tiptap expects after `--`. */
function hash8(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(16).padStart(8, '0');
}
