import { syncedTableNames, type FieldworkDb, type HistoryRecord, type SyncedTableName } from '$lib/data/db';
import type { HybridClock } from './hlc';
import { readFieldClocks, writeFieldClocks } from './fieldClocks';
import { saveClock } from '$lib/data/repository';
import { fromBase64, type PulledChange } from './wire';

const cursorKey = (projectId: string) => `cursor:${projectId}`;

export async function readCursor(db: FieldworkDb, projectId: string): Promise<number> {
	const v = (await db.syncState.get(cursorKey(projectId)))?.value;
	return typeof v === 'number' ? v : 0;
}

/**
 * Applies a page of pulled changes and moves the cursor, in one transaction,
 * with no outbox echo. Per field, the newer HLC wins – the same rule the server
 * used, so every device ends with the same values. In a conflict the value that
 * loses goes to `history`: an unsent local edit overtaken by a newer remote one,
 * or a remote edit older than what the device holds. A plain newer edit of a
 * value already synced is progress, not a conflict, and is not recorded.
 */
export async function applyRemoteChanges(
	db: FieldworkDb,
	clock: HybridClock,
	projectId: string,
	changes: PulledChange[],
	cursor: number
): Promise<void> {
	await db.transaction('rw', [...syncedTableNames, 'noteUpdates', 'syncState', 'history', 'outbox'], async () => {
		const byRow = new Map<string, PulledChange[]>();
		for (const c of changes) {
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
		const at = new Date().toISOString();
		for (const rowChanges of byRow.values()) {
			const { table, rowId } = rowChanges[0];
			const store = db.table(table as SyncedTableName);
			const row: Record<string, unknown> = (await store.get(rowId)) ?? { id: rowId, projectId };
			const clocks = await readFieldClocks(db, table, rowId);
			// A local edit still waiting to be sent was made without seeing the remote one: a real conflict.
			const pending = new Set((await db.outbox.where('[table+rowId]').equals([table, rowId]).toArray()).map((o) => o.field));
			const lost: HistoryRecord[] = [];
			let changed = false;
			for (const c of rowChanges) {
				const mine = clocks[c.field] ?? '';
				if (c.hlc === mine) continue;
				const same = JSON.stringify(row[c.field]) === JSON.stringify(c.value);
				if (c.hlc > mine) {
					if (mine && !same && pending.has(c.field)) lost.push(history(projectId, c, row[c.field], mine, c.hlc, at));
					row[c.field] = c.value;
					clocks[c.field] = c.hlc;
					if (!row.updatedAt || c.hlc > String(row.updatedAt)) row.updatedAt = c.hlc;
					changed = true;
				} else if (!same) lost.push(history(projectId, c, c.value, c.hlc, mine, at));
			}
			if (changed) {
				await store.put(row);
				await writeFieldClocks(db, table, rowId, clocks);
			}
			if (lost.length) await db.history.bulkAdd(lost);
		}
		await db.syncState.put({ key: cursorKey(projectId), value: cursor });
		await saveClock({ db }, clock);
	});
}

function history(projectId: string, c: PulledChange, value: unknown, hlc: string, supersededBy: string, at: string): HistoryRecord {
	return { projectId, table: c.table as SyncedTableName, rowId: c.rowId, field: c.field, value, hlc, supersededBy, at };
}
