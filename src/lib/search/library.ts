import { isHidden } from '$lib/domain/consent';
import { deviceRedaction, shownEntry, type DeviceRedaction } from '$lib/data/redaction';
import { redaction } from '$lib/domain/redaction';
import type { Entry, EntryKind, ReviewStatus } from '$lib/domain/entry';
import type { Session } from '$lib/domain/session';
import type { EntryWithTags } from '$lib/data/evidence';
import type { LocalData } from '$lib/data/local';
import type { SearchDoc } from './engine';
import { wholeProjectRows } from '$lib/data/wholeRows';

/** Where a highlight's entry was marked: enough to name the session and open it at the span. */
export interface HighlightOrigin {
	sessionId: string;
	highlightId: string;
	sessionTitle: string;
}

export interface EntryItem extends EntryWithTags {
	type: 'entry';
	id: string;
	/** The session's date when there is one, else the entry's creation day. */
	date: string;
	researchers: string[];
	/** Set when the entry was made by marking a span of a session note. */
	highlight: HighlightOrigin | null;
}

export interface SessionItem {
	type: 'session';
	id: string;
	session: Session;
	/** Pseudonym codes of the session's participants, withdrawn ones left out. */
	participants: { id: string; code: string }[];
	tags: EntryWithTags['tags'];
	date: string;
	researchers: string[];
}

/** One row of the library: a piece of evidence (highlights included) or a session. */
export type LibraryItem = EntryItem | SessionItem;

/** The kind facet: the entry kinds, plus sessions and highlights (a highlight also has its entry kind). */
export type LibraryKind = EntryKind | 'session' | 'highlight';

export interface LibraryData {
	items: LibraryItem[];
	names: Map<string, string>;
	/** Sessions (title, place, participants, notes), participants and codes, for the search index beside the entries. */
	docs: SearchDoc[];
}

/** Entries with their tag names, withdrawn consent hidden: entriesWithTags in linear time. */
export async function taggedEntries(data: Pick<LocalData, 'db'>, projectId: string): Promise<EntryWithTags[]> {
	return (await libraryData(data, projectId)).items.filter((i): i is EntryItem => i.type === 'entry');
}

// Plain code-unit comparison: dates and ids are ASCII, and localeCompare is slow over 50k rows.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const groupOf = (i: LibraryItem) => (i.type === 'session' ? i.id : (i.entry.sessionId ?? i.id));

/**
 * Newest fieldwork first: by date, each session directly followed by the evidence from it
 * (so a session's row heads its entries), newest entry first within a session.
 */
export function byDate(a: LibraryItem, b: LibraryItem): number {
	return cmp(b.date, a.date) || cmp(groupOf(b), groupOf(a)) || (a.type === 'session' ? -1 : b.type === 'session' ? 1 : cmp(b.id, a.id));
}

