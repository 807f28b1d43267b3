import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { formatViolations, seriousViolations } from './support/axe';

const fixture = fileURLToPath(new URL('../fixtures/refi/qualcoder-shaped.qdpx', import.meta.url));

test('qdpx import: a QualCoder project is previewed, imported as a new project and its sources and codes are in the library', async ({ page }) => {
	await page.goto('/projects/new');
	const panel = page.getByTestId('qdpx-import');
	await expect(panel.getByRole('heading', { name: 'Importer et prosjekt fra et QDA-verktøy' })).toBeVisible();

	// A hostile file first: refused with a sentence, and the preview never shows.
	const traversal = zipSync({ 'project.qde': strToU8('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'), '../../evil.sh': strToU8('rm -rf ~') });
	await panel.getByTestId('qdpx-file').setInputFiles({ name: 'evil.qdpx', mimeType: 'application/zip', buffer: Buffer.from(traversal) });
	await expect(panel.getByTestId('qdpx-error')).toHaveText('Filen er avvist: den inneholder filnavn som peker ut av prosjektet. Ingenting er lagret.');
	await expect(panel.getByTestId('qdpx-preview')).toHaveCount(0);

	// The real thing: what comes along, what does not and why, before anything is saved.
	await panel.getByTestId('qdpx-file').setInputFiles(fixture);
	const preview = panel.getByTestId('qdpx-preview');
	await expect(preview.getByRole('heading', { name: 'Dette blir med fra «Fritid og skole»' })).toBeVisible();
	await expect(preview).toContainText('Laget i QualCoder 3.7');
	await expect(preview.getByText('Tekstkilder (blir skrivebordsøkter med teksten som notat)').locator('xpath=following-sibling::dd[1]')).toHaveText('2');
	await expect(preview.getByText('Koder', { exact: true }).locator('xpath=following-sibling::dd[1]')).toHaveText('5');
	await expect(preview.getByTestId('qdpx-skipped')).toHaveText('klubben.mp4: video og PDF kan ikke importeres');
	await expect(preview.getByTestId('qdpx-real-names')).toBeVisible();
	await expect(preview).toContainText('Kodingene til Kari, Ola blir registrert som dine');
	const violations = await seriousViolations(page);
	expect(violations, formatViolations(violations)).toEqual([]);

	await preview.getByRole('button', { name: 'Importer som nytt prosjekt' }).click();
	await expect(page).toHaveURL(/\/library$/);
	await expect(page.getByTestId('active-project-name')).toHaveText('Fritid og skole');
	const list = page.getByTestId('entry-list');
	await expect(list.getByTestId('session-row').filter({ hasText: 'Intervju 1' })).toBeVisible();
	await expect(list.getByTestId('session-row').filter({ hasText: 'Observasjon klubben' })).toBeVisible();
	const nav = list.getByTestId('entry').filter({ hasText: 'NAV ringte aldri tilbake.' });
	await expect(nav).toContainText('Kontakt med NAV');
	await expect(nav).toContainText('Ingen tilbakemelding');
	await expect(list.getByTestId('entry').filter({ hasText: 'Mange kom etter klokka 18.' })).toContainText('Fritid');
});
