import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eraseNoteText } from './eraseNoteText';
import { noteFragment, noteText } from './noteDoc';

const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);

function docWith(parts: { text: string; highlight?: string }[]): Y.Doc {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	noteFragment(doc).insert(0, [paragraph]);
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	let at = 0;
	for (const p of parts) {
		text.insert(at, p.text, p.highlight ? { highlight: { highlightId: p.highlight } } : {});
		at += p.text.length;
	}
	return doc;
}

describe('cutting erased words out of a note', () => {
	it('folds the history into one update without the marked words, even those once deleted and typed again', () => {
		const doc = docWith([{ text: 'Alle: ' }, { text: 'hemmelig setning', highlight: 'h1' }, { text: ' slutt.' }]);
		const first = Y.encodeStateAsUpdate(doc);
		let later: Uint8Array = new Uint8Array();
		doc.on('update', (u: Uint8Array) => (later = u));
		((noteFragment(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Ny: ', {});
		const { update, cut } = eraseNoteText([{ update: first }, { update: later }], new Set(['h1']));
		expect(cut).toBe('hemmelig setning'.length);
		expect(utf8(first)).toContain('hemmelig');
		expect(utf8(update)).not.toContain('hemmelig');
		const result = new Y.Doc();
		Y.applyUpdate(result, update);
		expect(noteText(result)).toBe('Ny: Alle:  slutt.');
		// A tablet that typed offline on the old note still merges onto the cut one.
		const offline = new Y.Doc();
		Y.applyUpdate(offline, first);
		let typed: Uint8Array = new Uint8Array();
		offline.on('update', (u: Uint8Array) => (typed = u));
		((noteFragment(offline).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, 'offline ', {});
		Y.applyUpdate(result, typed);
		expect(noteText(result)).toContain('offline');
		expect(noteText(result)).not.toContain('hemmelig');
	});

	it('finds a quote whose mark was lost by its text, and leaves a note without her words as it was', () => {
		const doc = docWith([{ text: 'Hun sa: jeg vil hjem nå. Ferdig.' }]);
		const update = Y.encodeStateAsUpdate(doc);
		const byText = eraseNoteText([{ update }], new Set(['h9']), ['jeg vil hjem nå']);
		expect(utf8(byText.update)).not.toContain('vil hjem');
		const untouched = eraseNoteText([{ update }], new Set(['h9']));
		expect(untouched.cut).toBe(0);
		const d = new Y.Doc();
		Y.applyUpdate(d, untouched.update);
		expect(noteText(d)).toBe('Hun sa: jeg vil hjem nå. Ferdig.');
	});
});
