import { expect, type Page } from '@playwright/test';
import { nav } from './app';

// The steps of a field day that many specs take: participants with or without consent,
// a session started from Fangst, notes typed and a span marked as evidence.

/** A participant (the next generated pseudonym) with consent for notes – no age, so no guardian needed – or with none recorded. */
export async function addParticipant(page: Page, code: string, consent: boolean): Promise<string> {
	await page.goto('/participants');
	const form = page.getByTestId('participant-form');
	await expect(form.getByLabel('Pseudonym')).toHaveAttribute('placeholder', code);
	if (consent) {
		await form.getByLabel('Gitt', { exact: true }).check();
		await form.getByLabel('Notater').check();
	}
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(page.getByTestId('participant').filter({ hasText: code })).toBeVisible();
	return code;
}

/** Starts a session from Fangst with these participants; lands on the session page. */
export async function startSession(page: Page, title: string, place: string, participants: string[]): Promise<void> {
	await nav(page).getByRole('link', { name: 'Fangst' }).tap();
	const form = page.getByTestId('session-form');
	await form.getByLabel('Tittel').fill(title);
	await form.getByLabel('Sted').fill(place);
	for (const code of participants) await form.getByLabel(code).check();
	await form.getByRole('button', { name: 'Start økten' }).tap();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** The session's note editor, ready for typing. */
export function noteEditor(page: Page) {
	return page.getByRole('textbox', { name: 'Notater fra økta' });
}

/**
 * Types `line` as a new paragraph at the end of the note, selects it and marks it as
 * `kind` (Sitat or Observasjon); the tag popover opens beside it. Returns the mark.
 */
export async function markLine(page: Page, line: string, kind: 'Sitat' | 'Observasjon') {
	const editor = noteEditor(page);
	await editor.tap();
	await page.keyboard.press('Control+End');
	if ((await editor.innerText()).trim() !== '') await page.keyboard.press('Enter');
	await page.keyboard.type(line);
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').tap();
	await page.getByRole('group', { name: 'Lagre markeringen som' }).getByRole('button', { name: kind }).tap();
	const marked = editor.locator('mark[data-highlight-id]').filter({ hasText: line });
	await expect(marked).toHaveText(line);
	await expect(page.getByTestId('tag-popover')).toBeVisible();
	// By its id: the mark stays the same highlight when its words are edited.
	const id = (await marked.getAttribute('data-highlight-id'))!;
	return editor.locator(`mark[data-highlight-id="${id}"]`);
}
