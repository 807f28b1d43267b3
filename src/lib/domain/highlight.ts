import { z } from 'zod';
import { rowBase } from './row';

/**
 * A marked span in a session note. The span lives in the note as a Tiptap mark
 * carrying this id, so concurrent edits move it with the text; `text` is the
 * quoted span when it was made.
 */
export const highlightFields = z.object({
	noteId: z.string().min(1).max(64),
	sessionId: z.string().min(1).max(64),
	entryId: z.string().max(64).nullable().default(null),
	text: z.string().max(20_000),
	recordingOffsetMs: z.number().int().min(0).nullable().default(null)
});
export const highlightSchema = rowBase.extend(highlightFields.shape);
export type Highlight = z.infer<typeof highlightSchema>;
