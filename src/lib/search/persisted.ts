import { buildIndex, isTagKind, loadIndex, vocabularyOf, type SearchDoc, type SearchIndex } from './engine';

/**
 * The search index kept on the device, so opening a large project does not rebuild it
 * (20k entries: ~0.3 s of the worker's time, 50k: ~1 s). Beside MiniSearch's own JSON it
 * keeps a short hash of each document, so the next read of the project tells which
 * documents changed and the index is brought up to date with add / replace / discard
 * instead of being built again.
 */
export interface StoredSearchIndex {
	projectId: string;
	/** Bumped when what is stored changes shape, or the engine indexes differently: an old one is rebuilt. */
	format: number;
	index: string;
	hashes: [string, number][];
	evidenceOf: [string, string[]][];
}

export const storedIndexFormat = 1;

/** An index and what each of its documents said when it was indexed. */
export interface IndexState {
	index: SearchIndex;
	hashes: Map<string, number>;
}

/** What an update did: documents new to the index, changed, and gone. */
export interface IndexChanges {
	added: number;
	replaced: number;
	discarded: number;
}

/**
 * cyrb53: a fast 53-bit string hash. Only compared with the same document's previous hash,
 * so a collision would need one document's edit to land on the same 53 bits.
 */
export function docHash(doc: SearchDoc): number {
	const str = `${doc.kind}\u0000${doc.text}`;
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < str.length; i++) {
		const ch = str.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function evidenceOf(docs: readonly SearchDoc[]): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const d of docs) if (d.evidence && isTagKind(d.kind)) out.set(d.id, d.evidence);
	return out;
}

export function freshState(docs: SearchDoc[]): IndexState {
	return { index: buildIndex(docs), hashes: new Map(docs.map((d) => [d.id, docHash(d)])) };
}

/**
 * Brings the index to `docs`: a document whose text (or kind) changed is replaced, a new one
 * added, one no longer there discarded (a deleted entry, a withdrawn participant's words).
 * A tag's evidence is not indexed text: it is taken as it is now.
 */
export function updateState(state: IndexState, docs: readonly SearchDoc[]): IndexChanges {
	const { mini } = state.index;
	const changes: IndexChanges = { added: 0, replaced: 0, discarded: 0 };
	const seen = new Set<string>();
	for (const d of docs) {
		seen.add(d.id);
		const hash = docHash(d);
		const had = state.hashes.get(d.id);
		if (had === hash) continue;
		if (had === undefined) {
			mini.add(d);
			changes.added++;
		} else {
			mini.replace(d);
			changes.replaced++;
		}
		state.hashes.set(d.id, hash);
	}
	for (const id of state.hashes.keys()) {
		if (seen.has(id)) continue;
		mini.discard(id);
		state.hashes.delete(id);
		changes.discarded++;
	}
	state.index.evidenceOf = evidenceOf(docs);
	if (changes.added + changes.replaced + changes.discarded > 0) state.index.vocabulary = vocabularyOf(mini);
	return changes;
}

/**
 * The index as stored. Vacuumed first: a discarded document's terms stay in MiniSearch's tree
 * until then, and the stored copy must not keep the words of evidence that was deleted or
 * whose participant withdrew.
 */
export async function toStored(projectId: string, state: IndexState): Promise<StoredSearchIndex> {
	if (state.index.mini.dirtCount > 0) await state.index.mini.vacuum({ batchSize: 5000, batchWait: 0 });
	return {
		projectId,
		format: storedIndexFormat,
		index: JSON.stringify(state.index.mini),
		hashes: [...state.hashes],
		evidenceOf: [...state.index.evidenceOf]
	};
}

/** The stored index, or null when there is none or it was written in another format. */
export function fromStored(stored: StoredSearchIndex | undefined): IndexState | null {
	if (!stored || stored.format !== storedIndexFormat) return null;
	return { index: loadIndex(stored.index, new Map(stored.evidenceOf)), hashes: new Map(stored.hashes) };
}
