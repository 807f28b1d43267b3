import { addressOf, confirmsErasure, erasureScope, scopeAddresses, type Erasure, type ErasureReason, type ErasureRows } from '$lib/domain/erasure';
import { syncedTableNames, type SyncedTableName } from '$lib/domain/tables';
import { eraseNoteText, textOfNoteUpdate } from '$lib/notes/eraseNoteText';
import { clearUnsaved } from '$lib/notes/unsavedJournal';
import { fieldClocksKey } from '$lib/sync/fieldClocks';
import { newId } from '$lib/domain/ids';
import type { FieldworkDb } from './db';
import type { Repositories } from './repositories';

/**
 * Erasure on the device (see `domain/erasure.ts`). `eraseParticipant` is the owner's act:
 * it writes the erasure record (which syncs like any row, and the server carries out on
 * its side when the push arrives) and erases here at once. `enforceErasures` is what
 * every device does with every erasure record it holds, whenever it may have met the
 * participant's rows again: after each sync (a tablet offline when the erasure happened
 * gets the record in its pull) and after a restore (an older backup brings the rows
 * back; they go again before anyone sees them). It deletes the rows outright – no
 * tombstone, no bin, no queued change, no conflict copy, no refused change kept –, the
 * photos' and recordings' bytes, the updates of notes that were theirs alone, and cuts
 * their highlighted words out of the other notes, history included.
 */

export class ErasureConfirmationError extends Error {
	constructor() {
		super('The typed code does not match the participant’s pseudonym.');
		this.name = 'ErasureConfirmationError';
	}
}

/** The rows the scope reads, for a project. */
async function scopeRows(db: FieldworkDb, projectId: string): Promise<ErasureRows> {
	const of = <T>(table: SyncedTableName) => db.table(table).where('projectId').equals(projectId).toArray() as Promise<T[]>;
	const [participants, consentEvents, sessions, notes, entries, highlights, attachments, taggings, codings, clusterMembers, comments] = await Promise.all([
		of<ErasureRows['participants'][number]>('participants'),
		of<ErasureRows['consentEvents'][number]>('consentEvents'),
		of<ErasureRows['sessions'][number]>('sessions'),
		of<ErasureRows['notes'][number]>('notes'),
		of<ErasureRows['entries'][number]>('entries'),
		of<ErasureRows['highlights'][number]>('highlights'),
		of<ErasureRows['attachments'][number]>('attachments'),
		of<ErasureRows['taggings'][number]>('taggings'),
		of<ErasureRows['codings'][number]>('codings'),
		of<ErasureRows['clusterMembers'][number]>('clusterMembers'),
		of<ErasureRows['comments'][number]>('comments')
	]);
	return { participants, consentEvents, sessions, notes, entries, highlights, attachments, taggings, codings, clusterMembers, comments };
}

/**
 * Erases a participant for good. `typed` must be their pseudonym (the confirmation the
 * owner types); only an owner may write the record (the repositories' write policy and
 * the server both refuse anyone else). Works offline: the record waits in the outbox,
 * and the server erases its copy when the record arrives.
 */
export async function eraseParticipant(
	db: FieldworkDb,
	repos: Repositories,
	actor: string,
	participantId: string,
	typed: string,
	reason: ErasureReason = 'request',
	now = new Date()
): Promise<Erasure> {
	const participant = await db.participants.get(participantId);
	if (!participant) throw new Error(`No participant ${participantId}.`);
	if (reason === 'request' && !confirmsErasure(typed, participant.code)) throw new ErasureConfirmationError();
	const projectId = participant.projectId;
	const rows = await scopeRows(db, projectId);
	const scope = erasureScope(rows, new Set([participantId]));
	// Sessions they shared with others stay, without their id in the list.
	for (const sessionId of scope.sessionsToUnlist) {
		const session = await db.sessions.get(sessionId);
		if (!session || session.deleted) continue;
		await repos.sessions.update(sessionId, { participantIds: session.participantIds.filter((id) => id !== participantId) });
	}
	const erasure = await repos.erasures.create(
		projectId,
		{
			participantId,
			code: participant.code,
			erasedBy: actor,
			erasedAt: now.toISOString(),
			reason,
			rowIds: scopeAddresses(scope),
			noteIds: [...scope.cutNotes.keys()].sort()
		}
	);
	await enforceErasures(db, projectId);
	return erasure;
}

/** Every participant of the project, for purging at the end of the retention period. */
export async function purgeProject(db: FieldworkDb, repos: Repositories, actor: string, projectId: string): Promise<number> {
	const erased = new Set((await db.erasures.where('projectId').equals(projectId).toArray()).map((e) => e.participantId));
	const participants = (await db.participants.where('projectId').equals(projectId).toArray()).filter((p) => !erased.has(p.id));
	for (const p of participants) await eraseParticipant(db, repos, actor, p.id, p.code, 'retention');
	return participants.length;
}

export interface EnforceSummary {
	rows: number;
	notesCut: number;
	blobs: number;
}

