import { isHidden } from '$lib/domain/consent';
import type { Code } from '$lib/domain/code';
import type { Entry } from '$lib/domain/entry';
import type { LifeStage } from '$lib/domain/lifeStage';
import type { Participant } from '$lib/domain/participant';
import type { Region } from '$lib/domain/region';
import type { Session } from '$lib/domain/session';
import type { Tagging } from '$lib/domain/tagging';
import { live, type ProjectSnapshot } from './snapshot';

/**
 * The evidence an export may show, and its tags. Exports leave out
 * tombstones and – like every screen – the evidence of a participant who
 * withdrew consent; only a backup keeps those (it is the project itself, not
 * a view of it).
 */
export interface EvidenceView {
	entries: Entry[];
	participants: Map<string, Participant>;
	sessions: Map<string, Session>;
	regions: Map<string, Region>;
	lifeStages: Map<string, LifeStage>;
	codes: Map<string, Code>;
	/** Live taggings per target (entry or highlight) id. */
	taggingsOf: Map<string, Tagging[]>;
}

export function evidenceView(s: ProjectSnapshot): EvidenceView {
	const participants = new Map(live(s.rows.participants).map((p) => [p.id, p]));
	const hidden = new Set([...participants.values()].filter(isHidden).map((p) => p.id));
	const entries = live(s.rows.entries)
		.filter((e) => !(e.participantId && hidden.has(e.participantId)))
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
	const taggingsOf = new Map<string, Tagging[]>();
	for (const t of live(s.rows.taggings)) {
		if (!taggingsOf.has(t.targetId)) taggingsOf.set(t.targetId, []);
		taggingsOf.get(t.targetId)!.push(t);
	}
	return {
		entries,
		participants,
		sessions: new Map(live(s.rows.sessions).map((x) => [x.id, x])),
		regions: new Map(live(s.rows.regions).map((x) => [x.id, x])),
		lifeStages: new Map(live(s.rows.lifeStages).map((x) => [x.id, x])),
		codes: new Map(live(s.rows.codes).map((x) => [x.id, x])),
		taggingsOf
	};
}

/** Tags of an entry (and of its highlight), each tag once, only tags that still exist. */
export function tagsOf(view: EvidenceView, entry: Entry): { regions: Region[]; lifeStages: LifeStage[]; codes: Code[]; taggings: Tagging[] } {
	const seen = new Set<string>();
	const taggings: Tagging[] = [];
	// In a fixed order (not storage order), so the device and the server write the same file.
	const all = [...(view.taggingsOf.get(entry.id) ?? []), ...(entry.highlightId ? (view.taggingsOf.get(entry.highlightId) ?? []) : [])].sort(
		(a, b) => a.kind.localeCompare(b.kind) || a.tagId.localeCompare(b.tagId) || a.id.localeCompare(b.id)
	);
	for (const t of all) {
		const key = `${t.kind}:${t.tagId}`;
		if (seen.has(key)) continue;
		const exists = t.kind === 'region' ? view.regions.has(t.tagId) : t.kind === 'lifeStage' ? view.lifeStages.has(t.tagId) : view.codes.has(t.tagId);
		if (!exists) continue;
		seen.add(key);
		taggings.push(t);
	}
	return {
		regions: taggings.filter((t) => t.kind === 'region').map((t) => view.regions.get(t.tagId)!).sort((a, b) => a.order - b.order),
		lifeStages: taggings.filter((t) => t.kind === 'lifeStage').map((t) => view.lifeStages.get(t.tagId)!).sort((a, b) => a.order - b.order),
		codes: taggings.filter((t) => t.kind === 'code').map((t) => view.codes.get(t.tagId)!).sort((a, b) => a.name.localeCompare(b.name)),
		taggings
	};
}
