import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadDemo, nav } from './pages/app';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { openEvidenceAtHighlight, reviewNav, sessionWithHighlight } from './pages/review';
import { formatViolations, seriousViolations } from './support/axe';

// Team review on one tablet: a highlighted sentence from a session, five cards clustered on
// a board (mouse, touch and keyboard), an insight linked to two of them, a comment that
// mentions a colleague, the insight agreed, and its evidence opened at the highlighted span.

const sentence = 'Ingen voksne spurte hvorfor jeg var borte.';
const demoQuote = 'Det er ingen som spør hvordan det egentlig går.';

async function noSeriousViolations(page: Page, where: string) {
	const violations = await seriousViolations(page);
	expect(violations, `${where}: ${formatViolations(violations)}`).toEqual([]);
}

function card(page: Page, text: string): Locator {
	return page.getByTestId('board-card').filter({ hasText: text });
}

/** Closes the confirmations (with their undo) so none lies over a card about to be dragged. */
async function closeToasts(page: Page) {
	const close = page.getByRole('status').getByRole('button', { name: 'Lukk' });
	while ((await close.count()) > 0) await close.first().click();
}

/** Drags with the mouse: pointer events from a mouse. */
async function mouseDrag(page: Page, from: Locator, to: Locator) {
	await closeToasts(page);
	await from.scrollIntoViewIfNeeded();
	const a = (await from.locator('.text').boundingBox())!;
	await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
	await page.mouse.down();
	await to.scrollIntoViewIfNeeded().catch(() => {});
	const b = (await to.boundingBox())!;
	await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
	await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 60), { steps: 8 });
	await page.mouse.up();
}

/** Drags with a finger: real touch input, which the browser turns into pointer events. */
async function touchDrag(page: Page, from: Locator, to: Locator) {
	await closeToasts(page);
	const client = await page.context().newCDPSession(page);
	const a = (await from.locator('.text').boundingBox())!;
	const b = (await to.boundingBox())!;
	const start = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
	const end = { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 60) };
	await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
	for (let i = 1; i <= 10; i++) {
		const p = { x: start.x + ((end.x - start.x) * i) / 10, y: start.y + ((end.y - start.y) * i) / 10 };
		await client.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
	}
	await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await client.detach();
}

