import { syncedTableNames, type FieldworkDb, type HistoryRecord, type SyncedTableName } from '$lib/data/db';
import type { HybridClock } from './hlc';
import { fieldClocksKey, type FieldClocks } from './fieldClocks';
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
		const pending = new Set((await db.outbox.where('projectId').equals(projectId).toArray()).map((o) => `${o.table}/${o.rowId}/${o.field}`));

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
					if (mine && !same && pending.has(`${key}/${c.field}`)) lost.push(history(projectId, c, row[c.field], mine, c.hlc, at));
					row[c.field] = c.value;
					clocks[c.field] = c.hlc;
					if (!row.updatedAt || c.hlc > String(row.updatedAt)) row.updatedAt = c.hlc;
					changed = true;
				} else if (!same) lost.push(history(projectId, c, c.value, c.hlc, mine, at));
			}
			if (!changed) return;
			const t = table as SyncedTableName;
			if (!puts.has(t)) puts.set(t, []);
			puts.get(t)!.push(row);
			clockPuts.push({ key: fieldClocksKey(table, rowId), value: clocks });
		});
		for (const [table, rows] of puts) await db.table(table).bulkPut(rows);
		if (clockPuts.length) await db.syncState.bulkPut(clockPuts);
		if (lost.length) await db.history.bulkAdd(lost);
		await db.syncState.put({ key: cursorKey(projectId), value: cursor });
		await saveClock({ db }, clock);
	});
}

function history(projectId: string, c: PulledChange, value: unknown, hlc: string, supersededBy: string, at: string): HistoryRecord {
	return { projectId, table: c.table as SyncedTableName, rowId: c.rowId, field: c.field, value, hlc, supersededBy, at };
}
