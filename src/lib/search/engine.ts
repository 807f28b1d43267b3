import MiniSearch from 'minisearch';

/** What the full-text index holds: entries, sessions (with their notes), participants and codes. */
export type SearchKind = 'entry' | 'session' | 'participant' | 'code';

export interface SearchDoc {
	id: string;
	kind: SearchKind;
	text: string;
}

export interface SearchHit {
	id: string;
	kind: SearchKind;
	score: number;
	/** Indexed terms that matched the query (after fuzzy/prefix expansion), for highlighting. */
	terms: string[];
}

/** MiniSearch settings shared by the app and the bench: prefix and ~20 % edit distance for typos. */
export const searchOptions = { prefix: true, fuzzy: 0.2, combineWith: 'AND' as const };

export function buildIndex(docs: SearchDoc[]): MiniSearch<SearchDoc> {
	const index = new MiniSearch<SearchDoc>({ fields: ['text'], storeFields: ['kind'], idField: 'id' });
	index.addAll(docs);
	return index;
}

export function search(index: MiniSearch<SearchDoc>, query: string, limit = 200): SearchHit[] {
	const q = query.trim();
	if (!q) return [];
	return index
		.search(q, searchOptions)
		.slice(0, limit)
		.map((r) => ({ id: String(r.id), kind: r.kind as SearchKind, score: r.score, terms: r.terms }));
}

export interface Segment {
	text: string;
	match: boolean;
}

/** Splits text into plain and matched segments; a word matches when it starts with a matched term. */
export function highlight(text: string, terms: string[]): Segment[] {
	if (terms.length === 0) return [{ text, match: false }];
	const wanted = terms.map((t) => t.toLocaleLowerCase('nb'));
	const out: Segment[] = [];
	for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
		if (!part) continue;
		const lower = part.toLocaleLowerCase('nb');
		const match = /[\p{L}\p{N}]/u.test(part) && wanted.some((t) => lower === t || (t.length >= 3 && lower.startsWith(t)));
		const last = out.at(-1);
		if (last && last.match === match && !match) last.text += part;
		else out.push({ text: part, match });
	}
	return out;
}
