import type { FieldworkDb, HistoryRecord } from '$lib/data/db';
import { saveClock } from '$lib/data/repository';
import { newId } from '$lib/domain/ids';
import { stampFields } from './fieldClocks';
import type { HybridClock } from './hlc';
import { isRowChange, rowChangeFields } from './rowChange';
import { MAX_PUSH_BYTES, MAX_PUSH_CHANGES, PUSH_TARGET_BYTES, toBase64, yjsField, type OvertakenChange, type RejectedChange, type WireChange } from './wire';

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

/** Bytes of a change as JSON on the wire (UTF-8), to pack pushes under the server's limit. */
export function wireBytes(change: WireChange): number {
	const json = JSON.stringify(change);
	let bytes = json.length;
	// Only characters past U+007F take more than one byte; most field text is ASCII.
	for (let i = 0; i < json.length; i++) {
		const code = json.charCodeAt(i);
		if (code > 0x7f) bytes += code > 0x7ff && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
	}
	return bytes;
}

export interface OutgoingBatch {
	/** What to push now. */
	changes: WireChange[];
	/** Changes no push can carry (one change above the server's limit): refused on the device. */
	tooLarge: WireChange[];
}

/**
 * The next batch of a project's unsent changes: field changes from the outbox and note
 * updates not yet acknowledged, oldest first, at most `maxChanges` of them and about
 * `maxBytes` of JSON. All queued changes of a row travel together, because the server
 * takes a row it does not have only when it arrives whole; a row too large for
 * `maxBytes` goes alone, and a single change larger than `hardMaxBytes` cannot go at all.
 */
export async function outgoingChanges(
	db: FieldworkDb,
	projectId: string,
	{ maxChanges = MAX_PUSH_CHANGES, maxBytes = PUSH_TARGET_BYTES, hardMaxBytes = MAX_PUSH_BYTES }: { maxChanges?: number; maxBytes?: number; hardMaxBytes?: number } = {}
): Promise<OutgoingBatch> {
	const queued = await db.outbox.where('projectId').equals(projectId).sortBy('hlc');
	const rows = new Map<string, WireChange[]>();
	for (const c of queued) {
		const key = `${c.table}\u0000${c.rowId}`;
		if (!rows.has(key)) rows.set(key, []);
		rows.get(key)!.push({ opId: c.opId, hlc: c.hlc, table: c.table, rowId: c.rowId, field: c.field, value: c.value, ...(c.base ? { base: c.base } : {}) });
	}
	const batch: OutgoingBatch = { changes: [], tooLarge: [] };
	let bytes = 0;
	const fits = (n: number, size: number) => batch.changes.length + n <= maxChanges && (bytes + size <= maxBytes || batch.changes.length === 0);
	for (const row of rows.values()) {
		const sendable = row.filter((c) => {
			if (wireBytes(c) <= hardMaxBytes) return true;
			batch.tooLarge.push(c);
			return false;
		});
		const size = sendable.reduce((sum, c) => sum + wireBytes(c), 0);
		if (!fits(sendable.length, size)) return batch;
		batch.changes.push(...sendable);
		bytes += size;
	}
	const room = maxChanges - batch.changes.length;
	if (room <= 0) return batch;
	const updates = await db.noteUpdates.where('synced').equals(0).filter((u) => u.projectId === projectId).limit(room).toArray();
	for (const u of updates) {
		const change: WireChange = { opId: u.id, hlc: hlcOfNoteUpdate(u.createdAt), table: 'noteUpdates', rowId: u.noteId, field: yjsField, value: toBase64(u.update) };
		const size = wireBytes(change);
		if (size > hardMaxBytes) {
			batch.tooLarge.push(change);
			continue;
		}
		if (!fits(1, size)) break;
		batch.changes.push(change);
		bytes += size;
	}
	return batch;
}

/** Note updates merge as a CRDT and need no ordering; their stamp only has to be well-formed. */
function hlcOfNoteUpdate(createdAt: string): string {
	const millis = Math.max(0, Date.parse(createdAt) || 0);
	return `${String(millis).padStart(15, '0')}:0000:yjs`;
}

/**
 * After the server's answer: acknowledged changes leave the outbox, refused ones are
 * kept aside with the reason (all in bulk: a push holds up to 1000). Accepted changes
 * that lost their field to a colleague's concurrent edit go to `history` at once, so the
 * person whose value lost is told; an edit of a row a colleague deleted meanwhile brings
 * the row back (a `deleted = 0` stamped after the deletion), so the edit is not lost.
 */
export async function settleOutgoing(
	db: FieldworkDb,
	projectId: string,
	sent: WireChange[],
	accepted: string[],
	rejected: RejectedChange[],
	{ overtaken = [], clock }: { overtaken?: OvertakenChange[]; clock?: HybridClock } = {}
): Promise<void> {
	const acceptedIds = new Set(accepted);
	const reasons = new Map(rejected.map((r) => [r.opId, r]));
	const settled = sent.filter((c) => acceptedIds.has(c.opId) || reasons.has(c.opId));
	await db.transaction('rw', ['outbox', 'noteUpdates', 'rejected', 'history', 'syncState'], async () => {
		const at = new Date().toISOString();
		const refused = settled.filter((c) => reasons.has(c.opId));
		if (refused.length) {
			await db.rejected.bulkPut(refused.map((c) => ({ ...c, projectId, code: reasons.get(c.opId)!.code, message: reasons.get(c.opId)!.message, at })));
		}
		const updates = settled.filter((c) => c.table === 'noteUpdates').map((c) => c.opId);
		if (updates.length) await db.noteUpdates.where('id').anyOf(updates).modify({ synced: 1 });
		await db.outbox.bulkDelete(settled.filter((c) => c.table !== 'noteUpdates').map((c) => c.opId));
		if (overtaken.length) await recordOvertaken(db, projectId, sent, overtaken, at, clock);
	});
}

async function recordOvertaken(db: FieldworkDb, projectId: string, sent: WireChange[], overtaken: OvertakenChange[], at: string, clock: HybridClock | undefined) {
	const byOp = new Map(sent.map((c) => [c.opId, c]));
	const lost: HistoryRecord[] = [];
	for (const o of overtaken) {
		const change = byOp.get(o.opId);
		if (!change || change.table === 'noteUpdates') continue;
		const table = change.table;
		if (o.field === 'deleted' && clock) {
			// My edit landed on a row a colleague deleted: keep the edit, bring the row back.
			clock.observe(o.winnerHlc);
			const hlc = clock.tick();
			await db.outbox.add({ opId: newId(), hlc, projectId, table, rowId: change.rowId, field: 'deleted', value: 0 });
			await stampFields(db, table, change.rowId, ['deleted'], hlc);
			await saveClock({ db }, clock);
			lost.push({ projectId, table, rowId: change.rowId, field: 'deleted', value: 0, hlc, supersededBy: o.winnerHlc, at, by: o.winnerUserId, kind: 'restoredAfterDelete' });
			continue;
		}
		const value = isRowChange(change) ? rowChangeFields(change)?.[o.field] : change.value;
		lost.push({ projectId, table, rowId: change.rowId, field: o.field, value, hlc: change.hlc, supersededBy: o.winnerHlc, at, by: o.winnerUserId, kind: 'mineLost' });
	}
	if (lost.length) await db.history.bulkAdd(lost);
}
