import { expect, test, type Page } from '@playwright/test';
import { loadDemo } from './pages/app';
import { formatViolations, seriousViolations } from './support/axe';

// The session notes editor: typing is kept on the device, a highlighted sentence becomes
// evidence, and text typed moments before the tablet dies is there when it comes back.

const sentence = 'Bussen går bare to ganger om dagen.';

/** Loads the demo project and opens its first session; resolves with the session's path. */
async function openDemoSession(page: Page): Promise<string> {
	await loadDemo(page);
	await page.getByTestId('session-list').getByRole('link').first().click();
	await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
	await expect(editor(page)).toBeVisible();
	// The demo session's note was written as plain text; the editor shows it as paragraphs.
	await expect(editor(page).locator('p').first()).not.toBeEmpty();
	return new URL(page.url()).pathname;
}

function editor(page: Page) {
	return page.getByRole('textbox', { name: 'Notater fra økta' });
}

/** Puts the caret at the end of the note, on a new line. */
async function newLineAtEnd(page: Page): Promise<void> {
	await editor(page).locator('p').last().click();
	await page.keyboard.press('End');
	await page.keyboard.press('Enter');
}

async function saved(page: Page): Promise<void> {
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	await expect(page.getByTestId('note-status')).toContainText('Lagret på enheten');
}

/** Reads one row from the app's IndexedDB, the way the app stored it. */
async function readRow(page: Page, table: string, id: string): Promise<Record<string, unknown> | undefined> {
	return page.evaluate(
		([table, id]) =>
			new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
				const open = indexedDB.open('feltinnsikt');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction(table).objectStore(table).get(id);
					get.onsuccess = () => {
						resolve(get.result as Record<string, unknown> | undefined);
						open.result.close();
					};
					get.onerror = () => reject(get.error);
				};
			}),
		[table, id] as const
	);
}

test('typing, a highlighted sentence becomes an entry, and both survive a reload', async ({ page }) => {
	const path = await openDemoSession(page);

	await newLineAtEnd(page);
	await page.keyboard.type('Hun tar bussen til skolen.');
	await page.keyboard.press('Enter');
	await page.keyboard.type(sentence);
	await saved(page);

	// Select the sentence (its own paragraph) and highlight it as a quote.
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').click();
	const kinds = page.getByRole('group', { name: 'Lagre markeringen som' });
	await expect(kinds).toBeVisible();
	const violations = await seriousViolations(page, { include: ['[data-testid=note-editor]'] });
	expect(violations, formatViolations(violations)).toEqual([]);
	await kinds.getByRole('button', { name: 'Sitat' }).click();

	const mark = editor(page).locator('mark[data-highlight-id]', { hasText: sentence });
	await expect(mark).toHaveText(sentence);
	const highlightId = (await mark.getAttribute('data-highlight-id'))!;

	// The tag bar opens for the new entry.
	const tagBar = page.getByTestId('tag-bar');
	await expect(tagBar).toBeVisible();
	const entryId = (await tagBar.getAttribute('data-target'))!;
	expect(entryId).toMatch(/^[0-9a-f-]{36}$/);

	const entry = await readRow(page, 'entries', entryId);
	expect(entry).toMatchObject({ kind: 'quote', text: sentence, highlightId, deleted: 0 });
	const highlight = await readRow(page, 'highlights', highlightId);
	expect(highlight).toMatchObject({ entryId, text: sentence, noteId: expect.any(String), deleted: 0 });
	await saved(page);

	// A second highlight over the same words (an observation about the quote) keeps the first.
	await mark.click();
	await page.keyboard.press('End');
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').click();
	await kinds.getByRole('button', { name: 'Observasjon' }).click();
	await expect(tagBar).not.toHaveAttribute('data-target', entryId);
	const secondEntryId = (await tagBar.getAttribute('data-target'))!;
	expect(await readRow(page, 'entries', secondEntryId)).toMatchObject({ kind: 'observation', text: sentence });
	await expect(editor(page).locator('mark[data-highlight-id]')).toHaveCount(2);
	await saved(page);

	await page.reload();
	await expect(page).toHaveURL(new RegExp(`${path}$`));
	await expect(editor(page)).toContainText('Hun tar bussen til skolen.');
	await expect(editor(page).locator('mark[data-highlight-id]')).toHaveCount(2);
	const markAfter = editor(page).locator(`mark[data-highlight-id="${highlightId}"]`);
	await expect(markAfter).toHaveText(sentence);
	await expect(page.getByTestId('tag-bar')).toHaveCount(0);

	// Tapping a highlight opens its entry again (where two overlap, the innermost one).
	await markAfter.click();
	await expect(page.getByTestId('tag-bar')).toBeVisible();
	expect([entryId, secondEntryId]).toContain(await page.getByTestId('tag-bar').getAttribute('data-target'));

	// The plain-text snapshot (search, export) has the new lines too.
	const note = await readRow(page, 'notes', String(highlight?.noteId));
	expect(String(note?.text)).toContain(sentence);
});

