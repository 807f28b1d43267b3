import { expect, test, type Page } from '@playwright/test';
import { createProject, loadDemo, quickCapture } from './pages/app';
import { demoProjectName, openTablet, ownerSharesDemo, startTeamServer } from './pages/team';
import { readTable } from './support/localDb';

// Works on the iPad too: Safari's storage rules (the Home Screen prompt, the header flag,
// what the device recorded, the notice after an eviction) and a database connection that
// the browser takes away in the middle of typing. Safari is played in Chromium by giving
// the page what Safari's engine offers: `navigator.standalone` and the storage answers.

interface SafariLike {
	/** Apple's `navigator.standalone`: false in a Safari tab, true from the Home Screen; absent in Chromium. */
	standalone?: boolean;
	/** What `navigator.storage.persisted()` and `persist()` answer. */
	persisted?: boolean;
	/** What `(display-mode: …)` matches. */
	displayMode?: 'browser' | 'standalone';
}

async function playBrowser(page: Page, like: SafariLike): Promise<void> {
	await page.addInitScript((like: SafariLike) => {
		if (like.standalone !== undefined) {
			Object.defineProperty(Navigator.prototype, 'standalone', { configurable: true, get: () => like.standalone });
		}
		if (like.persisted !== undefined) {
			const storage = navigator.storage;
			storage.persisted = async () => like.persisted!;
			storage.persist = async () => like.persisted!;
		}
		if (like.displayMode) {
			const real = window.matchMedia.bind(window);
			window.matchMedia = (query: string) =>
				query.includes('display-mode') ? ({ ...real('(min-width: 0px)'), matches: query === `(display-mode: ${like.displayMode})`, media: query } as MediaQueryList) : real(query);
		}
	}, like);
}

const prompt = (page: Page) => page.getByTestId('install-prompt');
const flag = (page: Page) => page.getByTestId('storage-risk-flag');

async function recorded(page: Page): Promise<unknown> {
	const rows = await readTable<{ key: string; value: unknown }>(page, 'settings');
	return rows.find((r) => r.key === 'storagePersistence')?.value;
}

