import type { Entry } from '$lib/domain/entry';
import type { Tagging } from '$lib/domain/tagging';
import type { LocalData } from './local';
import { readVisibleEvidence } from './redaction';
import { wholeProjectRows, wholeRows } from './wholeRows';

export interface EntryWithTags {
	entry: Entry;
	tags: { kind: Tagging['kind']; id: string; name: string }[];
	/** The text is shown with a withdrawn participant's words redacted: not to be edited (saving would make it stick). */
	redacted?: boolean;
}

/**
 * Entries of a project, newest first, with the names of what they are tagged to.
 * Evidence from a participant who withdrew consent is left out of every view
 * (see `$lib/domain/redaction`).
 */
export async function entriesWithTags(data: Pick<LocalData, 'db'>, projectId: string, limit = Infinity): Promise<EntryWithTags[]> {
	if (limit === Infinity) return withTags(data, projectId, await wholeProjectRows(data.db, 'entries', projectId));
	// Newest first from the `projectId` index: IndexedDB keeps an index's rows in
	// primary-key order within a key, and ids are time-ordered (UUIDv7), so walking it
	// backwards gives the newest and stops there – a 10k-entry project reads a page, not
	// the project. Tombstones and hidden evidence are skipped, so read more until the page is full.
	for (let n = limit * 2; ; n *= 4) {
		const rows = await data.db.entries.where('projectId').equals(projectId).reverse().limit(n).toArray();
		const shown = await withTags(data, projectId, wholeRows('entries', rows), limit);
		if (shown.length >= limit || rows.length < n) return shown;
	}
}

/** These entries (tombstones may be among them) as screens show them: visible ones only, newest first, with their tag names. */
export async function withTags(data: Pick<LocalData, 'db'>, projectId: string, rows: readonly Entry[], limit = Infinity): Promise<EntryWithTags[]> {
	const { db } = data;
	const { entries: visible, redaction } = await readVisibleEvidence(db, projectId, rows);
	const entries = visible
		.sort((a, b) => b.id.localeCompare(a.id))
		.slice(0, limit);
	const [regions, stages, codes, taggings] = await Promise.all([
		wholeProjectRows(db, 'regions', projectId),
		wholeProjectRows(db, 'lifeStages', projectId),
		wholeProjectRows(db, 'codes', projectId),
		db.taggings.where('targetId').anyOf(entries.map((e) => e.id)).toArray().then((rows) => wholeRows('taggings', rows))
	]);
	const names = new Map<string, string>();
	for (const r of [...regions, ...stages, ...codes]) if (!r.deleted) names.set(r.id, r.name);
	const tagsOf = new Map<string, EntryWithTags['tags']>();
	for (const t of taggings) {
		if (t.deleted || !names.has(t.tagId)) continue;
		if (!tagsOf.has(t.targetId)) tagsOf.set(t.targetId, []);
		tagsOf.get(t.targetId)!.push({ kind: t.kind, id: t.tagId, name: names.get(t.tagId)! });
	}
	return entries.map((entry) => ({
		entry,
		...(redaction.entryText.has(entry.id) ? { redacted: true } : {}),
		tags: tagsOf.get(entry.id) ?? []
	}));
}
