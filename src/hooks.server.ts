import type { Handle, ServerInit } from '@sveltejs/kit';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, validateSession } from '$lib/server/auth/sessions';
import { closeStorage, storage } from '$lib/server/db';
import { errorResponse, toErrorResponse } from '$lib/server/http/errors';

// Open (and migrate) the database when the server starts, so a broken DATABASE_URL or a
// data folder in use stops the start with a clear message instead of failing requests.
export const init: ServerInit = async () => {
	await storage();
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
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);

	// A browser sends Origin with every cross-origin write; refuse those not from our host
	// (the session cookie is SameSite=Lax as well). Non-browser clients send none. Hosts, not
	// origins: without ORIGIN set, adapter-node reports https even for plain http.
	const origin = event.request.headers.get('origin');
	if (UNSAFE_METHODS.has(event.request.method) && origin && hostOf(origin) !== event.url.host) {
		return withApiHeaders(errorResponse(403, 'cross_origin', 'Requests from another origin are not allowed.'));
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
	return withApiHeaders(await resolve(event));
};