test.describe('Safari storage rules @one-viewport', () => {
	// Several captures and reloads each: a loaded 2-core machine needs more than the default minute.
	test.describe.configure({ timeout: 150_000 });

	test('a Safari tab is told, before any capture, to add the app to the Home Screen; unsynced work is flagged', async ({ page }) => {
		await playBrowser(page, { standalone: false, persisted: false });
		await page.goto('/');
		await expect(page.getByRole('button', { name: 'Last inn demoprosjekt' })).toBeVisible({ timeout: 30_000 });
		await expect(prompt(page)).toBeVisible();
		await expect(prompt(page)).toContainText('Legg Feltinnsikt til på Hjem-skjermen');
		await expect(prompt(page)).toContainText('Legg til på Hjem-skjerm');
		await expect(prompt(page)).toContainText('7 dager');
		// Nothing is on the device yet: no flag, and a dismissal holds across a reload.
		await expect(flag(page)).toHaveCount(0);
		await prompt(page).getByRole('button', { name: 'Jeg forstår' }).click();
		await expect(prompt(page)).toHaveCount(0);
		await page.reload();
		await expect(page.getByRole('button', { name: 'Last inn demoprosjekt' })).toBeVisible();
		await expect(prompt(page)).toHaveCount(0);
		expect(await recorded(page)).toMatchObject({ persisted: false, standalone: false, homeScreenInstall: true });

		// Work that exists only here: the header says Safari may delete it.
		await createProject(page, 'Ungdomsråd Fjordvik');
		await quickCapture(page, 'Observasjon', 'Benkene ved busstoppet er fjernet.');
		await expect(flag(page)).toBeVisible();
		await expect(flag(page)).toHaveText(/Kan slettes av Safari/);

		// With unsynced work the prompt is back at the next start, dismissed or not.
		await page.reload();
		await expect(prompt(page)).toBeVisible();
		await expect(page.getByTestId('install-unsynced')).toBeVisible();
		await prompt(page).getByRole('button', { name: 'Jeg forstår' }).click();
		await expect(prompt(page)).toHaveCount(0);
		// The flag stays, and tapping it shows the steps again.
		await flag(page).click();
		await expect(prompt(page)).toBeVisible();

		await page.goto('/settings');
		await expect(page.getByTestId('home-screen-status')).toContainText('Kjører i en fane i Safari');
	});

	test('started from the Home Screen: no prompt and no flag', async ({ page }) => {
		await playBrowser(page, { standalone: true, persisted: false });
		await createProject(page, 'Fra Hjem-skjermen');
		await quickCapture(page, 'Observasjon', 'Ungdomsklubben stenger klokka ni.');
		await expect(page.getByTestId('entry-list')).toBeVisible();
		await expect(prompt(page)).toHaveCount(0);
		await expect(flag(page)).toHaveCount(0);
		expect(await recorded(page)).toMatchObject({ standalone: true, homeScreenInstall: true });
		await page.goto('/settings');
		await expect(page.getByTestId('home-screen-status')).toContainText('Startet fra Hjem-skjermen');
	});

	test('an installed app by its display mode: no prompt', async ({ page }) => {
		await playBrowser(page, { standalone: false, persisted: false, displayMode: 'standalone' });
		await createProject(page, 'Installert app');
		await quickCapture(page, 'Observasjon', 'Biblioteket har åpent på lørdager.');
		await expect(prompt(page)).toHaveCount(0);
		await expect(flag(page)).toHaveCount(0);
		expect(await recorded(page)).toMatchObject({ standalone: true });
	});

	test('persistent storage granted: no prompt, and the device records the grant', async ({ page }) => {
		await playBrowser(page, { standalone: false, persisted: true });
		await createProject(page, 'Varig lagring');
		await quickCapture(page, 'Observasjon', 'Skolen har fått ny helsesykepleier.');
		await expect(prompt(page)).toHaveCount(0);
		await expect(flag(page)).toHaveCount(0);
		expect(await recorded(page)).toMatchObject({ persisted: true, standalone: false });
	});

	test('Chromium as it is (no Home Screen rule): no prompt, whatever the storage says', async ({ page }) => {
		await createProject(page, 'Chromium');
		await quickCapture(page, 'Observasjon', 'Fritidsklubben er full på fredager.');
		await expect(prompt(page)).toHaveCount(0);
		await expect(flag(page)).toHaveCount(0);
		expect(await recorded(page)).toMatchObject({ homeScreenInstall: false, standalone: false });
	});
});

/** Deletes the app's database as the browser does when it evicts a site; localStorage stays. */
async function evictDatabase(page: Page): Promise<void> {
	// A page without the app, so nothing holds the database open.
	await page.goto('/api/health');
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.deleteDatabase('feltinnsikt');
				request.onsuccess = () => resolve();
				request.onerror = () => reject(request.error);
				request.onblocked = () => reject(new Error('blocked'));
			})
	);
}

