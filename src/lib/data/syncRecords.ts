import type { FieldworkDb, HistoryRecord, RejectedRecord, SetAsideRecord } from './db';

/** Changes made on this device not yet acknowledged by a server: field changes and note updates. */
export async function pendingChangeCount(db: FieldworkDb): Promise<number> {
	return (await db.outbox.count()) + (await db.noteUpdates.where('synced').equals(0).count());
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
