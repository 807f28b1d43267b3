import { isHidden, mayQuoteInReports } from '$lib/domain/consent';
import type { Entry } from '$lib/domain/entry';
import type { InnovationArea, Insight } from '$lib/domain/review';
import type { Participant } from '$lib/domain/participant';

/** A piece of evidence as it may be shown to an audience. */
export interface PresentedEvidence {
	entryId: string;
	kind: Entry['kind'];
	text: string;
	/** The participant's pseudonym, only where their consent covers quotes in reports. */
	participantCode: string | null;
}

/**
 * The consent rule for presentations: evidence from a participant who withdrew
 * consent is not shown at all; a quote or observation carries the participant's
 * code only if their consent scope includes quotes in reports.
 */
export function presentEvidence(entry: Entry, participant: Participant | undefined): PresentedEvidence | null {
	if (entry.deleted) return null;
	if (entry.participantId && isHidden(participant)) return null;
	return {
		entryId: entry.id,
		kind: entry.kind,
		text: entry.text,
		participantCode: participant && mayQuoteInReports(participant) ? participant.code : null
	};
}

export type Slide =
	| { kind: 'area'; area: InnovationArea; regionNames: string[]; insightCount: number }
	| { kind: 'insight'; area: InnovationArea; insight: Insight; evidenceCount: number }
	| { kind: 'evidence'; area: InnovationArea; insight: Insight; evidence: PresentedEvidence };

/**
 * The walk a presentation takes: each innovation area, then each of its
 * insights, each followed by its evidence. Only what the consent rule allows.
 */
export function presentationSlides(input: {
	areas: readonly InnovationArea[];
	insights: readonly Insight[];
	entries: readonly Entry[];
	participants: readonly Participant[];
	regionNames: ReadonlyMap<string, string>;
}): Slide[] {
	const insights = new Map(input.insights.filter((i) => !i.deleted).map((i) => [i.id, i]));
	const entries = new Map(input.entries.map((e) => [e.id, e]));
	const participants = new Map(input.participants.map((p) => [p.id, p]));
	const slides: Slide[] = [];
	for (const area of input.areas) {
		if (area.deleted) continue;
		const linked = area.insightIds.map((id) => insights.get(id)).filter((i): i is Insight => !!i);
		const regionNames = area.regionIds.map((id) => input.regionNames.get(id)).filter((n): n is string => !!n);
		slides.push({ kind: 'area', area, regionNames, insightCount: linked.length });
		for (const insight of linked) {
			const evidence = insight.evidenceIds
				.map((id) => entries.get(id))
				.map((e) => (e ? presentEvidence(e, e.participantId ? participants.get(e.participantId) : undefined) : null))
				.filter((e): e is PresentedEvidence => !!e);
			slides.push({ kind: 'insight', area, insight, evidenceCount: evidence.length });
			for (const ev of evidence) slides.push({ kind: 'evidence', area, insight, evidence: ev });
		}
	}
	return slides;
}

/**
 * A slide's identity across tablets, so a follower goes to the presenter's slide even when
 * its own walk differs (one more insight synced here, one fewer there). Ids only: this
 * travels in presence, which carries no words.
 */
export function slideKey(slide: Slide): string {
	if (slide.kind === 'area') return `a:${slide.area.id}`;
	if (slide.kind === 'insight') return `i:${slide.area.id}:${slide.insight.id}`;
	return `e:${slide.area.id}:${slide.insight.id}:${slide.evidence.entryId}`;
}
