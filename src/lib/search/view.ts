import { searchHits, type SearchHit, type SearchIndex } from './engine';
import { facetKeys, facetValues, type FacetCount, type FacetKey, type LibraryData, type LibraryFilter, type LibraryItem, type SessionItem } from './library';

/**
 * The library as the screen asks for it: what is searched and filtered, and how many rows
 * of the answer it shows. Answered next to the index (in the search worker), so a keystroke
 * costs the main thread only the rows it renders, never the hits, the facet counts or the sort.
 */
export interface ViewRequest {
	query: string;
	filter: LibraryFilter;
	/** Rows of the list to send; the screen asks for more as it is scrolled. */
	limit: number;
}

/** A search hit that is not a library row (a participant, code, region or life stage), with its text. */
export interface GroupHit {
	id: string;
	text: string;
	terms: string[];
}

export interface GroupOf<T> {
	/** The first few, best first. */
	shown: T[];
	/** How many there are in all. */
	count: number;
}

export interface SearchGroupsView {
	sessions: GroupOf<{ item: SessionItem; text: string; terms: string[] }>;
	participant: GroupOf<GroupHit>;
	code: GroupOf<GroupHit>;
	region: GroupOf<GroupHit>;
	lifeStage: GroupOf<GroupHit>;
}

export interface ViewResult {
	/** The query the answer is for, trimmed (the screen shows an answer only for what is typed now). */
	query: string;
	/** The first `limit` rows of the list: every kind when browsing, evidence when searching. */
	rows: LibraryItem[];
	/** How many rows the whole list has (exact: no cap on hits). */
	rowCount: number;
	entryCount: number;
	sessionCount: number;
	/** The matched terms of each row sent, for highlighting. */
	terms: Record<string, string[]>;
	/** Per facet, how many items each value would give with the other filters kept. */
	facets: Record<FacetKey, FacetCount[]>;
	/** Names of the facet values listed or chosen (sessions, participants, tags). */
	names: Record<string, string>;
	/** Searching: the hits that are not evidence, grouped by kind. */
	groups: SearchGroupsView | null;
}

/** How many hits of each non-evidence kind are sent; the screen says how many more there are. */
export const groupShown = 20;

/**
 * One project's library, ready to answer views: each item's facet values worked out once per
 * change of the data, not per keystroke.
 */
export class LibraryView {
	/**
	 * Each facet's values as small integers: per facet, item i's values are
	 * `codes[k].slice(starts[k][i], starts[k][i + 1])`, and `dictionary[k][code]` is the value.
	 * Counting is then array increments, not string-keyed map updates (20k items × 8 facets).
	 */
	private readonly dictionary: string[][] = [];
	private readonly codeOf: Map<string, number>[] = [];
	private readonly starts: Int32Array[] = [];
	private readonly codes: Int32Array[] = [];
	private readonly docText: Map<string, string>;
	private readonly position = new Map<string, number>();

	constructor(
		private readonly data: LibraryData,
		private readonly index: SearchIndex
	) {
		const n = data.items.length;
		facetKeys.forEach((key, k) => {
			const dict: string[] = [];
			const codeOf = new Map<string, number>();
			const starts = new Int32Array(n + 1);
			const codes: number[] = [];
			data.items.forEach((item, i) => {
				starts[i] = codes.length;
				for (const v of new Set(facetValues(item, key))) {
					let c = codeOf.get(v);
					if (c === undefined) {
						c = dict.length;
						dict.push(v);
						codeOf.set(v, c);
					}
					codes.push(c);
				}
			});
			starts[n] = codes.length;
			this.dictionary[k] = dict;
			this.codeOf[k] = codeOf;
			this.starts[k] = starts;
			this.codes[k] = Int32Array.from(codes);
		});
		this.docText = new Map(data.docs.filter((d) => d.kind !== 'entry').map((d) => [d.id, d.text]));
		data.items.forEach((item, i) => this.position.set(item.id, i));
	}

