import { decodeUpdate, mergeUpdates } from 'yjs';
import { newId } from '$lib/domain/ids';
import type { NoteUpdate } from '$lib/domain/note';
import type { FieldworkDb } from '$lib/data/db';

/**
 * The repository of `noteUpdates`: the append-only log of Yjs updates that
 * makes up each session note. Updates are merged, never overwritten, so the
 * log can be replayed in any order and still give the same document.
 */

type LogDb = Pick<FieldworkDb, 'noteUpdates' | 'transaction'>;

export interface AppendInput {
	projectId: string;
	noteId: string;
	update: Uint8Array;
	now?: Date;
	/** 1 for updates that came from the server (already acknowledged). */
	synced?: 0 | 1;
}

/** Appends one update; resolves with the row's sequence number. */
export async function appendNoteUpdate(db: LogDb, input: AppendInput): Promise<number> {
	const row: NoteUpdate = {
		id: newId(),
		projectId: input.projectId,
		noteId: input.noteId,
		update: input.update,
		createdAt: (input.now ?? new Date()).toISOString(),
		synced: input.synced ?? 0
	};
	return db.noteUpdates.add(row);
}

/** Every update of a note, oldest first. */
export async function readNoteUpdates(db: LogDb, noteId: string): Promise<NoteUpdate[]> {
	return db.noteUpdates.where('noteId').equals(noteId).sortBy('seq');
}

/** Updates of a note written after `afterSeq` (by another tab, or pulled by sync). */
export async function readNoteUpdatesAfter(db: LogDb, noteId: string, afterSeq: number): Promise<NoteUpdate[]> {
	return db.noteUpdates
		.where(':id')
		.above(afterSeq)
		.filter((row) => row.noteId === noteId)
		.toArray();
}

export async function countNoteUpdates(db: LogDb, noteId: string): Promise<number> {
	return db.noteUpdates.where('noteId').equals(noteId).count();
}

export interface CompactionResult {
	before: number;
	after: number;
	/** Sequence number of the newest row after compaction. */
	lastSeq: number;
}

/**
 * Replaces a note's log with at most two merged rows – one for what the server
 * already has and one for what it does not – in one transaction, so a crash
 * leaves either the old log or the new one. Yjs merges are lossless: the merged
 * update carries every insertion and deletion of the rows it replaces.
 */
export async function compactNoteUpdates(db: LogDb, noteId: string, now = new Date()): Promise<CompactionResult> {
	return db.transaction('rw', db.noteUpdates, async () => {
		const rows = await readNoteUpdates(db, noteId);
		let after = rows.length;
		let lastSeq = rows.at(-1)?.seq ?? 0;
		for (const synced of [1, 0] as const) {
			const { group, merged } = mergeReadable(rows.filter((r) => r.synced === synced));
			if (group.length < 2) continue;
			await db.noteUpdates.bulkDelete(group.map((r) => r.seq!));
			lastSeq = await appendNoteUpdate(db, {
				projectId: group[0].projectId,
				noteId,
				update: merged,
				now,
				synced
			});
			after -= group.length - 1;
		}
		return { before: rows.length, after, lastSeq };
	});
}

/**
 * The rows to merge and their merge. One update Yjs cannot read stays as it is
 * (readers skip it) instead of blocking compaction for good.
 */
function mergeReadable(rows: NoteUpdate[]): { group: NoteUpdate[]; merged: Uint8Array } {
	if (rows.length < 2) return { group: rows, merged: new Uint8Array() };
	try {
		return { group: rows, merged: mergeUpdates(rows.map((r) => r.update)) };
	} catch {
		const group = rows.filter((r) => {
			try {
				decodeUpdate(r.update);
				return true;
			} catch {
				return false;
			}
		});
		return { group, merged: group.length < 2 ? new Uint8Array() : mergeUpdates(group.map((r) => r.update)) };
	}
}
