import { expect, test, type Page } from '@playwright/test';
import { createProject, expectOnScreen, expectShellInView, nav } from './pages/app';
import { addParticipant, startSession } from './pages/fieldDay';

// A field day on a tablet, by touch: the shell never scrolls away, tagging never saves
// half-typed text, and capture happens inside the session, next to the finger.

/** Scrolls the content area (the only thing that scrolls) to its end. */
async function scrollContentToEnd(page: Page): Promise<void> {
	await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
}

test('Fangst: after scrolling down to quick capture, tapping a kind chip leaves header and nav on screen', async ({ page }) => {
	await createProject(page, 'Feltdag');
	// Three sessions make the page long, as on a real field day.
	for (const title of ['Morgen på skolen', 'Lunsj i kantina', 'Ettermiddag på klubben']) {
		await page.getByTestId('session-form').getByLabel('Tittel').fill(title);
		await page.getByRole('button', { name: 'Start økten' }).tap();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await nav(page).getByRole('link', { name: 'Fangst' }).tap();
	}
	const quick = page.getByTestId('quick-capture');
	await scrollContentToEnd(page);
	await expect(quick.getByRole('heading', { name: 'Rask registrering' })).toBeInViewport();

	await quick.getByText('Ukjent ukjent', { exact: true }).tap();
	await expect(quick.getByLabel('Hva overrasket oss?')).toBeVisible();
	await expect(quick.getByRole('radio', { name: 'Ukjent ukjent' })).toBeChecked();
	await expectShellInView(page);
	// And by keyboard: arrowing through the radios moves focus, never the document.
	await page.keyboard.press('ArrowRight');
	await expect(quick.getByRole('radio', { name: 'Nøkkeltall' })).toBeChecked();
	await expectShellInView(page);
});

test('tapping a tag for the entry just saved neither saves the half-typed next one nor complains', async ({ page }) => {
	await createProject(page, 'Halvskrevet');
	const quick = page.getByTestId('quick-capture');
	await quick.getByLabel('Hva så eller hørte du?').fill('Ungdommene samles ved kiosken etter skolen.');
	await quick.getByRole('button', { name: 'Lagre bevis' }).tap();
	const entries = page.getByTestId('entry-list').getByTestId('entry');
	await expect(entries).toHaveCount(1);

	// The tag choice opens next to the Save button, on screen, with Ferdig.
	const popover = page.getByTestId('tag-popover');
	await expect(popover).toBeVisible();
	await expectOnScreen(page, popover.getByRole('button', { name: 'Ferdig' }));

	// Half of the next observation, then a tag for the one just saved.
	await quick.getByLabel('Hva så eller hørte du?').fill('Noen av dem');
	const first = popover.locator('[data-tag-kind=region]').first();
	await first.tap();
	await expect(first).toHaveAttribute('aria-pressed', 'true');
	await expect(entries).toHaveCount(1);
	await expect(quick.getByLabel('Hva så eller hørte du?')).toHaveValue('Noen av dem');

	// With the box empty, another tag: no "required" error for a form nobody submitted.
	await quick.getByLabel('Hva så eller hørte du?').fill('');
	const second = popover.locator('[data-tag-kind=region]').nth(1);
	await second.tap();
	await expect(second).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByText('Feltet må fylles ut.')).toHaveCount(0);
	await expect(entries).toHaveCount(1);
	await expect(entries.first().getByRole('listitem')).toHaveCount(2);

	await popover.getByRole('button', { name: 'Ferdig' }).tap();
	await expect(popover).toHaveCount(0);
	await expectShellInView(page);
});

