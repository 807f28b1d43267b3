import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportNoteDoc, sliceCodePoints } from '$lib/exchange/noteText';
import { paragraph } from '$lib/exchange/__tests__/redactFixture';
import { noteFragment, noteText, seedUpdateFromText } from '../noteDoc';
import { hiddenNoteDoc, redactNoteDoc, redactedMarkName } from '../redactNote';

const L = '[trukket samtykke]';

function docOf(blocks: Y.XmlElement[]): Y.Doc {
	const doc = new Y.Doc();
	noteFragment(doc).insert(0, blocks);
	return doc;
}

describe('a note with hidden highlights', () => {
	it('replaces each hidden run with one block, keeps other words, headings and visible marks, and leaves the source as it was', () => {
		const heading = new Y.XmlElement('heading');
		heading.setAttribute('level', 3 as unknown as string);
		heading.insert(0, [new Y.XmlText('Økt 1 🎉')]);
		const source = docOf([
			heading,
			paragraph(['Ada: ', { text: 'hemmelig 😢', highlight: ['h-ada'] }, { text: ' ord', highlight: ['h-ada'] }, ' og Bo: ', { text: 'synlig', highlight: ['h-bo'] }])
		]);
		const before = noteText(source);
		const r = redactNoteDoc(source, new Map([['h-ada', 'hemmelig 😢 ord']]), L);
		expect(r.changed).toBe(true);
		expect(noteText(r.doc)).toBe(`Økt 1 🎉\nAda: ${L} og Bo: synlig`);
		const h = noteFragment(r.doc).get(0) as Y.XmlElement;
		expect(h.nodeName).toBe('heading');
		expect(h.getAttribute('level')).toBe(3);
		const exported = exportNoteDoc(r.doc);
		expect(sliceCodePoints(exported.text, ...exported.spans.get('h-bo')!)).toBe('synlig');
		expect(exported.spans.has('h-ada')).toBe(false);
		// The block carries its own mark, for the editor to show it as one.
		const delta = ((noteFragment(r.doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
		expect(delta.find((op) => op.insert === L)?.attributes).toHaveProperty(redactedMarkName);
		// The copy holds no trace of the words: not even as deleted content.
		expect(new TextDecoder().decode(Y.encodeStateAsUpdate(r.doc))).not.toContain('hemmelig');
		expect(noteText(source)).toBe(before);
		r.doc.destroy();
	});

	it("keeps a visible highlight's mark over the block where it overlapped a hidden one", () => {
		const source = docOf([paragraph(['a ', { text: 'vi elsket ', highlight: ['h-ada'] }, { text: 'badet', highlight: ['h-ada', 'h-bo'] }, { text: ' om vinteren', highlight: ['h-bo'] }])]);
		const r = redactNoteDoc(source, new Map([['h-ada', 'vi elsket badet']]), L);
		expect(noteText(r.doc)).toBe(`a ${L} om vinteren`);
		expect([...r.touched]).toEqual(['h-bo']);
		const exported = exportNoteDoc(r.doc);
		expect(sliceCodePoints(exported.text, ...exported.spans.get('h-bo')!)).toBe(`${L} om vinteren`);
	});

	it('puts a block in each paragraph a hidden highlight runs over', () => {
		const source = docOf([paragraph(['Start ', { text: 'del én', highlight: ['h'] }]), paragraph([{ text: 'del to', highlight: ['h'] }, ' slutt'])]);
		expect(noteText(redactNoteDoc(source, new Map([['h', 'del én\ndel to']]), L).doc)).toBe(`Start ${L}\n${L} slutt`);
	});

	it('finds a hidden highlight whose mark is lost by its text (a note seeded from plain text)', () => {
		const source = new Y.Doc();
		Y.applyUpdate(source, seedUpdateFromText('n', 'Linje én\nHun sa at 🎉 hun ville bort\nSlutt'));
		const r = redactNoteDoc(source, new Map([['h', 'hun ville bort']]), L);
		expect(r.changed).toBe(true);
		expect(noteText(r.doc)).toBe(`Linje én\nHun sa at 🎉 ${L}\nSlutt`);
	});

	it('changes nothing when no hidden highlight is in the note', () => {
		const source = docOf([paragraph(['Bo: ', { text: 'synlig', highlight: ['h-bo'] }])]);
		const r = redactNoteDoc(source, new Map([['h-other', 'finnes ikke her']]), L);
		expect(r.changed).toBe(false);
		expect(noteText(r.doc)).toBe('Bo: synlig');
	});

	it('shows only the block for a note whose every participant withdrew', () => {
		expect(noteText(hiddenNoteDoc(L))).toBe(L);
	});
});
