import { expect, test, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { codeEvidence, nav } from './pages/app';
import { openEvidenceAtHighlight, reviewNav, sessionWithHighlight } from './pages/review';
import { backOnlineAndSync, inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer, syncAndSettle } from './pages/team';

// Review as a team, each on a tablet: A (researcher, owner) clusters five pieces of evidence
// and writes an insight from two of them; B (reviewer) comments on it and agrees it. After
// syncing each sees the other's work, and the evidence opens at its highlighted span.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const sentence = 'Ingen voksne spurte hvorfor jeg var borte.';
const demoQuote = 'Det er ingen som spør hvordan det egentlig går.';
const evidence = [
	sentence,
	demoQuote,
	'Unge venter i over en time i venterommet',
	'Jeg sluttet etter jul',
	'Ansatte vet ikke hvem som har ansvaret'
];
const statement = 'Unge slutter å komme når ingen voksne spør etter dem.';

/** Places a card from the unsorted tray with its list (the keyboard way onto the board). */
async function place(page: Page, text: string, target: string) {
	await page.getByLabel('Filtrer usorterte kort').fill(text);
	const card = page.getByTestId('unsorted').getByTestId('board-card');
	await expect(card).toHaveCount(1);
	await card.getByTestId('card-place').selectOption({ label: target });
}

test('a researcher clusters and writes an insight, a reviewer comments and agrees it; after sync each sees the other @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer();
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'gjennomgår', { name: 'Bjørn Gjennomgår', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

	// A: a highlight from a new interview, then a board with the five cards in one cluster.
	const highlight = await sessionWithHighlight(a.page, sentence);
	await nav(a.page).getByRole('link', { name: 'Gjennomgang' }).click();
	await reviewNav(a.page).getByRole('link', { name: 'Tavler' }).click();
	await a.page.getByLabel('Navn på ny tavle').fill('Felles runde');
	await a.page.getByRole('button', { name: 'Lag tavle' }).click();
	await expect(a.page).toHaveURL(/\/review\/boards\/[^/]+$/);
	await place(a.page, evidence[0], 'Ny klynge');
	const cluster = a.page.getByTestId('cluster');
	await expect(cluster).toHaveCount(1);
	await cluster.getByLabel('Navn på klyngen').fill('Ingen spør');
	await cluster.getByLabel('Navn på klyngen').press('Tab');
	await expect(cluster.getByRole('heading', { name: 'Ingen spør' })).toBeAttached();
	for (const text of evidence.slice(1)) await place(a.page, text, 'Ingen spør');
	await a.page.getByLabel('Filtrer usorterte kort').fill('');
	await expect(cluster.getByTestId('board-card')).toHaveCount(5);

	// A: the insight, from the cluster, keeping two of its five cards.
	await cluster.getByRole('link', { name: 'Skriv innsikt fra klyngen' }).click();
	const form = a.page.getByTestId('insight-form');
	await expect(form.getByTestId('insight-chosen')).toHaveText('5 valgt');
	for (const text of evidence.slice(2)) await form.getByLabel(text).uncheck();
	await expect(form.getByTestId('insight-chosen')).toHaveText('2 valgt');
	await form.getByLabel('Innsikten', { exact: true }).fill(statement);
	await form.getByLabel('Sikkerhet').selectOption({ label: 'Middels' });
	await form.getByRole('button', { name: 'Lagre innsikten' }).click();
	await expect(a.page.getByTestId('insight').filter({ hasText: statement }).getByTestId('insight-status')).toHaveText('Utkast');
	await syncAndSettle(a.page);

	// B, the reviewer: sees A's board and insight, may not edit evidence, comments and agrees.
	await syncAndSettle(b.page);
	await b.page.goto('/review');
	await expect(b.page.getByTestId('reviewer-note')).toBeVisible();
	await expect(b.page.getByRole('button', { name: 'Rediger tekst' })).toHaveCount(0);
	// Nor in the library: the evidence is there to read, not to tag or delete.
	await nav(b.page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(b.page.getByTestId('entry').first()).toBeVisible();
	await expect(b.page.getByTestId('entry').getByRole('button', { name: 'Merk' })).toHaveCount(0);
	await expect(b.page.getByTestId('entry').getByRole('button', { name: 'Slett' })).toHaveCount(0);
	await nav(b.page).getByRole('link', { name: 'Gjennomgang' }).click();
	await reviewNav(b.page).getByRole('link', { name: 'Tavler' }).click();
	await b.page.getByRole('link', { name: /Felles runde/ }).click();
	await expect(b.page.getByTestId('cluster').getByTestId('board-card')).toHaveCount(5);
	await reviewNav(b.page).getByRole('link', { name: 'Innsikter' }).click();
	const seenByB = b.page.getByTestId('insight').filter({ hasText: statement });
	await expect(seenByB.getByTestId('insight-evidence')).toHaveCount(2);
	await seenByB.getByRole('button', { name: /Kommentarer \(0\)/ }).click();
	await seenByB.getByRole('button', { name: '@Anna Forsker' }).click();
	await seenByB.getByLabel('Ny kommentar').pressSequentially('sitatet bærer innsikten, enig.');
	await seenByB.getByRole('button', { name: 'Kommenter' }).click();
	await expect(seenByB.getByTestId('comment')).toContainText('@Anna Forsker sitatet bærer innsikten, enig.');
	await seenByB.getByRole('button', { name: 'Merk som enige' }).click();
	await expect(seenByB.getByTestId('insight-status')).toHaveText('Enige');
	await syncAndSettle(b.page);

	// A receives B's comment and agreement.
	await syncAndSettle(a.page);
	await a.page.goto('/review/insights');
	const seenByA = a.page.getByTestId('insight').filter({ hasText: statement });
	await expect(seenByA.getByTestId('insight-status')).toHaveText('Enige');
	await seenByA.getByRole('button', { name: /Kommentarer \(1\)/ }).click();
	await expect(seenByA.getByTestId('comment')).toContainText('@Anna Forsker sitatet bærer innsikten, enig.');
	await expect(seenByA.getByTestId('comment')).toContainText('Bjørn Gjennomgår');
	await expect(seenByA.getByTestId('comment').getByTestId('comment-mentions')).toHaveText('Nevner Anna Forsker');

	// B opens the evidence from the insight: the session, scrolled to the highlighted sentence.
	await b.page.goto('/review/insights');
	await openEvidenceAtHighlight(b.page, b.page.getByTestId('insight').filter({ hasText: statement }), sentence, highlight);

	await a.context.close();
	await b.context.close();
});

test('two researchers code the same highlight offline; the intercoder view shows where they agree and differ @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer();
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });
	await sessionWithHighlight(a.page, sentence);
	await syncAndSettle(a.page);
	await syncAndSettle(b.page);

	// Each codes the highlight on their own, with no network: one code in common.
	await a.context.setOffline(true);
	await b.context.setOffline(true);
	await codeEvidence(a.page, sentence, ['Tillit', 'Mestring']);
	await codeEvidence(b.page, sentence, ['Tillit', 'Overganger']);
	await backOnlineAndSync(a, b);

	for (const who of [a, b]) {
		await who.page.goto('/review/intercoder');
		await who.page.getByLabel('Forsker A').selectOption({ label: 'Anna Forsker' });
		await who.page.getByLabel('Forsker B').selectOption({ label: 'Bjørn Feltarbeider' });
		const rows = who.page.getByTestId('intercoder-table').locator('tbody tr');
		const row = (name: string) => rows.filter({ has: who.page.getByRole('rowheader', { name, exact: true }) }).locator('td');
		// Columns: both, only A, only B, neither, percent, kappa.
		// One highlight coded by both: kappa is undefined where both decided alike, 0 where they differ.
		await expect(row('Tillit')).toHaveText(['1', '0', '0', '0', /^100\s?%$/, 'ikke definert']);
		await expect(row('Mestring')).toHaveText(['0', '1', '0', '0', /^0\s?%$/, /^0([,.]0+)?$/]);
		await expect(row('Overganger')).toHaveText(['0', '0', '1', '0', /^0\s?%$/, /^0([,.]0+)?$/]);
		await expect(who.page.getByTestId('disagreement')).toHaveCount(2);
		await expect(who.page.getByTestId('disagreement').filter({ hasText: 'Mestring: bare satt av Anna Forsker' })).toHaveCount(1);
	}
	await a.context.close();
	await b.context.close();
});
