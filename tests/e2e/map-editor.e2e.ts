import { expect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations, formatViolations } from './support/axe';
import { loadDemo, nav } from './pages/app';

// The map editor: recolour a field, nest a new region in it, reorder regions and fields,
// add, rename and reorder a life-stage band – and all of it is still there after a reload.

async function openEditor(page: Page): Promise<Locator> {
	const editor = page.getByTestId('map-editor');
	await editor.locator('summary').click();
	await expect(editor.getByRole('heading', { name: 'Regioner' })).toBeVisible();
	return editor;
}

/** The map's rows (region names, top to bottom) and life-line columns (left to right). */
async function mapRows(page: Page): Promise<string[]> {
	return page.getByTestId('map-grid').locator('[data-testid=map-region]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-depth')}:${el.getAttribute('data-name')}`));
}
async function mapStages(page: Page): Promise<string[]> {
	return page
		.getByTestId('map-grid')
		.locator('[data-testid=map-cell][data-region="Fremmere"]')
		.evaluateAll((els) => els.map((el) => el.getAttribute('data-stage') ?? ''));
}

test('map editor: recolour, nest and reorder regions, add, rename and reorder life stages; all survive a reload', async ({ page }) => {
	await loadDemo(page);
	await nav(page).getByRole('link', { name: 'Kart' }).click();
	const grid = page.getByTestId('map-grid');
	await expect(grid).toBeVisible();
	const editor = await openEditor(page);
	const region = (name: string) => editor.locator(`[data-testid=editor-region][data-name="${name}"]`);

	// Recolour the blue field to a colour of its own: the field and its regions are drawn in it.
	await editor.getByRole('combobox', { name: 'Farge: Levekår og erfaringer' }).selectOption('custom');
	const colour = editor.getByLabel('Egen farge: Levekår og erfaringer');
	await colour.fill('#aa3366');
	await expect(grid.locator('[data-testid=map-region][data-name="Levekår og erfaringer"] rect')).toHaveAttribute('fill', '#aa3366');
	await expect(grid.locator('[data-testid=map-region][data-name="Psykologiske erfaringer"] rect')).toHaveAttribute('fill', '#aa3366');

	// Add a region, name it, and nest it in the blue field: it becomes that field's last region.
	await editor.getByRole('button', { name: 'Legg til region' }).click();
	const added = editor.getByTestId('editor-region').last().getByRole('textbox', { name: 'Navn' });
	await expect(added).toHaveValue('Ny region');
	await added.fill('Fritidsklubber');
	await added.press('Tab');
	await expect(region('Fritidsklubber')).toHaveCount(1);
	await editor.getByRole('combobox', { name: 'Ligger i: Fritidsklubber' }).selectOption({ label: 'Levekår og erfaringer' });
	await expect(grid.locator('[data-testid=map-region][data-name="Fritidsklubber"]')).toHaveAttribute('data-depth', '1');
	await expect(grid.locator('[data-testid=map-region][data-name="Fritidsklubber"] rect')).toHaveAttribute('fill', '#aa3366');
	// A field with regions in it stays a field.
	await expect(editor.getByRole('combobox', { name: 'Ligger i: Levekår og erfaringer' })).toHaveCount(0);

	// Reorder: the new region one up among its siblings, the green field below the red one.
	await editor.getByRole('button', { name: 'Flytt opp: Fritidsklubber' }).click();
	await editor.getByRole('button', { name: 'Flytt ned: Fremmere' }).click();
	const rows = [
		'0:Levekår og erfaringer',
		'1:Psykologiske erfaringer',
		'1:Nærmiljø og samfunn',
		'1:Fritidsklubber',
		'1:Utdanning, arbeid og økonomi',
		'0:Tjenestene og samspillet',
		'1:Skole',
		'1:Helse',
		'1:Barnevern',
		'1:NAV',
		'1:Oppfølgingstjenesten',
		'0:Hemmere',
		'1:Arbeidsmåter og praksis',
		'1:Strukturer',
		'1:Kultur og tankesett',
		'0:Fremmere',
		'1:Arbeidsmåter og praksis',
		'1:Strukturer',
		'1:Kultur og tankesett'
	];
	await expect.poll(() => mapRows(page)).toEqual(rows);

	// Life stages: add a band, rename it, move it before the parents' generation.
	await editor.getByRole('button', { name: 'Legg til livsfase' }).click();
	const band = editor.getByTestId('editor-stage').last();
	await expect(band.getByRole('textbox', { name: 'Navn' })).toHaveValue('Ny livsfase');
	await band.getByRole('textbox', { name: 'Navn' }).fill('Eldre ungdom');
	await band.getByRole('textbox', { name: 'Navn' }).press('Tab');
	await expect(editor.locator('[data-testid=editor-stage][data-name="Eldre ungdom"]')).toHaveCount(1);
	await editor.getByRole('button', { name: 'Flytt opp: Eldre ungdom' }).click();
	const stages = ['Småbarn (0–5)', 'Barneskole (6–12)', 'Ungdomsskole (13–15)', 'Videregående (16–19)', 'Ung voksen (20–24)', 'Voksen (25–30)', 'Eldre ungdom', 'Foreldregenerasjonen (30–100)'];
	await expect.poll(() => mapStages(page)).toEqual(stages);
	// Rename an existing band too.
	const young = editor.locator('[data-testid=editor-stage][data-name="Ung voksen (20–24)"]').getByRole('textbox', { name: 'Navn' });
	await young.fill('Unge voksne (20–24)');
	await young.press('Tab');
	stages[4] = 'Unge voksne (20–24)';
	await expect.poll(() => mapStages(page)).toEqual(stages);

	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	// Everything is in the local database: a reload shows the same map.
	await page.reload();
	await expect(grid).toBeVisible();
	await expect.poll(() => mapRows(page)).toEqual(rows);
	await expect.poll(() => mapStages(page)).toEqual(stages);
	await expect(grid.locator('[data-testid=map-region][data-name="Fritidsklubber"] rect')).toHaveAttribute('fill', '#aa3366');
	const again = await openEditor(page);
	await expect(again.getByLabel('Egen farge: Levekår og erfaringer')).toHaveValue('#aa3366');
	await expect(again.getByRole('combobox', { name: 'Ligger i: Fritidsklubber' })).toHaveValue(/.+/);
});