const noteMarkKey = (noteId: string) => `erased-note:${noteId}`;

/**
 * Applies every erasure record the device holds for the project. Idempotent and cheap
 * when there is nothing left to erase (a note already cut is not cut again).
 */
export async function enforceErasures(db: FieldworkDb, projectId: string): Promise<EnforceSummary> {
	const summary: EnforceSummary = { rows: 0, notesCut: 0, blobs: 0 };
	const erasures = (await db.erasures.where('projectId').equals(projectId).toArray()).filter((e) => typeof e.participantId === 'string');
	if (erasures.length === 0) return summary;
	const rows = await scopeRows(db, projectId);
	const scope = erasureScope(
		rows,
		new Set(erasures.map((e) => e.participantId)),
		erasures.flatMap((e) => e.rowIds ?? [])
	);
	scope.rows.delete('erasures');
	const addresses = new Set<string>();
	for (const [table, ids] of scope.rows) for (const id of ids) addresses.add(addressOf(table, id));
	const erasedHighlights = scope.rows.get('highlights') ?? new Set<string>();
	const quotes = rows.highlights.filter((h) => erasedHighlights.has(h.id)).map((h) => (h as { text?: string }).text ?? '');
	const cutNotes = new Set([...scope.cutNotes.keys(), ...erasures.flatMap((e) => e.noteIds ?? [])]);
	for (const n of scope.wholeNotes) cutNotes.delete(n);
	const hit = (table: string, rowId: string) => addresses.has(addressOf(table, rowId)) || (table === 'noteUpdates' && scope.wholeNotes.has(rowId));
	const derived = db.tables.some((t) => t.name === 'searchIndex') ? ['searchIndex'] : [];

	await db.transaction('rw', [...syncedTableNames, 'noteUpdates', 'outbox', 'rejected', 'history', 'setAside', 'syncState', 'blobs', ...derived], async () => {
		for (const [table, ids] of scope.rows) {
			const list = [...ids];
			const present = (await db.table(table).bulkGet(list)).filter(Boolean).length;
			if (present === 0) continue;
			summary.rows += present;
			await db.table(table).bulkDelete(list);
			await db.syncState.bulkDelete(list.map((id) => fieldClocksKey(table, id)));
		}
		// What waits to be sent, was refused, lost a conflict or was set aside: none of it may keep their words.
		await db.outbox.where('projectId').equals(projectId).filter((o) => hit(o.table, o.rowId)).delete();
		await db.rejected.where('projectId').equals(projectId).filter((r) => hit(r.table, r.rowId)).delete();
		await db.history.where('projectId').equals(projectId).filter((h) => hit(h.table, h.rowId)).delete();
		await db.setAside.where('projectId').equals(projectId).filter((s) => hit(s.table, s.rowId)).delete();
		if (scope.wholeNotes.size > 0) await db.noteUpdates.where('noteId').anyOf([...scope.wholeNotes]).delete();

		// Bytes of their photos and recordings, unless a remaining attachment needs the same content.
		if (scope.sha256s.size > 0) {
			const still = new Set((await db.attachments.where('sha256').anyOf([...scope.sha256s]).toArray()).map((a) => a.sha256));
			const gone = [...scope.sha256s].filter((s) => !still.has(s));
			summary.blobs = (await db.blobs.bulkGet(gone)).filter(Boolean).length;
			await db.blobs.bulkDelete(gone);
		}

		for (const noteId of cutNotes) {
			const updates = await db.noteUpdates.where('noteId').equals(noteId).sortBy('seq');
			if (updates.length === 0) continue;
			const mark = await db.syncState.get(noteMarkKey(noteId));
			if (updates.length === 1 && mark?.value === updates[0].id) continue;
			const { update } = eraseNoteText(updates, erasedHighlights, quotes);
			const id = newId();
			await db.noteUpdates.where('noteId').equals(noteId).delete();
			// Still to be sent if any of what it folds was: the server merges it and cuts again.
			const synced = updates.every((u) => u.synced === 1) ? 1 : 0;
			await db.noteUpdates.add({ id, projectId, noteId, update, createdAt: new Date().toISOString(), synced });
			await db.syncState.put({ key: noteMarkKey(noteId), value: id });
			// The note's plain-text snapshot loses the same words (the server cuts its copy too).
			const note = await db.notes.get(noteId);
			const text = textOfNoteUpdate(update);
			if (note && note.text !== text) await db.notes.update(noteId, { text });
			summary.notesCut++;
		}
		// The saved search index holds their words too: dropped, rebuilt from what is left.
		if (derived.length > 0 && summary.rows + summary.notesCut > 0) await db.table('searchIndex').delete(projectId);
	});
	// A note's words kept outside IndexedDB for a page that went away mid-write
	// (notes/unsavedJournal.ts) are not cut by the fold above: they go too.
	for (const noteId of [...cutNotes, ...scope.wholeNotes]) clearUnsaved(noteId);
	return summary;
}
