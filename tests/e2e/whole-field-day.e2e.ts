import { expect, test, type Locator, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { createProject, expectOnScreen, expectShellInView, nav } from './pages/app';
import { addParticipant, markLine, startSession } from './pages/fieldDay';
import { setUpOwner, shareActiveProject, startTeamServer, syncAndSettle } from './pages/team';

// One whole field day on a tablet, by touch, offline after the first load: a session with
// two participants who consented, three highlights tagged from the popover, observations
// and an unknown unknown captured in the session, an item edited in full, one deleted and
// brought back from the bin, the map counting what was tagged – and, back online, all of it
// synced. After every step the header and the navigation are on screen.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const school = /› Skole$/;
const upperSecondary = /Videregående \(16–19\)$/;

/** Tags what the popover is open for with a region and a life stage, then closes it with Ferdig. */
async function tagFromPopover(page: Page, region: RegExp, stage: RegExp | null): Promise<void> {
	const popover = page.getByTestId('tag-popover');
	await expectOnScreen(page, popover.getByRole('button', { name: 'Ferdig' }));
	// By accessible name: the chip's text is its group and its name, whitespace normalised.
	const regionChip = popover.locator('[data-tag-kind=region]').and(popover.getByRole('button', { name: region }));
	await regionChip.tap();
	await expect(regionChip).toHaveAttribute('aria-pressed', 'true');
	if (stage) {
		await popover.getByRole('tab', { name: /Livsløp/ }).tap();
		const stageChip = popover.locator('[data-tag-kind=lifeStage]').and(popover.getByRole('button', { name: stage }));
		await stageChip.tap();
		await expect(stageChip).toHaveAttribute('aria-pressed', 'true');
	}
	await popover.getByRole('button', { name: 'Ferdig' }).tap();
	await expect(popover).toHaveCount(0);
}

/** Fills the session page's quick capture with a kind and its text (saved by the caller). */
async function fillQuickCapture(quick: Locator, kind: string, text: string): Promise<void> {
	await quick.getByText(kind, { exact: true }).tap();
	await quick.getByLabel('Hva så eller hørte du?').fill(text);
}

async function openLibrary(page: Page): Promise<void> {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).tap();
	await expect(page.getByTestId('library-count')).toBeVisible();
}

