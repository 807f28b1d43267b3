import { afterEach, describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Node as PmNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { HighlightMark } from '../editor/highlightMark';
import { highlightSpans, spanChanges } from '../highlightSpans';
import { createHighlight } from '../highlights';
import { deleteOrphanedEvidence, detachEvidence, followSpanText, orphanedHighlight } from '../followHighlights';
import { openTestData, type TestData } from '$lib/data/testing';

const schema = getSchema([StarterKit.configure({ undoRedo: false }), HighlightMark]);

/** A note of one paragraph, `before` + the highlighted `marked` + `after`. */
function note(before: string, marked: string, after: string, id = 'h-1') {
	const mark = schema.marks.highlight.create({ highlightId: id });
	const parts = [before && schema.text(before), schema.text(marked, [mark]), after && schema.text(after)].filter((n): n is PmNode => !!n);
	let state = EditorState.create({ schema, doc: schema.node('doc', null, [schema.node('paragraph', null, parts)]) });
	/** Position of character `offset` of the paragraph's text. */
	const at = (offset: number) => 1 + offset;
	return {
		get state() {
			return state;
		},
		spans: () => highlightSpans(state.doc),
		/** Typing, as ProseMirror does it: the marks of the place typed at (a non-inclusive mark does not grow at its end). */
		type(offset: number, text: string) {
			const $pos = state.doc.resolve(at(offset));
			state = state.apply(state.tr.insertText(text, at(offset)).removeStoredMark(schema.marks.highlight).ensureMarks($pos.marks()));
		},
		/** Text typed over a selection from `from` to `to` (the keyboard replaces it). */
		replace(from: number, to: number, text: string) {
			state = state.apply(state.tr.insertText(text, at(from), at(to)));
		},
		delete(from: number, to: number) {
			state = state.apply(state.tr.delete(at(from), at(to)));
		},
		/** Plain text pasted at `offset`: it carries no marks. */
		paste(offset: number, text: string) {
			state = state.apply(state.tr.replaceWith(at(offset), at(offset), schema.text(text)));
		}
	};
}

describe('a highlight’s span through edits', () => {
	it('moves with its words when text is typed before it, and keeps its words', () => {
		const n = note('Hun sa: ', 'jeg liker skolen', '.');
		const before = n.spans().get('h-1')!;
		expect(before).toMatchObject({ from: 9, to: 25, text: 'jeg liker skolen' });
		n.type(0, 'I går ');
		const after = n.spans().get('h-1')!;
		expect(after).toMatchObject({ from: 15, to: 31, text: 'jeg liker skolen' });
		expect(spanChanges(new Map([['h-1', before]]), n.spans())).toEqual({ changed: [], removed: [] });
	});

	it('does not take in what is typed right after it (the mark is not inclusive)', () => {
		const n = note('', 'jeg liker skolen', '');
		const before = n.spans();
		n.type(16, ' sa hun');
		expect(n.spans().get('h-1')!.text).toBe('jeg liker skolen');
		expect(spanChanges(before, n.spans()).changed).toEqual([]);
	});

	it('takes in a word typed inside it, and says so', () => {
		const n = note('Hun sa: ', 'jeg liker skolen', '.');
		const before = n.spans();
		n.type(8 + 'jeg '.length, 'ikke ');
		expect(n.spans().get('h-1')!.text).toBe('jeg ikke liker skolen');
		expect(spanChanges(before, n.spans())).toEqual({ changed: [{ id: 'h-1', text: 'jeg ikke liker skolen', before: 'jeg liker skolen' }], removed: [] });
	});

	it('shrinks when part of it is deleted, also across its edge', () => {
		const n = note('Hun sa: ', 'jeg liker skolen', '.');
		n.delete(4, 8 + 'jeg '.length);
		expect(n.state.doc.textContent).toBe('Hun liker skolen.');
		expect(n.spans().get('h-1')).toMatchObject({ from: 5, to: 17, text: 'liker skolen' });
	});

	it('keeps text pasted into its middle, though the paste carries no mark', () => {
		const n = note('', 'jeg liker skolen', '');
		n.paste(4, 'virkelig ');
		expect(n.spans().get('h-1')!.text).toBe('jeg virkelig liker skolen');
	});

	it('follows a word typed over a word inside it; typing over the whole span replaces it (as deleting it does)', () => {
		const inside = note('Hun sa: ', 'jeg liker skolen', '.');
		const before = inside.spans();
		inside.replace(8 + 'jeg '.length, 8 + 'jeg liker'.length, 'hater');
		expect(inside.spans().get('h-1')!.text).toBe('jeg hater skolen');
		expect(spanChanges(before, inside.spans()).changed).toHaveLength(1);

		// ProseMirror keeps a non-inclusive mark only for text typed strictly inside it.
		const whole = note('Hun sa: ', 'jeg liker skolen', '.');
		const was = whole.spans();
		whole.replace(8, 24, 'noe annet');
		expect(whole.state.doc.textContent).toBe('Hun sa: noe annet.');
		expect(spanChanges(was, whole.spans()).removed).toEqual([{ id: 'h-1', before: 'jeg liker skolen' }]);
	});

	it('is removed when its whole span is deleted, or only blanks are left', () => {
		const whole = note('Hun sa: ', 'jeg liker skolen', '.');
		const before = whole.spans();
		whole.delete(6, 25);
		expect(whole.spans().has('h-1')).toBe(false);
		expect(spanChanges(before, whole.spans())).toEqual({ changed: [], removed: [{ id: 'h-1', before: 'jeg liker skolen' }] });

		const blank = note('a', ' x ', 'b');
		const was = blank.spans();
		blank.delete(2, 3);
		expect(spanChanges(was, blank.spans()).removed).toEqual([{ id: 'h-1', before: 'x' }]);
	});

	it('spans blocks: a highlight over two paragraphs quotes both, one line each', () => {
		const mark = schema.marks.highlight.create({ highlightId: 'h-2' });
		const doc = schema.node('doc', null, [
			schema.node('paragraph', null, [schema.text('Først. '), schema.text('Ja', [mark])]),
			schema.node('paragraph', null, [schema.text('nei', [mark]), schema.text(' til slutt.')])
		]);
		expect(highlightSpans(doc).get('h-2')!.text).toBe('Ja\nnei');
	});

	it('a highlight made (or brought back by undo) after the first reading is neither changed nor removed', () => {
		const n = note('', 'jeg liker skolen', '');
		expect(spanChanges(new Map(), n.spans())).toEqual({ changed: [], removed: [] });
	});
});

describe('the evidence follows its span', () => {
	let t: TestData;
	afterEach(() => t?.db.close());
	const projectId = 'project-1';
	const sessionId = 'session-1';

	async function made(text: string) {
		t = openTestData();
		return createHighlight(t, { projectId, sessionId, noteId: `note:${sessionId}`, kind: 'quote', text });
	}

	it('updates the highlight’s and the quote’s text, with changes queued for sync', async () => {
		const { highlight, entry } = await made('jeg liker skolen');
		const queued = await t.db.outbox.count();
		expect(await followSpanText(t, [{ id: highlight.id, text: 'jeg ikke liker skolen', before: 'jeg liker skolen' }])).toEqual([entry.id]);
		expect((await t.db.highlights.get(highlight.id))!.text).toBe('jeg ikke liker skolen');
		expect((await t.db.entries.get(entry.id))!.text).toBe('jeg ikke liker skolen');
		const fields = (await t.db.outbox.toArray()).slice(queued).map((c) => `${c.table}.${c.field}`);
		expect(fields.sort()).toEqual(['entries.text', 'highlights.text']);
	});

	it('leaves a quote the researcher rewrote by hand, while the highlight still follows the note', async () => {
		const { highlight, entry } = await made('jeg liker skolen');
		await t.repos.entries.update(entry.id, { text: '«Jeg liker skolen», sa hun.' });
		expect(await followSpanText(t, [{ id: highlight.id, text: 'jeg liker ikke skolen', before: 'jeg liker skolen' }])).toEqual([]);
		expect((await t.db.entries.get(entry.id))!.text).toBe('«Jeg liker skolen», sa hun.');
		expect((await t.db.highlights.get(highlight.id))!.text).toBe('jeg liker ikke skolen');
	});

	it('asks about a removed span only while its evidence is alive; deleting sends it to the bin', async () => {
		const { highlight, entry } = await made('jeg liker skolen');
		expect(await orphanedHighlight(t, highlight.id)).toEqual({ highlightId: highlight.id, entryId: entry.id, kind: 'quote', text: 'jeg liker skolen' });
		await deleteOrphanedEvidence(t, { highlightId: highlight.id, entryId: entry.id });
		expect((await t.db.entries.get(entry.id))!.deleted).toBe(1);
		expect((await t.db.highlights.get(highlight.id))!.deleted).toBe(1);
		expect(await orphanedHighlight(t, highlight.id)).toBeNull();
		// From the bin it comes back whole.
		await t.repos.entries.restore(entry.id);
		expect((await t.db.entries.get(entry.id))!.text).toBe('jeg liker skolen');
	});

	it('keeps detached evidence with its words, pointing at no span', async () => {
		const { highlight, entry } = await made('jeg liker skolen');
		await detachEvidence(t, { highlightId: highlight.id, entryId: entry.id });
		expect(await t.db.entries.get(entry.id)).toMatchObject({ deleted: 0, text: 'jeg liker skolen', highlightId: null, sessionId });
		expect((await t.db.highlights.get(highlight.id))!.deleted).toBe(1);
		expect(await orphanedHighlight(t, highlight.id)).toBeNull();
	});
});
