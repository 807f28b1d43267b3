import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_SETUP_CODE, startAppServer, type AppServer } from '../support/appServer';
import { waitForServiceWorkerControl } from '../support/serviceWorker';

// A team on its own server: an owner who shares the demo project, and colleagues who
// join with an invitation code, each in a browser context of their own (one tablet each).

export type Tablet = { context: BrowserContext; page: Page };

export const demoProjectName = 'Demo: Ungt utenforskap i Fjordvik';

/**
 * A fresh server with its own data folder, so no earlier test's accounts are there.
 * `startTimeoutMs` gives a loaded machine longer to start it.
 */
export function startTeamServer(options: { startTimeoutMs?: number } = {}): Promise<AppServer> {
	return startAppServer({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-team-')) }, ...options });
}

export async function openTablet(browser: Browser, server: AppServer): Promise<Tablet> {
	const context = await browser.newContext({ baseURL: server.url, viewport: { width: 820, height: 1180 }, locale: 'nb-NO' });
	return { context, page: await context.newPage() };
}

/** Syncs now from the settings screen and waits until nothing is left to send. */
export async function syncAndSettle(page: Page): Promise<void> {
	await page.goto('/settings#sync');
	await page.getByTestId('sync-now').click();
	await expect(page.getByTestId('sync-phase')).toHaveAttribute('data-phase', 'idle', { timeout: 20_000 });
	await expect(page.getByTestId('sync-panel')).toContainText(/0 endringer venter/);
}

/** The first visit to a fresh server: the owner account, set up with the setup code; signed in after. */
export async function setUpOwner(page: Page, who: { name: string; email: string; password: string }): Promise<void> {
	await page.goto('/settings#account');
	const setup = page.getByTestId('setup-form');
	await setup.getByLabel('Oppsettskode').fill(E2E_SETUP_CODE);
	await setup.getByLabel('Navn (vises for teamet)').fill(who.name);
	await setup.getByLabel('E-post').fill(who.email);
	await setup.getByLabel('Passord').fill(who.password);
	await setup.getByRole('button', { name: 'Opprett eierkonto' }).click();
	await expect(page.getByTestId('signed-in-as')).toContainText(who.name);
}

/** Shares the active project with the server (from the projects screen) and syncs it. */
export async function shareActiveProject(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByTestId('share-project').click();
	await expect(page.getByTestId('project-linked')).toBeVisible();
	await syncAndSettle(page);
}

/** The first visit to a fresh server: the owner account, the demo project, shared and synced. */
export async function ownerSharesDemo(page: Page, who: { name: string; email: string; password: string }, { goesOffline = true } = {}): Promise<void> {
	await setUpOwner(page, who);
	await page.goto('/');
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await expect(page).toHaveURL(/\/capture$/);
	await shareActiveProject(page);
	// A tablet that will go offline later needs the app cached by then (a cold worker
	// precaching the whole shell takes a while on a loaded machine).
	if (goesOffline) await waitForServiceWorkerControl(page, 60_000);
}

/** The owner invites a colleague with a role (as the team screen names it); the colleague joins on their tablet. */
export async function inviteAndJoin(owner: Page, colleague: Page, role: string, who: { name: string; email: string; password: string }): Promise<void> {
	await owner.goto('/');
	await owner.getByRole('link', { name: 'Team og invitasjoner' }).click();
	await owner.getByLabel('Rolle', { exact: true }).selectOption({ label: role });
	await owner.getByRole('button', { name: 'Lag invitasjon' }).click();
	const code = (await owner.getByTestId('invite-code').getAttribute('data-code'))!;
	expect(code).toBeTruthy();

	await colleague.goto(`/join/${code}`);
	await expect(colleague.getByTestId('invite-details')).toContainText(role);
	const joinForm = colleague.getByTestId('join-form');
	await joinForm.getByLabel('Navn (vises for teamet)').fill(who.name);
	await joinForm.getByLabel('E-post').fill(who.email);
	await joinForm.getByLabel('Passord').fill(who.password);
	await joinForm.getByRole('button', { name: 'Bli med' }).click();
	await expect(colleague).toHaveURL(/\/$/);
	await syncAndSettle(colleague);
	await colleague.goto('/');
	await expect(colleague.getByTestId('active-project-name')).toHaveText(demoProjectName);
	await waitForServiceWorkerControl(colleague);
}

/** Both tablets come back online and sync: A, B, then A again to receive what B sent after A's first sync. */
export async function backOnlineAndSync(a: Tablet, b: Tablet): Promise<void> {
	await a.context.setOffline(false);
	await b.context.setOffline(false);
	await syncAndSettle(a.page);
	await syncAndSettle(b.page);
	await syncAndSettle(a.page);
}
