import * as Y from 'yjs';
import type { NoteCursor, PresenceEntry } from '$lib/sync/presenceWire';

/**
 * The carets of the others writing in a session's note, for the editor's cursor plugin
 * (`yCursorPlugin` of y-tiptap), which reads an awareness object: states by client id,
 * each with `user` (name, colour) and `cursor` (Yjs relative positions). There is no
 * awareness server here: this tab's caret goes out in its presence report and the others'
 * come back in the presence list (docs/sync-protocol.md, "Presence"), so this is the small
 * part of y-protocols' `Awareness` the plugin uses, fed from presence.
 */
type State = { user?: { name: string; color: string }; cursor?: { anchor: unknown; head: unknown } | null };
type Listener = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;

/** Colours with enough contrast on white for a 2 px caret and a name label in white text. */
const COLOURS = ['#1d4e89', '#9a3412', '#166534', '#6b21a8', '#9f1239', '#0e7490', '#854d0e', '#3f3f46'];

export function colourOf(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return COLOURS[hash % COLOURS.length];
}

/** A stable client id for another tab's caret; never this document's own. */
function clientIdOf(tab: string, own: number): number {
	let hash = 7;
	for (const char of tab) hash = (hash * 33 + char.charCodeAt(0)) >>> 0;
	return hash === own ? hash + 1 : hash;
}

export class NoteAwareness {
	readonly clientID: number;
	private readonly states = new Map<number, State>();
	private readonly listeners = new Set<Listener>();

	/** `onLocalCursor` hears this tab's caret (as JSON, ready for presence), `null` when it leaves the note. */
	constructor(
		readonly doc: Y.Doc,
		private readonly onLocalCursor: (cursor: NoteCursor | null) => void
	) {
		this.clientID = doc.clientID;
		this.states.set(this.clientID, {});
	}

	getStates(): Map<number, State> {
		return this.states;
	}

	getLocalState(): State | null {
		return this.states.get(this.clientID) ?? null;
	}

	setLocalStateField(field: string, value: unknown): void {
		if (field !== 'cursor') return;
		const cursor = value as { anchor: Y.RelativePosition; head: Y.RelativePosition } | null;
		this.states.set(this.clientID, { ...this.getLocalState(), cursor });
		this.onLocalCursor(cursor ? { anchor: toJson(cursor.anchor), head: toJson(cursor.head) } : null);
		this.emit({ added: [], updated: [this.clientID], removed: [] });
	}

	/** The others writing in this note now (from presence): their carets replace the ones shown. */
	showOthers(writers: PresenceEntry[]): void {
		const next = new Map<number, State>();
		for (const writer of writers) {
			if (!writer.cursor) continue;
			next.set(clientIdOf(writer.tab, this.clientID), { user: { name: writer.name, color: colourOf(writer.userId) }, cursor: writer.cursor });
		}
		const added: number[] = [];
		const updated: number[] = [];
		const removed: number[] = [];
		for (const id of this.states.keys()) if (id !== this.clientID && !next.has(id)) removed.push(id);
		for (const [id, state] of next) {
			const before = this.states.get(id);
			if (!before) added.push(id);
			else if (JSON.stringify(before) !== JSON.stringify(state)) updated.push(id);
		}
		if (added.length + updated.length + removed.length === 0) return;
		for (const id of removed) this.states.delete(id);
		for (const [id, state] of next) this.states.set(id, state);
		this.emit({ added, updated, removed });
	}

	on(event: 'change' | 'update', listener: Listener): void {
		if (event === 'change') this.listeners.add(listener);
	}

	off(event: 'change' | 'update', listener: Listener): void {
		if (event === 'change') this.listeners.delete(listener);
	}

	destroy(): void {
		this.listeners.clear();
		this.states.clear();
	}

	private emit(change: { added: number[]; updated: number[]; removed: number[] }): void {
		for (const listener of [...this.listeners]) listener(change, 'local');
	}
}

function toJson(position: Y.RelativePosition): NoteCursor['anchor'] {
	return Y.relativePositionToJSON(position) as NoteCursor['anchor'];
}
