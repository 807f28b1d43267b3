import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUILD_DIR, startAppServer, type AppServer } from './support/appServer';
import { waitForServiceWorkerControl } from './support/serviceWorker';

// A new release must not take over an open page by itself: the page flushes its unsaved
// writes first and then sends SKIP_WAITING (applyUpdate in serviceWorkerUpdates.svelte.ts).

let server: AppServer | undefined;

test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

/** Plays a new release: the same app with a service worker script that differs by a byte. */
async function releaseNewServiceWorker(buildDir: string): Promise<void> {
	const script = join(buildDir, 'client', 'service-worker.js');
	await writeFile(script, `${await readFile(script, 'utf8')}\n// next release\n`);
	// adapter-node prefers precompressed files; they would still hold the old script.
	await rm(`${script}.br`, { force: true });
	await rm(`${script}.gz`, { force: true });
}

test('a new version waits until the page asks it to take over', async ({ page }) => {
	// The copy lives inside the project so the server still finds node_modules.
	const buildDir = test.info().outputPath('build');
	await cp(BUILD_DIR, buildDir, { recursive: true });
	server = await startAppServer({ buildDir });

	await page.goto(`${server.url}/`);
	await waitForServiceWorkerControl(page);

	await server.stop();
	await releaseNewServiceWorker(buildDir);
	await server.start();

	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration?.update();
	});
	const waitingState = () =>
		page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			return registration?.waiting?.state ?? null;
		});
	await expect.poll(waitingState, { timeout: 30_000 }).toBe('installed');

	// It keeps waiting: no skipWaiting() on install, the old worker still controls the page.
	await page.waitForTimeout(1_000);
	expect(await waitingState()).toBe('installed');
	expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');

	// The page decides.
	const switched = await page.evaluate(
		() =>
			new Promise<boolean>((resolve) => {
				navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), {
					once: true
				});
				setTimeout(() => resolve(false), 20_000);
				void navigator.serviceWorker.getRegistration().then((registration) => {
					registration?.waiting?.postMessage({ type: 'SKIP_WAITING' });
				});
			})
	);
	expect(switched, 'the new worker took control after SKIP_WAITING').toBe(true);
	expect(await waitingState()).toBeNull();

	// The new version serves the shell, including offline.
	await server.stop();
	const reloaded = await page.reload();
	expect(reloaded?.fromServiceWorker()).toBe(true);
	expect(await page.title()).not.toBe('');
});
