import { expect, test, type Locator } from '@playwright/test';
import { seriousViolations, formatViolations } from './support/axe';
import { loadDemo, nav } from './pages/app';

async function pick(select: Locator, label: RegExp): Promise<void> {
	const value = await select.locator('option', { hasText: label }).first().getAttribute('value');
	expect(value).toBeTruthy();
	await select.selectOption(value!);
}

test('library: filter the demo by a region and a life stage, then find an entry by a word with a typo', async ({ page }) => {
	await loadDemo(page);
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	const list = page.getByTestId('entry-list');
	await expect(list.getByTestId('entry')).toHaveCount(8);

	// NAV × young adult: exactly the two entries tagged to both.
	await pick(page.getByTestId('facet-region'), /^NAV \(/);
	await pick(page.getByTestId('facet-lifeStage'), /^Ung voksen/);
	await expect(list.getByTestId('entry')).toHaveCount(2);
	await expect(list).toContainText('Unge venter i over en time');
	await expect(list).toContainText('Saksbehandleren min byttes');
	await expect(page.getByTestId('library-count')).toContainText('2 bevis');
	// The facet counts follow the other filters.
	await expect(page.getByTestId('facet-kind').locator('option')).toHaveText(['Alle', 'Observasjon (1)', 'Sitat (1)']);

	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	// Search as you type, typo-tolerant, with the matched word highlighted.
	await page.getByRole('button', { name: 'Nullstill filtre' }).click();
	await page.getByTestId('library-search').fill('saksbehandlern');
	await expect(list.getByTestId('entry')).toHaveCount(1);
	await expect(list.locator('mark')).toHaveText('Saksbehandleren');

	// Session notes are searched too and grouped apart from the evidence.
	await page.getByTestId('library-search').fill('skilting');
	await expect(page.getByTestId('group-note')).toContainText('Observasjon i venterommet');
});
