import type { RequestEvent } from '@sveltejs/kit';
import { clientAddress } from '$lib/server/http/auth';
import { logAuthEvent } from './log';

/** Routes that log their own refusals as sign-in or setup events. */
const SELF_LOGGING = new Set(['/api/auth/login', '/api/auth/setup']);

/**
 * Logs a 401 or 403 answer of an API call as an `api.refused` event (who, what, which
 * code) and returns the response unchanged. The code is read from a copy of the JSON
 * body after the answer has been handed on, so logging never delays or breaks it.
 */
export function logApiRefusal(
	event: Pick<RequestEvent, 'request' | 'url' | 'locals' | 'getClientAddress'>,
	response: Response
): Response {
	if (response.status !== 401 && response.status !== 403) return response;
	const path = event.url.pathname;
	if (SELF_LOGGING.has(path)) return response;
	const fields = {
		status: response.status,
		method: event.request.method,
		path,
		userId: event.locals.user?.id,
		ip: clientAddress(event)
	};
	const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
	if (!isJson || !response.body) {
		logAuthEvent('api.refused', fields);
		return response;
	}
	void response
		.clone()
		.json()
		.then(
			(body: unknown) => {
				const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
				logAuthEvent('api.refused', { ...fields, code: typeof code === 'string' ? code : undefined });
			},
			() => logAuthEvent('api.refused', fields)
		);
	return response;
}
