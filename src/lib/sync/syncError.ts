/** A failed exchange with the server, classified so the UI can say what happened in words. */
export class SyncError extends Error {
	constructor(
		readonly kind: 'offline' | 'signedOut' | 'forbidden' | 'rejected' | 'server',
		readonly status: number,
		message: string,
		/** The server's stable error code (`payload_too_large`, `quota_exceeded`, …) or `timeout`. */
		readonly code?: string
	) {
		super(message);
		this.name = 'SyncError';
	}
}
