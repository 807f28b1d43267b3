// One tablet is one WebKit browser session, at the portrait size the Chromium suite uses.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, inject } from 'vitest';
import { startAppServer, type AppServer } from '../../e2e/support/appServer';
import { Session, type SessionOptions } from './webdriver';
import { waitFor } from './page';

/**
 * Opens a browser on one of the drivers (0 or 1; each holds one session at a time). Its
 * storage lives as long as the session: WebKitGTK's automation browser has no lasting profile.
 */
export async function openTablet(driver: 0 | 1 = 0, options: Omit<SessionOptions, 'driverUrl'> = {}): Promise<Session> {
	const session = await Session.open({ driverUrl: inject('webkitDrivers')[driver].url, ...options });
	// Not every window manager honours a size; without one (Xvfb) the request is best effort.
	await session.setWindowSize(820, 1180).catch(() => undefined);
	return session;
}

/** Waits until a service worker controls the page, so the app can start offline. */
export async function waitForServiceWorkerControl(session: Session): Promise<string> {
	return waitFor(
		() => session.execute<string | null>("return navigator.serviceWorker && navigator.serviceWorker.controller ? navigator.serviceWorker.controller.scriptURL : null;"),
		'a service worker to control the page',
		30_000
	);
}

/** The page shows the app, not an error page: a title and some text in the body. */
export async function shellRendered(session: Session): Promise<void> {
	await waitFor(
		() => session.execute<boolean>("return document.title !== '' && document.body.innerText.trim().length > 0 && !!document.querySelector('main, nav');"),
		'the app shell to render'
	);
}

/** The built app on a port of its own, with a fresh data folder (no earlier run's accounts, no shared lock). */
export function startTestServer(): Promise<AppServer> {
	// A fresh database is created on the first start: slower than a restart on a busy machine.
	return startAppServer({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-webkit-')) }, startTimeoutMs: 240_000 });
}

/**
 * The server and tablets a test starts, stopped after each test – the browsers first, then
 * the server, killed – so nothing of one test reaches the next. Call once at the top of a file.
 */
export function stoppedAfterEachTest(): { server: () => Promise<AppServer>; tablet: typeof openTablet } {
	const servers: AppServer[] = [];
	const tablets: Session[] = [];
	afterEach(async () => {
		for (const tablet of tablets.splice(0)) await tablet.close();
		for (const server of servers.splice(0)) await server.stop({ signal: 'SIGKILL' });
	});
	return {
		async server() {
			const server = await startTestServer();
			servers.push(server);
			return server;
		},
		async tablet(driver, options) {
			const tablet = await openTablet(driver, options);
			tablets.push(tablet);
			return tablet;
		}
	};
}

