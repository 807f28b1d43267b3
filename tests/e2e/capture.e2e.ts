import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './support/appServer';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { nav } from './pages/app';

// A researcher in a youth club with no network: in under a minute, a participant with
// consent, an interview, notes, a highlighted sentence tagged to the map, the life line
// and a code, and an unknown unknown – and all of it is still there after a reload.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

test('offline: participant with consent → interview → notes → highlight → tags → unknown unknown → reload keeps it all', async ({ page }) => {
	server = await startAppServer();
	await page.goto(`${server.url}/`);
	await waitForServiceWorkerControl(page);
	await server.stop();
	await page.reload();

	// A project with the default map.
	await page.getByRole('link', { name: 'Opprett prosjekt' }).click();
	await page.getByLabel('Navn på prosjektet').fill('Ungdomsklubben');
	await page.getByRole('button', { name: 'Opprett', exact: true }).click();
	await expect(page).toHaveURL(/\/capture$/);

	// A participant: the pseudonym is generated; a real name gets a warning.
	await page.getByRole('link', { name: 'Deltakere og samtykke' }).click();
	const form = page.getByTestId('participant-form');
	await form.getByLabel('Pseudonym').fill('Kari Nordmann');
	await expect(form.getByTestId('name-warning')).toBeVisible();
	await form.getByLabel('Pseudonym').fill('');
	await form.getByLabel('Alder', { exact: true }).fill('17');
	await expect(form.getByText('Fra alder: Videregående (16–19)')).toBeVisible();
	// Consent starts empty: it is recorded, never assumed.
	await expect(form.getByLabel('Lydopptak')).toHaveCount(0);
	await form.getByLabel('Gitt', { exact: true }).check();
	await form.getByLabel('Notater').check();
	await form.getByLabel('Lydopptak').check();
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	const participant = page.getByTestId('participant').filter({ hasText: 'P-001' });
	await expect(participant).toContainText('Videregående (16–19)');
	await expect(participant).toContainText('Notater, Lydopptak');

	// An interview with that participant.
	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	const session = page.getByTestId('session-form');
	await session.getByLabel('Tittel').fill('Samtale med P-001');
	await session.getByLabel('Sted').fill('Ungdomsklubben');
	await session.getByLabel('P-001').check();
	await session.getByRole('button', { name: 'Start økten' }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
	const sessionPath = new URL(page.url()).pathname;

	// Notes, and a highlighted sentence.
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await editor.click();
	await page.keyboard.type('Vi møttes etter skolen.');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Ingen voksne spurte hvorfor jeg var borte.');
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').click();
	await page.getByRole('group', { name: 'Lagre markeringen som' }).getByRole('button', { name: 'Sitat' }).click();
	await expect(editor.locator('mark[data-highlight-id]')).toHaveText('Ingen voksne spurte hvorfor jeg var borte.');

	// Tag it: a region, a life stage and a new code, with the chip bar.
	const tags = page.getByTestId('tag-bar');
	await tags.getByRole('button', { name: 'Tjenestene og samspillet › Skole' }).click();
	await expect(tags.getByRole('button', { name: 'Tjenestene og samspillet › Skole' })).toHaveAttribute('aria-pressed', 'true');
	await tags.getByRole('tab', { name: 'Livsløp' }).click();
	await tags.getByRole('button', { name: 'Videregående (16–19)' }).click();
	await tags.getByRole('tab', { name: 'Koder' }).click();
	await tags.getByRole('searchbox').fill('Usynlig fravær');
	await tags.getByRole('button', { name: /Ny kode «Usynlig fravær»/ }).click();
	await expect(tags.getByRole('button', { name: 'Usynlig fravær' })).toHaveAttribute('aria-pressed', 'true');

	// An unknown unknown, captured quickly.
	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	const quick = page.getByTestId('quick-capture');
	await quick.getByText('Ukjent ukjent', { exact: true }).click();
	await quick.getByLabel('Hva så eller hørte du?').fill('Fraværet registreres, men ingen følger det opp.');
	await quick.getByLabel('Hva overrasket oss?').fill('At skolen ser fraværet, men ikke handler.');
	await quick.getByLabel('Hvorfor visste vi det ikke?').fill('Vi har bare spurt ungdommene.');
	await quick.getByLabel('Hva bør vi spørre om neste gang?').fill('Hvem eier fraværstallene?');
	await quick.getByRole('button', { name: 'Lagre bevis' }).click();
	await expect(page.getByTestId('entry-list').getByText('Fraværet registreres, men ingen følger det opp.')).toBeVisible();

	// Reload, still offline: everything is there, with its tags.
	await page.reload();
	const quote = page.getByTestId('entry').filter({ hasText: 'Ingen voksne spurte hvorfor jeg var borte.' });
	await expect(quote).toContainText('Sitat');
	for (const tag of ['Skole', 'Videregående (16–19)', 'Usynlig fravær']) await expect(quote.getByRole('listitem').filter({ hasText: tag })).toBeVisible();
	const unknown = page.getByTestId('entry').filter({ hasText: 'Fraværet registreres' });
	await expect(unknown).toContainText('Ukjent ukjent');
	await expect(unknown).toContainText('Hvem eier fraværstallene?');
	await page.goto(`${server.url}${sessionPath}`);
	await expect(page.getByRole('textbox', { name: 'Notater fra økta' }).locator('mark[data-highlight-id]')).toHaveText(
		'Ingen voksne spurte hvorfor jeg var borte.'
	);
	await page.goto(`${server.url}/participants`);
	await expect(page.getByTestId('participant').filter({ hasText: 'P-001' })).toBeVisible();
});

test('withdrawing consent hides the participant and their evidence until it is restored', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await expect(page).toHaveURL(/\/capture$/);
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	const quote = page.getByTestId('entry').filter({ hasText: 'Det er ingen som spør hvordan det egentlig går.' });
	await expect(quote).toBeVisible();

	await page.goto('/participants');
	page.once('dialog', (d) => d.accept());
	await page.getByTestId('participant').filter({ hasText: 'P-001' }).getByRole('button', { name: 'Trekk tilbake samtykke' }).click();
	await expect(page.getByTestId('participant-withdrawn').filter({ hasText: 'P-001' })).toBeVisible();

	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(page.getByTestId('entry').first()).toBeVisible();
	await expect(quote).toHaveCount(0);

	await page.goto('/participants');
	await page.getByTestId('participant-withdrawn').filter({ hasText: 'P-001' }).getByRole('button', { name: 'Gjenopprett samtykke' }).click();
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(quote).toBeVisible();
});

test('codebook: merge two codes moves their tags, and undo restores them', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await expect(page).toHaveURL(/\/capture$/);
	await page.goto('/codebook');
	const code = (name: string) => page.locator(`[data-testid=code][data-name="${name}"]`);
	const ensomhet = code('Ensomhet');
	await ensomhet.getByLabel('Slå sammen med …').selectOption({ label: 'Tillit' });
	page.once('dialog', (d) => d.accept());
	await ensomhet.getByRole('button', { name: 'Slå sammen', exact: true }).click();
	await expect(ensomhet).toHaveCount(0);
	await expect(code('Tillit')).toContainText('brukt 4×');
	await page.getByRole('button', { name: 'Angre' }).click();
	await expect(ensomhet).toContainText('brukt 1×');
	await expect(code('Tillit')).toContainText('brukt 3×');
});
