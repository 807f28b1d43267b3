import { expect, test } from '@playwright/test';
import { generateDemo } from '../../scripts/demo-generator.mjs';
import { nav } from './pages/app';

// A demo of any size: `npm run demo -- --entries N` writes the file, the first screen loads it.

test('a demo project of any size loads from the file `npm run demo` writes; a wrong file loads nothing', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('first-run')).toBeVisible();

	await page.getByTestId('demo-file').setInputFiles({ name: 'feil.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world"}') });
	await expect(page.getByRole('alert')).toHaveText('Filen er ikke en demofil for Feltinnsikt. Ingenting er lastet inn.');
	await expect(page.getByTestId('first-run')).toBeVisible();

	const demo = generateDemo({ entries: 300, seed: 11 });
	await page.getByTestId('demo-file').setInputFiles({ name: 'demo-300.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(demo)) });
	await expect(page).toHaveURL(/\/capture$/, { timeout: 30_000 });
	await expect(page.getByTestId('active-project-name')).toHaveText('Demo: Ungt utenforskap i Fjordvik (300 bevis)');
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(page.getByTestId('library-count')).toContainText('300');
});
