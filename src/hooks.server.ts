import { warnAboutBodyLimit } from '$lib/server/http/bodyLimit';
import type { Handle, ServerInit } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, validateSession } from '$lib/server/auth/sessions';
import { logApiRefusal } from '$lib/server/auth/refusals';
import { announceSetupCode } from '$lib/server/auth/setupCode';
import { closeStorage, storage } from '$lib/server/db';
import { errorResponse, toErrorResponse } from '$lib/server/http/errors';
import { startPruning } from '$lib/server/sync/prune';
import { liveHub } from '$lib/server/live/hub';

// Open (and migrate) the database when the server starts, so a broken DATABASE_URL or a
// data folder in use stops the start with a clear message instead of failing requests.
export const init: ServerInit = async () => {
	warnAboutBodyLimit();
	// While no account exists, first-run setup needs the code this prints on the console.
	await announceSetupCode(await storage());
	// Deleted content leaves the server after the undo window (PRUNE_HORIZON_HOURS).
	startPruning(storage);
	// Open live streams would hold a stopping server for its whole shutdown timeout: end
	// them as soon as the stop begins (the tablets reconnect to the next instance).
	// (Built server only: adapter-node handles these signals itself; under `vite dev` a
	// listener would keep the first Ctrl-C from stopping the dev server.)
	if (!dev) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void liveHub.closeAll());
	// adapter-node emits this after it stopped taking requests (SIGINT/SIGTERM).
	process.once('sveltekit:shutdown', () => {
		void closeStorage();
	});
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Headers on every /api response. `cache-control` may be set by a route (e.g. immutable blobs). */
const API_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'no-referrer',
	'cross-origin-resource-policy': 'same-origin'
};

function withApiHeaders(response: Response): Response {
	try {
		for (const [name, value] of Object.entries(API_HEADERS)) response.headers.set(name, value);
		if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
		return response;
	} catch {
		// Immutable headers (a response passed through from fetch): copy it.
		const copy = new Response(response.body, response);
		for (const [name, value] of Object.entries(API_HEADERS)) copy.headers.set(name, value);
		if (!copy.headers.has('cache-control')) copy.headers.set('cache-control', 'no-store');
		return copy;
	}
}

/**
 * Headers on every page (the SPA shell, also when the service worker serves its cached copy:
 * the headers are stored with it). The Content-Security-Policy itself comes from SvelteKit
 * (`csp` in vite.config.ts), which adds the hash of its inline start script.
 */
const PAGE_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	// For browsers without CSP `frame-ancestors`: the app is never shown inside another page.
	'x-frame-options': 'DENY',
	// Other sites learn nothing; same-origin requests keep the Referer, which tells the server
	// whether the page is on http or https when ORIGIN is not set (see http/origin.ts).
	'referrer-policy': 'same-origin',
	// The microphone (audio recording) and camera (photos), screen wake lock (recording) and
	// fullscreen (presentation) for the app itself; every other powerful feature is off.
	'permissions-policy': [
		'camera=(self)',
		'microphone=(self)',
		'screen-wake-lock=(self)',
		'fullscreen=(self)',
		'geolocation=()',
		'payment=()',
		'usb=()',
		'serial=()',
		'hid=()',
		'midi=()',
		'idle-detection=()',
		'clipboard-read=()',
		'local-fonts=()',
		'window-management=()',
		'display-capture=()',
		'accelerometer=()',
		'gyroscope=()',
		'magnetometer=()',
		'xr-spatial-tracking=()',
		'publickey-credentials-get=()',
		'browsing-topics=()'
	].join(', '),
	'cross-origin-opener-policy': 'same-origin'
};

function withPageHeaders(response: Response): Response {
	try {
		for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		for (const [name, value] of Object.entries(PAGE_HEADERS)) copy.headers.set(name, value);
		return copy;
	}
}

function hostOf(origin: string): string | null {
	try {
		return new URL(origin).host;
	} catch {
		return null;
	}
}

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	if (!event.url.pathname.startsWith('/api/')) return withPageHeaders(await resolve(event));

	// A browser sends Origin with every cross-origin write; refuse those not from our host
	// (the session cookie is SameSite=Lax as well). Non-browser clients send none. Hosts, not
	// origins: without ORIGIN set, adapter-node reports https even for plain http.
	const origin = event.request.headers.get('origin');
	if (UNSAFE_METHODS.has(event.request.method) && origin && hostOf(origin) !== event.url.host) {
		return withApiHeaders(logApiRefusal(event, errorResponse(403, 'cross_origin', 'Requests from another origin are not allowed.')));
	}

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		try {
			const session = await validateSession(await storage(), token);
			if (session) {
				event.locals.user = session.user;
				event.locals.session = { id: session.id, expiresAt: session.expiresAt };
				if (session.renewed) setSessionCookie(event, { token, expiresAt: session.expiresAt });
			} else {
				clearSessionCookie(event);
			}
		} catch (error) {
			return withApiHeaders(toErrorResponse(error, event));
		}
	}
	return withApiHeaders(logApiRefusal(event, await resolve(event)));
};
