/** A failed exchange with the server, classified so the UI can say what happened in words. */
export class SyncError extends Error {
	constructor(
		/** `outdated`: the app and the server speak sync formats the other does not (426 `client_outdated`, or `server_outdated`). */
		readonly kind: 'offline' | 'signedOut' | 'forbidden' | 'rejected' | 'server' | 'outdated',
		readonly status: number,
		message: string,
		/** The server's stable error code (`payload_too_large`, `quota_exceeded`, …) or `timeout`. */
		readonly code?: string
	) {
		super(message);
		this.name = 'SyncError';
	}
}
