import { z } from 'zod';
import { BlobRefusedError, type BlobStatus, type BlobTransport } from './blobTransfer';
import { REQUEST_TIMEOUT_MS } from './httpTransport';
import { SyncError } from './syncError';

const blobPath = (projectId: string, sha256: string) => `/api/projects/${encodeURIComponent(projectId)}/blobs/${sha256}`;

const statusSchema = z.object({ received: z.number().int().min(0), complete: z.boolean() });
const errorSchema = z.object({ error: z.object({ code: z.string().max(64), message: z.string().max(2000).default('') }) });

async function send(url: string, init: RequestInit): Promise<Response> {
	try {
		return await fetch(url, { ...init, credentials: 'same-origin', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
	} catch (e) {
		// No answer in time: the server or the link is stuck; the engine tries again later.
		if (e instanceof DOMException && e.name === 'TimeoutError') throw new SyncError('server', 0, `No answer within ${REQUEST_TIMEOUT_MS / 1000} s`, 'timeout');
		throw new SyncError('offline', 0, e instanceof Error ? e.message : 'network error');
	}
}

/**
 * The answer as a status, or the refusal as an error: a 4xx with a code the device
 * acts on (`BlobRefusedError`), everything else as the sync engine knows it (`SyncError`).
 */
async function statusOf(response: Response): Promise<BlobStatus> {
	const body: unknown = await response.json().catch(() => null);
	if (response.ok) {
		const parsed = statusSchema.safeParse(body);
		if (!parsed.success) throw new SyncError('server', response.status, 'The server answered an upload with something else than its status');
		return parsed.data;
	}
	const refusal = errorSchema.safeParse(body);
	const message = refusal.success ? refusal.data.error.message : response.statusText;
	if (response.status === 401) throw new SyncError('signedOut', 401, message);
	if (response.status === 403) throw new SyncError('forbidden', 403, message);
	// A body-size limit in front of the app answers 413 without our JSON: the chunk, not the attachment, was too big.
	if (response.status >= 400 && response.status < 500 && response.status !== 429 && refusal.success) {
		throw new BlobRefusedError(refusal.data.error.code, response.status, message);
	}
	throw new SyncError(response.status >= 500 || response.status === 429 ? 'server' : 'rejected', response.status, message, refusal.success ? refusal.data.error.code : undefined);
}

/** Attachment bytes over HTTP: JSON to start, raw bytes (with their sha256) to append, raw bytes back. */
export const httpBlobTransport: BlobTransport = {
	async begin(projectId, blob) {
		const response = await send(blobPath(projectId, blob.sha256), {
			method: 'POST',
			body: JSON.stringify({ size: blob.size, mime: blob.mime }),
			headers: { 'content-type': 'application/json' }
		});
		return statusOf(response);
	},
	async append(projectId, sha256, offset, bytes, chunkSha256) {
		const response = await send(`${blobPath(projectId, sha256)}?offset=${offset}`, {
			method: 'PUT',
			body: bytes as BodyInit,
			headers: { 'content-type': 'application/octet-stream', 'x-chunk-sha256': chunkSha256 }
		});
		return statusOf(response);
	},
	async download(projectId, sha256) {
		let response: Response;
		try {
			// A long recording may take a while; no timeout beyond the browser's own.
			response = await fetch(blobPath(projectId, sha256), { credentials: 'same-origin' });
		} catch (e) {
			throw new SyncError('offline', 0, e instanceof Error ? e.message : 'network error');
		}
		if (response.status === 404) return null;
		if (!response.ok) throw new SyncError(response.status === 401 ? 'signedOut' : 'server', response.status, response.statusText);
		return { bytes: new Uint8Array(await response.arrayBuffer()), mime: response.headers.get('content-type') ?? 'application/octet-stream' };
	}
};
