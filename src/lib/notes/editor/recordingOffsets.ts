import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Mapping } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { requestPlayAt, type PlayAtDetail } from '$lib/media/playAt';
import { formatOffset } from '../formatOffset';

/** Where the session's recording is now; null when it is not recording. */
export type RecordingStamp = { attachmentId: string; offsetMs: number };

export interface RecordingOffsetsOptions {
	/** Reads the recording clock; the editor passes `() => recordingOffsetMs(sessionId)`. */
	now: () => RecordingStamp | null;
	/** Accessible name of a time badge, e.g. "Play the recording from 0:42". */
	badgeLabel: (time: string) => string;
}

/** Asks the session's media player (which listens on `window`) to play from a stamp. */
export function playAt(stamp: PlayAtDetail): void {
	requestPlayAt(stamp.attachmentId, stamp.offsetMs);
}

/** The recording position stamped on a paragraph, if any. */
export function paragraphStamp(node: PmNode): PlayAtDetail | null {
	const { recordingOffsetMs, recordingAttachmentId } = node.attrs;
	if (typeof recordingOffsetMs !== 'number' || typeof recordingAttachmentId !== 'string') return null;
	return { attachmentId: recordingAttachmentId, offsetMs: recordingOffsetMs };
}

const intAttr = (element: HTMLElement, name: string) => {
	const value = Number.parseInt(element.getAttribute(name) ?? '', 10);
	return Number.isFinite(value) && value >= 0 ? value : null;
};

/**
 * Stamps paragraphs that get their first text while this session records with
 * the position in the recording (and which recording), so the note can play the
 * audio from where each paragraph was written. Only local edits stamp:
 * paragraphs arriving from another device keep what that device stamped.
 */
export function recordingStampPlugin(now: () => RecordingStamp | null): Plugin {
	return new Plugin({
		key: new PluginKey('recordingStamp'),
		appendTransaction(transactions, oldState, newState) {
			const local = transactions.filter((tr) => tr.docChanged && !isChangeOrigin(tr));
			if (local.length === 0 || local.length !== transactions.filter((tr) => tr.docChanged).length) return null;
			const stamp = now();
			if (!stamp) return null;
			return stampNewParagraphs(transactions, oldState, newState, stamp);
		}
	});
}

/**
 * Exported for tests: the stamping rule without the clock. A paragraph is new
 * when it has text now and none of that text was in the document before – so
 * Enter at the end of a line, typing into an empty line, or pasting stamps,
 * while editing, splitting or joining text written earlier does not (a split
 * paragraph's halves keep the stamp they had).
 */
export function stampNewParagraphs(
	transactions: readonly Transaction[],
	oldState: EditorState,
	newState: EditorState,
	stamp: RecordingStamp
): Transaction | null {
	const mapping = new Mapping();
	for (const tr of transactions) mapping.appendMapping(tr.mapping);
	// Where the first and last characters of earlier text are now (sorted for a quick search).
	const anchors: number[] = [];
	oldState.doc.descendants((node, pos) => {
		if (node.type.name !== 'paragraph') return true;
		if (node.content.size > 0) {
			const first = mapping.mapResult(pos + 1, 1);
			const last = mapping.mapResult(pos + 1 + node.content.size, -1);
			if (!first.deleted) anchors.push(first.pos);
			if (!last.deleted) anchors.push(last.pos);
		}
		return false;
	});
	anchors.sort((a, b) => a - b);
	const holdsEarlierText = (from: number, to: number) => {
		let lo = 0;
		let hi = anchors.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (anchors[mid] < from) lo = mid + 1;
			else hi = mid;
		}
		return lo < anchors.length && anchors[lo] <= to;
	};
	let tr: Transaction | null = null;
	newState.doc.descendants((node, pos) => {
		if (node.type.name !== 'paragraph') return true;
		const contentFrom = pos + 1;
		const contentTo = contentFrom + node.content.size;
		if (node.attrs.recordingOffsetMs == null && node.content.size > 0 && !holdsEarlierText(contentFrom, contentTo)) {
			tr ??= newState.tr;
			tr.setNodeMarkup(pos, undefined, {
				...node.attrs,
				recordingOffsetMs: stamp.offsetMs,
				recordingAttachmentId: stamp.attachmentId
			});
		}
		return false;
	});
	return tr;
}

function badges(doc: PmNode, label: (time: string) => string): DecorationSet {
	const decorations: Decoration[] = [];
	doc.descendants((node, pos) => {
		if (node.type.name !== 'paragraph') return true;
		const stamp = paragraphStamp(node);
		if (stamp) {
			const time = formatOffset(stamp.offsetMs);
			decorations.push(
				Decoration.widget(
					pos + 1,
					() => {
						const button = document.createElement('button');
						button.type = 'button';
						button.className = 'time-badge';
						button.contentEditable = 'false';
						button.textContent = time;
						button.setAttribute('aria-label', label(time));
						button.dataset.offsetMs = String(stamp.offsetMs);
						button.addEventListener('click', (event) => {
							event.preventDefault();
							playAt(stamp);
						});
						return button;
					},
					{ side: -1, ignoreSelection: true, stopEvent: () => true, key: `t:${stamp.attachmentId}:${stamp.offsetMs}` }
				)
			);
		}
		return false;
	});
	return DecorationSet.create(doc, decorations);
}

const badgeKey = new PluginKey<DecorationSet>('recordingBadges');

/** Paragraph attributes for recording offsets, the stamping rule, and the time badges. */
export const RecordingOffsets = Extension.create<RecordingOffsetsOptions>({
	name: 'recordingOffsets',

	addOptions() {
		return { now: () => null, badgeLabel: (time) => time };
	},

	addGlobalAttributes() {
		return [
			{
				types: ['paragraph'],
				attributes: {
					recordingOffsetMs: {
						default: null,
						// A paragraph split off by Enter is new: it gets its own time.
						keepOnSplit: false,
						parseHTML: (element) => intAttr(element, 'data-offset-ms'),
						renderHTML: (attributes) =>
							attributes.recordingOffsetMs == null ? {} : { 'data-offset-ms': String(attributes.recordingOffsetMs) }
					},
					recordingAttachmentId: {
						default: null,
						keepOnSplit: false,
						parseHTML: (element) => element.getAttribute('data-attachment-id'),
						renderHTML: (attributes) =>
							attributes.recordingAttachmentId ? { 'data-attachment-id': attributes.recordingAttachmentId } : {}
					}
				}
			}
		];
	},

	addProseMirrorPlugins() {
		const label = this.options.badgeLabel;
		return [
			recordingStampPlugin(() => this.options.now()),
			new Plugin<DecorationSet>({
				key: badgeKey,
				state: {
					init: (_, state) => badges(state.doc, label),
					apply: (tr, set) => (tr.docChanged ? badges(tr.doc, label) : set)
				},
				props: {
					decorations: (state) => badgeKey.getState(state)
				}
			})
		];
	}
});
