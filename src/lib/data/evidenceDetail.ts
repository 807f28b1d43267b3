import { redaction } from '$lib/domain/redaction';
import type { Attachment } from '$lib/domain/attachment';
import type { Entry, EntryKind } from '$lib/domain/entry';
import { isHidden } from '$lib/domain/consent';
import type { Session } from '$lib/domain/session';
import type { HistoryRecord } from './db';
import type { EntryWithTags } from './evidence';
import type { LocalData } from './local';
import { wholeRows } from './wholeRows';

/** One piece of evidence with everything its detail view shows. */
export interface EvidenceDetail {
	entry: Entry;
	session: Session | null;
	/** The participant's pseudonym code; null when there is none. */
	participant: { id: string; code: string } | null;
	/** The participant withdrew consent: the words are not shown anywhere. */
	hidden: boolean;
	tags: EntryWithTags['tags'];
	/** Values of this item that lost to a colleague's edit (kept on this device), newest first. */
	history: HistoryRecord[];
	/** Its photos and recordings: attached to it, or the recording it was captured during. */
	attachments: Attachment[];
	/** Where it can be moved: the project's sessions and the participants shown in the UI. */
	choices: {
		sessions: { id: string; title: string; date: string }[];
		participants: { id: string; code: string }[];
	};
	/**
	 * Its words are a span of its session's note (a live highlight): the session is where
	 * those words are and cannot change; kind and participant can.
	 */
	sessionFixed: boolean;
}

/** What an item's "where it belongs" form may change. */
export interface EvidencePlacement {
	kind: EntryKind;
	sessionId: string | null;
	participantId: string | null;
}

/**
 * Moves an item to another kind, session or participant. Only what changed is written,
 * so the consent gate (data/captureGate.ts, run by the entries repository whenever the
 * session or participant changes) judges exactly the new attribution: moving evidence to
 * a participant without consent to notes throws `ConsentRefusedError`, nothing written.
 */
export async function moveEvidence({ repos }: Pick<LocalData, 'repos'>, entry: Entry, to: EvidencePlacement): Promise<Entry> {
	const patch: Partial<EvidencePlacement> = {};
	if (to.kind !== entry.kind) patch.kind = to.kind;
	if (to.sessionId !== entry.sessionId) patch.sessionId = to.sessionId;
	if (to.participantId !== entry.participantId) patch.participantId = to.participantId;
	return Object.keys(patch).length === 0 ? entry : repos.entries.update(entry.id, patch);
}

/**
 * The detail of one entry, or null when this device has no whole row of it. A deleted
 * entry is returned (the view sends it to the bin); withdrawn consent hides it.
 */
export async function evidenceDetail({ db }: Pick<LocalData, 'db'>, id: string): Promise<EvidenceDetail | null> {
	const [entry] = wholeRows('entries', (await db.entries.bulkGet([id])).filter((e): e is Entry => !!e));
	if (!entry) return null;
	const [session, participant, taggings, history, attached, recording, highlight, sessions, participants] = await Promise.all([
		entry.sessionId ? db.sessions.get(entry.sessionId) : undefined,
		entry.participantId ? db.participants.get(entry.participantId) : undefined,
		db.taggings.where('targetId').equals(id).toArray(),
		db.history.where('[table+rowId]').equals(['entries', id]).toArray(),
		db.attachments.where('entryId').equals(id).toArray(),
		entry.attachmentId ? db.attachments.get(entry.attachmentId) : undefined,
		entry.highlightId ? db.highlights.get(entry.highlightId) : undefined,
		db.sessions.where('projectId').equals(entry.projectId).toArray(),
		db.participants.where('projectId').equals(entry.projectId).toArray()
	]);
	const attachments = wholeRows('attachments', recording && !attached.some((a) => a.id === recording.id) ? [recording, ...attached] : attached)
		.filter((a) => !a.deleted)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	const live = wholeRows('taggings', taggings).filter((t) => !t.deleted);
	const tables = { region: db.regions, lifeStage: db.lifeStages, code: db.codes } as const;
	const tags: EntryWithTags['tags'] = [];
	for (const t of live) {
		const tag = await tables[t.kind].get(t.tagId);
		if (tag && !tag.deleted) tags.push({ kind: t.kind, id: t.tagId, name: tag.name });
	}
	// The one rule of what withdrawal hides: the entry's participant, or a session that was theirs alone.
	const inSession = session ? (await db.participants.bulkGet(session.participantIds)).filter((p) => p !== undefined) : [];
	const hidden = redaction({
		participants: participant ? [participant, ...inSession] : inSession,
		sessions: session ? [session] : [],
		entries: [],
		highlights: []
	}).entryHidden(entry);
	return {
		entry,
		session: session && !session.deleted ? session : null,
		participant: participant && !participant.deleted ? { id: participant.id, code: participant.code } : null,
		hidden,
		tags,
		history: history.sort((a, b) => (a.hlc < b.hlc ? 1 : -1)),
		attachments,
		choices: {
			sessions: wholeRows('sessions', sessions)
				.filter((s) => !s.deleted)
				.sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title, 'nb'))
				.map((s) => ({ id: s.id, title: s.title, date: s.date })),
			// Withdrawal hides a participant everywhere: they are not offered either.
			participants: wholeRows('participants', participants)
				.filter((p) => !p.deleted && !isHidden(p))
				.sort((a, b) => a.code.localeCompare(b.code, 'nb', { numeric: true }))
				.map((p) => ({ id: p.id, code: p.code }))
		},
		sessionFixed: !!highlight && !highlight.deleted && highlight.sessionId === entry.sessionId
	};
}
