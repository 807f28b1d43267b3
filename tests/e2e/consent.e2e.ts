import { mkdtempSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
	// A server of its own, started and stopped: a slow machine may need more than the default times.
	test.setTimeout(180_000);
	// A data folder of its own: the project lives on the tablet, and no other server's lock gets in the way.
	server = await startAppServer({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-consent-')) }, startTimeoutMs: 120_000 });
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

const editor = (page: Page) => page.getByRole('textbox', { name: 'Notater fra økta' });

/** Starts a session with one participant (offline, the app served by its service worker). */
async function startSessionWith(page: Page, code: string) {
	await page.goto(`${server!.url}/capture`);
	const session = page.getByTestId('session-form');
	await session.getByLabel('Tittel').fill(`Samtale med ${code}`);
	await session.getByLabel(code).check();
	await session.getByRole('button', { name: 'Start økten' }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
	await expect(editor(page)).toBeVisible();
}

/** Types a sentence as its own paragraph and tries to highlight it as a quote. */
async function quote(page: Page, sentence: string) {
	await editor(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type(sentence);
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').click();
	await page.getByRole('group', { name: 'Lagre markeringen som' }).getByRole('button', { name: 'Sitat' }).click();
}

const marks = (page: Page) => editor(page).locator('mark[data-highlight-id]');

test('a quote for a participant without notes consent is refused with the message; one tap records consent and it goes through', async ({ page }) => {
	await offlineProject(page);
	const form = page.getByTestId('participant-form');
	// Registered, but consent not yet recorded.
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-001')).toContainText('Ikke registrert');

	await startSessionWith(page, 'P-001');
	const banner = page.getByTestId('consent-banner');
	await expect(banner).toContainText('P-001: samtykke er ikke registrert');

	await quote(page, 'Ingen voksne spurte hvorfor jeg var borte.');
	await expect(page.getByTestId('note-notice')).toHaveText('Kan ikke lagres: det er ikke registrert samtykke fra P-001. Registrer samtykket under Deltakere først.');
	await expect(marks(page)).toHaveCount(0);
	const sessionPath = new URL(page.url()).pathname;

	// The banner's button opens P-001's own form: consent to notes, saved.
	await banner.getByRole('link', { name: 'Registrer samtykke for P-001' }).click();
	await expect(page).toHaveURL(/\/participants\?edit=/);
	const edit = participant(page, 'P-001').getByTestId('participant-form');
	await edit.getByLabel('Gitt', { exact: true }).check();
	await edit.getByLabel('Notater').check();
	await edit.getByLabel('Merknad til endringen av samtykke (valgfri)').fill('Skjema levert på klubben');
	await edit.getByRole('button', { name: 'Lagre deltaker' }).click();
	// Saved when the form closes (its own "Gitt" label would match before that).
	await expect(edit).toHaveCount(0);
	await expect(participant(page, 'P-001')).toContainText('Gitt');

	// Back in the session: no banner, and the quote is kept.
	await page.goto(`${server!.url}${sessionPath}`);
	await expect(editor(page)).toBeVisible();
	await expect(page.getByTestId('consent-banner')).toHaveCount(0);
	await quote(page, 'Bussen går bare to ganger om dagen.');
	await expect(page.getByTestId('note-notice')).toHaveText('Markeringen er lagret som bevis.');
	await expect(marks(page)).toHaveText(['Bussen går bare to ganger om dagen.']);

	// The change of consent is in P-001's history: what, and the note.
	await page.goto(`${server!.url}/participants`);
	await participant(page, 'P-001').getByRole('button', { name: 'Rediger' }).click();
	const history = participant(page, 'P-001').getByTestId('consent-history');
	await expect(history.getByTestId('consent-event')).toHaveCount(1);
	await expect(history).toContainText('Gitt');
	await expect(history).toContainText('Notater');
	await expect(history).toContainText('Skjema levert på klubben');
});

test('an under-16 participant without guardian consent blocks capture until the guardian consent is recorded', async ({ page }) => {
	await offlineProject(page);
	const form = page.getByTestId('participant-form');
	await form.getByLabel('Alder', { exact: true }).fill('14');
	await form.getByLabel('Gitt', { exact: true }).check();
	await form.getByLabel('Notater').check();
	await expect(form.getByTestId('guardian-needed')).toContainText('under 16 år');
	await form.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-001').getByTestId('guardian-missing')).toHaveText('Foresattes samtykke mangler');

	await startSessionWith(page, 'P-001');
	const banner = page.getByTestId('consent-banner');
	await expect(banner).toContainText('P-001: under 16 år – foresattes samtykke mangler');
	await quote(page, 'Jeg sa ingenting til mamma.');
	await expect(page.getByTestId('note-notice')).toHaveText('Kan ikke lagres: P-001 er under aldersgrensen, og foresattes samtykke er ikke registrert.');
	await expect(marks(page)).toHaveCount(0);
	const sessionPath = new URL(page.url()).pathname;

	await banner.getByRole('link', { name: 'Registrer samtykke for P-001' }).click();
	const edit = participant(page, 'P-001').getByTestId('participant-form');
	const guardian = edit.getByTestId('guardian-consent');
	await guardian.getByLabel('Foresatte har samtykket').check();
	await guardian.getByLabel('Hvem samtykket (ikke navn)').selectOption({ label: 'Forelder' });
	await edit.getByRole('button', { name: 'Lagre deltaker' }).click();
	await expect(participant(page, 'P-001').getByTestId('guardian-recorded')).toContainText('Foresatte (Forelder)');
	await expect(participant(page, 'P-001').getByTestId('guardian-missing')).toHaveCount(0);

	await page.goto(`${server!.url}${sessionPath}`);
	await expect(editor(page)).toBeVisible();
	await expect(page.getByTestId('consent-banner')).toHaveCount(0);
	await quote(page, 'Det var lettere å si det til treneren.');
	await expect(marks(page)).toHaveText(['Det var lettere å si det til treneren.']);

	// Both changes are in the history, newest first: the guardian's consent, then the participant's own.
	await page.goto(`${server!.url}/participants`);
	await participant(page, 'P-001').getByRole('button', { name: 'Rediger' }).click();
	const events = participant(page, 'P-001').getByTestId('consent-event');
	await expect(events).toHaveCount(2);
	await expect(events.first()).toContainText('Foresatte: Forelder');
	await expect(events.last()).not.toContainText('Foresatte');
});

test("withdrawing consent hides the participant's highlighted sentence from the session page, the library and search; restoring brings it back", async ({ page }) => {
	// Two sessions, a withdrawal and a restore, each checked on three screens: a long walk on a shared machine.
	test.slow();
	await offlineProject(page);
	const form = page.getByTestId('participant-form');
	for (const code of ['P-001', 'P-002']) {
		await form.getByLabel('Gitt', { exact: true }).check();
		await form.getByLabel('Notater').check();
		await form.getByRole('button', { name: 'Lagre deltaker' }).click();
		await expect(participant(page, code)).toContainText('Gitt');
	}
	const alone = 'Ingen spurte meg om noe på to år.';
	const hers = 'Jeg orket ikke skolen den høsten.';
	const his = 'Fotballen på fritida reddet meg.';

	// P-001 alone: her sentence, highlighted.
	await startSessionWith(page, 'P-001');
	// Saved (rows and note) before the page is left: a navigation would cut the writes short.
	const saved = async () => {
		await expect(page.getByTestId('note-notice')).toHaveText('Markeringen er lagret som bevis.');
		await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	};
	await quote(page, alone);
	await saved();
	await expect(marks(page)).toHaveText([alone]);
	const alonePath = new URL(page.url()).pathname;

	// A second talk, begun with P-001 (her sentence highlighted as hers); P-002 joins and speaks after.
	await startSessionWith(page, 'P-001');
	await quote(page, hers);
	await saved();
	await expect(marks(page)).toHaveText([hers]);
	const sharedPath = new URL(page.url()).pathname;
	await page.getByTestId('session-edit').click();
	await page.getByTestId('session-edit-form').getByLabel('P-002').check();
	await page.getByTestId('session-edit-form').getByRole('button', { name: 'Lagre økten' }).click();
	await expect(page.getByTestId('session-edit-form')).toHaveCount(0);
	await editor(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type(his);
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');

	// Withdrawn.
	await page.goto(`${server!.url}/participants`);
	page.once('dialog', (dialog) => void dialog.accept());
	await participant(page, 'P-001').getByRole('button', { name: 'Trekk tilbake samtykke' }).click();
	await expect(page.locator('[data-testid="participant-withdrawn"][data-code="P-001"]')).toBeVisible();

	// The shared note keeps P-002's words; hers are a redacted block, and the note cannot be edited around it.
	await page.goto(`${server!.url}${sharedPath}`);
	await expect(page.getByTestId('note-redacted-notice')).toContainText('P-001');
	await expect(editor(page)).toContainText(his);
	await expect(editor(page).getByTestId('note-redacted')).toHaveText(['[trukket samtykke]']);
	await expect(page.locator('main')).not.toContainText(hers);
	await expect(editor(page)).toHaveAttribute('contenteditable', 'false');
	await expect(page.getByTestId('note-highlight')).toHaveCount(0);

	// The session that was hers alone shows no note at all.
	await page.goto(`${server!.url}${alonePath}`);
	await expect(page.getByTestId('note-hidden')).toBeVisible();
	await expect(editor(page)).toHaveCount(0);
	await expect(page.locator('main')).not.toContainText(alone);

	// Neither the library nor its search has her words; his are found.
	const search = async (text: string) => {
		await page.getByTestId('library-search').fill(text);
		await expect(page.getByTestId('library-count')).toBeVisible();
	};
	await page.goto(`${server!.url}/library`);
	// Both sessions are listed (by title); both highlights were hers, so no evidence is.
	await expect(page.getByTestId('session-row')).toHaveCount(2);
	await expect(page.getByTestId('entry')).toHaveCount(0);
	await expect(page.locator('main')).not.toContainText(hers);
	await expect(page.locator('main')).not.toContainText(alone);
	await search('orket skolen');
	await expect(page.getByTestId('session-hit')).toHaveCount(0);
	await expect(page.getByTestId('entry')).toHaveCount(0);
	await search('spurte');
	await expect(page.getByTestId('session-hit')).toHaveCount(0);
	await expect(page.getByTestId('entry')).toHaveCount(0);
	await search('Fotballen');
	await expect(page.getByTestId('session-hit')).toHaveCount(1);

	// A fresh .qdpx: every file in it, her sentences 0 times, his there.
	const qdpxText = async () => {
		await page.goto(`${server!.url}/export`);
		const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-qdpx').click()]);
		const files = unzipSync(new Uint8Array(readFileSync(await file.path())));
		return Object.values(files).map((bytes) => new TextDecoder().decode(bytes)).join('\n');
	};
	const withdrawn = await qdpxText();
	expect(withdrawn.split(hers).length - 1).toBe(0);
	expect(withdrawn.split(alone).length - 1).toBe(0);
	expect(withdrawn).toContain(his);

	// Restored: everything is back, and the note is written as before.
	await page.goto(`${server!.url}/participants`);
	await page.locator('[data-testid="participant-withdrawn"][data-code="P-001"]').getByRole('button', { name: 'Gjenopprett samtykke' }).click();
	await expect(participant(page, 'P-001')).toContainText('Gitt');
	await page.goto(`${server!.url}/library`);
	await search('orket skolen');
	await expect(page.getByTestId('entry')).toContainText([hers]);
	await search('spurte');
	await expect(page.getByTestId('entry')).toContainText([alone]);
	await page.goto(`${server!.url}${sharedPath}`);
	await expect(editor(page)).toContainText(hers);
	await expect(editor(page)).toContainText(his);
	await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
	await expect(page.getByTestId('note-redacted')).toHaveCount(0);
	await page.goto(`${server!.url}${alonePath}`);
	await expect(marks(page)).toHaveText([alone]);
	const restored = await qdpxText();
	expect(restored).toContain(hers);
	expect(restored).toContain(alone);
});
