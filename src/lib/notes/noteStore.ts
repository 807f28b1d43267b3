import { liveQuery } from 'dexie';
import * as Y from 'yjs';
import { noteIdFor } from '$lib/domain/noteId';
import type { Note } from '$lib/domain/note';
import type { FieldworkDb } from '$lib/data/db';
import type { DataContext } from '$lib/data/context';
import type { Repositories } from '$lib/data/repositories';
import { noteText, seedUpdateFromText } from './noteDoc';
import { applyStoredUpdates, reportSkipped } from './safeApply';
import { answerWithin, withReconnect } from '$lib/data/reconnect';
import { clearUnsaved, keepUnsaved, readUnsaved } from './unsavedJournal';
import {
	appendNoteUpdate,
	compactNoteUpdates,
	readNoteUpdates,
	readNoteUpdatesAfter
} from './updateLog';

/** What the store needs from the local data: injected so tests use their own database. */
export interface NoteData {
	db: FieldworkDb;
	repos: Pick<Repositories, 'notes'>;
	ctx?: Pick<DataContext, 'now'>;
}

/**
 * Yjs transaction origin for updates that are already stored (the initial load,
 * rows another tab or the sync engine wrote). The store never logs them again.
 * The sync engine applies pulled updates to an open doc with this origin.
 */
export const storedOrigin = Symbol('feltinnsikt:note-stored');

export type SaveStatus = 'saved' | 'saving' | 'error';

export interface NoteStoreOptions {
	/**
	 * Local updates within this window are merged into one row (ms); while a write is
	 * in flight, everything that arrives meanwhile is merged into the next one.
	 */
	batchMs?: number;
	/** How long the plain-text snapshot waits for typing to pause (ms). */
	textDebounceMs?: number;
	/** Compact the log once it holds more rows than this. */
	compactAbove?: number;
	/** Follow rows written by other tabs or the sync engine (on by default). */
	follow?: boolean;
	/**
	 * Open for reading only (a member whose role may not write notes): no note row is
	 * created, no update, snapshot or compaction is written – opening never queues a change.
	 */
	readOnly?: boolean;
	onstatus?: (status: SaveStatus) => void;
	/** Called when a write fails; the update stays queued and is retried. */
	onerror?: (error: unknown) => void;
}

export interface NoteStore {
	readonly doc: Y.Doc;
	readonly noteId: string;
	readonly projectId: string;
	readonly sessionId: string;
	readonly status: SaveStatus;
	/** Writes every pending update and the text snapshot now. */
	flush(): Promise<void>;
	/**
	 * Keeps what IndexedDB has not confirmed yet in a synchronous journal
	 * (unsavedJournal.ts), for a page that is going away: merged in when the note opens again.
	 */
	keepUnconfirmed(): void;
	/** Flushes and stops listening; the doc is destroyed. */
	close(): Promise<void>;
}

const retryMs = 2000;
/**
 * How long a write may go unanswered before it counts as lost (reconnect.ts: answerWithin).
 * Long enough that a slow but healthy write (a pasted transcript on a busy tablet) is not
 * written twice for nothing; a write WebKit left behind never answers at all.
 */
const silentMs = 10_000;

/** The note row of a session, created (with the derived id) when it does not exist yet. */
export async function ensureNote(data: NoteData, projectId: string, sessionId: string): Promise<Note> {
	// Notes written before the derived id (the demo project) are found by their session.
	const existing =
		(await data.db.notes.get(noteIdFor(sessionId))) ?? (await data.db.notes.where('sessionId').equals(sessionId).first());
	if (existing && !existing.deleted) return existing;
	try {
		return await data.repos.notes.create(projectId, { sessionId, text: existing?.text ?? '' }, existing?.id ?? noteIdFor(sessionId));
	} catch (error) {
		// Another tab created it between our read and our write.
		const created = await data.db.notes.where('sessionId').equals(sessionId).first();
		if (created) return created;
		throw error;
	}
}

