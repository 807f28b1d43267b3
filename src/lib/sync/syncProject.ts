import type { FieldworkDb } from '$lib/data/db';
import type { HybridClock } from './hlc';
import { applyRemoteChanges, readCursor } from './applyRemote';
import { compactOutbox, outgoingChanges, settleOutgoing, wireBytes } from './outgoing';
import { SyncError } from './syncError';
import { enforceErasures } from '$lib/data/erasure';
import { PUSH_TARGET_BYTES, type PullResponse, type PushResponse, type WireChange } from './wire';

/** How a device talks to the server; HTTP in the app, in-process in the convergence tests. */
export interface SyncTransport {
	push(projectId: string, changes: WireChange[]): Promise<PushResponse>;
	/** `skipNode`: this device's node id, so the server leaves out what this device wrote. */
	pull(projectId: string, after: number, options?: { skipNode?: string }): Promise<PullResponse>;
}

export interface SyncResult {
	pushed: number;
	rejected: number;
	pulled: number;
}

const MAX_ROUNDS = 1000;
/** Never pack pushes smaller than this after the server said "too large" (413). */
const MIN_PUSH_BYTES = 64 * 1024;

/**
 * One full sync of a project: push everything unsent (in batches), then pull
 * until the server has nothing newer. Safe to interrupt anywhere: an
 * unacknowledged push is re-sent (the server applies each op once) and the
 * cursor only moves with the changes it covers.
 */
export async function syncProject(db: FieldworkDb, clock: HybridClock, transport: SyncTransport, projectId: string): Promise<SyncResult> {
	const result: SyncResult = { pushed: 0, rejected: 0, pulled: 0 };
	await compactOutbox(db, projectId);
	let maxBytes = PUSH_TARGET_BYTES;
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const batch = await outgoingChanges(db, projectId, { maxBytes });
		if (batch.tooLarge.length > 0) {
			// Too large for any push: keep it aside on the device with the reason, never resend it for ever.
			const refused = batch.tooLarge.map((c) => ({ opId: c.opId, code: 'too_large' as const, message: `One change of ${wireBytes(c)} bytes is more than a push may carry.` }));
			await settleOutgoing(db, projectId, batch.tooLarge, [], refused);
			result.rejected += refused.length;
		}
		if (batch.changes.length === 0) {
			if (batch.tooLarge.length > 0) continue;
			break;
		}
		let answer: PushResponse;
		try {
			answer = await transport.push(projectId, batch.changes);
		} catch (e) {
			// A server configured with a smaller body limit than ours: pack smaller and go on.
			if (e instanceof SyncError && e.status === 413 && maxBytes > MIN_PUSH_BYTES) {
				maxBytes = Math.max(MIN_PUSH_BYTES, Math.floor(Math.min(maxBytes, batch.changes.reduce((n, c) => n + wireBytes(c), 0)) / 2));
				continue;
			}
			if (e instanceof SyncError && e.status === 413) {
				const refused = batch.changes.map((c) => ({ opId: c.opId, code: 'too_large' as const, message: 'The server refused this change as too large.' }));
				await settleOutgoing(db, projectId, batch.changes, [], refused);
				result.rejected += refused.length;
				continue;
			}
			throw e;
		}
		await settleOutgoing(db, projectId, batch.changes, answer.accepted, answer.rejected, { overtaken: answer.overtaken, clock });
		result.pushed += answer.accepted.length;
		result.rejected += answer.rejected.length;
	}
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const page = await transport.pull(projectId, await readCursor(db, projectId), { skipNode: clock.node });
		await applyRemoteChanges(db, clock, projectId, page.changes, page.cursor);
		result.pulled += page.changes.length;
		if (!page.hasMore) break;
	}
	// An erasure pulled now (or one that met the participant's rows again: an old push
	// refused, a restore) is carried out before anyone sees the rows.
	await enforceErasures(db, projectId);
	return result;
}