	view(request: ViewRequest): ViewResult {
		const query = request.query.trim();
		const { items } = this.data;
		let pool: ArrayLike<number>;
		let hits: SearchHit[] = [];
		if (query) {
			// Every hit, so the counts are exact.
			const found = searchHits(this.index, query);
			hits = found.hits;
			const at: number[] = [];
			for (const h of hits) {
				if (h.kind !== 'entry' && h.kind !== 'session') continue;
				const i = this.position.get(h.id);
				if (i !== undefined) at.push(i);
			}
			// Ranked: best first. Unranked (only one- or two-letter words): in library order, as browsing.
			pool = found.ranked ? at : Int32Array.from(at).sort();
		} else {
			pool = { length: items.length } as ArrayLike<number>;
		}
		const { kept, facets } = this.filtered(pool, !query, request.filter);
		const rows: LibraryItem[] = [];
		const sessions: SessionItem[] = [];
		let entryCount = 0;
		for (const i of kept) {
			const item = items[i];
			if (item.type === 'entry') entryCount++;
			if (query && item.type === 'session') {
				sessions.push(item);
				continue;
			}
			if (rows.length < request.limit) rows.push(item);
		}
		const rowCount = query ? entryCount : kept.length;
		const termsOf = new Map(hits.map((h) => [h.id, h.terms]));
		const terms: Record<string, string[]> = {};
		for (const r of rows) {
			const t = termsOf.get(r.id);
			if (t && t.length > 0) terms[r.id] = t;
		}
		const names: Record<string, string> = {};
		const name = (value: string) => {
			const n = this.data.names.get(value);
			if (n !== undefined) names[value] = n;
		};
		for (const key of facetKeys) for (const c of facets[key]) name(c.value);
		for (const key of facetKeys) if (request.filter[key]) name(request.filter[key]!);
		return {
			query,
			rows,
			rowCount,
			entryCount,
			sessionCount: kept.length - entryCount,
			terms,
			facets,
			names,
			groups: query ? this.groups(hits, sessions, termsOf) : null
		};
	}

	/**
	 * The items of `pool` (in its order; every item when `all`) that pass the filter, and every
	 * facet's counts. An item failing only facet k's filter still counts for k's values (what
	 * choosing another value of k would give); one failing two filters counts for none.
	 */
	private filtered(pool: ArrayLike<number>, all: boolean, filter: LibraryFilter): { kept: number[]; facets: Record<FacetKey, FacetCount[]> } {
		const { items } = this.data;
		const keys = facetKeys.length;
		// -1: no filter on the facet; a value no item has gets a code no item carries.
		const wanted = facetKeys.map((key, k) => (filter[key] ? (this.codeOf[k].get(filter[key]!) ?? -2) : -1));
		const counts = this.dictionary.map((d) => new Int32Array(d.length));
		const { starts, codes } = this;
		const has = (k: number, i: number, code: number) => {
			const c = codes[k];
			for (let j = starts[k][i], end = starts[k][i + 1]; j < end; j++) if (c[j] === code) return true;
			return false;
		};
		const add = (k: number, i: number) => {
			const c = codes[k];
			const n = counts[k];
			for (let j = starts[k][i], end = starts[k][i + 1]; j < end; j++) n[c[j]]++;
		};
		const kept: number[] = [];
		const { from, to } = filter;
		for (let p = 0; p < pool.length; p++) {
			const i = all ? p : pool[p];
			if (from || to) {
				const date = items[i].date;
				if ((from && date < from) || (to && date > to)) continue;
			}
			let failed = -1;
			let failures = 0;
			for (let k = 0; k < keys && failures < 2; k++) {
				const w = wanted[k];
				if (w !== -1 && !has(k, i, w)) {
					failed = k;
					failures++;
				}
			}
			if (failures === 0) {
				kept.push(i);
				for (let k = 0; k < keys; k++) add(k, i);
			} else if (failures === 1) add(failed, i);
		}
		const facets = {} as Record<FacetKey, FacetCount[]>;
		facetKeys.forEach((key, k) => {
			const out: FacetCount[] = [];
			const n = counts[k];
			for (let c = 0; c < n.length; c++) if (n[c] > 0) out.push({ value: this.dictionary[k][c], count: n[c] });
			facets[key] = out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
		});
		return { kept, facets };
	}

	private groups(hits: SearchHit[], sessions: SessionItem[], termsOf: Map<string, string[]>): SearchGroupsView {
		const text = (id: string) => this.docText.get(id) ?? '';
		const of = (kind: 'participant' | 'code' | 'region' | 'lifeStage'): GroupOf<GroupHit> => {
			const all = hits.filter((h) => h.kind === kind);
			return { count: all.length, shown: all.slice(0, groupShown).map((h) => ({ id: h.id, text: text(h.id), terms: h.terms })) };
		};
		return {
			sessions: { count: sessions.length, shown: sessions.slice(0, groupShown).map((item) => ({ item, text: text(item.id), terms: termsOf.get(item.id) ?? [] })) },
			participant: of('participant'),
			code: of('code'),
			region: of('region'),
			lifeStage: of('lifeStage')
		};
	}
}
