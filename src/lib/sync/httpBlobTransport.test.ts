import { afterEach, expect, it, vi } from 'vitest';
import { BlobRefusedError } from './blobTransfer';
import { httpBlobTransport } from './httpBlobTransport';
import { SyncError } from './syncError';

const sha = 'a'.repeat(64);
afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: unknown, seen: Request[] = []) {
	vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
		seen.push(new Request(new URL(url, 'http://app.test'), init));
		return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
	});
}

it('sends each chunk with its sha256 and reads the status back', async () => {
	const seen: Request[] = [];
	answer(200, { sha256: sha, size: 3, received: 3, complete: true }, seen);
	expect(await httpBlobTransport.append('p1', sha, 0, new Uint8Array([1, 2, 3]), 'b'.repeat(64))).toEqual({ received: 3, complete: true });
	expect(seen[0].method).toBe('PUT');
	expect(seen[0].url).toBe(`http://app.test/api/projects/p1/blobs/${sha}?offset=0`);
	expect(seen[0].headers.get('x-chunk-sha256')).toBe('b'.repeat(64));
});

it('turns a refusal with a code into BlobRefusedError, and other failures into SyncError', async () => {
	answer(415, { error: { code: 'unsupported_type', message: 'no' } });
	await expect(httpBlobTransport.begin('p1', { sha256: sha, size: 3, mime: 'text/html' })).rejects.toMatchObject({ name: 'BlobRefusedError', code: 'unsupported_type', status: 415 });
	answer(413, { error: { code: 'quota_exceeded', message: 'full', quotaBytes: 10 } });
	await expect(httpBlobTransport.begin('p1', { sha256: sha, size: 3, mime: 'image/png' })).rejects.toBeInstanceOf(BlobRefusedError);
	// A proxy's own 413 page: the chunk was too big for it, not the attachment for the server.
	answer(413, '<html>Request Entity Too Large</html>');
	await expect(httpBlobTransport.append('p1', sha, 0, new Uint8Array(1), sha)).rejects.toMatchObject({ name: 'SyncError', kind: 'rejected' });
	answer(503, { error: { code: 'unavailable', message: 'later' } });
	await expect(httpBlobTransport.begin('p1', { sha256: sha, size: 3, mime: 'image/png' })).rejects.toMatchObject({ kind: 'server' });
	answer(401, { error: { code: 'signed_out', message: 'sign in' } });
	await expect(httpBlobTransport.begin('p1', { sha256: sha, size: 3, mime: 'image/png' })).rejects.toBeInstanceOf(SyncError);
});
