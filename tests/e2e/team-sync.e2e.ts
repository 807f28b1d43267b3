import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppServer, type AppServer } from './support/appServer';
import { nav } from './pages/app';

// Two researchers on one project, both offline for a while: both edit the same interview's
// notes and tag the same entry differently; when they come back, each sees both texts and
// both tags.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

async function syncAndSettle(page: Page) {
	await page.goto('/settings#sync');
	await page.getByTestId('sync-now').click();
	await expect(page.getByTestId('sync-phase')).toHaveAttribute('data-phase', 'idle', { timeout: 20_000 });
	await expect(page.getByTestId('sync-panel')).toContainText(/0 endringer venter/);
}

async function openSession(page: Page, title: string) {
	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	await page.getByTestId('session-list').getByRole('link', { name: new RegExp(title) }).click();
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await expect(editor).toBeVisible();
	return editor;
}

async function tagEntry(page: Page, text: string, code: string) {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	const entry = page.getByTestId('entry').filter({ hasText: text });
	await entry.getByRole('button', { name: 'Merk' }).click();
	const bar = page.getByTestId('tag-bar');
	await bar.getByRole('tab', { name: 'Koder' }).click();
	await bar.getByRole('button', { name: code, exact: true }).click();
	await expect(bar.getByRole('button', { name: code, exact: true })).toHaveAttribute('aria-pressed', 'true');
}

test('two researchers offline edit the same notes and tag the same entry; after syncing both see both @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	server = await startAppServer({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-team-')) } });
	const contexts: BrowserContext[] = [];
	const open = async () => {
		const context = await browser.newContext({ baseURL: server!.url, viewport: { width: 820, height: 1180 }, locale: 'nb-NO' });
		contexts.push(context);
		return { context, page: await context.newPage() };
	};
	const a = await open();
	const b = await open();

	// A sets up the fresh server, loads the demo project and shares it.
	await a.page.goto('/settings#account');
	const setup = a.page.getByTestId('setup-form');
	await setup.getByLabel('Navn (vises for teamet)').fill('Anna Forsker');
	await setup.getByLabel('E-post').fill('anna@example.org');
	await setup.getByLabel('Passord').fill('lang-nok-passord-1');
	await setup.getByRole('button', { name: 'Opprett eierkonto' }).click();
	await expect(a.page.getByTestId('signed-in-as')).toContainText('Anna Forsker');
	await a.page.goto('/');
	await a.page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await expect(a.page).toHaveURL(/\/capture$/);
	await a.page.goto('/');
	await a.page.getByTestId('share-project').click();
	await expect(a.page.getByTestId('project-linked')).toBeVisible();
	await syncAndSettle(a.page);

	// A invites B as a researcher; B joins with the code on another tablet.
	await a.page.goto('/');
	await a.page.getByRole('link', { name: 'Team og invitasjoner' }).click();
	await a.page.getByLabel('Rolle').selectOption({ label: 'forsker' });
	await a.page.getByRole('button', { name: 'Lag invitasjon' }).click();
	const code = (await a.page.getByTestId('invite-code').getAttribute('data-code'))!;
	expect(code).toBeTruthy();

	await b.page.goto(`/join/${code}`);
	await expect(b.page.getByTestId('invite-details')).toContainText('forsker');
	const joinForm = b.page.getByTestId('join-form');
	await joinForm.getByLabel('Navn (vises for teamet)').fill('Bjørn Feltarbeider');
	await joinForm.getByLabel('E-post').fill('bjorn@example.org');
	await joinForm.getByLabel('Passord').fill('et-annet-passord-2');
	await joinForm.getByRole('button', { name: 'Bli med' }).click();
	await expect(b.page).toHaveURL(/\/$/);
	await syncAndSettle(b.page);
	await b.page.goto('/');
	await expect(b.page.getByTestId('active-project-name')).toHaveText('Demo: Ungt utenforskap i Fjordvik');

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
		await tagEntry(who.page, quote, codeName);
	}

	// Back online: each syncs; A once more to receive what B sent after A's first sync.
	await a.context.setOffline(false);
	await b.context.setOffline(false);
	await syncAndSettle(a.page);
	await syncAndSettle(b.page);
	await syncAndSettle(a.page);

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
