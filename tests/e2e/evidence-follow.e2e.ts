import { expect, test, type Page } from '@playwright/test';
import { createProject, expectShellInView, nav } from './pages/app';
import { addParticipant, markLine, noteEditor, startSession } from './pages/fieldDay';

// A quote follows its span in the note: words typed inside the highlight reach the quote,
// and deleting the whole span asks what becomes of the evidence. The item's detail view
// moves it to another kind, session or participant – never to one without consent.

async function openLibrary(page: Page): Promise<void> {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).tap();
	await expect(page.getByTestId('library-count')).toBeVisible();
}

async function backToSession(page: Page, title: string): Promise<void> {
	await nav(page).getByRole('link', { name: 'Fangst' }).tap();
	await page.getByTestId('session-list').getByRole('link', { name: new RegExp(title) }).tap();
	await expect(noteEditor(page)).toBeVisible();
}

/** Puts the caret `offset` characters into the note's last paragraph. */
async function caretInLastLine(page: Page, offset: number): Promise<void> {
	await noteEditor(page).tap();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Home');
	for (let i = 0; i < offset; i++) await page.keyboard.press('ArrowRight');
}

const quote = 'Jeg liker ikke å være hjemme om kvelden.';

test('words typed inside a highlight reach its quote; deleting the whole span asks, and the evidence can go to the bin', async ({ page }) => {
	await createProject(page, 'Sitat som følger');
	const p1 = await addParticipant(page, 'P-001', true);
	await startSession(page, 'Samtale etter skolen', 'Biblioteket', [p1]);
	const mark = await markLine(page, quote, 'Sitat');
	await page.getByTestId('tag-popover').getByRole('button', { name: 'Ferdig' }).tap();

	// Inside the mark: the word becomes part of the highlight and of the quote.
	await caretInLastLine(page, 'Jeg liker '.length);
	await page.keyboard.type('egentlig ');
	const edited = 'Jeg liker egentlig ikke å være hjemme om kvelden.';
	await expect(mark).toHaveText(edited);
	// Right after the mark: not part of it.
	await page.keyboard.press('End');
	await page.keyboard.type(' Sa hun.');
	await expect(mark).toHaveText(edited);

	await openLibrary(page);
	await expect(page.getByTestId('entry').filter({ hasText: edited })).toBeVisible();
	await expect(page.getByTestId('entry').filter({ hasText: 'Sa hun.' })).toHaveCount(0);

	// The whole line deleted: the note asks instead of leaving evidence whose words are gone.
	await backToSession(page, 'Samtale etter skolen');
	await noteEditor(page).tap();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Shift+Home');
	await page.keyboard.press('Backspace');
	const ask = page.getByTestId('span-deleted');
	await expect(ask).toBeVisible();
	await expect(ask).toContainText(`Du slettet hele teksten i markeringen «${edited}» (Sitat).`);
	await expectShellInView(page);
	await ask.getByRole('button', { name: 'Slett beviset også' }).tap();
	await expect(ask).toHaveCount(0);
	await expect(page.getByText('Beviset er flyttet til papirkurven.')).toBeVisible();
	await openLibrary(page);
	await expect(page.getByTestId('entry').filter({ hasText: edited })).toHaveCount(0);

	// In the bin, restorable like any deletion.
	await page.goto('/bin');
	await expect(page.getByTestId('bin-item').filter({ hasText: edited })).toContainText('Sitat');
});

test('undo brings a deleted span back and the question goes; kept evidence stays in the library without a span', async ({ page }) => {
	await createProject(page, 'Sitat som beholdes');
	const p1 = await addParticipant(page, 'P-001', true);
	await startSession(page, 'Kveld på klubben', 'Klubben', [p1]);
	await markLine(page, quote, 'Observasjon');
	await page.getByTestId('tag-popover').getByRole('button', { name: 'Ferdig' }).tap();

	const editor = noteEditor(page);
	// Undo groups edits closer than half a second (Y.UndoManager's capture window): the
	// deletion must be a step of its own, or undo would take the highlight back with it.
	await page.waitForTimeout(700);
	await editor.tap();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Shift+Home');
	await page.keyboard.press('Backspace');
	const ask = page.getByTestId('span-deleted');
	await expect(ask).toBeVisible();
	await page.getByRole('toolbar').getByRole('button', { name: 'Angre' }).tap();
	await expect(editor.locator('mark[data-highlight-id]')).toHaveText(quote);
	await expect(ask).toHaveCount(0);

	await editor.tap();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Shift+Home');
	await page.keyboard.press('Backspace');
	await ask.getByRole('button', { name: 'Behold beviset' }).tap();
	await expect(page.getByText('Beviset er beholdt, uten markering i notatet.')).toBeVisible();
	await expect(editor.locator('mark[data-highlight-id]')).toHaveCount(0);

	await openLibrary(page);
	const row = page.getByTestId('entry').filter({ hasText: quote });
	await expect(row).toBeVisible();
	await row.getByTestId('entry-open').tap();
	// No span any more: its session can now be changed like any item's.
	await expect(page.getByTestId('evidence-detail').getByLabel('Økt')).toBeVisible();
	await expect(page.getByTestId('evidence-session-fixed')).toHaveCount(0);
});

test('the detail view changes kind and participant, refuses a participant without consent, and a marked quote keeps its session', async ({ page }) => {
	await createProject(page, 'Flytte bevis');
	const p1 = await addParticipant(page, 'P-001', true);
	const p2 = await addParticipant(page, 'P-002', true);
	const p3 = await addParticipant(page, 'P-003', false);
	await startSession(page, 'Gruppe i kantina', 'Kantina', [p1, p2]);
	await markLine(page, quote, 'Sitat');
	await page.getByTestId('tag-popover').getByRole('button', { name: 'Ferdig' }).tap();

	await openLibrary(page);
	await page.getByTestId('entry').filter({ hasText: quote }).getByTestId('entry-open').tap();
	const detail = page.getByTestId('evidence-detail');
	await expect(page.getByTestId('evidence-session-fixed')).toHaveText('Gruppe i kantina');
	await expect(page.getByTestId('evidence-attachments')).toContainText('Ingen bilder eller opptak');

	// To someone without consent to notes: refused, with the reason, and nothing changed.
	await detail.getByLabel('Deltaker').selectOption({ label: p3 });
	await detail.getByRole('button', { name: 'Lagre endringene' }).tap();
	await expect(page.getByTestId('evidence-refusal')).toHaveText(`Kan ikke lagres: det er ikke registrert samtykke fra ${p3}. Registrer samtykket under Deltakere først.`);
	await page.reload();
	await expect(detail.getByLabel('Deltaker')).toHaveValue('');

	// Observation, said by P-002: saved, and shown so after a reload.
	await detail.getByLabel('Type').selectOption({ label: 'Observasjon' });
	await detail.getByLabel('Deltaker').selectOption({ label: p2 });
	await detail.getByRole('button', { name: 'Lagre endringene' }).tap();
	await expect(page.getByText('Endringene er lagret.')).toBeVisible();
	await page.reload();
	await expect(detail.locator('.kind')).toHaveText('Observasjon');
	await expect(detail.getByLabel('Deltaker')).toHaveValue(/.+/);
	await expect(detail.getByLabel('Deltaker').locator('option:checked')).toHaveText(p2);
	await expectShellInView(page);
});
