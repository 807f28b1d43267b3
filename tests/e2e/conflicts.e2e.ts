import { expect, test, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { nav, quickCapture } from './pages/app';
import { backOnlineAndSync, inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer, syncAndSettle } from './pages/team';

// Conflicts a researcher understands: two researchers correct the same evidence offline,
// and each is told – in the field's words, with both versions in full, who and when – and
// resolves it; a correction typed offline on evidence a colleague deleted brings it back.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

/** The review queue item of an evidence entry, by id (its text changes in the test). */
async function queueItem(page: Page, entryId: string) {
	await nav(page).getByRole('link', { name: 'Gjennomgang' }).click();
	const item = page.locator(`[data-testid="queue-item"][data-entry="${entryId}"]`);
	await expect(item).toBeVisible();
	return item;
}

async function entryIdOf(page: Page, text: string): Promise<string> {
	await nav(page).getByRole('link', { name: 'Gjennomgang' }).click();
	const item = page.getByTestId('queue-item').filter({ hasText: text });
	await expect(item).toHaveCount(1);
	return (await item.getAttribute('data-entry'))!;
}

async function editText(page: Page, entryId: string, text: string) {
	const item = await queueItem(page, entryId);
	await item.getByRole('button', { name: 'Rediger tekst' }).click();
	await item.getByLabel('Tekst i beviset').fill(text);
	await item.getByRole('button', { name: 'Lagre' }).click();
	await expect(item).toContainText(text);
}

/** From the header's badge to the conflict list. */
async function openConflicts(page: Page, count: number) {
	await page.goto('/capture');
	const badge = page.getByTestId('conflict-count');
	await expect(badge).toHaveText(count === 1 ? '1 konflikt' : `${count} konflikter`);
	await badge.click();
	await expect(page).toHaveURL(/\/settings#conflicts$/);
	return page.getByTestId('conflict-list');
}

const original = 'Bussen til skolen kom ikke i dag heller';
const annaText = 'Bussen til skolen kom ikke i dag heller, sa hun, og lo litt.';
// Long enough to be folded at first: the whole text must still be there, never cut.
const bjornText = `Bussen til skolen kom ikke i dag heller. ${'Hun fortalte at hun har ventet ved holdeplassen hver morgen denne uka, og at ingen voksne har spurt hvorfor hun kommer for sent. '.repeat(3)}Slutt på sitatet.`;

test('both edit the same evidence text offline: both see the conflict with both versions; one keeps theirs, the other dismisses @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer();
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });
	await nav(a.page).getByRole('link', { name: 'Fangst' }).click();
	await quickCapture(a.page, 'Sitat', original);
	const entryId = await entryIdOf(a.page, original);
	await syncAndSettle(a.page);
	await syncAndSettle(b.page);

	// Offline, B corrects first, then A: A's correction is the newer one and stands.
	await a.context.setOffline(true);
	await b.context.setOffline(true);
	await editText(b.page, entryId, bjornText);
	await editText(a.page, entryId, annaText);
	await backOnlineAndSync(a, b);

	// B, whose text lost, is told: in the field's words, with both versions, who and when.
	const onB = (await openConflicts(b.page, 1)).getByTestId('conflict');
	await expect(onB).toHaveCount(1);
	await expect(onB).toHaveAttribute('data-kind', 'mineLost');
	await expect(onB.getByRole('heading', { level: 4 })).toHaveText('Tekst på bevis «Bussen til skolen kom ikke i dag heller, sa hun, …»');
	await expect(onB.getByTestId('conflict-current')).toContainText(annaText);
	await expect(onB.getByTestId('conflict-current')).toContainText(/skrevet av Anna Forsker, \d/);
	await expect(onB.getByTestId('conflict-lost')).toContainText(/skrevet av deg, \d/);
	await expect(onB.getByTestId('conflict-lost')).toContainText(bjornText);
	await onB.getByTestId('conflict-lost').getByRole('button', { name: 'Vis hele teksten' }).click();
	await expect(onB.getByTestId('conflict-lost').getByRole('button', { name: 'Vis mindre' })).toHaveAttribute('aria-expanded', 'true');

	// A is told that a colleague's older version lost to A's.
	const onA = (await openConflicts(a.page, 1)).getByTestId('conflict');
	await expect(onA).toHaveAttribute('data-kind', 'theirsLost');
	await expect(onA.getByTestId('conflict-current')).toContainText(annaText);
	await expect(onA.getByTestId('conflict-current')).toContainText('skrevet av deg');
	await expect(onA.getByTestId('conflict-lost')).toContainText(bjornText);

	// B keeps B's own: a new edit that syncs and wins; the conflict leaves B's list and badge.
	await onB.getByRole('button', { name: 'Behold min' }).click();
	await expect(b.page.getByTestId('conflicts-none')).toBeVisible();
	await expect(b.page.getByTestId('conflict-count')).toHaveCount(0);
	await syncAndSettle(b.page);
	await syncAndSettle(a.page);
	// A dismisses A's: B's text stands on both tablets.
	await a.page.getByTestId('conflict').getByRole('button', { name: 'Avvis' }).click();
	await expect(a.page.getByTestId('conflicts-none')).toBeVisible();
	await expect(a.page.getByTestId('conflict-count')).toHaveCount(0);
	for (const who of [a, b]) await expect((await queueItem(who.page, entryId)).locator('.text')).toHaveText(bjornText);

	await a.context.close();
	await b.context.close();
});

test('B corrects offline what A deleted: the correction is not lost, the evidence is back on both tablets @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer();
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });
	await nav(a.page).getByRole('link', { name: 'Fangst' }).click();
	await quickCapture(a.page, 'Sitat', original);
	const entryId = await entryIdOf(a.page, original);
	await syncAndSettle(a.page);
	await syncAndSettle(b.page);

	// B goes offline and corrects the evidence; meanwhile A deletes it online.
	await b.context.setOffline(true);
	await nav(a.page).getByRole('link', { name: 'Bibliotek' }).click();
	await a.page.getByTestId('entry').filter({ hasText: original }).getByRole('button', { name: 'Slett' }).click();
	await expect(a.page.getByTestId('entry').filter({ hasText: original })).toHaveCount(0);
	await syncAndSettle(a.page);
	const corrected = 'Bussen til skolen kom ikke i dag heller (rettet i felt uten nett)';
	await editText(b.page, entryId, corrected);
	await backOnlineAndSync(a, b);

	// B's correction brought the evidence back; B is told, with who deleted it.
	const onB = (await openConflicts(b.page, 1)).getByTestId('conflict');
	await expect(onB).toHaveAttribute('data-kind', 'restoredAfterDelete');
	await expect(onB).toContainText('Du endret «Bussen til skolen kom ikke i dag heller (rettet i …» som Anna Forsker hadde slettet – det er tatt tilbake.');
	await expect(onB.getByTestId('conflict-current')).toContainText(corrected);
	await expect(onB.getByRole('button', { name: 'Slett likevel' })).toBeVisible();
	await onB.getByRole('button', { name: 'OK' }).click();
	await expect(b.page.getByTestId('conflicts-none')).toBeVisible();

	for (const who of [a, b]) {
		await nav(who.page).getByRole('link', { name: 'Bibliotek' }).click();
		await expect(who.page.getByTestId('entry').filter({ hasText: corrected })).toHaveCount(1);
	}

	await a.context.close();
	await b.context.close();
});
