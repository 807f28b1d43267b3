import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { noteCursorSchema, type NoteCursor, type PresenceEntry } from '$lib/sync/presenceWire';
import { NoteAwareness, colourOf } from './liveCursors';

function noteWith(text: string) {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	const paragraph = new Y.XmlElement('paragraph');
	const words = new Y.XmlText();
	words.insert(0, text);
	paragraph.insert(0, [words]);
	fragment.insert(0, [paragraph]);
	return { doc, words };
}

const writer = (tab: string, cursor: NoteCursor | null): PresenceEntry => ({
	tab,
	userId: 'user-' + tab,
	name: 'Kari ' + tab,
	screen: 'session',
	target: 's1',
	dragging: null,
	presenting: false,
	cursor
});

describe('carets of the others in a note', () => {
	it("sends this tab's caret as Yjs JSON that presence accepts, and that resolves to the same place on another tablet", () => {
		const a = noteWith('Ungdommen ventet på bussen.');
		const sent: (NoteCursor | null)[] = [];
		const awareness = new NoteAwareness(a.doc, (cursor) => sent.push(cursor));
		const at = Y.createRelativePositionFromTypeIndex(a.words, 10);
		awareness.setLocalStateField('cursor', { anchor: at, head: at });
		const cursor = sent[0]!;
		expect(noteCursorSchema.safeParse(JSON.parse(JSON.stringify(cursor))).success).toBe(true);
		expect(JSON.stringify(cursor)).not.toContain('bussen');

		// Tablet B has the same note (synced): the position means the same character there.
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
		const there = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.anchor), b);
		expect(there?.index).toBe(10);
		awareness.setLocalStateField('cursor', null);
		expect(sent.at(-1)).toBeNull();
	});

	it('shows each other writer with a name and a colour, and forgets the ones who left', () => {
		const { doc, words } = noteWith('Notat');
		const awareness = new NoteAwareness(doc, () => {});
		const changes: { added: number[]; updated: number[]; removed: number[] }[] = [];
		awareness.on('change', (change) => changes.push(change));
		const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(words, 2)) as NoteCursor['anchor'];
		awareness.showOthers([writer('t1', { anchor: at, head: at }), writer('t2', null)]);
		const others = [...awareness.getStates()].filter(([id]) => id !== doc.clientID);
		expect(others).toHaveLength(1);
		expect(others[0][1].user).toEqual({ name: 'Kari t1', color: colourOf('user-t1') });
		expect(changes.at(-1)?.added).toHaveLength(1);
		awareness.showOthers([writer('t1', { anchor: at, head: at })]);
		expect(changes).toHaveLength(1); // nothing new: the plugin is not asked to redraw
		awareness.showOthers([]);
		expect(changes.at(-1)?.removed).toHaveLength(1);
		expect([...awareness.getStates().keys()]).toEqual([doc.clientID]);
	});

	it('gives each person the same colour on every tablet', () => {
		expect(colourOf('user-1')).toBe(colourOf('user-1'));
		expect(colourOf('user-1')).toMatch(/^#[0-9a-f]{6}$/);
	});
});
