import { expect, test, type Page } from '@playwright/test';
import { startAppServer, type AppServer } from './support/appServer';
import { waitForServiceWorkerControl } from './support/serviceWorker';

// Consent is recorded, never assumed: a researcher registering young people one after
// another at a youth club, offline, on a tablet.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

async function offlineProject(page: Page) {
	server = await startAppServer();
	await page.goto(`${server.url}/`);
	await waitForServiceWorkerControl(page);
	await server.stop();
	await page.reload();
	await page.getByRole('link', { name: 'Opprett prosjekt' }).click();
	await page.getByLabel('Navn på prosjektet').fill('Samtykke i felt');
	await page.getByRole('button', { name: 'Opprett', exact: true }).click();
	await expect(page).toHaveURL(/\/capture$/);
	await page.goto(`${server.url}/participants`);
}

const participant = (page: Page, code: string) => page.locator(`[data-testid="participant"][data-code="${code}"]`);

test('a new participant starts with no consent; the next one keeps nothing of the last; unticking on edit sticks; a code is used once', async ({ page }) => {
	await offlineProject(page);
	const form = page.getByTestId('participant-form');

	// The first participant: no consent ticked, no scope offered until consent is recorded.
	await expect(form.getByLabel('Gitt', { exact: true })).not.toBeChecked();
	await expect(form.getByLabel('Notater')).toHaveCount(0);
	await form.getByLabel('Gitt', { exact: true }).check();
	await form.getByLabel('Notater').check();
	await form.getByLabel('Lydopptak').check();
	await form.getByLabel('Sitater i rapporter').check();
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-001')).toContainText('Notater, Lydopptak');

	// The form is blank again: the second person gave consent to notes only.
	await expect(form.getByLabel('Gitt', { exact: true })).not.toBeChecked();
	await form.getByLabel('Gitt', { exact: true }).check();
	await expect(form.getByLabel('Lydopptak')).not.toBeChecked();
	await form.getByLabel('Notater').check();
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-002')).toContainText('Notater');
	await expect(participant(page, 'P-002')).not.toContainText('Lydopptak');

	// A third saved without ticking anything has no consent recorded.
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-003')).toContainText('Ikke registrert');

	// P-002's consent was recorded by mistake: unticking it on edit sticks, after a reload too.
	await participant(page, 'P-002').getByRole('button', { name: 'Rediger' }).click();
	const edit = participant(page, 'P-002').getByTestId('participant-form');
	await edit.getByLabel('Gitt', { exact: true }).uncheck();
	await edit.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-002')).toContainText('Ikke registrert');
	await page.reload();
	await expect(participant(page, 'P-002')).toContainText('Ikke registrert');
	await expect(participant(page, 'P-001')).toContainText('Notater, Lydopptak');

	// A second P-001 is refused with the reason, and nothing is added.
	await form.getByLabel('Pseudonym').fill('p-001');
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(form.getByText('Koden er allerede brukt av en annen deltaker i prosjektet.')).toBeVisible();
	await expect(page.getByTestId('participant')).toHaveCount(3);
});