test.describe('after an eviction @one-viewport', () => {
	test.describe.configure({ timeout: 150_000 });

	test('the device says what happened; without an account it points to sign-in', async ({ page }) => {
		await createProject(page, 'Borte');
		await quickCapture(page, 'Observasjon', 'Denne blir slettet av nettleseren.');
		await evictDatabase(page);
		await page.goto('/');
		const notice = page.getByTestId('eviction-notice');
		await expect(notice).toBeVisible();
		await expect(notice).toContainText('Dataene på denne enheten er borte');
		await expect(notice.getByRole('link', { name: 'Logg inn for å hente prosjektene fra serveren' })).toBeVisible();
		await notice.getByRole('button', { name: 'OK' }).click();
		await expect(notice).toHaveCount(0);
		await page.reload();
		await expect(page.getByRole('button', { name: 'Last inn demoprosjekt' })).toBeVisible();
		await expect(page.getByTestId('eviction-notice')).toHaveCount(0);
	});

	test('a signed-in researcher gets the projects back from the server', async ({ browser }) => {
		test.setTimeout(240_000);
		const server = await startTeamServer({ startTimeoutMs: 90_000 });
		const tablet = await openTablet(browser, server);
		try {
			const { page } = tablet;
			await ownerSharesDemo(page, { name: 'Ingrid', email: 'ingrid@fjordvik.kommune.no', password: 'lang-og-trygg-passord-1' });
			await evictDatabase(page);
			await page.goto('/');
			const notice = page.getByTestId('eviction-notice');
			await expect(notice).toBeVisible();
			await notice.getByTestId('eviction-restore').click();
			await expect(page.getByTestId('active-project-name')).toHaveText(demoProjectName, { timeout: 30_000 });
			// The evidence comes back with the pull; the notice goes once data is here again.
			await page.goto('/library');
			await expect(page.getByTestId('entry').first()).toBeVisible({ timeout: 30_000 });
			await expect(page.getByTestId('eviction-notice')).toHaveCount(0);
		} finally {
			await tablet.context.close();
			await server.stop();
		}
	});
});

/**
 * Lets the test take the database connection away as WebKit does when its storage server
 * goes ("Connection to Indexed Database server lost"): transactions in flight abort, the
 * connection closes with a `close` event, and the next `reopens` attempts to open fail.
 */
async function allowLosingTheDatabase(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const connections: IDBDatabase[] = [];
		const transactions = new Set<IDBTransaction>();
		let failingOpens = 0;
		const realOpen = IDBFactory.prototype.open;
		IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
			if (failingOpens > 0) {
				failingOpens--;
				throw new DOMException('Connection to Indexed Database server lost. Refresh the page to try again', 'UnknownError');
			}
			const request = realOpen.apply(this, args);
			request.addEventListener('success', () => connections.push(request.result));
			return request;
		};
		const realTransaction = IDBDatabase.prototype.transaction;
		IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
			const transaction = realTransaction.apply(this, args);
			transactions.add(transaction);
			const done = () => transactions.delete(transaction);
			transaction.addEventListener('complete', done);
			transaction.addEventListener('abort', done);
			return transaction;
		} as IDBDatabase['transaction'];
		(window as unknown as { loseDatabase: (reopens: number) => number }).loseDatabase = (reopens) => {
			failingOpens = reopens;
			const lost = transactions.size;
			for (const transaction of transactions) {
				try {
					transaction.abort();
				} catch {
					// already finished
				}
			}
			transactions.clear();
			for (const connection of connections.splice(0)) {
				connection.close();
				connection.dispatchEvent(new Event('close'));
			}
			return lost;
		};
	});
}

test('a database connection lost in the middle of typing: nothing typed is lost @one-viewport', async ({ page }) => {
	test.setTimeout(150_000);
	await allowLosingTheDatabase(page);
	await loadDemo(page);
	await page.getByTestId('session-list').getByRole('link').first().click();
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await expect(editor.locator('p').first()).not.toBeEmpty();
	const status = page.getByTestId('note-status');

	await editor.locator('p').last().click();
	await page.keyboard.press('End');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Før bruddet: hun tar bussen. ');
	await expect(status).toHaveAttribute('data-status', 'saved');

	// Mid-word: the connection goes, and the engine refuses the first two reopens.
	await page.keyboard.type('Midt');
	await page.evaluate(() => (window as unknown as { loseDatabase: (reopens: number) => number }).loseDatabase(2));
	await page.keyboard.type('veis i setningen. Etter bruddet: bussen kom ikke.');
	await expect(status).toHaveAttribute('data-status', 'saved', { timeout: 20_000 });

	await page.reload();
	await expect(editor).toContainText('Før bruddet: hun tar bussen. Midtveis i setningen. Etter bruddet: bussen kom ikke.');
});
