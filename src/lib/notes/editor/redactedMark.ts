import { Mark } from '@tiptap/core';
import { redactedMarkName } from '../redactNote';

/**
 * The block that stands where a withdrawn participant's words are, in the
 * redacted copy of a note the editor shows read-only (see `redactNoteDoc`).
 * It only ever exists in that copy: the stored note has no such mark.
 */
export const RedactedMark = Mark.create({
	name: redactedMarkName,
	inclusive: false,
	excludes: '',
	parseHTML() {
		return [{ tag: 'span[data-redacted]' }];
	},
	renderHTML() {
		return ['span', { class: 'note-redacted', 'data-redacted': '', 'data-testid': 'note-redacted' }, 0];
	}
});
