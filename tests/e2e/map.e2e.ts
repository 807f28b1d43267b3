import { expect, test } from '@playwright/test';
import { seriousViolations, formatViolations } from './support/axe';
import { loadDemo, nav } from './pages/app';

test('map: tap a cell to see its evidence; blind spots list an empty cell until an entry dragged onto its region fills it', async ({ page }) => {
	await loadDemo(page);
	await nav(page).getByRole('link', { name: 'Kart' }).click();
	const grid = page.getByTestId('map-grid');
	await expect(grid).toBeVisible();

	// Tap NAV × young adult: the two entries tagged to both.
	await grid.locator('[data-testid=map-cell][data-region="NAV"][data-stage="Ung voksen (20–24)"]').tap();
	const evidence = page.getByTestId('cell-evidence');
	await expect(evidence.getByTestId('entry')).toHaveCount(2);
	await expect(evidence).toContainText('Saksbehandleren min byttes');

	// Blind spots at threshold 0: Helse × upper secondary has no evidence.
	await page.getByTestId('blind-toggle').check();
	const blindList = page.getByTestId('blind-list');
	const empty = blindList.getByTestId('blind-cell').filter({ hasText: 'Helse × Videregående (16–19): 0' });
	await expect(empty).toHaveCount(1);

	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	// Drag an upper-secondary entry onto the Helse region: tagged, and the cell is no longer blind.
	// The evidence to place is collapsed until opened (in portrait it opens as a sheet over the map).
	await page.getByTestId('drag-source').locator('summary').click();
	const source = page.getByTestId('drag-entry').filter({ hasText: 'Jeg sluttet etter jul' });
	await page.getByTestId('drag-source').evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await source.scrollIntoViewIfNeeded();
	const handle = source.getByTestId('drag-handle');
	const from = (await handle.boundingBox())!;
	const to = (await grid.locator('[data-testid=map-region][data-name="Helse"] text').boundingBox())!;
	await page.mouse.move(from.x + 20, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
	await page.mouse.move(to.x + 10, to.y + to.height / 2, { steps: 5 });
	await page.mouse.up();
	await expect(source.locator('.tag', { hasText: 'Helse' })).toBeVisible();
	await expect(grid.locator('[data-testid=map-cell][data-region="Helse"][data-stage="Videregående (16–19)"]')).toHaveAttribute('data-count', '1');
	await expect(empty).toHaveCount(0);
	await expect(blindList.getByTestId('blind-cell').filter({ hasText: 'Helse × Ung voksen (20–24): 0' })).toHaveCount(1);

	await page.getByTestId('drag-source').locator('summary').click();

	// The map editor: add a region, rename it, and it becomes a row of the map.
	const editor = page.getByTestId('map-editor');
	await editor.locator('summary').click();
	await editor.getByRole('button', { name: 'Legg til region' }).click();
	const added = editor.getByTestId('editor-region').last().getByRole('textbox', { name: 'Navn' });
	await expect(added).toHaveValue('Ny region');
	await added.fill('Fritidsklubber');
	await added.press('Tab');
	await expect(grid.locator('[data-testid=map-region][data-name="Fritidsklubber"]')).toHaveCount(1);
	const after = await seriousViolations(page);
	expect(after, formatViolations(after)).toEqual([]);
});
