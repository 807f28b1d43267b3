import { Extension } from '@tiptap/core';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { NoteAwareness } from '../liveCursors';

/** The caret of another writer: a coloured bar with their name above it (styled in app.css, `.live-caret`). */
function caret(user: { name: string; color: string }): HTMLElement {
	const bar = document.createElement('span');
	bar.className = 'live-caret';
	bar.style.borderColor = user.color;
	bar.setAttribute('aria-hidden', 'true');
	const label = document.createElement('span');
	label.className = 'live-caret-name';
	label.style.backgroundColor = user.color;
	label.textContent = user.name;
	bar.append('\u2060', label, '\u2060');
	return bar;
}

/**
 * Shows the carets and selections of the others writing in the same note, from presence
 * (`NoteAwareness`), and tells presence where this tab's caret is. Without an awareness
 * (not signed in, a read-only note) it adds nothing.
 */
export const LiveCursors = Extension.create<{ awareness: NoteAwareness | null }>({
	name: 'liveCursors',
	addOptions() {
		return { awareness: null };
	},
	addProseMirrorPlugins() {
		const awareness = this.options.awareness;
		if (!awareness) return [];
		// The plugin asks only for the part of y-protocols' Awareness that NoteAwareness has.
		return [yCursorPlugin(awareness as unknown as Parameters<typeof yCursorPlugin>[0], { cursorBuilder: caret, selectionBuilder: (user: { color: string }) => ({ style: `background-color: ${user.color}33` }) })];
	}
});
