import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { codeEvidence, nav } from './pages/app';
import { backOnlineAndSync, inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer } from './pages/team';

// Two researchers on one project, both offline for a while: both edit the same interview's
// notes and tag the same entry differently; when they come back, each sees both texts and
// both tags.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

async function openSession(page: Page, title: string) {
	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	await page.getByTestId('session-list').getByRole('link', { name: new RegExp(title) }).click();
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await expect(editor).toBeVisible();
	return editor;
}

test('two researchers offline edit the same notes and tag the same entry; after syncing both see both @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	server = await startTeamServer();
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	const contexts: BrowserContext[] = [a.context, b.context];

	// A sets up the fresh server and shares the demo; B joins as a researcher on another tablet.
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

	// Both go offline and edit the same session's notes and the same entry.
	await a.context.setOffline(true);
	await b.context.setOffline(true);
	const quote = 'Saksbehandleren min byttes hele tiden';
	for (const [who, words, codeName] of [
		[a, 'Anna noterte dette uten nett.', 'Mestring'],
		[b, 'Bjørn skrev dette samtidig.', 'Overganger']
	] as const) {
		const editor = await openSession(who.page, 'Observasjon i venterommet hos NAV');
		await editor.locator('p').last().click();
		await who.page.keyboard.press('End');
		await who.page.keyboard.press('Enter');
		await who.page.keyboard.type(words);
		await expect(who.page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
		await codeEvidence(who.page, quote, [codeName]);
	}

	await backOnlineAndSync(a, b);

	for (const who of [a, b]) {
		const editor = await openSession(who.page, 'Observasjon i venterommet hos NAV');
		await expect(editor).toContainText('Anna noterte dette uten nett.');
		await expect(editor).toContainText('Bjørn skrev dette samtidig.');
		await nav(who.page).getByRole('link', { name: 'Bibliotek' }).click();
		const entry = who.page.getByTestId('entry').filter({ hasText: quote });
		for (const tag of ['Mestring', 'Overganger', 'Tillit']) await expect(entry.getByRole('listitem').filter({ hasText: tag })).toBeVisible();
	}
	for (const c of contexts) await c.close();
});
