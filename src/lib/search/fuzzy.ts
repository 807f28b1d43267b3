/**
 * Typo tolerance the search index itself lacks. MiniSearch's fuzzy match is Levenshtein over
 * whole words, so a swap of two neighbours ("skoel") costs two edits and a word typed short of
 * its ending ("sakbehandler" for "saksbehandleren") is never found. Here a query word matches
 * every indexed word that *begins* with it give or take a few edits, counted as optimal string
 * alignment (Damerau–Levenshtein where a swap of two neighbouring letters is one edit).
 */

/** How many edits a query word may carry: none under 4 letters, one up to 7, two from 8. */
export function editBudget(term: string): number {
	return term.length < 4 ? 0 : term.length < 8 ? 1 : 2;
}

/** Plain code-unit order: every word with a given prefix then lies in one run of the list. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The index's words in sorted order, walked like a trie: neighbouring words share the rows of
 * the edit-distance table for their common prefix, and a prefix already too far from the query
 * skips every word that starts with it.
 */
export class Vocabulary {
	private readonly terms: string[];

	constructor(terms: Iterable<string>) {
		this.terms = [...new Set(terms)].sort(cmp);
	}

	get size(): number {
		return this.terms.length;
	}

	/**
	 * Words that begin with `query` within `max` edits, each with the fewest edits found
	 * (0 for the query itself or a word it is a prefix of).
	 */
	near(query: string, max: number): Map<string, number> {
		const out = new Map<string, number>();
		const terms = this.terms;
		const m = query.length;
		if (max < 0 || m === 0 || terms.length === 0) return out;
		const q = Array.from({ length: m }, (_, j) => query.charCodeAt(j));
		// rows[d][j]: edits between the word's first d letters and the query's first j.
		const rows: Int32Array[] = [Int32Array.from({ length: m + 1 }, (_, j) => j)];
		// best[d]: the fewest edits between the query and any of the word's first 0..d letters.
		const best: number[] = [m];
		// rowMin[d]: the smallest value in rows[d]; when it and the row above exceed max, no longer word can match.
		const rowMin: number[] = [0];
		// Beyond m + max letters a prefix needs more than max insertions: nothing changes below it.
		const deepest = m + max;
		let prev = '';
		let valid = 0;
		let i = 0;
		while (i < terms.length) {
			const word = terms[i];
			let d = 0;
			const shared = Math.min(valid, word.length, prev.length);
			while (d < shared && prev.charCodeAt(d) === word.charCodeAt(d)) d++;
			const limit = Math.min(word.length, deepest);
			let cut = false;
			while (d < limit) {
				d++;
				const c = word.charCodeAt(d - 1);
				const before = d > 1 ? word.charCodeAt(d - 2) : -1;
				const up = rows[d - 1];
				const row = (rows[d] ??= new Int32Array(m + 1));
				row[0] = d;
				let low = d;
				for (let j = 1; j <= m; j++) {
					let x = Math.min(up[j] + 1, row[j - 1] + 1, up[j - 1] + (q[j - 1] === c ? 0 : 1));
					// A swap of neighbours (the word has "ol" where the query has "lo") is one edit.
					if (j > 1 && d > 1 && c === q[j - 2] && before === q[j - 1]) x = Math.min(x, rows[d - 2][j - 2] + 1);
					row[j] = x;
					if (x < low) low = x;
				}
				best[d] = Math.min(best[d - 1], row[m]);
				rowMin[d] = low;
				if (low > max && rowMin[d - 1] + 1 > max) {
					cut = true;
					break;
				}
			}
			prev = word;
			valid = d;
			if (cut || d === deepest) {
				// Every word sharing these d letters ends the same way: matched at best[d], or not at all.
				const end = this.endOfPrefix(word.slice(0, d), i);
				if (best[d] <= max) for (let k = i; k < end; k++) out.set(terms[k], best[d]);
				i = end;
				continue;
			}
			if (best[d] <= max) out.set(word, best[d]);
			i++;
		}
		return out;
	}

	/** The index after the last word starting with prefix (the word at `from` does). */
	private endOfPrefix(prefix: string, from: number): number {
		const bound = prefix + '\uffff';
		let lo = from + 1;
		let hi = this.terms.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.terms[mid] < bound) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}
