import { expect, type Page } from '@playwright/test';

/**
 * Waits until a service worker controls the page. The root layout registers it
 * (`startServiceWorker`); the first worker claims the page as soon as it has precached the
 * shell, so after one visit the app can start offline.
 */
export async function waitForServiceWorkerControl(page: Page, timeout = 30_000): Promise<void> {
	await page.waitForFunction(
		() => 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null,
		null,
		{ timeout }
	);
	const scriptURL = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
	expect(new URL(scriptURL).pathname).toBe('/service-worker.js');
}

/**
 * Collects same-origin requests that failed or answered with an error status, so a test
 * can assert that everything the shell needed came from somewhere (cache or server).
 * Left out, because they are meant to need the network: `/api/`, and SvelteKit's
 * `/_app/version.json` (the client asks it whether a new version is deployed, e.g. when it
 * meets a route it does not know).
 */
export function trackAssetFailures(page: Page, origin: string): string[] {
	const failures: string[] = [];
	const relevant = (url: string) => {
		if (!url.startsWith(origin)) return false;
		const path = new URL(url).pathname;
		return !path.startsWith('/api/') && path !== '/_app/version.json';
	};
	page.on('requestfailed', (request) => {
		if (relevant(request.url())) {
			failures.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
		}
	});
	page.on('response', (response) => {
		if (relevant(response.url()) && response.status() >= 400) {
			failures.push(`${response.url()}: HTTP ${response.status()}`);
		}
	});
	return failures;
}

/** The page shows the app, not a browser error page: a title and something in the body. */
export async function expectShellRendered(page: Page): Promise<void> {
	expect(page.url()).not.toMatch(/^chrome-error:/);
	await expect.poll(() => page.title()).not.toBe('');
	await expect
		.poll(() => page.evaluate(() => document.body.innerText.trim().length))
		.toBeGreaterThan(0);
}