/** Everything the library lists and searches, with withdrawn participants' evidence left out. */
export async function libraryData(data: Pick<LocalData, 'db'>, projectId: string): Promise<LibraryData> {
	const { db } = data;
	const [entries, taggings, regions, stages, sessions, notes, participants, codes] = await Promise.all([
		wholeProjectRows(db, 'entries', projectId),
		wholeProjectRows(db, 'taggings', projectId),
		wholeProjectRows(db, 'regions', projectId),
		wholeProjectRows(db, 'lifeStages', projectId),
		wholeProjectRows(db, 'sessions', projectId),
		wholeProjectRows(db, 'notes', projectId),
		wholeProjectRows(db, 'participants', projectId),
		wholeProjectRows(db, 'codes', projectId)
	]);
	// Same rules as entriesWithTags, in linear time for 50k entries: withdrawn consent hides a participant's
	// evidence, their words in shared notes and the notes of sessions that were theirs alone.
	const hiding = participants.some((p) => !p.deleted && isHidden(p));
	const d: DeviceRedaction = hiding
		? await deviceRedaction(db, { participants, sessions, entries, notes, highlights: await wholeProjectRows(db, 'highlights', projectId) })
		: { r: redaction({ participants: [], sessions: [], entries: [], highlights: [] }), noteText: new Map(), entryText: new Map() };
	const hiddenIds = d.r.participants;
	const tagNames = new Map<string, string>();
	for (const r of [...regions, ...stages, ...codes]) if (!r.deleted) tagNames.set(r.id, r.name);
	const tagsOf = new Map<string, EntryWithTags['tags']>();
	for (const t of taggings) {
		if (t.deleted || !tagNames.has(t.tagId)) continue;
		if (!tagsOf.has(t.targetId)) tagsOf.set(t.targetId, []);
		tagsOf.get(t.targetId)!.push({ kind: t.kind, id: t.tagId, name: tagNames.get(t.tagId)! });
	}
	const sessionById = new Map(sessions.filter((s) => !s.deleted).map((s) => [s.id, s]));
	const codeOf = new Map(participants.filter((p) => !p.deleted && !hiddenIds.has(p.id)).map((p) => [p.id, p.code]));
	const names = new Map<string, string>([...codeOf]);
	for (const s of sessionById.values()) names.set(s.id, s.title);

	const entryItems: EntryItem[] = entries
		.filter((e) => !e.deleted && !d.r.entryHidden(e))
		.map((stored) => shownEntry(stored, d))
		.map((entry) => {
			const session = entry.sessionId ? sessionById.get(entry.sessionId) : undefined;
			const tags = tagsOf.get(entry.id) ?? [];
			for (const t of tags) names.set(t.id, t.name);
			return {
				type: 'entry',
				id: entry.id,
				entry,
				...(d.entryText.has(entry.id) ? { redacted: true } : {}),
				tags,
				date: session?.date ?? entry.createdAt.slice(0, 10),
				researchers: [...new Set([...(session?.researchers ?? []), entry.createdBy])],
				highlight: entry.highlightId && session ? { sessionId: session.id, highlightId: entry.highlightId, sessionTitle: session.title } : null
			};
		});
	const sessionItems: SessionItem[] = [...sessionById.values()].map((session) => ({
		type: 'session',
		id: session.id,
		session,
		participants: session.participantIds.filter((id) => codeOf.has(id)).map((id) => ({ id, code: codeOf.get(id)! })),
		tags: tagsOf.get(session.id) ?? [],
		date: session.date,
		researchers: [...new Set([...session.researchers, session.createdBy])]
	}));
	const items: LibraryItem[] = [...sessionItems, ...entryItems].sort(byDate);

	const notesOf = new Map<string, string[]>();
	for (const n of notes) {
		// The index never holds a hidden participant's words: it gets the note as the screen shows it.
		const text = d.noteText.has(n.id) ? d.noteText.get(n.id) : n.text;
		if (n.deleted || !text || !sessionById.has(n.sessionId)) continue;
		if (!notesOf.has(n.sessionId)) notesOf.set(n.sessionId, []);
		notesOf.get(n.sessionId)!.push(text);
	}
	// A tag's visible evidence, so a search that matches the tag's name also finds what it tags.
	const evidenceOf = new Map<string, string[]>();
	for (const i of entryItems)
		for (const t of i.tags) {
			if (!evidenceOf.has(t.id)) evidenceOf.set(t.id, []);
			evidenceOf.get(t.id)!.push(i.id);
		}
	const docs: SearchDoc[] = [
		...entryItems.map((i) => ({ id: i.id, kind: 'entry' as const, text: entryText(i.entry) })),
		// One document per session, so a session is found by its title, place or participants even before it has notes.
		...sessionItems.map((s) => ({
			id: s.id,
			kind: 'session' as const,
			text: [s.session.title, s.session.place, s.participants.map((p) => p.code).join(' '), ...(notesOf.get(s.id) ?? [])].filter(Boolean).join('\n')
		})),
		...participants
			.filter((p) => codeOf.has(p.id))
			.map((p) => ({ id: p.id, kind: 'participant' as const, text: [p.code, p.municipality, ...Object.entries(p.attributes).flat()].filter(Boolean).join(' ') })),
		...codes.filter((c) => !c.deleted).map((c) => ({ id: c.id, kind: 'code' as const, text: [c.name, c.description].filter(Boolean).join(' – '), evidence: evidenceOf.get(c.id) ?? [] })),
		// Regions and life stages are found by name, and bring their evidence (only the visible entries above).
		...regions.filter((r) => !r.deleted).map((r) => ({ id: r.id, kind: 'region' as const, text: r.name, evidence: evidenceOf.get(r.id) ?? [] })),
		...stages.filter((s) => !s.deleted).map((s) => ({ id: s.id, kind: 'lifeStage' as const, text: s.name, evidence: evidenceOf.get(s.id) ?? [] }))
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
	kind?: LibraryKind;
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

/** The values an item has for a facet (several for tags, researchers and a session's participants). */
export function facetValues(item: LibraryItem, key: FacetKey): string[] {
	switch (key) {
		case 'kind':
			if (item.type === 'session') return ['session'];
			return item.highlight ? [item.entry.kind, 'highlight'] : [item.entry.kind];
		case 'region':
		case 'lifeStage':
		case 'code':
			return item.tags.filter((t) => t.kind === key).map((t) => t.id);
		case 'participant':
			if (item.type === 'session') return item.participants.map((p) => p.id);
			return item.entry.participantId ? [item.entry.participantId] : [];
		case 'researcher':
			return item.researchers;
		case 'session':
			if (item.type === 'session') return [item.id];
			return item.entry.sessionId ? [item.entry.sessionId] : [];
		case 'review':
			// Sessions are not reviewed: a review filter shows evidence only.
			return item.type === 'session' ? [] : [item.entry.reviewStatus];
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

/** Applies the filter (and an optional set of search hits, by item id) and counts every facet. */
export function applyFilter(all: LibraryItem[], filter: LibraryFilter, only?: Set<string>): FilterResult {
	const pool = only ? all.filter((i) => only.has(i.id)) : all;
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