test('a reviewer clusters evidence, writes and agrees an insight, and opens its evidence at the highlight', async ({ page }) => {
	// A whole review session in one go: on a loaded two-core machine it takes over a minute.
	test.setTimeout(180_000);
	await loadDemo(page);
	// Review works with no network: everything below is on the tablet.
	await waitForServiceWorkerControl(page);
	await page.context().setOffline(true);
	const highlight = await sessionWithHighlight(page, sentence);

	// The queue: the new highlight waits for review; mark it, with who and when.
	await nav(page).getByRole('link', { name: 'Gjennomgang' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Gjennomgang' })).toBeVisible();
	const queued = page.getByTestId('queue-item').filter({ hasText: sentence });
	await expect(queued).toBeVisible();
	await noSeriousViolations(page, 'review queue');
	await queued.getByRole('button', { name: 'Gjennomgått' }).click();
	await expect(queued).toHaveCount(0);
	await page.getByRole('button', { name: /^Gjennomgått \(1\)$/ }).click();
	await expect(queued).toContainText('Gjennomgått: meg');

	// A board, and five cards into two clusters.
	await reviewNav(page).getByRole('link', { name: 'Tavler' }).click();
	await page.getByLabel('Navn på ny tavle').fill('Første runde');
	await page.getByRole('button', { name: 'Lag tavle' }).click();
	await expect(page).toHaveURL(/\/review\/boards\/[^/]+$/);
	await expect(page.getByLabel('Navn på tavla')).toHaveValue('Første runde');
	const newZone = page.getByTestId('new-cluster-zone');
	const clusters = page.getByTestId('cluster');
	const filter = page.getByLabel('Filtrer usorterte kort');
	/** Brings a card to the top of the unsorted tray. */
	const unsorted = async (text: string) => {
		await filter.fill(text);
		await expect(page.getByTestId('unsorted').getByTestId('board-card')).toHaveCount(1);
		return page.getByTestId('unsorted').getByTestId('board-card');
	};

	// 1. Mouse: a card onto "new cluster" makes a cluster with it.
	await mouseDrag(page, await unsorted(sentence), newZone);
	await expect(clusters).toHaveCount(1);
	const first = page.locator(`[data-cluster="${await clusters.first().getAttribute('data-cluster')}"]`);
	await expect(first.getByTestId('board-card')).toHaveCount(1);
	await first.getByLabel('Navn på klyngen').fill('Ingen spør');
	await first.getByLabel('Navn på klyngen').press('Tab');
	await expect(first.getByRole('heading', { name: 'Ingen spør' })).toBeAttached();

	// 2. Mouse: the demo quote into that cluster.
	await mouseDrag(page, await unsorted(demoQuote), first);
	await expect(first.getByTestId('board-card')).toHaveCount(2);

	// 3. Touch: a finger drags an observation onto "new cluster".
	const observation = 'Unge venter i over en time i venterommet';
	await touchDrag(page, await unsorted(observation), newZone);
	await expect(clusters).toHaveCount(2);
	const second = page.locator(`[data-cluster="${await clusters.filter({ has: card(page, observation) }).getAttribute('data-cluster')}"]`);
	await expect(second.getByTestId('board-card')).toHaveCount(1);

	// 4. Keyboard: the card's cluster list, without a pointer (the first cluster is first in the list).
	const list = (await unsorted('Jeg sluttet etter jul')).getByLabel('Klynge for kortet');
	await list.focus();
	await page.keyboard.press('ArrowDown');
	await expect(first.getByTestId('board-card')).toHaveCount(3);

	// 5. Touch again, into the second cluster.
	await touchDrag(page, await unsorted('Ansatte vet ikke hvem som har ansvaret'), second);
	await expect(second.getByTestId('board-card')).toHaveCount(2);
	await expect(first.getByTestId('cluster-count')).toHaveText('3');
	await filter.fill('');

	// A card moved to another cluster leaves the first: one cluster per board.
	await mouseDrag(page, card(page, 'Jeg sluttet etter jul'), second);
	await expect(second.getByTestId('board-card')).toHaveCount(3);
	await expect(first.getByTestId('board-card')).toHaveCount(2);
	await expect(card(page, 'Jeg sluttet etter jul')).toHaveCount(1);

	// Dot voting.
	await first.getByRole('button', { name: 'Gi en prikk til Ingen spør' }).click();
	await expect(first.getByTestId('cluster-dots')).toContainText('1 prikker');
	await noSeriousViolations(page, 'affinity board');

	// The clustering is on the device: it survives a reload.
	await page.reload();
	await expect(page.getByTestId('cluster')).toHaveCount(2);
	await expect(first.getByTestId('board-card')).toHaveCount(2);
	await expect(second.getByTestId('board-card')).toHaveCount(3);

	// An insight from the first cluster's two cards.
	await first.getByRole('link', { name: 'Skriv innsikt fra klyngen' }).click();
	await expect(page).toHaveURL(/\/review\/insights\?evidence=/);
	const form = page.getByTestId('insight-form');
	await expect(form.getByTestId('insight-chosen')).toHaveText('2 valgt');
	await form.getByLabel('Innsikten', { exact: true }).fill('Unge slutter å komme når ingen voksne spør etter dem.');
	await form.getByLabel('Sikkerhet').selectOption({ label: 'Høy' });
	await form.getByRole('button', { name: 'Lagre innsikten' }).click();
	const insight = page.getByTestId('insight').filter({ hasText: 'Unge slutter å komme' });
	await expect(insight).toBeVisible();
	await expect(insight.getByTestId('insight-evidence')).toHaveCount(2);
	await expect(insight.getByTestId('insight-status')).toHaveText('Utkast');

	// A comment that mentions a colleague.
	await insight.getByRole('button', { name: /Kommentarer \(0\)/ }).click();
	await insight.getByRole('button', { name: '@Kari Nord' }).click();
	await insight.getByLabel('Ny kommentar').pressSequentially('kan du sjekke sitatet?');
	await insight.getByRole('button', { name: 'Kommenter' }).click();
	const comment = insight.getByTestId('comment');
	await expect(comment).toContainText('@Kari Nord kan du sjekke sitatet?');
	await expect(comment.getByTestId('comment-mentions')).toHaveText('Nevner Kari Nord');

	// Agreed.
	await insight.getByRole('button', { name: 'Merk som enige' }).click();
	await expect(insight.getByTestId('insight-status')).toHaveText('Enige');
	await noSeriousViolations(page, 'insights');

	// An innovation area with the insight, and the presentation of it.
	await reviewNav(page).getByRole('link', { name: 'Innovasjonsområder' }).click();
	const areaForm = page.getByTestId('area-form');
	await areaForm.getByLabel('Navn', { exact: true }).fill('Noen som spør');
	await areaForm.getByLabel('Den systemiske sløyfa').fill('Fravær blir ikke sett, og den unge trekker seg mer unna.');
	await areaForm.getByLabel('Unge slutter å komme når ingen voksne spør etter dem.').check();
	// The loop runs Skole → NAV → Psykologiske erfaringer → back to Skole.
	for (const region of ['Skole', 'NAV', 'Psykologiske erfaringer']) await areaForm.getByLabel(region, { exact: true }).check();
	await areaForm.getByLabel('Hovedprosjekt').check();
	await areaForm.getByRole('button', { name: 'Lagre området' }).click();
	const area = page.getByTestId('area').filter({ hasText: 'Noen som spør' });
	await expect(area).toBeVisible();
	await noSeriousViolations(page, 'innovation areas');

	// Its regions as a loop on the system map.
	await area.getByRole('link', { name: 'Vis sløyfa på kartet' }).click();
	await expect(page).toHaveURL(/\/map\?area=/);
	const loop = page.getByTestId('area-loop');
	await expect(loop).toHaveAttribute('data-stops', '3');
	await expect(loop.getByTestId('area-loop-leg')).toHaveCount(3);
	await expect(page.getByTestId('map-area-caption')).toHaveText('Sløyfa i «Noen som spør»: Skole → NAV → Psykologiske erfaringer → Skole');
	await page.getByTestId('map-area').selectOption({ label: 'Ingen' });
	await expect(loop).toHaveCount(0);
	await nav(page).getByRole('link', { name: 'Gjennomgang' }).click();

	await reviewNav(page).getByRole('link', { name: 'Presenter' }).click();
	const show = page.getByTestId('presentation');
	await expect(show.getByTestId('slide')).toHaveAttribute('data-kind', 'area');
	await expect(show).toContainText('Noen som spør');
	await noSeriousViolations(page, 'presentation');
	await page.keyboard.press('ArrowRight');
	await expect(show.getByTestId('slide')).toHaveAttribute('data-kind', 'insight');
	const quotes: Record<string, string | null> = {};
	for (let i = 0; i < 2; i++) {
		await show.getByRole('button', { name: 'Neste' }).click();
		await expect(show.getByTestId('slide')).toHaveAttribute('data-kind', 'evidence');
		const text = (await show.locator('blockquote p').textContent()) ?? '';
		const attribution = show.getByTestId('present-attribution');
		quotes[text] = (await attribution.count()) > 0 ? await attribution.textContent() : null;
	}
	// P-001 consented to quotes in reports; the new highlight has no participant.
	expect(quotes).toEqual({ [`«${demoQuote}»`]: '– P-001', [`«${sentence}»`]: null });
	await show.getByRole('link', { name: 'Avslutt' }).click();

	// From the insight, one tap opens the evidence in its session at the highlighted span.
	await reviewNav(page).getByRole('link', { name: 'Innsikter' }).click();
	await openEvidenceAtHighlight(page, insight, sentence, highlight);
});

test('intercoder view and the remaining review screens pass axe', async ({ page }) => {
	await loadDemo(page);
	await page.goto('/review/intercoder');
	await expect(page.getByRole('heading', { name: 'Samsvar mellom kodere' })).toBeVisible();
	await expect(page.getByTestId('intercoder-none')).toBeVisible();
	await noSeriousViolations(page, 'intercoder');
	await page.goto('/review/boards');
	await expect(page.getByText('Ingen tavler ennå')).toBeVisible();
	await noSeriousViolations(page, 'boards');
	await page.goto('/present');
	await expect(page.getByTestId('present-empty')).toBeVisible();
	await noSeriousViolations(page, 'empty presentation');
});
