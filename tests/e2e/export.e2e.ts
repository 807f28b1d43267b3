import { readFileSync } from 'node:fs';
import { expect, test, type Download } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { loadDemo, nav } from './pages/app';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer } from './pages/team';
import { openSealedBackup } from '../../src/lib/crypto/backupSeal';

const unzipDownload = async (download: Download) => unzipSync(new Uint8Array(readFileSync(await download.path())));

test('export: offline, a sealed backup and a .qdpx are downloaded; a wiped browser restores the backup with its passphrase @one-viewport', async ({ page, context, browser }) => {
	await loadDemo(page);
	// Offline, the export screen's code comes from the service worker's precache.
	await waitForServiceWorkerControl(page);
	const projectName = (await page.getByTestId('active-project-name').textContent())!.trim();
	await nav(page).getByRole('link', { name: 'Innstillinger' }).click();
	await context.setOffline(true);
	await page.getByTestId('export-link').click();
	await expect(page.getByRole('heading', { name: 'Eksport og sikkerhetskopi', level: 1 })).toBeVisible();

	// The backup is sealed unless chosen otherwise: no passphrase, no file.
	await expect(page.getByTestId('backup-sealed')).toBeChecked();
	await page.getByTestId('export-backup').click();
	await expect(page.getByTestId('backup-passphrase-error')).toHaveText('Passordfrasen må ha minst 8 tegn.');
	await page.getByTestId('backup-passphrase').fill('fjord og fyr');
	await page.getByTestId('backup-passphrase-again').fill('fjord og fyt');
	await page.getByTestId('export-backup').click();
	await expect(page.getByTestId('backup-passphrase-error')).toHaveText('De to passordfrasene er ikke like.');
	await page.getByTestId('backup-passphrase-again').fill('fjord og fyr');

	// One zip with every table's rows, made with no network, sealed with the passphrase.
	const [backup] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-backup').click()]);
	expect(backup.suggestedFilename()).toMatch(/^demo-ungt-utenforskap-i-fjordvik-backup-\d{4}-\d\d-\d\d\.feltinnsikt\.sealed$/);
	const sealedBytes = new Uint8Array(readFileSync(await backup.path()));
	const outside = new TextDecoder('latin1').decode(sealedBytes);
	expect(outside.startsWith('FELTINNSIKT-SEALED-BACKUP\n')).toBe(true);
	expect(outside).not.toContain('Ingen ringte');
	expect(outside).not.toContain('backup.json');
	const backupFiles = unzipSync(await openSealedBackup(sealedBytes, 'fjord og fyr'));
	const manifest = JSON.parse(strFromU8(backupFiles['backup.json'])) as { format: string; projectName: string; rows: Record<string, unknown[]> };
	expect(manifest.format).toBe('feltinnsikt-backup');
	expect(manifest.projectName).toBe(projectName);
	expect(manifest.rows.entries.length).toBeGreaterThan(5);
	await expect(page.getByTestId('export-message')).toContainText('Lastet ned');

	// The REFI-QDA project: project.qde and a text file per source.
	const [qdpx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-qdpx').click()]);
	expect(qdpx.suggestedFilename()).toBe('demo-ungt-utenforskap-i-fjordvik.qdpx');
	const qdpxFiles = await unzipDownload(qdpx);
	const qde = strFromU8(qdpxFiles['project.qde']);
	expect(qde).toContain('<Project xmlns="urn:QDA-XML:project:1.0"');
	expect(qde).toContain('name="GIGA-kart" isCodable="false"');
	const texts = Object.keys(qdpxFiles).filter((f) => f.startsWith('sources/') && f.endsWith('.txt'));
	expect(texts.length).toBeGreaterThan(0);
	expect(texts.map((f) => strFromU8(qdpxFiles[f])).join('\n')).toContain('Det er ingen som spør hvordan det egentlig går.');

	// A wiped tablet: a new browser context has an empty IndexedDB.
	const fresh = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'nb-NO' });
	const tablet = await fresh.newPage();
	await tablet.goto('/export');
	await expect(tablet.getByTestId('export-qdpx')).toHaveCount(0);
	await tablet.getByTestId('restore-file').setInputFiles(await backup.path());
	await tablet.getByTestId('restore-passphrase').fill('fjord og fyr?');
	await tablet.getByTestId('restore-open').click();
	await expect(tablet.getByTestId('restore-error')).toContainText('Passordfrasen åpner ikke denne sikkerhetskopien');
	await tablet.getByTestId('restore-passphrase').fill('fjord og fyr');
	await tablet.getByTestId('restore-open').click();
	await expect(tablet.getByTestId('restore-message')).toContainText(`Gjenopprettet «${projectName}»`);
	await expect(tablet.getByTestId('restore-sealed')).toHaveCount(0);
	await tablet.getByRole('link', { name: 'Åpne prosjektet' }).click();
	await expect(tablet.getByTestId('active-project-name')).toHaveText(projectName);
	await tablet.goto('/library');
	await expect(tablet.getByText('Jeg sluttet etter jul. Ingen ringte.').first()).toBeVisible();
	await fresh.close();
});

