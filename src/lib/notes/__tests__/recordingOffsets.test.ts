import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Node as PmNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { HighlightMark } from '../editor/highlightMark';
import { RecordingOffsets, recordingStampPlugin, type RecordingStamp } from '../editor/recordingOffsets';

const schema = getSchema([StarterKit.configure({ undoRedo: false }), HighlightMark, RecordingOffsets]);

function setup(texts: string[]) {
	let stamp: RecordingStamp | null = null;
	const doc = schema.node(
		'doc',
		null,
		texts.map((t) => schema.node('paragraph', null, t ? [schema.text(t)] : []))
	);
	let state = EditorState.create({ schema, doc, plugins: [recordingStampPlugin(() => stamp)] });
	return {
		setStamp(next: RecordingStamp | null) {
			stamp = next;
		},
		get state() {
			return state;
		},
		/** Types at the end of paragraph `index`. */
		type(index: number, text: string) {
			const pos = endOf(state.doc, index);
			state = state.apply(state.tr.insertText(text, pos));
		},
		/** Enter at the end of paragraph `index`, as Tiptap's splitBlock does (stamps do not carry over). */
		enter(index: number) {
			const pos = endOf(state.doc, index);
			const tr = state.tr.split(pos, 1, [{ type: schema.nodes.paragraph, attrs: {} }]);
			state = state.apply(tr.setSelection(TextSelection.create(tr.doc, pos + 2)));
		},
		/** Enter inside paragraph `index`, `offset` characters in (splitBlock copies the attributes there). */
		split(index: number, offset: number) {
			const pos = endOf(state.doc, index) - state.doc.child(index).content.size + offset;
			state = state.apply(state.tr.split(pos));
		},
		/** Types at the start of paragraph `index`. */
		typeAtStart(index: number, text: string) {
			const pos = endOf(state.doc, index) - state.doc.child(index).content.size;
			state = state.apply(state.tr.insertText(text, pos));
		},
		/** A change that arrived from another device through Yjs. */
		remote(index: number, text: string) {
			const pos = endOf(state.doc, index);
			state = state.apply(state.tr.insertText(text, pos).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
		},
		stamps() {
			const out: (number | null)[] = [];
			state.doc.forEach((node) => out.push(node.attrs.recordingOffsetMs));
			return out;
		}
	};
}

function endOf(doc: PmNode, index: number): number {
	let pos = 0;
	for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
	return pos + doc.child(index).nodeSize - 1;
}

describe('recording offsets on paragraphs', () => {
	it('stamps nothing while the session is not recording', () => {
		const ed = setup(['']);
		ed.type(0, 'hei');
		ed.enter(0);
		ed.type(1, 'igjen');
		expect(ed.stamps()).toEqual([null, null]);
	});

	it('stamps a paragraph with the time it got its first text, and the recording it belongs to', () => {
		const ed = setup(['Skrevet før opptaket.', '']);
		ed.setStamp({ attachmentId: 'audio-1', offsetMs: 1_000 });
		ed.type(0, ' Mer tekst.');
		ed.type(1, 'Første linje under opptak.');
		ed.enter(1);
		ed.setStamp({ attachmentId: 'audio-1', offsetMs: 5_000 });
		ed.type(2, 'Andre linje.');
		ed.setStamp({ attachmentId: 'audio-1', offsetMs: 9_000 });
		ed.type(2, ' Fortsatt samme avsnitt.');
		expect(ed.stamps()).toEqual([null, 1_000, 5_000]);
		expect(ed.state.doc.child(1).attrs.recordingAttachmentId).toBe('audio-1');
	});

	it('does not stamp text written earlier when a line is split or joined', () => {
		const ed = setup(['Skrevet før opptaket.', 'Også før.']);
		ed.setStamp({ attachmentId: 'audio-1', offsetMs: 3_000 });
		// Enter at the start of an old line: the old text moves down, the empty line above is new.
		ed.split(0, 0);
		expect(ed.stamps()).toEqual([null, null, null]);
		ed.typeAtStart(0, 'Ny linje over.');
		expect(ed.stamps()).toEqual([3_000, null, null]);
		// Enter in the middle of an old line: both halves are old.
		ed.split(2, 4);
		expect(ed.stamps()).toEqual([3_000, null, null, null]);
	});

	it('leaves text that came from another device alone', () => {
		const ed = setup(['']);
		ed.setStamp({ attachmentId: 'audio-1', offsetMs: 1_000 });
		ed.remote(0, 'fra en annen enhet');
		expect(ed.stamps()).toEqual([null]);
	});

	it('renders and parses the stamp as data attributes', () => {
		const paragraph = schema.nodes.paragraph;
		const spec = paragraph.spec.toDOM!(paragraph.create({ recordingOffsetMs: 2_000, recordingAttachmentId: 'a-1' })) as unknown as [
			string,
			Record<string, string>
		];
		expect(spec[0]).toBe('p');
		expect(spec[1]).toMatchObject({ 'data-offset-ms': '2000', 'data-attachment-id': 'a-1' });
	});
});
