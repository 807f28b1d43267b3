/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

// The offline shell. Every built asset, every file in `static/` and the app shell `/` are
// precached on install; every navigation outside `/api/` is answered with the cached
// shell (the app is a client-only SPA, so `/` renders any route). Data never goes
// through this cache: the UI reads IndexedDB and the sync engine talks to `/api/`,
// which is never cached.
//
// A new version installs and then waits. The page decides when it takes over
// (after flushing unsaved writes) by sending `{ type: 'SKIP_WAITING' }`, which is
// what workbox-window's `messageSkipWaiting()` posts.

import { build, files, version } from '$service-worker';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_URL = '/';
const API_PATH = /^\/api(?:\/|$)/;

precacheAndRoute([
	// Vite output is content-hashed: the URL is the revision.
	...build.map((url) => ({ url, revision: null })),
	...files.map((url) => ({ url, revision: version })),
	{ url: SHELL_URL, revision: version }
]);

// Caches left by older Workbox precache formats.
cleanupOutdatedCaches();

registerRoute(
	new NavigationRoute(createHandlerBoundToURL(SHELL_URL), {
		denylist: [API_PATH]
	})
);

// SvelteKit only emits `/_app/env.js` when `$env/dynamic/public` is used; the shell then
// imports it before starting, so keep the last copy for offline starts.
registerRoute(
	({ url, sameOrigin }) => sameOrigin && url.pathname === '/_app/env.js',
	new NetworkFirst({ cacheName: 'feltinnsikt-env', networkTimeoutSeconds: 3 })
);

sw.addEventListener('message', (event: ExtendableMessageEvent) => {
	const data: unknown = event.data;
	if (
		typeof data === 'object' &&
		data !== null &&
		(data as { type?: unknown }).type === 'SKIP_WAITING'
	) {
		void sw.skipWaiting();
	}
});

// Only the very first worker claims the pages that loaded without one, so the app is
// offline-capable after a single visit. An update never calls skipWaiting on its own, and
// when the page asks it to, the pages it already controls switch over anyway.
let firstInstall = false;

sw.addEventListener('install', () => {
	firstInstall = sw.registration.active === null;
});

sw.addEventListener('activate', (event: ExtendableEvent) => {
	if (firstInstall) {
		event.waitUntil(sw.clients.claim());
	}
});
