import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Node as PmNode } from '@tiptap/pm/model';
import { prosemirrorToYDoc, updateYFragment } from '@tiptap/y-tiptap';
import { HighlightMark } from '$lib/notes/editor/highlightMark';
import { noteFragment, noteFragmentName, seedUpdateFromText } from '$lib/notes/noteDoc';
import { checkNoteUpdate, MAX_NOTE_UPDATE_BYTES } from './noteUpdateCheck';

const schema = getSchema([StarterKit.configure({ undoRedo: false }), HighlightMark]);

/** A note as the editor stores it: headings, lists, marks and a highlight, through y-prosemirror. */
function editorNote(extra = ''): PmNode {
	const highlight = schema.marks.highlight.create({ highlightId: 'h-1' });
	return schema.node('doc', null, [
		schema.node('heading', { level: 2 }, [schema.text('Intervju P-001')]),
		schema.node('paragraph', null, [schema.text('Hun sa: '), schema.text('«Ingen spør hvordan det går.»', [highlight]), ...(extra ? [schema.text(extra)] : [])]),
		schema.node('bulletList', null, [schema.node('listItem', null, [schema.node('paragraph', null, [schema.text('bold', [schema.marks.bold.create()])])])])
	]);
}

const meta = () => ({ mapping: new Map(), isOMark: new Map() });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A small deterministic generator, so the "random bytes" are the same on every run. */
function noise(length: number, seed = 7): Uint8Array {
	const out = new Uint8Array(length);
	let x = seed;
	for (let i = 0; i < length; i++) {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

describe('checkNoteUpdate', () => {
	it('accepts what the editor writes: a whole note, and an edit that depends on it (pending without it)', () => {
		const doc = prosemirrorToYDoc(editorNote(), noteFragmentName);
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(doc)))).toEqual({ ok: true });

		const before = Y.encodeStateVector(doc);
		updateYFragment(doc, noteFragment(doc), editorNote(' Og mer.'), meta());
		const edit = Y.encodeStateAsUpdate(doc, before);
		// On its own the edit cannot integrate: its left neighbours are in the earlier update.
		const alone = new Y.Doc();
		Y.applyUpdate(alone, edit);
		expect(alone.store.pendingStructs).not.toBeNull();
		expect(checkNoteUpdate(b64(edit))).toEqual({ ok: true });

		// A deletion, and the text seed of a note written before the log.
		const beforeDelete = Y.encodeStateVector(doc);
		noteFragment(doc).delete(0, 1);
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(doc, beforeDelete)))).toEqual({ ok: true });
		expect(checkNoteUpdate(b64(seedUpdateFromText('note:s1', 'Linje én\nLinje to')))).toEqual({ ok: true });
		doc.destroy();
		alone.destroy();
	});

	it('refuses bytes that are not a Yjs update: text, noise, nothing', () => {
		for (const bytes of [new TextEncoder().encode('this is not a yjs update'), noise(300), noise(5000, 99), new Uint8Array()]) {
			expect(checkNoteUpdate(b64(bytes))).toMatchObject({ ok: false, reason: 'not_yjs' });
		}
	});

	it('refuses text that is not base64', () => {
		expect(checkNoteUpdate('not base64!')).toMatchObject({ ok: false, reason: 'not_base64' });
		expect(checkNoteUpdate('AAA')).toMatchObject({ ok: false, reason: 'not_base64' });
	});

	it('refuses a truncated update', () => {
		const full = Y.encodeStateAsUpdate(prosemirrorToYDoc(editorNote(), noteFragmentName));
		for (const length of [1, 4, Math.floor(full.length / 2), full.length - 1]) {
			expect(checkNoteUpdate(b64(full.subarray(0, length))), `cut at ${length}`).toMatchObject({ ok: false });
		}
	});

	it('refuses writes outside the note: another top-level type, a map entry, text where the paragraphs are, a sub-document', () => {
		const other = new Y.Doc();
		other.getMap('settings').set('x', 1);
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(other)))).toMatchObject({ ok: false, reason: 'foreign_type' });

		const plain = new Y.Doc();
		plain.getText(noteFragmentName).insert(0, 'bare characters among the paragraphs');
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(plain)))).toMatchObject({ ok: false, reason: 'malformed_note' });

		const asMap = new Y.Doc();
		asMap.getMap(noteFragmentName).set('k', 'v');
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(asMap)))).toMatchObject({ ok: false, reason: 'foreign_type' });

		const sub = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		noteFragment(sub).insert(0, [paragraph]);
		paragraph.setAttribute('doc', new Y.Doc() as unknown as string);
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(sub)))).toMatchObject({ ok: false, reason: 'foreign_content' });
	});

	it('refuses a value in an element where its children are, once it integrates', () => {
		const doc = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		noteFragment(doc).insert(0, [paragraph]);
		(paragraph as unknown as Y.Array<number>).insert(0, [42]);
		expect(checkNoteUpdate(b64(Y.encodeStateAsUpdate(doc)))).toMatchObject({ ok: false, reason: 'malformed_note' });
	});

	it('bounds the size: over the limit is refused before decoding, a 600 000-character note fits', () => {
		expect(checkNoteUpdate('A'.repeat(Math.ceil((MAX_NOTE_UPDATE_BYTES * 4) / 3) + 8))).toMatchObject({ ok: false, reason: 'too_large' });
		const long = seedUpdateFromText('note:long', 'æ'.repeat(600_000));
		expect(checkNoteUpdate(b64(long))).toEqual({ ok: true });
		expect(checkNoteUpdate(b64(long), { maxBytes: 1000 })).toMatchObject({ ok: false, reason: 'too_large' });
	});
});
