import { isHidden } from '$lib/domain/consent';
import type { Entry, EntryKind, ReviewStatus } from '$lib/domain/entry';
import type { EntryWithTags } from '$lib/data/evidence';
import type { LocalData } from '$lib/data/local';
import type { SearchDoc } from './engine';

export interface LibraryItem extends EntryWithTags {
	/** The session's date when there is one, else the entry's creation day. */
	date: string;
	researchers: string[];
}

export interface LibraryData {
	items: LibraryItem[];
	names: Map<string, string>;
	/** Session notes, participants and codes, for the search index beside the entries. */
	docs: SearchDoc[];
}

/** Entries with their tag names, newest first, withdrawn consent hidden: entriesWithTags in linear time. */
export async function taggedEntries(data: LocalData, projectId: string): Promise<EntryWithTags[]> {
	return (await libraryData(data, projectId)).items;
}

/** Everything the library lists and searches, with withdrawn participants' evidence left out. */
export async function libraryData(data: LocalData, projectId: string): Promise<LibraryData> {
	const { db } = data;
	const [entries, taggings, regions, stages, sessions, notes, participants, codes] = await Promise.all([
		db.entries.where('projectId').equals(projectId).toArray(),
		db.taggings.where('projectId').equals(projectId).toArray(),
		db.regions.where('projectId').equals(projectId).toArray(),
		db.lifeStages.where('projectId').equals(projectId).toArray(),
		db.sessions.where('projectId').equals(projectId).toArray(),
		db.notes.where('projectId').equals(projectId).toArray(),
		db.participants.where('projectId').equals(projectId).toArray(),
		db.codes.where('projectId').equals(projectId).toArray()
	]);
	// Same rules as entriesWithTags, in linear time for 50k entries: newest first, withdrawn consent hidden.
	const hiddenIds = new Set(participants.filter(isHidden).map((p) => p.id));
	const tagNames = new Map<string, string>();
	for (const r of [...regions, ...stages, ...codes]) if (!r.deleted) tagNames.set(r.id, r.name);
	const tagsOf = new Map<string, EntryWithTags['tags']>();
	for (const t of taggings) {
		if (t.deleted || !tagNames.has(t.tagId)) continue;
		if (!tagsOf.has(t.targetId)) tagsOf.set(t.targetId, []);
		tagsOf.get(t.targetId)!.push({ kind: t.kind, id: t.tagId, name: tagNames.get(t.tagId)! });
	}
	const withTags: EntryWithTags[] = entries
		.filter((e) => !e.deleted && !(e.participantId && hiddenIds.has(e.participantId)))
		.sort((a, b) => b.id.localeCompare(a.id))
		.map((entry) => ({ entry, tags: tagsOf.get(entry.id) ?? [] }));
	const sessionById = new Map(sessions.filter((s) => !s.deleted).map((s) => [s.id, s]));
	const names = new Map<string, string>();
	for (const s of sessionById.values()) names.set(s.id, s.title);
	for (const p of participants) if (!p.deleted && !isHidden(p)) names.set(p.id, p.code);
	const items = withTags.map((item) => {
		const session = item.entry.sessionId ? sessionById.get(item.entry.sessionId) : undefined;
		for (const t of item.tags) names.set(t.id, t.name);
		return {
			...item,
			date: session?.date ?? item.entry.createdAt.slice(0, 10),
			researchers: [...new Set([...(session?.researchers ?? []), item.entry.createdBy])]
		};
	});
	const docs: SearchDoc[] = [
		...items.map((i) => ({ id: i.entry.id, kind: 'entry' as const, text: entryText(i.entry) })),
		...notes.filter((n) => !n.deleted && n.text && sessionById.has(n.sessionId)).map((n) => ({ id: n.sessionId, kind: 'note' as const, text: `${sessionById.get(n.sessionId)!.title}\n${n.text}` })),
		...participants
			.filter((p) => !p.deleted && !isHidden(p))
			.map((p) => ({ id: p.id, kind: 'participant' as const, text: [p.code, p.municipality, ...Object.entries(p.attributes).flat()].join(' ') })),
		...codes.filter((c) => !c.deleted).map((c) => ({ id: c.id, kind: 'code' as const, text: `${c.name} ${c.description}` }))
	];
	return { items, names, docs };
}

export function entryText(entry: Entry): string {
	const u = entry.unknown;
	return [entry.text, entry.source, u?.surprise, u?.whyUnknown, u?.nextQuestion].filter(Boolean).join('\n');
}

export type FacetKey = 'kind' | 'region' | 'lifeStage' | 'code' | 'participant' | 'researcher' | 'session' | 'review';
export const facetKeys: FacetKey[] = ['kind', 'region', 'lifeStage', 'code', 'participant', 'researcher', 'session', 'review'];

export interface LibraryFilter {
	kind?: EntryKind;
	region?: string;
	lifeStage?: string;
	code?: string;
	participant?: string;
	researcher?: string;
	session?: string;
	review?: ReviewStatus;
	from?: string;
	to?: string;
}

/** The values an item has for a facet (several for tags and researchers). */
export function facetValues(item: LibraryItem, key: FacetKey): string[] {
	switch (key) {
		case 'kind':
			return [item.entry.kind];
		case 'region':
		case 'lifeStage':
		case 'code':
			return item.tags.filter((t) => t.kind === key).map((t) => t.id);
		case 'participant':
			return item.entry.participantId ? [item.entry.participantId] : [];
		case 'researcher':
			return item.researchers;
		case 'session':
			return item.entry.sessionId ? [item.entry.sessionId] : [];
		case 'review':
			return [item.entry.reviewStatus];
	}
}

function matches(item: LibraryItem, filter: LibraryFilter, skip?: FacetKey): boolean {
	for (const key of facetKeys) {
		const wanted = filter[key];
		if (!wanted || key === skip) continue;
		if (!facetValues(item, key).includes(wanted)) return false;
	}
	if (filter.from && item.date < filter.from) return false;
	if (filter.to && item.date > filter.to) return false;
	return true;
}

export interface FacetCount {
	value: string;
	count: number;
}

export interface FilterResult {
	items: LibraryItem[];
	/** Per facet, how many items each value would give with the other filters kept. */
	facets: Record<FacetKey, FacetCount[]>;
}

/** Applies the filter (and an optional set of search hits) and counts every facet. */
export function applyFilter(all: LibraryItem[], filter: LibraryFilter, only?: Set<string>): FilterResult {
	const pool = only ? all.filter((i) => only.has(i.entry.id)) : all;
	const facets = {} as Record<FacetKey, FacetCount[]>;
	for (const key of facetKeys) {
		const counts = new Map<string, number>();
		for (const item of pool) {
			if (!matches(item, filter, key)) continue;
			for (const v of new Set(facetValues(item, key))) counts.set(v, (counts.get(v) ?? 0) + 1);
		}
		facets[key] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
	}
	return { items: pool.filter((i) => matches(i, filter)), facets };
}
