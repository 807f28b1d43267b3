import { redaction } from '$lib/domain/redaction';
import type { Entry } from '$lib/domain/entry';
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
}

/**
 * The detail of one entry, or null when this device has no whole row of it. A deleted
 * entry is returned (the view sends it to the bin); withdrawn consent hides it.
 */
export async function evidenceDetail({ db }: Pick<LocalData, 'db'>, id: string): Promise<EvidenceDetail | null> {
	const [entry] = wholeRows('entries', (await db.entries.bulkGet([id])).filter((e): e is Entry => !!e));
	if (!entry) return null;
	const [session, participant, taggings, history] = await Promise.all([
		entry.sessionId ? db.sessions.get(entry.sessionId) : undefined,
		entry.participantId ? db.participants.get(entry.participantId) : undefined,
		db.taggings.where('targetId').equals(id).toArray(),
		db.history.where('[table+rowId]').equals(['entries', id]).toArray()
	]);
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
		history: history.sort((a, b) => (a.hlc < b.hlc ? 1 : -1))
	};
}
