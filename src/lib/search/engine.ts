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

/** How the index is built and read back (MiniSearch.loadJSON needs the same options). */
function miniOptions(onTerm?: (term: string) => void) {
	return {
		fields: ['text'],
		storeFields: ['kind'],
		idField: 'id',
		// Called with a field name only while indexing: that is where the word list comes from.
		processTerm: (term: string, field?: string) => {
			const t = processTerm(term);
			if (field && t) onTerm?.(t);
			return t;
		},
		searchOptions: { processTerm }
	};
}

export function buildIndex(docs: SearchDoc[]): SearchIndex {
	const words = new Set<string>();
	const mini = new MiniSearch<SearchDoc>(miniOptions((t) => words.add(t)));
	mini.addAll(docs);
	const evidenceOf = new Map<string, string[]>();
	for (const d of docs) if (d.evidence && tagKinds.has(d.kind)) evidenceOf.set(d.id, d.evidence);
	return { mini, vocabulary: new Vocabulary(words), evidenceOf };
}

/** An index read back from `mini.toJSON()` (see persisted.ts), with the tags' evidence kept beside it. */
export function loadIndex(json: string, evidenceOf: Map<string, string[]>): SearchIndex {
	const mini = MiniSearch.loadJSON<SearchDoc>(json, miniOptions());
	return { mini, vocabulary: vocabularyOf(mini), evidenceOf };
}

/**
 * The typo matcher's word list from the index's own terms: after documents are replaced or
 * discarded the words collected while indexing would drift from what the index holds.
 * MiniSearch keeps its term tree in a protected field and has no public way to list it.
 */
export function vocabularyOf(mini: MiniSearch<SearchDoc>): Vocabulary {
	return new Vocabulary((mini as unknown as { _index: { keys(): Iterable<string> } })._index.keys());
}

/** Whether a document's evidence is kept (tag kinds only): the same rule buildIndex applies. */
export function isTagKind(kind: SearchKind): boolean {
	return tagKinds.has(kind);
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

/** Query words shorter than this filter but do not rank (see `searchHits`). */
export const rankedFrom = 3;

/** MiniSearch's term tree and document tables, which it keeps protected: read here for prefix sets only. */
interface MiniInternals {
	_index: { atPrefix(prefix: string): { values(): Iterable<Map<number, Map<number, number>>> } };
	_documentIds: Map<number, string>;
	_storedFields: Map<number, { kind?: SearchKind }>;
}

/**
 * The short ids of the documents holding a word that begins with `prefix`. A discarded
 * document stays in the term tree until a vacuum but not in the id table, so it is left out.
 */
function withPrefix(mini: MiniSearch<SearchDoc>, prefix: string): Set<number> {
	const inner = mini as unknown as MiniInternals;
	const out = new Set<number>();
	for (const fields of inner._index.atPrefix(prefix).values()) for (const docs of fields.values()) for (const short of docs.keys()) if (inner._documentIds.has(short)) out.add(short);
	return out;
}

function intersect(sets: Set<number>[]): Set<number> {
	const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
	if (rest.length === 0) return smallest;
	return new Set([...smallest].filter((x) => rest.every((s) => s.has(x))));
}

/**
 * Every hit of a query, and whether they are ranked. Words of one or two letters begin
 * thousands of words in a large project: scoring each would cost the first keystroke ~90 ms
 * at 20k entries, and a rank among "everything with an s" means nothing. So such words only
 * narrow (the documents with a word that begins so); the longer words rank what is left. A
 * query of short words only is unranked: the screen lists its hits in library order.
 */
export function searchHits(index: SearchIndex, query: string): { hits: SearchHit[]; ranked: boolean } {
	const terms = MiniSearch.getDefault('tokenize')(query.trim()).map(processTerm).filter(Boolean) as string[];
	if (terms.length === 0) return { hits: [], ranked: false };
	const long = terms.filter((t) => t.length >= rankedFrom);
	const short = terms.filter((t) => t.length < rankedFrom);
	const allowed = short.length > 0 ? intersect(short.map((t) => withPrefix(index.mini, t))) : null;
	const hits = new Map<string, SearchHit>();
	if (long.length > 0) {
		const inner = index.mini as unknown as MiniInternals;
		const allowedIds = allowed ? new Set([...allowed].map((short) => inner._documentIds.get(short)!)) : null;
		const results = index.mini.search({ combineWith: 'AND', queries: long.map((t) => queryFor(index, t)) }, searchOptions);
		for (const r of results) {
			if (allowedIds && !allowedIds.has(String(r.id))) continue;
			hits.set(String(r.id), { id: String(r.id), kind: r.kind as SearchKind, score: r.score, terms: r.terms });
		}
	} else {
		const inner = index.mini as unknown as MiniInternals;
		for (const sid of allowed!) {
			const id = inner._documentIds.get(sid)!;
			hits.set(id, { id, kind: inner._storedFields.get(sid)?.kind ?? 'entry', score: 0, terms: short });
		}
	}
	// A code, region or life stage that matches brings the evidence tagged with it, unless the evidence matched itself.
	for (const r of [...hits.values()]) {
		if (!tagKinds.has(r.kind)) continue;
		for (const id of index.evidenceOf.get(r.id) ?? []) {
			const score = r.score * taggedWeight;
			const had = hits.get(id);
			if (!had) hits.set(id, { id, kind: 'entry', score, terms: [] });
			else if (had.score < score) had.score = score;
		}
	}
	const ranked = long.length > 0;
	return { hits: ranked ? [...hits.values()].sort((a, b) => b.score - a.score) : [...hits.values()], ranked };
}

export function search(index: SearchIndex, query: string, limit = 200): SearchHit[] {
	return searchHits(index, query).hits.slice(0, limit);
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
