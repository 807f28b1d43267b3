import MiniSearch, { type Query } from 'minisearch';
import { editBudget, Vocabulary } from './fuzzy';

/**
 * What the full-text index holds: entries, sessions (with their notes), participants, codes,
 * regions and life stages.
 */
export type SearchKind = 'entry' | 'session' | 'participant' | 'code' | 'region' | 'lifeStage';

/** Kinds whose documents are tags: a hit on one also finds the evidence tagged with it. */
const tagKinds: ReadonlySet<SearchKind> = new Set(['code', 'region', 'lifeStage']);

export interface SearchDoc {
	id: string;
	kind: SearchKind;
	text: string;
	/** For a tag (code, region, life stage): the ids of the visible evidence tagged with it. Not indexed as text. */
	evidence?: string[];
}

export interface SearchHit {
	id: string;
	kind: SearchKind;
	score: number;
	/** Indexed terms that matched the query (after fuzzy/prefix expansion), for highlighting. */
	terms: string[];
}

/** The MiniSearch index with the word list the typo matcher walks and each tag's evidence. */
export interface SearchIndex {
	mini: MiniSearch<SearchDoc>;
	vocabulary: Vocabulary;
	evidenceOf: Map<string, string[]>;
}

/**
 * Prefix search with MiniSearch, terms ANDed. Typos are not MiniSearch's fuzzy (Levenshtein,
 * whole words) but our own expansion: see fuzzy.ts and queryFor.
 */
export const searchOptions = { prefix: true, fuzzy: false, combineWith: 'AND' as const };

/** MiniSearch's weight for fuzzy matches, so a typo ranks below the word spelt right. */
const fuzzyWeight = 0.45;
/** A tag's evidence ranks below the tag itself and below evidence that says the words. */
const taggedWeight = 0.5;

const processTerm = (term: string) => term.toLowerCase();

export function buildIndex(docs: SearchDoc[]): SearchIndex {
	const words = new Set<string>();
	const mini = new MiniSearch<SearchDoc>({
		fields: ['text'],
		storeFields: ['kind'],
		idField: 'id',
		// Called with a field name only while indexing: that is where the word list comes from.
		processTerm: (term, field) => {
			const t = processTerm(term);
			if (field && t) words.add(t);
			return t;
		},
		searchOptions: { processTerm }
	});
	mini.addAll(docs);
	const evidenceOf = new Map<string, string[]>();
	for (const d of docs) if (d.evidence && tagKinds.has(d.kind)) evidenceOf.set(d.id, d.evidence);
	return { mini, vocabulary: new Vocabulary(words), evidenceOf };
}

/**
 * One query word as a MiniSearch query: the word and what begins with it, OR the indexed words
 * within its edit budget (a transposition counts as one edit), weighted down by their distance.
 */
function queryFor(index: SearchIndex, term: string): Query {
	const exact: Query = { queries: [term], prefix: true };
	const budget = editBudget(term);
	if (budget === 0) return exact;
	const byDistance = new Map<number, string[]>();
	for (const [word, distance] of index.vocabulary.near(term, budget)) {
		if (distance === 0) continue; // the prefix query already finds these, at a better weight
		if (!byDistance.has(distance)) byDistance.set(distance, []);
		byDistance.get(distance)!.push(word);
	}
	if (byDistance.size === 0) return exact;
	const near: Query[] = [...byDistance].map(([distance, words]) => ({
		queries: [words.join(' ')],
		combineWith: 'OR',
		prefix: false,
		boostTerm: (word: string) => (fuzzyWeight * word.length) / (word.length + distance)
	}));
	return { combineWith: 'OR', queries: [exact, ...near] };
}

export function search(index: SearchIndex, query: string, limit = 200): SearchHit[] {
	const terms = MiniSearch.getDefault('tokenize')(query.trim()).map(processTerm).filter(Boolean) as string[];
	if (terms.length === 0) return [];
	const results = index.mini.search({ combineWith: 'AND', queries: terms.map((t) => queryFor(index, t)) }, searchOptions);
	const hits = new Map<string, SearchHit>();
	for (const r of results) hits.set(String(r.id), { id: String(r.id), kind: r.kind as SearchKind, score: r.score, terms: r.terms });
	// A code, region or life stage that matches brings the evidence tagged with it, unless the evidence matched itself.
	for (const r of results) {
		if (!tagKinds.has(r.kind as SearchKind)) continue;
		for (const id of index.evidenceOf.get(String(r.id)) ?? []) {
			const score = r.score * taggedWeight;
			const had = hits.get(id);
			if (!had) hits.set(id, { id, kind: 'entry', score, terms: [] });
			else if (had.score < score) had.score = score;
		}
	}
	return [...hits.values()].sort((a, b) => b.score - a.score).slice(0, limit);
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
