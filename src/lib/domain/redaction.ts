import type { Attachment } from './attachment';
import { isHidden } from './consent';
import type { Entry } from './entry';
import type { Highlight } from './highlight';
import type { Participant } from './participant';
import type { Session } from './session';

/**
 * What a withdrawn consent hides. Withdrawal is reversible, so nothing here
 * deletes: every screen and every export asks these rules at the moment it
 * shows or writes something, and restoring consent brings it all back. The
 * backup is the one place that keeps everything (it is the project, not a
 * view of it).
 *
 * The rules:
 * - a participant whose consent is withdrawn is hidden;
 * - a session whose participants are all hidden is theirs alone: its note is
 *   hidden entirely, and so is every entry captured in it;
 * - an entry attributed to a hidden participant is hidden, and so is the
 *   highlight it stands for – its span in the session note is shown as a
 *   redacted block;
 * - a recording or photo is hidden when it is attributed to a hidden
 *   participant or a hidden entry, or when it was taken in a session with a
 *   hidden participant (a recording holds every voice in the room).
 */

type Row = { id: string; deleted: 0 | 1 };

export interface RedactionRows {
	participants: readonly (Pick<Participant, 'id' | 'consent'> & Partial<Row>)[];
	sessions: readonly (Pick<Session, 'id' | 'participantIds'> & Partial<Row>)[];
	entries: readonly (Pick<Entry, 'id' | 'participantId' | 'sessionId' | 'highlightId'> & Partial<Row>)[];
	highlights: readonly (Pick<Highlight, 'id' | 'entryId' | 'sessionId'> & Partial<Row>)[];
}

export interface Redaction {
	/** Participants whose consent is withdrawn. */
	participants: ReadonlySet<string>;
	/** Sessions whose every participant withdrew: the note is hidden entirely. */
	sessions: ReadonlySet<string>;
	/** Sessions with at least one hidden participant (their recordings and photos are hidden). */
	sessionsWithHidden: ReadonlySet<string>;
	entries: ReadonlySet<string>;
	highlights: ReadonlySet<string>;
	/** Nothing is hidden: callers may skip the work. */
	none: boolean;
	entryHidden(entry: Pick<Entry, 'id' | 'participantId' | 'sessionId'>): boolean;
	attachmentHidden(attachment: Pick<Attachment, 'participantId' | 'entryId' | 'sessionId'>): boolean;
}

/** The hidden sets of a project, from its rows (tombstones may be included; they hide nothing). */
export function redaction(rows: RedactionRows): Redaction {
	const participants = new Set(rows.participants.filter((p) => !p.deleted && isHidden(p)).map((p) => p.id));
	const sessions = new Set<string>();
	const sessionsWithHidden = new Set<string>();
	if (participants.size > 0) {
		for (const s of rows.sessions) {
			// A partial row (a field change whose row never arrived) may lack its participants.
			const ids = s.participantIds ?? [];
			if (s.deleted || ids.length === 0) continue;
			const hidden = ids.filter((id) => participants.has(id)).length;
			if (hidden > 0) sessionsWithHidden.add(s.id);
			if (hidden === ids.length) sessions.add(s.id);
		}
	}
	const entryHidden = (e: Pick<Entry, 'participantId' | 'sessionId'>) =>
		(!!e.participantId && participants.has(e.participantId)) || (!!e.sessionId && sessions.has(e.sessionId));
	const entries = new Set<string>();
	const highlights = new Set<string>();
	if (participants.size > 0) {
		// A deleted entry is not counted as hidden evidence, but its mark may still sit in the note: its span stays hidden.
		const entriesOfHidden = new Set<string>();
		for (const e of rows.entries) {
			if (!entryHidden(e)) continue;
			entriesOfHidden.add(e.id);
			if (!e.deleted) entries.add(e.id);
			if (e.highlightId) highlights.add(e.highlightId);
		}
		for (const h of rows.highlights) {
			if ((h.entryId && entriesOfHidden.has(h.entryId)) || sessions.has(h.sessionId)) highlights.add(h.id);
		}
	}
	return {
		participants,
		sessions,
		sessionsWithHidden,
		entries,
		highlights,
		none: participants.size === 0,
		entryHidden: (e) => entries.has(e.id) || entryHidden(e),
		attachmentHidden: (a) =>
			(!!a.participantId && participants.has(a.participantId)) ||
			(!!a.entryId && entries.has(a.entryId)) ||
			(!!a.sessionId && sessionsWithHidden.has(a.sessionId))
	};
}