test('text typed 400 ms before the tablet dies is there when it is opened again', async ({ page, context }) => {
	const path = await openDemoSession(page);
	await newLineAtEnd(page);

	// How long a keystroke takes to reach IndexedDB, measured in the page: from the keydown to
	// the moment a reader sees the note's update log grow.
	await page.evaluate(() => {
		const w = window as unknown as { durableMs: number[] };
		w.durableMs = [];
		let keyAt: number | null = null;
		document.addEventListener('keydown', (event) => (keyAt = event.timeStamp), true);
		const open = indexedDB.open('feltinnsikt');
		open.onsuccess = () => {
			let last = -1;
			const poll = () => {
				const count = open.result.transaction('noteUpdates').objectStore('noteUpdates').count();
				count.onsuccess = () => {
					if (last >= 0 && count.result > last && keyAt !== null) {
						w.durableMs.push(Math.round(performance.now() - keyAt));
						keyAt = null;
					}
					last = count.result;
					setTimeout(poll, 2);
				};
			};
			poll();
		};
	});
	await page.waitForTimeout(100);
	for (const char of 'Sist') {
		await page.keyboard.type(char);
		await page.waitForTimeout(400);
	}
	const samples = await page.evaluate(() => (window as unknown as { durableMs: number[] }).durableMs);
	test.info().annotations.push({ type: 'keystroke-to-indexeddb-ms', description: samples.join(',') });
	expect(samples).toHaveLength(4);

	const lastWords = 'e notat før strømmen gikk.';
	await page.keyboard.type(lastWords);
	await page.waitForTimeout(400);

	// Kill the renderer: no pagehide, no unload, no chance to flush.
	const cdp = await context.newCDPSession(page);
	const crashed = page.waitForEvent('crash');
	void cdp.send('Page.crash').catch(() => undefined);
	await crashed;
	await page.close({ runBeforeUnload: false }).catch(() => undefined);

	const reopened = await context.newPage();
	await reopened.goto(path);
	await expect(editor(reopened)).toContainText(`Sist${lastWords}`);
});

test('a paragraph stamped while recording shows its time, and tapping it asks the player to play from there', async ({ page }) => {
	const path = await openDemoSession(page);
	await newLineAtEnd(page);

	await page.keyboard.type('Hun ler og sier at ingen spør.');
	// Stamp the paragraph as the recording clock does while the session records (the recorder
	// itself is the media panel's; its own tests drive it).
	await editor(page).evaluate((element) => {
		const tiptap = (element as HTMLElement & { editor: { commands: Record<string, (...args: unknown[]) => boolean> } }).editor;
		tiptap.commands.updateAttributes('paragraph', { recordingOffsetMs: 62_000, recordingAttachmentId: 'audio-1' });
	});
	const badge = editor(page).getByRole('button', { name: 'Spill av opptaket fra 1:02' });
	await expect(badge).toHaveText('1:02');
	await saved(page);

	await page.reload();
	await expect(page).toHaveURL(new RegExp(`${path}$`));
	await expect(editor(page).locator('p[data-offset-ms="62000"][data-attachment-id="audio-1"]')).toContainText(
		'Hun ler og sier at ingen spør.'
	);
	const heard = page.evaluate(
		() =>
			new Promise<unknown>((resolve) =>
				window.addEventListener('feltinnsikt:play-at', (event) => resolve((event as CustomEvent).detail), { once: true })
			)
	);
	await editor(page).getByRole('button', { name: 'Spill av opptaket fra 1:02' }).click();
	expect(await heard).toEqual({ attachmentId: 'audio-1', offsetMs: 62_000 });
});
