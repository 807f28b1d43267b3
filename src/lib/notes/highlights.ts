import { newId } from '$lib/domain/ids';
import type { Entry } from '$lib/domain/entry';
import type { Highlight } from '$lib/domain/highlight';
import type { FieldworkDb } from '$lib/data/db';
import type { Repositories } from '$lib/data/repositories';

export interface HighlightData {
	db: FieldworkDb;
	repos: Pick<Repositories, 'highlights' | 'entries'>;
}

/** The kinds a researcher picks when marking a span of a note. */
export const highlightKinds = ['quote', 'observation'] as const;
export type HighlightKind = (typeof highlightKinds)[number];

export interface HighlightInput {
	projectId: string;
	sessionId: string;
	noteId: string;
	kind: HighlightKind;
	/** The selected text. */
	text: string;
	/** Where the session's recording was when the span was marked, if it was recording. */
	recording?: { attachmentId: string; offsetMs: number } | null;
	/** Ids chosen beforehand, so the editor can put the mark in place before the write. */
	highlightId?: string;
	entryId?: string;
}

/**
 * Turns a marked span into evidence: a `highlights` row and the `entries` row it
 * points to, linked both ways, in one transaction with their outbox changes –
 * both exist, or neither does.
 */
export async function createHighlight(
	data: HighlightData,
	input: HighlightInput
): Promise<{ highlight: Highlight; entry: Entry }> {
	const { db, repos } = data;
	const text = input.text.trim();
	const highlightId = input.highlightId ?? newId();
	const entryId = input.entryId ?? newId();
	const recordingOffsetMs = input.recording?.offsetMs ?? null;
	// The consent gate of both rows reads projects and participants too (see data/captureGate.ts).
	return db.transaction('rw', ['highlights', 'entries', 'sessions', 'participants', 'projects', 'outbox', 'syncState'], async () => {
		// With one participant in the session, what is marked is theirs: it then follows their consent.
		const session = await db.sessions.get(input.sessionId);
		const participantId = session?.participantIds.length === 1 ? session.participantIds[0] : null;
		const highlight = await repos.highlights.create(
			input.projectId,
			{ noteId: input.noteId, sessionId: input.sessionId, entryId, text, recordingOffsetMs },
			highlightId
		);
		const entry = await repos.entries.create(
			input.projectId,
			{
				kind: input.kind,
				text,
				sessionId: input.sessionId,
				highlightId,
				participantId,
				recordingOffsetMs,
				attachmentId: input.recording?.attachmentId ?? null
			},
			entryId
		);
		return { highlight, entry };
	});
}

/** The entry a highlight mark stands for (null when the highlight is gone or was never saved). */
export async function entryIdForHighlight(data: Pick<HighlightData, 'db'>, highlightId: string): Promise<string | null> {
	const highlight = await data.db.highlights.get(highlightId);
	if (highlight && !highlight.deleted && highlight.entryId) return highlight.entryId;
	const entry = await data.db.entries.where('highlightId').equals(highlightId).first();
	return entry && !entry.deleted ? entry.id : null;
}
