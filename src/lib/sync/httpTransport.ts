import { SyncError } from './syncError';
import type { SyncTransport } from './syncProject';
import type { z } from 'zod';
import { pullResponseSchema, pushResponseSchema, SYNC_FORMAT, SYNC_FORMAT_HEADER, type PullResponse, type PushResponse, type WireChange } from './wire';

export { SyncError };

/**
 * How long one request may take before the device gives up and tries again later. A
 * server that stops answering must not hold sync (and every project after it) for ever;
 * the figures leave room for a 4 MiB push or a 1 MiB chunk on a slow mobile link.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

export async function call<T>(url: string, init: RequestInit & { timeoutMs?: number; schema?: z.ZodType }): Promise<T> {
	const { timeoutMs = REQUEST_TIMEOUT_MS, schema, ...rest } = init;
	let response: Response;
	try {
		response = await fetch(url, {
			...rest,
			credentials: 'same-origin',
			signal: AbortSignal.timeout(timeoutMs),
			headers: { 'content-type': 'application/json', ...rest.headers }
		});
	} catch (e) {
		if (e instanceof DOMException && e.name === 'TimeoutError') throw new SyncError('server', 0, `No answer within ${timeoutMs / 1000} s`, 'timeout');
		throw new SyncError('offline', 0, e instanceof Error ? e.message : 'network error');
	}
	const body = (await response.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
	if (response.ok) {
		if (!schema) return body as T;
		// A server's answer is checked like any other input: a broken page is a server fault
		// to try again later, never something written to the device.
		const parsed = schema.safeParse(body);
		if (!parsed.success) throw new SyncError('server', response.status, 'The server answered with something that is not a sync answer.', 'bad_response');
		return parsed.data as T;
	}
	const message = body?.error?.message ?? response.statusText;
	const code = body?.error?.code;
	// Versions that do not speak to each other: no retry helps until one side is updated.
	if (code === 'client_outdated' || code === 'server_outdated') throw new SyncError('outdated', response.status, message, code);
	if (response.status === 401) throw new SyncError('signedOut', 401, message, code);
	if (response.status === 403 || response.status === 404) throw new SyncError('forbidden', response.status, message, code);
	if (response.status >= 500 || response.status === 429) throw new SyncError('server', response.status, message, code);
	throw new SyncError('rejected', response.status, message, code);
}

const syncFormatHeaders = { [SYNC_FORMAT_HEADER]: String(SYNC_FORMAT) };

/** The app's transport: the same-origin `/api/projects/:id/sync` endpoints, with the session cookie. */
export const httpTransport: SyncTransport = {
	push: (projectId: string, changes: WireChange[]) =>
		call<PushResponse>(`/api/projects/${encodeURIComponent(projectId)}/sync/push`, {
			method: 'POST',
			body: JSON.stringify({ changes }),
			headers: syncFormatHeaders,
			schema: pushResponseSchema
		}),
	pull: (projectId: string, after: number, options?: { skipNode?: string }) =>
		call<PullResponse>(
			`/api/projects/${encodeURIComponent(projectId)}/sync/pull?after=${after}${options?.skipNode ? `&node=${encodeURIComponent(options.skipNode)}` : ''}`,
			{ method: 'GET', headers: syncFormatHeaders, schema: pullResponseSchema }
		)
};