test('export: "Norsk Excel" CSV opens in columns, and the printed report’s map fits an A4 page @one-viewport', async ({ page, browser }) => {
	await loadDemo(page);
	await page.goto('/export');
	await expect(page.getByRole('heading', { name: 'Eksport og sikkerhetskopi', level: 1 })).toBeVisible();

	// Norwegian Excel: a BOM, then `;` between cells (a comma is the decimal mark there).
	await page.getByTestId('csv-format').selectOption('norwegian');
	const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
	const text = readFileSync(await csv.path(), 'utf8');
	expect(text.startsWith('\ufeffid;kind;text;session;')).toBe(true);

	// The HTML report, laid out as printed: 180 mm inside A4's margins is 680 CSS px.
	const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
	const report = await browser.newPage({ viewport: { width: 680, height: 1000 } });
	await report.setContent(readFileSync(await html.path(), 'utf8'));
	await report.emulateMedia({ media: 'print' });
	const widths = await report.evaluate(() => ({
		table: document.querySelector('table.map')!.getBoundingClientRect().width,
		page: document.documentElement.scrollWidth
	}));
	test.info().annotations.push({ type: 'printed map width', description: `${widths.table} px of 680` });
	expect(widths.table).toBeLessThanOrEqual(680);
	expect(widths.page).toBeLessThanOrEqual(680);
	await report.close();
});

test('from the server: a researcher downloads the shared project as a backup and a .qdpx, a reviewer gets no backup @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	const server = await startTeamServer();
	try {
		const a = await openTablet(browser, server);
		const b = await openTablet(browser, server);
		await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
		await inviteAndJoin(a.page, b.page, 'gjennomgår', { name: 'Bjørn Gjennomgår', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

		await a.page.goto('/export');
		const fromServer = a.page.getByTestId('server-exports');
		const [backup] = await Promise.all([a.page.waitForEvent('download'), fromServer.getByTestId('server-backup').click()]);
		const manifest = JSON.parse(strFromU8((await unzipDownload(backup))['backup.json'])) as { format: string; projectId: string; rows: Record<string, unknown[]> };
		expect(manifest.format).toBe('feltinnsikt-backup');
		expect(manifest.rows.entries.length).toBeGreaterThan(5);
		const [qdpx] = await Promise.all([a.page.waitForEvent('download'), fromServer.getByRole('link', { name: 'REFI-QDA-prosjekt (.qdpx)' }).click()]);
		expect(strFromU8((await unzipDownload(qdpx))['project.qde'])).toContain('Det er ingen som spør hvordan det egentlig går.');

		await b.page.goto('/export');
		await expect(b.page.getByTestId('server-exports').getByRole('link', { name: 'Bevis som CSV' })).toBeVisible();
		await expect(b.page.getByTestId('server-backup')).toHaveCount(0);
		expect((await b.page.request.get(`/api/projects/${manifest.projectId}/backup`)).status()).toBe(403);
		await a.context.close();
		await b.context.close();
	} finally {
		await server.stop({ signal: 'SIGKILL' });
	}
});
