import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatOffset } from '../formatOffset';
import { noteFragment, noteText, seedUpdateFromText } from '../noteDoc';

function element(name: string, children: (Y.XmlElement | Y.XmlText)[]): Y.XmlElement {
	const el = new Y.XmlElement(name);
	el.insert(0, children);
	return el;
}

describe('note text snapshot', () => {
	it('has one line per paragraph, heading and list item, without marks', () => {
		const doc = new Y.Doc();
		const marked = new Y.XmlText();
		noteFragment(doc).insert(0, [
			element('heading', [new Y.XmlText('Ungdomsklubben')]),
			element('paragraph', [marked]),
			element('bulletList', [
				element('listItem', [element('paragraph', [new Y.XmlText('første')])]),
				element('listItem', [element('paragraph', [new Y.XmlText('andre')])])
			]),
			element('paragraph', [new Y.XmlText('før'), new Y.XmlElement('hardBreak'), new Y.XmlText('etter')]),
			element('paragraph', [])
		]);
		marked.insert(0, 'Hun sa ');
		marked.insert(7, 'dette', { highlight: { highlightId: 'h-1' }, bold: {} });
		expect(noteText(doc)).toBe('Ungdomsklubben\nHun sa dette\nførste\nandre\nfør\netter');
	});

	it('seeds paragraphs from plain text, the same bytes on every device', () => {
		const a = seedUpdateFromText('note:s1', 'én\n\nto');
		const b = seedUpdateFromText('note:s1', 'én\n\nto');
		expect(a).toEqual(b);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, a);
		Y.applyUpdate(doc, b);
		expect(noteText(doc)).toBe('én\n\nto');
		expect(noteFragment(doc).length).toBe(3);
	});
});

describe('formatOffset', () => {
	it('reads like a player clock', () => {
		expect(formatOffset(0)).toBe('0:00');
		expect(formatOffset(2_400)).toBe('0:02');
		expect(formatOffset(760_000)).toBe('12:40');
		expect(formatOffset(3_723_000)).toBe('1:02:03');
	});
});