/** The session's note row when it exists (found as `ensureNote` finds it), never created. */
async function findNote(data: NoteData, sessionId: string): Promise<Note | undefined> {
	const found = (await data.db.notes.get(noteIdFor(sessionId))) ?? (await data.db.notes.where('sessionId').equals(sessionId).first());
	return found && !found.deleted ? found : undefined;
}

/**
 * Opens a session's note as a Y.Doc backed by the `noteUpdates` log: replays
 * the log, then appends every local change (merged per `batchMs`, and while
 * a write is in flight) so a keystroke reaches IndexedDB within a few tens of
 * milliseconds, keeps the
 * plain-text snapshot in `notes.text`, and compacts the log when it grows.
 */
export async function openNoteStore(
	data: NoteData,
	projectId: string,
	sessionId: string,
	options: NoteStoreOptions = {}
): Promise<NoteStore> {
	const { db, repos } = data;
	const now = () => data.ctx?.now() ?? new Date();
	const batchMs = options.batchMs ?? 10;
	const textDebounceMs = options.textDebounceMs ?? 1500;
	const compactAbove = options.compactAbove ?? 500;

	const readOnly = options.readOnly ?? false;
	const note = readOnly ? await findNote(data, sessionId) : await ensureNote(data, projectId, sessionId);
	const noteId = note?.id ?? noteIdFor(sessionId);
	const noteTextSaved = note?.text ?? '';
	const doc = new Y.Doc();

	let lastSeq = 0;
	const rows = await readNoteUpdates(db, noteId);
	let rowCount = rows.length;
	// A stored update that cannot be applied is skipped (and logged), never fatal: the note still opens.
	reportSkipped(noteId, applyStoredUpdates(doc, rows, storedOrigin));
	for (const row of rows) lastSeq = Math.max(lastSeq, row.seq ?? 0);

	let savedText = noteTextSaved;
	let status: SaveStatus = 'saved';
	let pending: Uint8Array[] = [];
	// The update a write has taken from `pending` and IndexedDB has not confirmed yet.
	let inFlight: Uint8Array | null = null;
	// Whether the journal may hold words: cleared once everything in it is confirmed.
	let journaled = false;
	let batchTimer: ReturnType<typeof setTimeout> | undefined;
	let textTimer: ReturnType<typeof setTimeout> | undefined;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;
	let writing: Promise<void> = Promise.resolve();
	let closed = false;

	const setStatus = (next: SaveStatus) => {
		if (next === status) return;
		status = next;
		options.onstatus?.(next);
	};

	/** Serialises writes so rows land in the order the edits were made. */
	const enqueue = (task: () => Promise<void>): Promise<void> => {
		writing = writing.then(task, task);
		return writing;
	};

	/** True while a write task is queued but has not yet taken the pending updates. */
	let updatesQueued = false;

	const writeUpdates = (): Promise<void> => {
		clearTimeout(batchTimer);
		batchTimer = undefined;
		// A queued write takes everything pending when it starts: updates that arrive while
		// IndexedDB is busy go out together in the next row.
		if (updatesQueued || pending.length === 0) return writing;
		updatesQueued = true;
		return enqueue(async () => {
			updatesQueued = false;
			const batch = pending;
			pending = [];
			if (batch.length === 0) return;
			const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
			inFlight = update;
			try {
				// A connection lost mid-typing is reopened and the same update appended again (twice is harmless in Yjs).
				// …and one IndexedDB leaves unanswered is given up and written again (answerWithin).
				const seq = await withReconnect(db, () => answerWithin(appendNoteUpdate(db, { projectId, noteId, update, now: now() }), silentMs));
				inFlight = null;
				// Rows land in order, so with nothing left pending the journal holds nothing unconfirmed.
				if (journaled && pending.length === 0) {
					clearUnsaved(noteId);
					journaled = false;
				}
				lastSeq = Math.max(lastSeq, seq);
				rowCount += 1;
				if (rowCount > compactAbove) {
					const result = await compactNoteUpdates(db, noteId, now());
					rowCount = result.after;
					lastSeq = Math.max(lastSeq, result.lastSeq);
				}
				if (pending.length === 0 && !updatesQueued) setStatus('saved');
			} catch (error) {
				// Keep the update: it goes out with the next write.
				inFlight = null;
				pending.unshift(update);
				setStatus('error');
				options.onerror?.(error);
				clearTimeout(retryTimer);
				if (!closed) retryTimer = setTimeout(() => void writeUpdates(), retryMs);
			}
		});
	};

	const writeText = (): Promise<void> => {
		clearTimeout(textTimer);
		textTimer = undefined;
		if (readOnly) return writing;
		return enqueue(async () => {
			const text = noteText(doc);
			if (text === savedText) return;
			try {
				await answerWithin(repos.notes.update(noteId, { text }), silentMs);
				savedText = text;
			} catch (error) {
				options.onerror?.(error);
			}
		});
	};

	const onUpdate = (update: Uint8Array, origin: unknown) => {
		if (readOnly) return;
		if (!closed) {
			clearTimeout(textTimer);
			textTimer = setTimeout(() => void writeText(), textDebounceMs);
		}
		if (origin === storedOrigin) return;
		pending.push(update);
		setStatus('saving');
		batchTimer ??= setTimeout(() => void writeUpdates(), batchMs);
	};
	doc.on('update', onUpdate);

	// A note from before the Yjs log (demo, import): its text becomes the first paragraphs.
	// Read-only, the seed is shown but not stored (storing it is a write).
	if (rowCount === 0 && noteTextSaved.trim()) Y.applyUpdate(doc, seedUpdateFromText(noteId, noteTextSaved), readOnly ? storedOrigin : 'seed');
	// The snapshot may lag behind a log that grew elsewhere (another tab, sync): repair it.
	else if (!readOnly && noteText(doc) !== savedText) void writeText();
	if (!readOnly && rowCount > compactAbove) {
		void enqueue(async () => {
			const result = await compactNoteUpdates(db, noteId, now());
			rowCount = result.after;
			lastSeq = Math.max(lastSeq, result.lastSeq);
		});
	}

	// Words kept by a page that went away before IndexedDB confirmed them: merged in, and
	// written as this page's own edit (what did land is known to the doc and changes nothing).
	if (!readOnly) {
		const kept = readUnsaved(noteId);
		if (kept) {
			try {
				Y.applyUpdate(doc, kept, 'unsaved-journal');
			} catch (error) {
				console.error('kept note words could not be applied', error);
			}
			if (pending.length === 0) clearUnsaved(noteId);
			else journaled = true;
		}
	}

	// Rows written by another tab, or pulled by the sync engine, flow into the open doc.
	const subscription =
		options.follow === false
			? undefined
			: liveQuery(() => readNoteUpdatesAfter(db, noteId, lastSeq)).subscribe({
					next(fresh) {
						if (closed || fresh.length === 0) return;
						reportSkipped(noteId, applyStoredUpdates(doc, fresh, storedOrigin));
						for (const row of fresh) lastSeq = Math.max(lastSeq, row.seq ?? 0);
					},
					error(error) {
						options.onerror?.(error);
					}
				});

	const flush = async () => {
		await writeUpdates();
		await writeText();
	};

	return {
		doc,
		noteId,
		projectId,
		sessionId,
		get status() {
			return status;
		},
		flush,
		keepUnconfirmed() {
			if (readOnly) return;
			const unconfirmed = inFlight ? [inFlight, ...pending] : pending;
			if (unconfirmed.length === 0) return;
			keepUnsaved(noteId, unconfirmed.length === 1 ? unconfirmed[0] : Y.mergeUpdates(unconfirmed));
			journaled = true;
		},
		async close() {
			if (closed) return;
			subscription?.unsubscribe();
			await flush();
			closed = true;
			clearTimeout(retryTimer);
			clearTimeout(textTimer);
			doc.off('update', onUpdate);
			doc.destroy();
		}
	};
}