/**
 * Session id → its hidden highlights (id → the text each quoted). A highlight known
 * only by the id on its entry (its row not here) is included with no text: its mark
 * is still found by that id.
 */
export function hiddenHighlightsBySession(
	r: Redaction,
	rows: { entries: readonly Pick<Entry, 'sessionId' | 'highlightId'>[]; highlights: readonly Pick<Highlight, 'id' | 'sessionId' | 'text'>[] }
): Map<string, Map<string, string>> {
	const out = new Map<string, Map<string, string>>();
	const add = (sessionId: string, id: string, text: string) => {
		if (!out.has(sessionId)) out.set(sessionId, new Map());
		const known = out.get(sessionId)!;
		if (!known.get(id)) known.set(id, text);
	};
	for (const h of rows.highlights) if (r.highlights.has(h.id)) add(h.sessionId, h.id, h.text);
	for (const e of rows.entries) if (e.highlightId && e.sessionId && r.highlights.has(e.highlightId)) add(e.sessionId, e.highlightId, '');
	return out;
}

/** How many of these evidence ids are hidden: what an insight or a cluster tells the team it lost. */
export function hiddenCount(evidenceIds: readonly string[], r: Pick<Redaction, 'entries'>): number {
	let n = 0;
	for (const id of new Set(evidenceIds)) if (r.entries.has(id)) n++;
	return n;
}

/** A span of text: [start, end) in Unicode code points, as note exports count them. */
export type Span = readonly [number, number];

/** Spans sorted and merged where they overlap or touch. */
export function mergeSpans(spans: readonly Span[]): [number, number][] {
	const sorted = spans.filter(([a, b]) => b > a).map(([a, b]): [number, number] => [a, b]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
	const out: [number, number][] = [];
	for (const s of sorted) {
		const last = out.at(-1);
		if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
		else out.push(s);
	}
	return out;
}

/**
 * Plain text with the hidden spans replaced by `label`. Spans count code
 * points (an emoji is one), overlapping spans hide their union, and a span
 * that runs over several lines leaves the line breaks and puts one label on
 * each line it touched – just as the note itself shows a redacted block per
 * paragraph.
 */
export function redactText(text: string, spans: readonly Span[], label: string): string {
	const merged = mergeSpans(spans);
	if (merged.length === 0) return text;
	const chars = Array.from(text);
	let out = '';
	let at = 0;
	for (const [start, end] of merged) {
		if (start >= chars.length) break;
		out += chars.slice(at, start).join('');
		const hidden = chars.slice(start, Math.min(end, chars.length)).join('');
		out += hidden
			.split('\n')
			.map((line) => (line.length > 0 ? label : ''))
			.join('\n');
		at = Math.min(end, chars.length);
	}
	return out + chars.slice(at).join('');
}

/** Every place `needle` occurs in `text`, as code-point spans: for a highlight whose mark is lost. */
export function findSpans(text: string, needle: string): [number, number][] {
	const wanted = needle.trim();
	if (!wanted) return [];
	const spans: [number, number][] = [];
	const length = Array.from(wanted).length;
	let from = 0;
	for (;;) {
		const at = text.indexOf(wanted, from);
		if (at < 0) break;
		const start = Array.from(text.slice(0, at)).length;
		spans.push([start, start + length]);
		from = at + wanted.length;
	}
	return spans;
}
