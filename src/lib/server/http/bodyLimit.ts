import { MAX_PUSH_BYTES } from '$lib/sync/wire';
import { MAX_CHUNK_BYTES } from '$lib/server/sync/blobs';

/**
 * adapter-node refuses request bodies above `BODY_SIZE_LIMIT` (512 KiB unless set) before
 * the app sees them, with a plain-text answer. The app's own limits (a push page, an
 * attachment chunk) are larger, so the server must run with a larger BODY_SIZE_LIMIT;
 * `npm start` sets one. This is what the app needs, with room for headers of the JSON.
 */
export const REQUIRED_BODY_BYTES = Math.max(MAX_PUSH_BYTES, MAX_CHUNK_BYTES) + 64 * 1024;
export const DEFAULT_BODY_SIZE_LIMIT = '16M';

/** Bytes in an adapter-node size ("512K", "16M", "Infinity"), or NaN when unreadable. */
export function parseBodySize(value: string): number {
	if (value === 'Infinity') return Infinity;
	const match = /^(\d+)([KMG]?)$/i.exec(value.trim());
	if (!match) return NaN;
	const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
	return Number(match[1]) * unit;
}

/** Says so at start when the server would refuse what its own devices send. */
export function warnAboutBodyLimit(env: Record<string, string | undefined> = process.env, log: (line: string) => void = console.warn): void {
	const configured = env.BODY_SIZE_LIMIT ?? '512K';
	const bytes = parseBodySize(configured);
	if (!(bytes >= REQUIRED_BODY_BYTES)) {
		log(
			`[feltinnsikt] BODY_SIZE_LIMIT is ${configured}: devices send pushes and attachment chunks up to ${REQUIRED_BODY_BYTES} bytes, ` +
				`which would be refused. Start with BODY_SIZE_LIMIT=${DEFAULT_BODY_SIZE_LIMIT} (npm start sets it).`
		);
	}
}
