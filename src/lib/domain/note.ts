import { z } from 'zod';
import { rowBase } from './row';

/**
 * One rich-text document per session. The document itself is a Yjs doc whose
 * updates live in `noteUpdates`; `text` is a plain-text snapshot kept for
 * search and export, rewritten whenever the doc changes.
 */
export const noteFields = z.object({
	sessionId: z.string().min(1).max(64),
	text: z.string().max(2_000_000).default('')
});
export const noteSchema = rowBase.extend(noteFields.shape);
export type Note = z.infer<typeof noteSchema>;

/** A Yjs update: merged, never overwritten. Local-first, synced as CRDT updates. */
export interface NoteUpdate {
	seq?: number;
	id: string;
	projectId: string;
	noteId: string;
	update: Uint8Array;
	createdAt: string;
	/** 0 until the server has acknowledged it. */
	synced: 0 | 1;
}
