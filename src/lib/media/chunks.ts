/**
 * A recording in progress is saved one chunk (about a second of audio) at a time,
 * under provisional keys, so a crash or a dead battery loses at most the last second.
 * These helpers are pure: naming, parsing and putting chunks back together.
 */
export const partialPrefix = 'partial:';

/** Sequence numbers are zero-padded so keys sort in recording order. */
export function partialKey(attachmentId: string, seq: number): string {
	if (!Number.isInteger(seq) || seq < 0) throw new RangeError(`Chunk sequence must be a non-negative integer, got ${seq}`);
	return `${partialPrefix}${attachmentId}:${String(seq).padStart(6, '0')}`;
}

/** All chunk keys of one recording lie in [prefix, prefix + '\uffff'). */
export function partialPrefixOf(attachmentId: string): string {
	return `${partialPrefix}${attachmentId}:`;
}

export function isPartialKey(key: string): boolean {
	return key.startsWith(partialPrefix);
}

export function parsePartialKey(key: string): { attachmentId: string; seq: number } | null {
	if (!isPartialKey(key)) return null;
	const rest = key.slice(partialPrefix.length);
	const colon = rest.lastIndexOf(':');
	if (colon <= 0) return null;
	const seqText = rest.slice(colon + 1);
	if (!/^\d+$/.test(seqText)) return null;
	return { attachmentId: rest.slice(0, colon), seq: Number(seqText) };
}

/** Chunk keys grouped by recording, each group's sequence numbers ascending. */
export function groupPartialKeys(keys: readonly string[]): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	for (const key of keys) {
		const parsed = parsePartialKey(key);
		if (!parsed) continue;
		const seqs = groups.get(parsed.attachmentId) ?? [];
		seqs.push(parsed.seq);
		groups.set(parsed.attachmentId, seqs);
	}
	for (const seqs of groups.values()) seqs.sort((a, b) => a - b);
	return groups;
}

/**
 * The recording as one Blob: chunks in sequence order, a repeated sequence number
 * taken once. Only a contiguous run from the first chunk is playable (a gap would
 * splice audio), so assembly stops at the first missing number.
 */
export function assembleChunks(chunks: readonly { seq: number; blob: Blob }[], mime: string): { blob: Blob; count: number } {
	const bySeq = new Map<number, Blob>();
	for (const c of chunks) if (!bySeq.has(c.seq)) bySeq.set(c.seq, c.blob);
	const ordered = [...bySeq.keys()].sort((a, b) => a - b);
	const parts: Blob[] = [];
	let expected = ordered[0] ?? 0;
	for (const seq of ordered) {
		if (seq !== expected) break;
		parts.push(bySeq.get(seq)!);
		expected++;
	}
	return { blob: new Blob(parts, { type: mime }), count: parts.length };
}
