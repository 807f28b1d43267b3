import { afterEach, expect, test } from 'vitest';
import type { AppServer } from '../e2e/support/appServer';
import { atPath, click, get, hasAttribute, hasText } from './support/page';
import { openTablet, startTestServer } from './support/tablet';
import { Key, type Session } from './support/webdriver';

// Text typed moments before the tab goes away is there when the notes are opened again.
//
// What WebKitGTK's automation allows: its browser keeps storage for the session only (an
// ephemeral profile; there is no option to give it a data folder, so a browser cannot be
// closed and reopened on the same data), and WebKitWebDriver ends the whole session when a
// page's process crashes (so a killed tab takes its storage with it). The closest honest
// test is therefore a tab closed the moment the editor says the last words are saved, and
// the notes opened again in another tab of the same browser. The Chromium suite kills the
// renderer outright.

let server: AppServer | undefined;
let tablet: Session | undefined;
afterEach(async () => {
	await tablet?.close();
	await server?.stop({ signal: 'SIGKILL' });
	tablet = server = undefined;
});

const editor = { role: 'textbox', name: 'Notater fra økta' } as const;

test('text typed just before the tab is closed is in the notes when they are opened again', async () => {
	server = await startTestServer();
	tablet = await openTablet();
	await tablet.goto(`${server.url}/`);
	await click(tablet, { role: 'button', name: 'Last inn demoprosjekt' });
	await atPath(tablet, '/capture');
	await click(tablet, { within: { testId: 'session-list' }, role: 'link' });
	const path = await atPath(tablet, /^\/sessions\/[^/]+$/);
	await hasText(tablet, { testId: 'note-editor' }, '');

	// Another tab of the same browser, where the notes will be opened again.
	const appTab = await tablet.windowHandle();
	const otherTab = await tablet.newWindow();
	await tablet.switchToWindow(appTab);

	// The caret at the end of the note, on a new line; then the last words. The moment the
	// editor reports them saved on the device (every keystroke's update is in IndexedDB; the
	// plain-text copy follows only after a pause in typing), the tab is closed.
	await click(tablet, editor);
	await tablet.keys([Key.End], ['\uE009']); // Ctrl+End: the end of the document.
	await tablet.keys([Key.Enter]);
	const lastWords = 'Siste notat før batteriet gikk.';
	await tablet.typeKeys(lastWords);
	await hasAttribute(tablet, { testId: 'note-status' }, 'data-status', 'saved');
	await tablet.closeWindow();

	await tablet.switchToWindow(otherTab);
	await tablet.goto(`${server.url}${path}`);
	await get(tablet, editor);
	await hasText(tablet, editor, lastWords);
	const paragraphs = await tablet.execute<string[]>(
		"return Array.from(document.querySelectorAll('[data-testid=note-editor] [role=textbox] p')).map((p) => p.textContent);"
	);
	expect(paragraphs.at(-1)).toBe(lastWords);
});
