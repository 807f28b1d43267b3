import type { LocalData } from '$lib/data/local';
import { captureGateTables } from '$lib/data/captureGate';
import type { EntryKind } from '$lib/domain/entry';

type FollowData = Pick<LocalData, 'db' | 'repos'>;

const writeTables = ['highlights', 'entries', 'outbox', 'syncState', ...captureGateTables];

/**
 * The quote follows its span: after the words inside a highlight were edited in the
 * note, the highlight's `text` and its evidence's text become the words now marked.
 * The evidence text follows only while it still says what the span said before the
 * edit – a quote the researcher rewrote by hand in its detail view is theirs, and an
 * edit of the note does not overwrite it. Deleted or missing rows are left alone.
 * Returns the ids of the entries whose text changed.
 */
export async function followSpanText(data: FollowData, changed: readonly { id: string; text: string; before: string }[]): Promise<string[]> {
	const { db, repos } = data;
	if (changed.length === 0) return [];
	return db.transaction('rw', writeTables, async () => {
		const followed: string[] = [];
		for (const change of changed) {
			const highlight = await db.highlights.get(change.id);
			if (!highlight || highlight.deleted) continue;
			const previous = highlight.text;
			if (previous !== change.text) await repos.highlights.update(highlight.id, { text: change.text });
			const entry = highlight.entryId ? await db.entries.get(highlight.entryId) : undefined;
			if (!entry || entry.deleted || entry.text === change.text) continue;
			// The quote as made, or as the note said it a moment ago: both are the span's words, not the researcher's own.
			if (entry.text !== previous && entry.text !== change.before) continue;
			await repos.entries.update(entry.id, { text: change.text });
			followed.push(entry.id);
		}
		return followed;
	});
}

/** A highlight whose span was deleted from the note, and the evidence it stands for. */
export interface OrphanedHighlight {
	highlightId: string;
	entryId: string;
	kind: EntryKind;
	text: string;
}

/** The live evidence behind a highlight whose span is gone; null when there is none left to ask about. */
export async function orphanedHighlight(data: Pick<LocalData, 'db'>, highlightId: string): Promise<OrphanedHighlight | null> {
	const highlight = await data.db.highlights.get(highlightId);
	if (!highlight || highlight.deleted || !highlight.entryId) return null;
	const entry = await data.db.entries.get(highlight.entryId);
	if (!entry || entry.deleted) return null;
	return { highlightId, entryId: entry.id, kind: entry.kind, text: entry.text };
}

/**
 * The researcher deleted the whole span and chose to delete its evidence too: the
 * evidence goes to the bin (restorable for 30 days, as any deletion) and the highlight
 * row with it, in one transaction.
 */
export async function deleteOrphanedEvidence(data: FollowData, orphan: Pick<OrphanedHighlight, 'highlightId' | 'entryId'>): Promise<void> {
	await data.db.transaction('rw', writeTables, async () => {
		await data.repos.entries.remove(orphan.entryId);
		await data.repos.highlights.remove(orphan.highlightId);
	});
}

/**
 * The researcher deleted the whole span and chose to keep its evidence: it stays, with
 * its words, its session and its participant, but no longer points at a span the note
 * does not have (a link to it would land nowhere). The highlight row is tombstoned.
 */
export async function detachEvidence(data: FollowData, orphan: Pick<OrphanedHighlight, 'highlightId' | 'entryId'>): Promise<void> {
	await data.db.transaction('rw', writeTables, async () => {
		const entry = await data.db.entries.get(orphan.entryId);
		if (entry && !entry.deleted && entry.highlightId === orphan.highlightId) await data.repos.entries.update(entry.id, { highlightId: null });
		await data.repos.highlights.remove(orphan.highlightId);
	});
}
