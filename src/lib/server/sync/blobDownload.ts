import type { BlobInfo } from './blobs';
import { blobBytes } from './blobs';
import type { SqlClient } from './sql';

/**
 * Headers that keep an attachment from ever acting as a page of the app: the type the
 * bytes were found to be (never a string a device declared), no sniffing by the
 * browser, a CSP that allows nothing and sandboxes the document should someone open
 * the URL directly, and `inline` only for photos and recordings.
 */
export function downloadHeaders(info: BlobInfo, sha256: string): Record<string, string> {
	return {
		'content-type': info.type ?? 'application/octet-stream',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox",
		'content-disposition': info.type ? 'inline' : `attachment; filename="${sha256}"`,
		'accept-ranges': 'bytes',
		// Content under a hash never changes; private: it is a project's data.
		'cache-control': 'private, max-age=31536000, immutable'
	};
}

/** The one byte range `bytes=a-b`, `bytes=a-` or `bytes=-n` asks for; null for none, 'unsatisfiable' for one outside the blob. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
	if (!header) return null;
	const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	// Several ranges or another unit: answer with the whole, as a server may.
	if (!match || (match[1] === '' && match[2] === '')) return null;
	if (match[1] === '') {
		const suffix = Number(match[2]);
		if (suffix === 0 || size === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - suffix), end: size };
	}
	const start = Number(match[1]);
	const end = match[2] === '' ? size : Math.min(size, Number(match[2]) + 1);
	if (start >= size || end <= start) return 'unsatisfiable';
	return { start, end };
}

function streamOf(parts: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await parts.next();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		},
		async cancel() {
			await parts.return(undefined);
		}
	});
}

/** The attachment's bytes (or the range asked for, so a player can seek) as a streamed response. */
export function blobResponse(sql: SqlClient, sha256: string, info: BlobInfo, rangeHeader: string | null): Response {
	const headers = downloadHeaders(info, sha256);
	const range = parseRange(rangeHeader, info.size);
	if (range === 'unsatisfiable') {
		return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${info.size}`, 'content-length': '0' } });
	}
	const { start, end } = range ?? { start: 0, end: info.size };
	const body = streamOf(blobBytes(sql, sha256, start, end));
	if (!range) return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(info.size) } });
	return new Response(body, {
		status: 206,
		headers: { ...headers, 'content-range': `bytes ${start}-${end - 1}/${info.size}`, 'content-length': String(end - start) }
	});
}