test('a whole field day offline on a tablet: session, consent, notes, highlights, captures, detail, bin, map, then sync', async ({ browser }) => {
	test.setTimeout(900_000);
	server = await startTeamServer({ startTimeoutMs: 120_000 });
	const { viewport, hasTouch } = test.info().project.use;
	const context = await browser.newContext({ baseURL: server.url, viewport, hasTouch, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
	const page = await context.newPage();

	// Morning, online: the researcher's account, the day's project shared with the team's server.
	await setUpOwner(page, { name: 'Ingrid Feltforsker', email: 'ingrid@example.org', password: 'lang-nok-passord-1' });
	await createProject(page, 'Feltdag i Fjordvik');
	await shareActiveProject(page);
	await waitForServiceWorkerControl(page);

	// In the field: no network from here on.
	await context.setOffline(true);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-online', 'false');

	// Consent recorded for the two who take part; a third has none recorded yet.
	const p1 = await addParticipant(page, 'P-001', true);
	const p2 = await addParticipant(page, 'P-002', true);
	const p3 = await addParticipant(page, 'P-003', false);
	await expectShellInView(page);

	// A session with the two participants.
	await startSession(page, 'Samtale på fritidsklubben', 'Fritidsklubben', [p1, p2]);
	await expectShellInView(page);

	// Notes, and three highlights tagged from the popover beside them.
	const quotes = [
		'Jeg gidder ikke skolen når ingen merker om jeg er der.',
		'Her på klubben er det noen som spør hvordan det går.'
	];
	for (const line of quotes) {
		await markLine(page, line, 'Sitat');
		await tagFromPopover(page, school, upperSecondary);
		await expectShellInView(page);
	}
	const observed = 'De to blir sittende ved døra hele kvelden.';
	await markLine(page, observed, 'Observasjon');
	await tagFromPopover(page, /› NAV$/, null);
	await expectShellInView(page);

	// Two observations in the session, each with its time; then an unknown unknown with its three answers.
	const quick = page.getByTestId('session-capture').getByTestId('quick-capture');
	const observations = ['Lyset i gangen er slått av klokka ni.', 'Ingen voksne er i rommet i pausen.'];
	for (const text of observations) {
		await fillQuickCapture(quick, 'Observasjon', text);
		await quick.getByRole('button', { name: 'Lagre bevis' }).tap();
		const item = page.getByTestId('session-captured-item').filter({ hasText: text });
		await expect(item).toBeVisible();
		await expect(item.getByTestId('captured-at')).toHaveText(/^\d\d[:.]\d\d$/);
		await tagFromPopover(page, school, null);
		await expectShellInView(page);
	}
	const unknown = 'Ingen vet hvem som følger opp dem som slutter på klubben.';
	const answers = [
		['Hva overrasket oss?', 'Klubben trodde skolen visste det.'],
		['Hvorfor visste vi det ikke?', 'Vi har bare spurt skolen.'],
		['Hva bør vi spørre om neste gang?', 'Hvem får beskjed når noen slutter?']
	] as const;
	await fillQuickCapture(quick, 'Ukjent ukjent', unknown);
	for (const [question, answer] of answers) await quick.getByLabel(question).fill(answer);
	await quick.getByRole('button', { name: 'Lagre bevis' }).tap();
	await expect(page.getByTestId('session-captured-item').filter({ hasText: unknown })).toBeVisible();
	await page.getByTestId('tag-popover').getByRole('button', { name: 'Ferdig' }).tap();
	// Listed in the session: what was captured there (the highlights are in the notes).
	await expect(page.getByTestId('session-captured-item')).toHaveCount(3);
	await expectShellInView(page);

	// The library holds all six; the unknown unknown opens in full with its three answers.
	await openLibrary(page);
	await expect(page.getByTestId('entry')).toHaveCount(6);
	await page.getByTestId('entry').filter({ hasText: unknown }).getByTestId('entry-open').tap();
	const detail = page.getByTestId('evidence-detail');
	for (const [question, answer] of answers) await expect(detail.getByLabel(question)).toHaveValue(answer);
	await expectShellInView(page);

	// Edited in detail: said by P-003, who has no consent, is refused with the reason; by P-001 it is saved.
	await detail.getByLabel('Deltaker').selectOption({ label: p3 });
	await detail.getByRole('button', { name: 'Lagre endringene' }).tap();
	await expect(page.getByTestId('evidence-refusal')).toContainText(p3);
	await detail.getByLabel('Deltaker').selectOption({ label: p1 });
	await detail.getByLabel('Hva bør vi spørre om neste gang?').fill('Hvem får beskjed første kveld noen ikke kommer?');
	await detail.getByRole('button', { name: 'Lagre endringene' }).tap();
	await expect(page.getByText('Endringene er lagret.')).toBeVisible();
	await expect(page.getByTestId('evidence-refusal')).toHaveCount(0);
	await expectShellInView(page);

	// The session's place corrected on its page.
	await openLibrary(page);
	await page.getByTestId('session-row').getByRole('link', { name: 'Samtale på fritidsklubben' }).tap();
	await page.getByTestId('session-edit').tap();
	const sessionForm = page.getByTestId('session-edit-form');
	await sessionForm.getByLabel('Sted').fill('Fritidsklubben Fjordvik, lillesalen');
	await sessionForm.getByRole('button', { name: 'Lagre økten' }).tap();
	await expect(page.getByTestId('session-facts')).toContainText('Fritidsklubben Fjordvik, lillesalen');
	await expectShellInView(page);

	// One observation deleted by mistake, and brought back from the bin.
	await openLibrary(page);
	await page.getByTestId('entry').filter({ hasText: observations[1] }).getByTestId('entry-open').tap();
	await page.getByTestId('evidence-delete').tap();
	await expect(page).toHaveURL(/\/library$/);
	await expect(page.getByTestId('entry')).toHaveCount(5);
	await page.getByTestId('bin-link').tap();
	const binned = page.getByTestId('bin-item').filter({ hasText: observations[1] });
	await expect(binned).toContainText('Observasjon');
	await binned.getByRole('button', { name: 'Gjenopprett' }).tap();
	await expect(page.getByTestId('bin-empty')).toBeVisible();
	await openLibrary(page);
	await expect(page.getByTestId('entry')).toHaveCount(6);
	await expectShellInView(page);

	// The map counts the two quotes in School × Upper secondary; a tap shows them on screen.
	await nav(page).getByRole('link', { name: 'Kart' }).tap();
	const cell = page.locator('[data-testid=map-cell][data-region="Skole"][data-stage="Videregående (16–19)"]');
	await expect(cell).toHaveAttribute('data-count', '2');
	await cell.tap();
	const evidence = page.getByTestId('cell-evidence');
	await expect(evidence.getByTestId('entry')).toHaveCount(2);
	await expectOnScreen(page, page.getByTestId('cell-evidence-title'));
	await expect(evidence.getByTestId('entry').first()).toBeInViewport();
	for (const line of quotes) await expect(evidence.getByTestId('entry').filter({ hasText: line })).toHaveCount(1);
	await expectShellInView(page);

	// Still offline: the day's work waits for the server, counted for this shared project by name.
	await nav(page).getByRole('link', { name: 'Innstillinger' }).tap();
	const pending = page.getByTestId('sync-pending');
	await expect(pending).not.toHaveAttribute('data-pending', '0');
	await expect(page.getByTestId('sync-pending-projects').getByRole('listitem')).toHaveText(/^Feltdag i Fjordvik: \d+ endringer venter$/);
	await expect(page.getByTestId('pending-count')).not.toHaveAttribute('data-count', '0');
	await expectShellInView(page);

	// Back online at the end of the day: everything reaches the server.
	await context.setOffline(false);
	await syncAndSettle(page);
	await expect(page.getByTestId('pending-count')).toHaveAttribute('data-count', '0');
	// What the README tells a researcher to check before the next trip.
	await expect(page.getByTestId('pending-count')).toHaveText('Alt lagret på serveren');
	await expect(pending).toHaveAttribute('data-pending', '0');
	await expectShellInView(page);
	await context.close();
});
