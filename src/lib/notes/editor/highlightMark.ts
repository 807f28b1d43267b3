import { Mark, mergeAttributes } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';

export interface HighlightMarkOptions {
	/** Called when the researcher taps or clicks a highlighted span. */
	onActivate: ((highlightId: string) => void) | null;
}

declare module '@tiptap/core' {
	interface Commands<ReturnType> {
		highlight: {
			/** Marks the selection as the span of highlight `highlightId`. */
			setHighlight: (highlightId: string) => ReturnType;
		};
	}
}

/**
 * A span of a note that became evidence. The mark carries the highlight's id,
 * so it moves with its text through concurrent edits (Yjs stores it as a
 * formatting attribute of the characters). Highlights may overlap: the mark
 * does not exclude itself, and y-prosemirror keeps overlapping marks apart.
 */
export const HighlightMark = Mark.create<HighlightMarkOptions>({
	name: 'highlight',
	inclusive: false,
	excludes: '',

	addOptions() {
		return { onActivate: null };
	},

	addAttributes() {
		return {
			highlightId: {
				default: null,
				parseHTML: (element) => element.getAttribute('data-highlight-id'),
				renderHTML: (attributes) => (attributes.highlightId ? { 'data-highlight-id': attributes.highlightId } : {})
			}
		};
	},

	parseHTML() {
		return [{ tag: 'mark[data-highlight-id]' }];
	},

	renderHTML({ HTMLAttributes }) {
		return ['mark', mergeAttributes({ class: 'note-highlight' }, HTMLAttributes), 0];
	},

	addCommands() {
		return {
			setHighlight:
				(highlightId) =>
				({ commands }) =>
					commands.setMark(this.name, { highlightId })
		};
	},

	addProseMirrorPlugins() {
		const onActivate = () => this.options.onActivate;
		return [
			new Plugin({
				key: new PluginKey('highlightActivate'),
				props: {
					handleClick(_view, _pos, event) {
						const target = event.target instanceof Element ? event.target.closest('mark[data-highlight-id]') : null;
						const id = target?.getAttribute('data-highlight-id');
						if (id) onActivate()?.(id);
						return false;
					}
				}
			})
		];
	}
});

/** Ids of the highlights at a position (innermost last). */
export function highlightIdsAt(marks: readonly { type: { name: string }; attrs: Record<string, unknown> }[]): string[] {
	return marks
		.filter((mark) => mark.type.name === 'highlight' && typeof mark.attrs.highlightId === 'string')
		.map((mark) => mark.attrs.highlightId as string);
}

/** A transaction that takes highlight `highlightId` off every span that carries it. */
export function removeHighlightTransaction(state: EditorState, highlightId: string): Transaction | null {
	const type = state.schema.marks.highlight;
	if (!type) return null;
	let tr: Transaction | null = null;
	state.doc.descendants((node, pos) => {
		if (!node.isText) return true;
		const mark = node.marks.find((x) => x.type === type && x.attrs.highlightId === highlightId);
		if (mark) {
			tr ??= state.tr;
			tr.removeMark(pos, pos + node.nodeSize, mark);
		}
		return false;
	});
	return tr;
}
