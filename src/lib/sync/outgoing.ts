import type { FieldworkDb } from '$lib/data/db';
import { toBase64, yjsField, type RejectedChange, type WireChange } from './wire';

/**
 * Drops queued changes that a later queued change of the same field already
 * replaces (the note's text snapshot is rewritten at every pause in typing):
 * the server would let the later one win anyway, so sending both is waste.
 */
export async function compactOutbox(db: FieldworkDb, projectId: string): Promise<number> {
	return db.transaction('rw', ['outbox'], async () => {
		const queued = await db.outbox.where('projectId').equals(projectId).sortBy('hlc');
		const latest = new Map<string, string>();
		for (const c of queued) latest.set(`${c.table}\u0000${c.rowId}\u0000${c.field}`, c.opId);
		const superseded = queued.filter((c) => latest.get(`${c.table}\u0000${c.rowId}\u0000${c.field}`) !== c.opId).map((c) => c.opId);
		await db.outbox.bulkDelete(superseded);
		return superseded.length;
	});
}

/**
 * The next batch of a project's unsent changes: field changes from the outbox
 * and note updates not yet acknowledged, oldest first.
 */
export async function outgoingChanges(db: FieldworkDb, projectId: string, limit: number): Promise<WireChange[]> {
	const fieldChanges = (await db.outbox.where('projectId').equals(projectId).sortBy('hlc')).slice(0, limit).map(
		(c): WireChange => ({ opId: c.opId, hlc: c.hlc, table: c.table, rowId: c.rowId, field: c.field, value: c.value })
	);
	const room = limit - fieldChanges.length;
	if (room <= 0) return fieldChanges;
	const updates = await db.noteUpdates.where('synced').equals(0).filter((u) => u.projectId === projectId).limit(room).toArray();
	return fieldChanges.concat(
		updates.map((u) => ({ opId: u.id, hlc: hlcOfNoteUpdate(u.createdAt), table: 'noteUpdates', rowId: u.noteId, field: yjsField, value: toBase64(u.update) }))
	);
}

/** Note updates merge as a CRDT and need no ordering; their stamp only has to be well-formed. */
function hlcOfNoteUpdate(createdAt: string): string {
	const millis = Math.max(0, Date.parse(createdAt) || 0);
	return `${String(millis).padStart(15, '0')}:0000:yjs`;
}

/** After the server's answer: acknowledged changes leave the outbox; refused ones are kept aside, with the reason. */
export async function settleOutgoing(db: FieldworkDb, projectId: string, sent: WireChange[], accepted: string[], rejected: RejectedChange[]): Promise<void> {
	const acceptedIds = new Set(accepted);
	const reasons = new Map(rejected.map((r) => [r.opId, r]));
	await db.transaction('rw', ['outbox', 'noteUpdates', 'rejected'], async () => {
		const at = new Date().toISOString();
		for (const change of sent) {
			const reason = reasons.get(change.opId);
			if (!acceptedIds.has(change.opId) && !reason) continue;
			if (reason) await db.rejected.put({ ...change, projectId, code: reason.code, message: reason.message, at });
			if (change.table === 'noteUpdates') {
				const row = await db.noteUpdates.where('id').equals(change.opId).first();
				if (row?.seq !== undefined) await db.noteUpdates.update(row.seq, { synced: 1 });
			} else await db.outbox.delete(change.opId);
		}
	});
}
