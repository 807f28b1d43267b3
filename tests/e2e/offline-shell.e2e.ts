import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './support/appServer';
import {
	expectShellRendered,
	trackAssetFailures,
	waitForServiceWorkerControl
} from './support/serviceWorker';

// This test owns its server so it can take it away entirely, the way a researcher in the
// field loses the network: nothing answers, not even with an error.
let server: AppServer | undefined;

test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

test('the app shell starts from cache when the server is gone', async ({ page }) => {
	server = await startAppServer();
	const failures = trackAssetFailures(page, server.url);

	await page.goto(`${server.url}/`);
	await waitForServiceWorkerControl(page);
	await expectShellRendered(page);

	await server.stop();
	const serverGone = await fetch(`${server.url}/api/health`).then(
		() => false,
		() => true
	);
	expect(serverGone, 'the server no longer answers').toBe(true);

	const reloaded = await page.reload();
	expect(reloaded?.status()).toBe(200);
	expect(reloaded?.fromServiceWorker()).toBe(true);
	await expectShellRendered(page);

	// A deep link the browser has never loaded is answered with the same shell.
	const deep = await page.goto(`${server.url}/settings`);
	expect(deep?.status()).toBe(200);
	expect(deep?.fromServiceWorker()).toBe(true);
	await expectShellRendered(page);
	expect(new URL(page.url()).pathname).toBe('/settings');

	// /api/ is never answered from a cache.
	const apiAnswered = await page.evaluate(() =>
		fetch('/api/health', { cache: 'no-store' }).then(
			() => true,
			() => false
		)
	);
	expect(apiAnswered, 'offline /api/ requests fail instead of being served from cache').toBe(
		false
	);

	expect(failures, 'every asset the shell needed came from the cache').toEqual([]);

	// The server comes back on the same origin; the page reaches it again.
	await server.start();
	const back = await page.evaluate(() =>
		fetch('/api/health', { cache: 'no-store' }).then((response) => response.json())
	);
	expect(back).toEqual({ ok: true });
});
