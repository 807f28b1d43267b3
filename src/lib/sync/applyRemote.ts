import { fieldChangesOf, isRowChange, rowChangeFields } from './rowChange';
import { syncedTableNames, type FieldworkDb, type HistoryRecord, type SetAsideReason, type SetAsideRecord, type SyncedTableName } from '$lib/data/db';
import { syncableField } from '$lib/domain/schemas';
import { isMergedField } from '$lib/domain/authorship';
import type { HybridClock } from './hlc';
import { fieldClocksKey, type FieldClocks } from './fieldClocks';
import { saveClock } from '$lib/data/repository';
import { fromBase64, wireChangeSchema, yjsField, type PulledChange } from './wire';

const cursorKey = (projectId: string) => `cursor:${projectId}`;

export async function readCursor(db: FieldworkDb, projectId: string): Promise<number> {
	const v = (await db.syncState.get(cursorKey(projectId)))?.value;
	return typeof v === 'number' ? v : 0;
}

/** Reads a note update's bytes and says whether a note can take them (see `notes/updateCheck.ts`). */
type NoteCheck = (bytes: Uint8Array) => { ok: boolean };

/**
 * The note check pulls in Yjs, which the first screen does not need: it is
 * loaded when a page first brings a note update, then kept.
 */
let noteCheck: NoteCheck | undefined;
async function loadNoteCheck(): Promise<NoteCheck> {
	noteCheck ??= (await import('$lib/notes/updateCheck')).checkNoteUpdateBytes;
	return noteCheck;
}

const known = new Set<string>(syncedTableNames);
const hlcSchema = wireChangeSchema.shape.hlc;
const rowIdSchema = wireChangeSchema.shape.rowId;

/**
 * Why this build cannot apply a pulled change, or null when it can. A newer
 * server may send tables, fields or values this build does not know; a faulty
 * or hostile device may have sent a note update that is not one. Neither may
 * stop sync: such a change is set aside, not applied.
 */
function problemOf(c: PulledChange, check: NoteCheck | undefined): SetAsideReason | 'later' | null {
	if (!hlcSchema.safeParse(c.hlc).success || !rowIdSchema.safeParse(c.rowId).success) return 'invalid_value';
	const table: string = c.table;
	if (table === 'noteUpdates') {
		if (c.field !== yjsField) return 'unknown_field';
		if (typeof c.value !== 'string') return 'invalid_update';
		if (!check) return 'later';
		let bytes: Uint8Array;
		try {
			bytes = fromBase64(c.value);
		} catch {
			return 'invalid_update';
		}
		return check(bytes).ok ? null : 'invalid_update';
	}
	if (!known.has(table)) return 'unknown_table';
	if (isRowChange(c)) return 'invalid_value';
	const schema = syncableField(table as SyncedTableName, c.field);
	if (!schema) return 'unknown_field';
	return schema.safeParse(c.value).success ? null : 'invalid_value';
}

/**
 * Applies a page of pulled changes and moves the cursor, in one transaction,
 * with no outbox echo. Per field, the newer HLC wins – the same rule the server
 * used, so every device ends with the same values. In a conflict the value that
 * loses goes to `history`: an unsent local edit overtaken by a newer remote one,
 * or a remote edit older than what the device holds. A plain newer edit of a
 * value already synced is progress, not a conflict, and is not recorded.
 *
 * A change this build cannot apply (unknown table or field, a value its schema
 * refuses, a note update that is not one) is set aside in `setAside` with the
 * reason – never applied, never fatal: the cursor still moves past it. Each
 * later page first tries the project's set-aside changes again, so after an
 * app update they are applied; last writer wins per field, so applying them
 * late gives the same values as applying them in order.
 */
