import type { BlobStatus, BlobTransport } from './blobTransfer';
import { call, SyncError } from './httpTransport';

const blobPath = (projectId: string, sha256: string) => `/api/projects/${encodeURIComponent(projectId)}/blobs/${sha256}`;

/** Attachment bytes over HTTP: JSON to start, raw bytes to append, raw bytes back. */
export const httpBlobTransport: BlobTransport = {
	begin: (projectId, blob) => call<BlobStatus>(blobPath(projectId, blob.sha256), { method: 'POST', body: JSON.stringify({ size: blob.size, mime: blob.mime }) }),
	append: (projectId, sha256, offset, bytes) =>
		call<BlobStatus>(`${blobPath(projectId, sha256)}?offset=${offset}`, {
			method: 'PUT',
			body: bytes as BodyInit,
			headers: { 'content-type': 'application/octet-stream' }
		}),
	async download(projectId, sha256) {
		let response: Response;
		try {
			response = await fetch(blobPath(projectId, sha256), { credentials: 'same-origin' });
		} catch (e) {
			throw new SyncError('offline', 0, e instanceof Error ? e.message : 'network error');
		}
		if (response.status === 404) return null;
		if (!response.ok) throw new SyncError(response.status === 401 ? 'signedOut' : 'server', response.status, response.statusText);
		return { bytes: new Uint8Array(await response.arrayBuffer()), mime: response.headers.get('content-type') ?? 'application/octet-stream' };
	}
};
