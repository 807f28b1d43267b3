import type { FieldworkDb } from '$lib/data/db';
import type { HybridClock } from './hlc';
import { applyRemoteChanges, readCursor } from './applyRemote';
import { compactOutbox, outgoingChanges, settleOutgoing } from './outgoing';
import type { PullResponse, PushResponse, WireChange } from './wire';

/** How a device talks to the server; HTTP in the app, in-process in the convergence tests. */
export interface SyncTransport {
	push(projectId: string, changes: WireChange[]): Promise<PushResponse>;
	pull(projectId: string, after: number): Promise<PullResponse>;
}

export interface SyncResult {
	pushed: number;
	rejected: number;
	pulled: number;
}

const PUSH_BATCH = 500;
const MAX_ROUNDS = 1000;

/**
 * One full sync of a project: push everything unsent (in batches), then pull
 * until the server has nothing newer. Safe to interrupt anywhere: an
 * unacknowledged push is re-sent (the server applies each op once) and the
 * cursor only moves with the changes it covers.
 */
export async function syncProject(db: FieldworkDb, clock: HybridClock, transport: SyncTransport, projectId: string): Promise<SyncResult> {
	const result: SyncResult = { pushed: 0, rejected: 0, pulled: 0 };
	await compactOutbox(db, projectId);
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const batch = await outgoingChanges(db, projectId, PUSH_BATCH);
		if (batch.length === 0) break;
		const answer = await transport.push(projectId, batch);
		await settleOutgoing(db, projectId, batch, answer.accepted, answer.rejected);
		result.pushed += answer.accepted.length;
		result.rejected += answer.rejected.length;
	}
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const page = await transport.pull(projectId, await readCursor(db, projectId));
		await applyRemoteChanges(db, clock, projectId, page.changes, page.cursor);
		result.pulled += page.changes.length;
		if (!page.hasMore) break;
	}
	return result;
}
