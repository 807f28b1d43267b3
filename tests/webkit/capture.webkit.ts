import { expect, test } from 'vitest';
import { atPath, click, fill, get, hasAttribute, hasText, someHasText } from './support/page';
import { stoppedAfterEachTest, waitForServiceWorkerControl } from './support/tablet';
import { Key } from './support/webdriver';

// Capture in WebKit, offline: a project, a session, notes typed into the editor, a
// highlighted sentence saved as a quote and tagged – and all of it still there after a reload.

const started = stoppedAfterEachTest();

const editor = { role: 'textbox', name: 'Notater fra økta' } as const;
const sentence = 'Ingen voksne spurte hvorfor jeg var borte.';

test('offline: project → session → notes → highlight as quote → tags → reload keeps it all', async () => {
	const server = await started.server();
	const tablet = await started.tablet();
	await tablet.goto(`${server.url}/`);
	await waitForServiceWorkerControl(tablet);
	await server.stop();
	await tablet.reload();

	await click(tablet, { role: 'link', name: 'Opprett prosjekt' });
	await fill(tablet, { label: 'Navn på prosjektet' }, 'Ungdomsklubben');
	await click(tablet, { role: 'button', name: 'Opprett' });
	await atPath(tablet, '/capture');
	await hasText(tablet, { testId: 'active-project-name' }, 'Ungdomsklubben');

	await fill(tablet, { within: { testId: 'session-form' }, label: 'Tittel' }, 'Samtale i klubben');
	await click(tablet, { within: { testId: 'session-form' }, role: 'button', name: 'Start økten' });
	const sessionPath = await atPath(tablet, /^\/sessions\/[^/]+$/);

	// Notes: typed key by key into the editor, the way the on-screen keyboard sends them.
	await click(tablet, editor);
	await tablet.typeKeys('Vi møttes etter skolen.');
	await tablet.keys([Key.Enter]);
	await tablet.typeKeys(sentence);
	await hasAttribute(tablet, { testId: 'note-status' }, 'data-status', 'saved');
	await hasText(tablet, editor, 'Vi møttes etter skolen.');

	// Select the last paragraph and save it as a quote.
	await tablet.keys([Key.Home], [Key.Shift]);
	await click(tablet, { testId: 'note-highlight' });
	await click(tablet, { within: { role: 'group', name: 'Lagre markeringen som' }, role: 'button', name: 'Sitat' });
	const mark = await get(tablet, { within: editor, text: sentence });
	expect(await tablet.execute<string>('return arguments[0].closest("mark[data-highlight-id]") ? "mark" : arguments[0].tagName;', mark)).toBe('mark');

	// Tag it: a region of the map and a new code.
	const tags = { testId: 'tag-bar' } as const;
	await click(tablet, { within: tags, role: 'button', name: /Tjenestene og samspillet › Skole$/ });
	await hasAttribute(tablet, { within: tags, role: 'button', name: /Tjenestene og samspillet › Skole$/ }, 'aria-pressed', 'true');
	await click(tablet, { within: tags, role: 'tab', name: 'Koder' });
	await fill(tablet, { within: tags, role: 'searchbox' }, 'Usynlig fravær');
	await click(tablet, { within: tags, role: 'button', name: /Ny kode «Usynlig fravær»/ });
	await hasAttribute(tablet, { within: tags, role: 'button', name: /Usynlig fravær$/ }, 'aria-pressed', 'true');

	// Reload, still offline: the quote with its tags, and the highlight in the notes.
	await tablet.goto(`${server.url}/capture`);
	const quoteText = await someHasText(tablet, { testId: 'entry' }, [sentence, 'Skole', 'Usynlig fravær']);
	expect(quoteText).toContain('Sitat');

	await tablet.goto(`${server.url}${sessionPath}`);
	const markAfter = await get(tablet, { within: editor, text: sentence });
	expect(await tablet.execute<boolean>('return !!arguments[0].closest("mark[data-highlight-id]");', markAfter)).toBe(true);
	await hasText(tablet, editor, 'Vi møttes etter skolen.');
});
