import { activeDataKey } from '$lib/crypto/session';
import { openLegacyValue, openValue, sealValue } from '$lib/crypto/rowCipher';
import { fromBase64, toBase64 } from '$lib/crypto/bytes';

/**
 * A synchronous copy, in localStorage, of a note's updates that IndexedDB has not
 * confirmed yet. Why: the last keystroke's write can still be in flight when the page
 * goes away, and IndexedDB cannot be waited for there. WebKit's back/forward cache
 * freezes the page and the app aborts its open transactions (data/pageCache.ts) – a
 * frozen page may later be thrown away without being shown again; iPadOS kills a
 * background tab with no event after `visibilitychange`. localStorage writes at once,
 * inside those events, so the words are kept and merged into the note the next time it
 * opens (a Yjs update applied twice is harmless, so a copy of what did land costs
 * nothing).
 *
 * With a PIN on the device the copy is sealed with the data key, as the rows are
 * (crypto/rowCipher.ts): nothing typed is ever at rest in plain text.
 */

const prefix = 'feltinnsikt.unsavedNote.';

/** v 2: sealed as rows are now (XChaCha20-Poly1305); v 1 sealed copies (AES-GCM) are still read. */
interface Stored {
	v: 1 | 2;
	sealed: boolean;
	data: string;
}

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // Storage disabled (a privacy setting): the journal is a second line, not the first.
	}
}

/** Keeps `update` as the note's unconfirmed words, replacing what was kept before. */
export function keepUnsaved(noteId: string, update: Uint8Array): void {
	const key = activeDataKey();
	const stored: Stored = key ? { v: 2, sealed: true, data: toBase64(sealValue(key, update)) } : { v: 2, sealed: false, data: toBase64(update) };
	try {
		storage()?.setItem(prefix + noteId, JSON.stringify(stored));
	} catch {
		// Full (localStorage holds a few MB): IndexedDB still gets the write when it can.
	}
}

/**
 * The words kept for a note, or null. Kept words this page cannot open (sealed with a
 * key it does not hold) stay where they are for a page that can.
 */
export function readUnsaved(noteId: string): Uint8Array | null {
	const raw = storage()?.getItem(prefix + noteId);
	if (!raw) return null;
	try {
		const stored = JSON.parse(raw) as Stored;
		if ((stored.v !== 1 && stored.v !== 2) || typeof stored.data !== 'string') return null;
		const bytes = fromBase64(stored.data);
		if (!stored.sealed) return bytes;
		const key = activeDataKey();
		if (!key) return null;
		const value = stored.v === 1 ? openLegacyValue(key, bytes) : openValue(key, bytes);
		return value instanceof Uint8Array ? value : null;
	} catch {
		return null;
	}
}

export function clearUnsaved(noteId: string): void {
	storage()?.removeItem(prefix + noteId);
}

/** Every note with kept words (what an erasure must also remove). */
export function unsavedNoteIds(): string[] {
	const store = storage();
	if (!store) return [];
	const ids: string[] = [];
	for (let i = 0; i < store.length; i++) {
		const key = store.key(i);
		if (key?.startsWith(prefix)) ids.push(key.slice(prefix.length));
	}
	return ids;
}
