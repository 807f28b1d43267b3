import type { SyncTransport } from './syncProject';
import type { PullResponse, PushResponse, WireChange } from './wire';

/** A failed exchange with the server, classified so the UI can say what happened in words. */
export class SyncError extends Error {
	constructor(
		readonly kind: 'offline' | 'signedOut' | 'forbidden' | 'rejected' | 'server',
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'SyncError';
	}
}

export async function call<T>(url: string, init: RequestInit): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, credentials: 'same-origin', headers: { 'content-type': 'application/json', ...init.headers } });
	} catch (e) {
		throw new SyncError('offline', 0, e instanceof Error ? e.message : 'network error');
	}
	const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
	if (response.ok) return body as T;
	const message = body?.error?.message ?? response.statusText;
	if (response.status === 401) throw new SyncError('signedOut', 401, message);
	if (response.status === 403 || response.status === 404) throw new SyncError('forbidden', response.status, message);
	if (response.status >= 500 || response.status === 429) throw new SyncError('server', response.status, message);
	throw new SyncError('rejected', response.status, message);
}

/** The app's transport: the same-origin `/api/projects/:id/sync` endpoints, with the session cookie. */
export const httpTransport: SyncTransport = {
	push: (projectId: string, changes: WireChange[]) =>
		call<PushResponse>(`/api/projects/${encodeURIComponent(projectId)}/sync/push`, { method: 'POST', body: JSON.stringify({ changes }) }),
	pull: (projectId: string, after: number) =>
		call<PullResponse>(`/api/projects/${encodeURIComponent(projectId)}/sync/pull?after=${after}`, { method: 'GET' })
};
