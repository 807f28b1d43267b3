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
export async function entriesWithTags(data: LocalData, projectId: string, limit = Infinity): Promise<EntryWithTags[]> {
	const { db } = data;
	const { entries: visible, redaction } = await readVisibleEvidence(db, projectId);
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
	return entries.map((entry) => ({
		entry,
		...(redaction.entryText.has(entry.id) ? { redacted: true } : {}),
		tags: taggings
			.filter((t) => t.targetId === entry.id && !t.deleted && names.has(t.tagId))
			.map((t) => ({ kind: t.kind, id: t.tagId, name: names.get(t.tagId)! }))
	}));
}
