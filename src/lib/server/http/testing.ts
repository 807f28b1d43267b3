// Calling API route handlers in-process, through the real `handle` hook (session cookie,
// security headers), with a cookie jar per client – no server, no network:
//
//   const owner = apiClient();
//   const res = await owner.call(POST_setup, { method: 'POST', path: '/api/auth/setup', body: { … } });
//
// Pair it with `forEachEngine` and `useStorageForTests(db.sql)` so handlers use the test's
// schema.

import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { ApiError } from './errors';
import { handle } from '../../../hooks.server';

export type Handler = (event: never) => Response | Promise<Response>;

export interface CallOptions {
	method?: string;
	/** Path and query, e.g. `/api/projects/abc/members`. */
	path: string;
	/** Route parameters the handler reads from `event.params`. */
	params?: Record<string, string>;
	/** A value to send as JSON, or a string sent as it is. */
	body?: unknown;
	headers?: Record<string, string>;
}

export interface CookieRecord {
	value: string;
	options: Parameters<Cookies['set']>[2];
}

export interface ApiClient {
	/** The cookies this client holds, as the last response left them. */
	readonly jar: Map<string, CookieRecord>;
	call(handler: Handler, options: CallOptions): Promise<Response>;
	/** `call`, then the JSON body with the status. */
	json<T = Record<string, unknown>>(handler: Handler, options: CallOptions): Promise<{ status: number; body: T; response: Response }>;
}

export const TEST_ORIGIN = 'http://127.0.0.1:4173';

export function apiClient({ ip = '127.0.0.1', origin = TEST_ORIGIN } = {}): ApiClient {
	const jar = new Map<string, CookieRecord>();

	async function call(handler: Handler, options: CallOptions): Promise<Response> {
		const url = new URL(options.path, origin);
		const headers = new Headers(options.headers);
		let body: string | undefined;
		if (options.body !== undefined) {
			body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
			if (!headers.has('content-type')) headers.set('content-type', 'application/json');
		}
		// Like a browser on the app's own page.
		const method = options.method ?? 'GET';
		if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', url.origin);
		if (jar.size > 0) {
			headers.set('cookie', [...jar].map(([name, c]) => `${name}=${c.value}`).join('; '));
		}
		const request = new Request(url, { method, headers, body });
		const seen = new Map([...jar].map(([name, c]) => [name, c.value]));
		const cookies: Cookies = {
			get: (name) => seen.get(name),
			getAll: () => [...seen].map(([name, value]) => ({ name, value })),
			set: (name, value, opts) => {
				seen.set(name, value);
				const expired =
					opts.maxAge === 0 || (opts.expires !== undefined && opts.expires.getTime() <= Date.now()) || value === '';
				if (expired) jar.delete(name);
				else jar.set(name, { value, options: opts });
			},
			delete: (name) => {
				seen.delete(name);
				jar.delete(name);
			},
			serialize: (name, value) => `${name}=${value}`
		};
		const event = {
			request,
			url,
			params: options.params ?? {},
			route: { id: null },
			cookies,
			locals: {} as App.Locals,
			platform: undefined,
			getClientAddress: () => ip,
			setHeaders: () => {},
			fetch,
			isDataRequest: false,
			isSubRequest: false,
			isRemoteRequest: false
		} as unknown as RequestEvent;
		return handle({
			event,
			resolve: async (resolved) => (handler as (event: RequestEvent) => Response | Promise<Response>)(resolved)
		});
	}

	return {
		jar,
		call,
		async json<T>(handler: Handler, options: CallOptions) {
			const response = await call(handler, options);
			const text = await response.text();
			return { status: response.status, body: (text ? JSON.parse(text) : null) as T, response };
		}
	};
}

/** The ApiError a service call is expected to throw (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ApiError) return error;
		throw error;
	}
	throw new Error('expected an ApiError');
}
