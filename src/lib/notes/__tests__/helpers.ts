import * as Y from 'yjs';
import { noteFragment } from '../noteDoc';

/** Appends a paragraph with `text` at the end of the note, as the editor would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	noteFragment(doc).push([paragraph]);
}

/** Types `text` into paragraph `index` at `offset`, one character per Yjs transaction (one keystroke each). */
export function typeInto(doc: Y.Doc, index: number, offset: number, text: string): void {
	const paragraph = noteFragment(doc).get(index) as Y.XmlElement;
	const node = paragraph.get(0) as Y.XmlText;
	[...text].forEach((char, i) => doc.transact(() => node.insert(offset + i, char)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` is true, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(10);
	}
}
