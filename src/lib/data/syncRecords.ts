import { linkedProjects } from '$lib/sync/links';
import type { FieldworkDb, HistoryRecord, RejectedRecord, SetAsideRecord } from './db';

/** Changes made on this device not yet acknowledged by a server: field changes and note updates. */
export async function pendingChangeCount(db: FieldworkDb): Promise<number> {
	return (await db.outbox.count()) + (await db.noteUpdates.where('synced').equals(0).count());
}

/**
 * The header's view of sync: whether the project at hand is shared with a server (with none
 * chosen: whether any is), and how many changes of shared projects the server has not
 * acknowledged. Sync runs for the whole device, so every shared project's waiting work
 * counts; a project only on this device has nothing waiting for a server.
 */
export async function projectSyncState(db: FieldworkDb, projectId: string | null): Promise<{ shared: boolean; pending: number }> {
	const linked = (await linkedProjects(db)).map((l) => l.projectId);
	const shared = projectId ? linked.includes(projectId) : linked.length > 0;
	if (!shared) return { shared: false, pending: 0 };
	const changes = await db.outbox.where('projectId').anyOf(linked).count();
	const ids = new Set(linked);
	const updates = await db.noteUpdates.where('synced').equals(0).filter((u) => ids.has(u.projectId)).count();
	return { shared: true, pending: changes + updates };
}

/** What sync kept aside for people to see: refused changes and the latest conflicts. */
export async function syncRecords(db: FieldworkDb): Promise<{ pending: number; rejected: RejectedRecord[]; history: HistoryRecord[] }> {
	return {
		pending: await pendingChangeCount(db),
		rejected: await db.rejected.toArray(),
		history: await db.history.orderBy('id').reverse().limit(50).toArray()
	};
}

/** Pulled changes this device could not apply, newest first (shown under Settings → Sync). */
export async function setAsideRecords(db: FieldworkDb): Promise<SetAsideRecord[]> {
	return (await db.setAside.toArray()).sort((a, b) => b.at.localeCompare(a.at) || a.opId.localeCompare(b.opId));
}
