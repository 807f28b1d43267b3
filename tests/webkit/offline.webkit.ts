import { expect, test } from 'vitest';
import { mainRoutes } from './support/routes';
import { get } from './support/page';
import { shellRendered, stoppedAfterEachTest, waitForServiceWorkerControl } from './support/tablet';

// The first visit caches the app; after that every screen starts with the server gone,
// the way a researcher loses the network in the field: nothing answers, not even an error.

const started = stoppedAfterEachTest();

test('first visit: the service worker takes over, then every screen reloads with the server gone', async () => {
	const server = await started.server();
	const tablet = await started.tablet();
	await tablet.goto(`${server.url}/`);
	const scriptURL = await waitForServiceWorkerControl(tablet);
	expect(new URL(scriptURL).pathname).toBe('/service-worker.js');
	await shellRendered(tablet);

	await server.stop();
	const serverGone = await fetch(`${server.url}/api/health`).then(
		() => false,
		() => true
	);
	expect(serverGone, 'the server no longer answers').toBe(true);

	await tablet.reload();
	await shellRendered(tablet);
	for (const route of mainRoutes) {
		await tablet.goto(`${server.url}${route.path}`);
		await shellRendered(tablet);
		expect(new URL(await tablet.url()).pathname).toBe(route.path);
		// The screen itself rendered, not only the frame: its link in the menu is the current page.
		const current = await get(tablet, { within: { role: 'navigation', name: /Hovedmeny|Main menu/ }, role: 'link', name: route.nb });
		expect(await tablet.attribute(current, 'aria-current')).toBe('page');
		await tablet.reload();
		await shellRendered(tablet);
		expect(new URL(await tablet.url()).pathname).toBe(route.path);
	}

	// /api/ is never answered from a cache.
	const apiAnswered = await tablet.executeAsync<boolean>(
		"const done = arguments[arguments.length - 1]; fetch('/api/health', { cache: 'no-store' }).then(() => done(true), () => done(false));"
	);
	expect(apiAnswered, 'offline /api/ requests fail instead of being served from cache').toBe(false);

	await server.start();
	const back = await tablet.executeAsync<unknown>(
		"const done = arguments[arguments.length - 1]; fetch('/api/health', { cache: 'no-store' }).then((r) => r.json()).then(done, (e) => done(String(e)));"
	);
	expect(back).toEqual({ ok: true });
});
