import { highlight } from './engine';

/**
 * A one-line excerpt of a long text around its first matched word, so a hit deep in a
 * session's notes shows why it matched instead of the notes' first lines.
 */
export function snippet(text: string, terms: string[], max = 200): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	let at = 0;
	let pos = 0;
	for (const s of highlight(flat, terms)) {
		if (s.match) {
			at = pos;
			break;
		}
		pos += s.text.length;
	}
	const start = Math.max(0, Math.min(at - Math.floor(max / 3), flat.length - max));
	return (start > 0 ? '…' : '') + flat.slice(start, start + max) + (start + max < flat.length ? '…' : '');
}