export async function applyRemoteChanges(
	db: FieldworkDb,
	clock: HybridClock,
	projectId: string,
	changes: PulledChange[],
	cursor: number
): Promise<void> {
	// Loaded before the transaction: waiting for a module inside it would end it.
	// (A restore calls this inside its own transaction, with no note updates.)
	const check = changes.some((c) => c.table === 'noteUpdates') ? await loadNoteCheck() : noteCheck;
	await db.transaction('rw', [...syncedTableNames, 'noteUpdates', 'syncState', 'history', 'outbox', 'setAside'], async () => {
		const at = new Date().toISOString();
		const waiting = await db.setAside.where('projectId').equals(projectId).toArray();
		const usable: PulledChange[] = [];
		const setAside: SetAsideRecord[] = [];
		const nowUsable: string[] = [];
		for (const w of waiting) {
			const c: PulledChange = { seq: w.seq, opId: w.opId, hlc: w.hlc, table: w.table as PulledChange['table'], rowId: w.rowId, field: w.field, value: w.value };
			const problem = problemOf(c, check);
			if (problem !== null) continue;
			usable.push(c);
			nowUsable.push(w.opId);
		}
		// A created row arrives as one `$row` change: it is each of its fields, with the row's stamp.
		// A `$row` whose value is not an object stands for no field: it is set aside whole, not lost.
		const fieldChanges = changes.flatMap((change) => (isRowChange(change) && rowChangeFields(change) === null ? [change] : fieldChangesOf(change, { distinctIds: true })));
		for (const c of fieldChanges) {
			const problem = problemOf(c, check);
			if (problem === null) usable.push(c);
			else setAside.push({ opId: String(c.opId), projectId, seq: c.seq, table: String(c.table), rowId: String(c.rowId), field: String(c.field), value: c.value, hlc: String(c.hlc), reason: problem === 'later' ? 'invalid_update' : problem, at });
		}
		// This device's own pushed writes come back in the pull: one that lost was already
		// recorded when the server said so (`settleOutgoing`), never as "theirs".
		const ownStamp = (hlc: string) => hlc.endsWith(`:${clock.node}`);
		const ownWrite = (c: PulledChange) => ownStamp(c.hlc);
		// Told already when the push was answered (`settleOutgoing`), or not yet: checked below.
		const maybeLost: HistoryRecord[] = [];
		const byRow = new Map<string, PulledChange[]>();
		for (const c of usable) {
			// The server already refused stamps far ahead of it; what it accepted, this device must order after.
			clock.observe(c.hlc);
			if (c.table === 'noteUpdates') {
				if (!(await db.noteUpdates.where('id').equals(c.opId).count())) {
					await db.noteUpdates.add({ id: c.opId, projectId, noteId: c.rowId, update: fromBase64(String(c.value)), createdAt: new Date().toISOString(), synced: 1 });
				}
				continue;
			}
			const key = `${c.table}/${c.rowId}`;
			if (!byRow.has(key)) byRow.set(key, []);
			byRow.get(key)!.push(c);
		}
		// Read everything the merge needs in a few bulk reads, not three per row: a
		// restore or a first pull brings tens of thousands of rows at once.
		const groups = [...byRow.values()];
		const idsByTable = new Map<SyncedTableName, string[]>();
		for (const [c] of groups) {
			const table = c.table as SyncedTableName;
			if (!idsByTable.has(table)) idsByTable.set(table, []);
			idsByTable.get(table)!.push(c.rowId);
		}
		const stored = new Map<string, Record<string, unknown> | undefined>();
		for (const [table, ids] of idsByTable) {
			const rows = await db.table(table).bulkGet(ids);
			ids.forEach((id, i) => stored.set(`${table}/${id}`, rows[i] as Record<string, unknown> | undefined));
		}
		const clockRows = await db.syncState.bulkGet(groups.map(([c]) => fieldClocksKey(c.table, c.rowId)));
		// A local edit still waiting to be sent was made without seeing the remote one: a real conflict.
		const pending = new Set(
			(await db.outbox.where('projectId').equals(projectId).toArray()).flatMap((o) => fieldChangesOf(o).map((f) => `${f.table}/${f.rowId}/${f.field}`))
		);

		const puts = new Map<SyncedTableName, Record<string, unknown>[]>();
		const clockPuts: { key: string; value: FieldClocks }[] = [];
		const lost: HistoryRecord[] = [];
		groups.forEach((rowChanges, i) => {
			const { table, rowId } = rowChanges[0];
			const key = `${table}/${rowId}`;
			const row: Record<string, unknown> = { ...(stored.get(key) ?? { id: rowId, projectId }) };
			const clocks: FieldClocks = { ...((clockRows[i]?.value as FieldClocks | undefined) ?? {}) };
			let changed = false;
			for (const c of rowChanges) {
				const mine = clocks[c.field] ?? '';
				if (c.hlc === mine) continue;
				const same = JSON.stringify(row[c.field]) === JSON.stringify(c.value);
				if (c.hlc > mine) {
					if (mine && !same && !merged(c)) {
						if (pending.has(`${key}/${c.field}`)) lost.push(history(projectId, c, row[c.field], mine, c.hlc, at, 'mineLost'));
						// My value was pushed already; the newer one was written without seeing it
						// (its base is not my stamp): a concurrent edit that beat mine.
						else if (ownStamp(mine) && c.base !== undefined && c.base !== mine) maybeLost.push(history(projectId, c, row[c.field], mine, c.hlc, at, 'mineLost'));
					}
					row[c.field] = c.value;
					clocks[c.field] = c.hlc;
					if (!row.updatedAt || c.hlc > String(row.updatedAt)) row.updatedAt = c.hlc;
					changed = true;
				} else if (!same && !merged(c) && !ownWrite(c)) lost.push(history(projectId, c, c.value, c.hlc, mine, at, 'theirsLost'));
			}
			if (!changed) return;
			const t = table as SyncedTableName;
			if (!puts.has(t)) puts.set(t, []);
			puts.get(t)!.push(row);
			clockPuts.push({ key: fieldClocksKey(table, rowId), value: clocks });
		});
		for (const [table, rows] of puts) await db.table(table).bulkPut(rows);
		if (clockPuts.length) await db.syncState.bulkPut(clockPuts);
		if (maybeLost.length) {
			const told = new Set(
				(await db.history.where('[table+rowId]').anyOf(maybeLost.map((h) => [h.table, h.rowId])).toArray()).map((h) => `${h.table}/${h.rowId}/${h.field}/${h.supersededBy}`)
			);
			lost.push(...maybeLost.filter((h) => !told.has(`${h.table}/${h.rowId}/${h.field}/${h.supersededBy}`)));
		}
		if (lost.length) await db.history.bulkAdd(lost);
		if (nowUsable.length) await db.setAside.bulkDelete(nowUsable);
		if (setAside.length) {
			await db.setAside.bulkPut(setAside);
			console.warn(`sync: ${setAside.length} pulled change(s) set aside`, setAside.map((r) => `${r.table}.${r.field}: ${r.reason}`));
		}
		await db.syncState.put({ key: cursorKey(projectId), value: cursor });
		await saveClock({ db }, clock);
	});
}

/** Merged values (a note's text, tags, codings) replacing each other are never a conflict to show. */
const merged = (c: PulledChange) => isMergedField(c.table as SyncedTableName, c.field);

function history(projectId: string, c: PulledChange, value: unknown, hlc: string, supersededBy: string, at: string, kind: HistoryRecord['kind']): HistoryRecord {
	// mineLost: the pulled change won, by its author; theirsLost: it lost, and its author is the colleague.
	return { projectId, table: c.table as SyncedTableName, rowId: c.rowId, field: c.field, value, hlc, supersededBy, at, kind, ...(c.userId ? { by: c.userId } : {}) };
}