test('in a session: a quick observation shows there with its time; Marker opens the tag popover with Ferdig on screen', async ({ page }) => {
	await createProject(page, 'Økt med fangst');
	const withConsent = await addParticipant(page, 'P-001', true);
	const without = await addParticipant(page, 'P-002', false);
	const quick = page.getByTestId('session-capture').getByTestId('quick-capture');

	// A group session where one participant has no consent recorded: nothing is saved.
	await startSession(page, 'Gruppesamtale', 'Klubben', [withConsent, without]);
	await quick.getByLabel('Hva så eller hørte du?').fill('Alle ser på klokka.');
	await quick.getByRole('button', { name: 'Lagre bevis' }).tap();
	await expect(quick.getByRole('alert')).toHaveText(`Kan ikke lagres: det er ikke registrert samtykke fra ${without}. Registrer samtykket under Deltakere først.`);
	await expect(page.getByTestId('session-captured-item')).toHaveCount(0);

	// With the participant who consented: saved, linked to the session, listed with its time.
	await startSession(page, 'Samtale på biblioteket', 'Biblioteket', [withConsent]);
	await expect(quick).toHaveAttribute('data-session', /.+/);
	await quick.getByLabel('Hva så eller hørte du?').fill('Hun ser på klokka hele tiden.');
	const before = await page.evaluate(() => new Date().toISOString());
	await quick.getByRole('button', { name: 'Lagre bevis' }).tap();
	const item = page.getByTestId('session-captured-item').filter({ hasText: 'Hun ser på klokka hele tiden.' });
	await expect(item).toBeVisible();
	await expect(item).toContainText('Observasjon');
	const stamped = (await item.getByTestId('captured-at').getAttribute('datetime'))!;
	expect(stamped >= before).toBe(true);
	const shown = await page.evaluate(
		(iso) => new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)),
		stamped
	);
	await expect(item.getByTestId('captured-at')).toHaveText(shown);
	await expect(page.getByTestId('tag-popover')).toBeVisible();
	await page.getByTestId('tag-popover').getByRole('button', { name: 'Ferdig' }).tap();
	await expectShellInView(page);

	// Notes, a sentence selected, Marker: the tag popover opens beside it, Ferdig on screen.
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await editor.tap();
	await page.keyboard.type('Vi møttes ved inngangen.');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Jeg liker ikke å være hjemme om kvelden.');
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').tap();
	await page.getByRole('group', { name: 'Lagre markeringen som' }).getByRole('button', { name: 'Sitat' }).tap();
	const mark = editor.locator('mark[data-highlight-id]');
	await expect(mark).toHaveText('Jeg liker ikke å være hjemme om kvelden.');
	const popover = page.getByTestId('tag-popover');
	await expect(popover).toBeVisible();
	const done = popover.getByRole('button', { name: 'Ferdig' });
	await expectOnScreen(page, done);
	// Beside the highlight, not over it.
	const markBox = (await mark.boundingBox())!;
	const popBox = (await popover.boundingBox())!;
	expect(popBox.y >= markBox.y + markBox.height || popBox.y + popBox.height <= markBox.y).toBe(true);
	await expectShellInView(page);

	// Writing goes on with the popover open; a tag is set from it; Ferdig closes it.
	await page.keyboard.press('End');
	await page.keyboard.type(' Sa hun.');
	await expect(editor).toContainText('Sa hun.');
	const region = popover.locator('[data-tag-kind=region]').first();
	await region.tap();
	await expect(region).toHaveAttribute('aria-pressed', 'true');
	await done.tap();
	await expect(popover).toHaveCount(0);
	await expectShellInView(page);
});

test('a session dated ahead of today is saved only on a second press, and the project counts "1 økt" @one-viewport', async ({ page }) => {
	await createProject(page, 'Datoer');
	const form = page.getByTestId('session-form');
	const nextYear = `${new Date().getFullYear() + 1}-05-12`;
	await form.getByLabel('Tittel').fill('Planlagt verksted');
	await form.getByLabel('Dato').fill(nextYear);
	await form.getByRole('button', { name: 'Start økten' }).tap();
	// The first press stops and says which date, and how to keep it.
	await expect(form.getByTestId('future-date-warning')).toHaveText(
		`12. mai ${new Date().getFullYear() + 1} er fram i tid. Rett datoen, eller trykk «Start økten» en gang til hvis den stemmer.`
	);
	await expect(page).toHaveURL(/\/capture$/);
	await form.getByRole('button', { name: 'Start økten' }).tap();
	await expect(page.getByRole('heading', { level: 1, name: 'Planlagt verksted' })).toBeVisible();

	await nav(page).getByRole('link', { name: 'Prosjekter' }).tap();
	await expect(page.getByTestId('project-list')).toContainText('0 bevis · 1 økt');
});
