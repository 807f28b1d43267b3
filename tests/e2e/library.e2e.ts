import { expect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations, formatViolations } from './support/axe';
import { typeAndHighlight } from './pages/review';
import { loadDemo, nav } from './pages/app';

async function pick(select: Locator, label: RegExp): Promise<void> {
	const value = await select.locator('option', { hasText: label }).first().getAttribute('value');
	expect(value).toBeTruthy();
	await select.selectOption(value!);
}

async function openLibrary(page: Page): Promise<void> {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(page.getByTestId('library-count')).toBeVisible();
}

test('library: filter the demo by a region and a life stage, then find an entry by a word with a typo', async ({ page }) => {
	await loadDemo(page);
	await openLibrary(page);
	const list = page.getByTestId('entry-list');
	await expect(list.getByTestId('entry')).toHaveCount(8);
	// The sessions are rows of the same list.
	await expect(list.getByTestId('session-row')).toHaveCount(3);
	await expect(list.getByTestId('session-row').filter({ hasText: 'Observasjon i venterommet hos NAV' })).toContainText('Deltakere: P-003');

	// NAV × young adult: exactly the two entries tagged to both.
	await pick(page.getByTestId('facet-region'), /^NAV \(/);
	await pick(page.getByTestId('facet-lifeStage'), /^Ung voksen/);
	await expect(list.getByTestId('entry')).toHaveCount(2);
	await expect(list.getByTestId('session-row')).toHaveCount(0);
	await expect(list).toContainText('Unge venter i over en time');
	await expect(list).toContainText('Saksbehandleren min byttes');
	await expect(page.getByTestId('library-count')).toContainText('2 bevis');
	// The facet counts follow the other filters.
	await expect(page.getByTestId('facet-kind').locator('option')).toHaveText(['Alle', 'Observasjon (1)', 'Sitat (1)']);

	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	// Sessions are a kind of their own in the kind filter.
	await page.getByRole('button', { name: 'Nullstill filtre' }).click();
	await pick(page.getByTestId('facet-kind'), /^Økt \(3\)/);
	await expect(list.getByTestId('session-row')).toHaveCount(3);
	await expect(list.getByTestId('entry')).toHaveCount(0);

	// Search as you type, typo-tolerant, with the matched word highlighted.
	await page.getByRole('button', { name: 'Nullstill filtre' }).click();
	await page.getByTestId('library-search').fill('saksbehandlern');
	await expect(list.getByTestId('entry')).toHaveCount(1);
	await expect(list.locator('mark')).toHaveText('Saksbehandleren');

	// A participant hit narrows the library to that participant's sessions and evidence.
	await page.getByTestId('library-search').fill('Lyngdal');
	await page.getByTestId('group-participant').getByRole('button', { name: /P-003/ }).click();
	await expect(page.getByTestId('library-search')).toHaveValue('');
	await expect(page.getByTestId('library-count')).toBeFocused();
	await expect(list.getByTestId('entry')).toHaveCount(2);
	await expect(list.getByTestId('session-row')).toHaveCount(1);

	// A code hit narrows it to the evidence with that code.
	await page.getByRole('button', { name: 'Nullstill filtre' }).click();
	await page.getByTestId('library-search').fill('Ensomhet');
	await page.getByTestId('group-code').getByRole('button', { name: /Ensomhet/ }).click();
	await expect(list.getByTestId('entry')).toHaveCount(1);
	await expect(list).toContainText('gaming-fellesskap');

	// Session notes are searched too, grouped apart from the evidence; the hit opens the session.
	await page.getByRole('button', { name: 'Nullstill filtre' }).click();
	await page.getByTestId('library-search').fill('skilting');
	const sessions = page.getByTestId('group-session');
	await expect(sessions).toContainText('Observasjon i venterommet');
	await expect(sessions.locator('mark')).toHaveText('skilting');
	const searching = await seriousViolations(page);
	expect(searching, formatViolations(searching)).toEqual([]);
	await sessions.getByRole('link', { name: /Observasjon i venterommet/ }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/#]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Observasjon i venterommet hos NAV');
});

test('library: tagging a row opens a sheet where the user is; Escape closes it and focus returns', async ({ page }) => {
	await loadDemo(page);
	await openLibrary(page);
	const entry = page.getByTestId('entry').filter({ hasText: 'Jeg sluttet etter jul' });
	const tagButton = entry.getByRole('button', { name: 'Merk' });
	await tagButton.click();
	const sheet = page.getByRole('dialog', { name: /Jeg sluttet etter jul/ });
	await expect(sheet).toBeVisible();
	await expect(sheet.getByRole('heading', { name: /Merk: Jeg sluttet etter jul/ })).toBeVisible();
	await expect(sheet.getByRole('button', { name: 'Lukk' })).toBeFocused();
	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	const bar = page.getByTestId('tag-bar');
	await bar.getByRole('tab', { name: 'Koder' }).click();
	await bar.getByRole('button', { name: 'Ensomhet', exact: true }).click();
	await expect(bar.getByRole('button', { name: 'Ensomhet', exact: true })).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.press('Escape');
	await expect(sheet).toHaveCount(0);
	await expect(tagButton).toBeFocused();
	await expect(entry.locator('.tag', { hasText: 'Ensomhet' })).toBeVisible();

	// The close button closes it too.
	await tagButton.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Lukk' }).click();
	await expect(page.getByRole('dialog')).toHaveCount(0);
	await expect(tagButton).toBeFocused();
});

test('library: a highlight made in a session note is a row of its own and opens its session at the highlight', async ({ page }) => {
	await loadDemo(page);
	await page.getByTestId('session-list').getByRole('link', { name: /Samtale på ungdomsklubben Fyret/ }).click();
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await expect(editor.locator('p').first()).not.toBeEmpty();
	await editor.locator('p').last().click();
	await page.keyboard.press('End');
	await page.keyboard.press('Enter');
	const sentence = 'Bussen går bare to ganger om dagen.';
	const highlightId = await typeAndHighlight(page, sentence);

	await openLibrary(page);
	await pick(page.getByTestId('facet-kind'), /^Markering \(1\)/);
	const row = page.getByTestId('entry-list').getByTestId('entry');
	await expect(row).toHaveCount(1);
	await expect(row).toContainText(sentence);
	await expect(row.getByTestId('highlight-origin')).toHaveText('Markering i Samtale på ungdomsklubben Fyret');
	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	await row.getByRole('link', { name: 'Åpne i økta' }).click();
	await expect(page).toHaveURL(new RegExp(`/sessions/[^/#]+#highlight-${highlightId}$`));
	await expect(page.locator(`[data-revealed="${highlightId}"]`)).toHaveCount(1);
	await expect(page.locator(`mark[data-highlight-id="${highlightId}"]`)).toBeInViewport();
});
