import type { SyncedTableName } from '$lib/domain/tables';
import { addressedRowSchema } from '$lib/domain/schemas';
import type { WireChange } from '$lib/sync/wire';

let counter = 0;

/** A stamp `millis` ms after the epoch (now by default), from device `node`. */
export const stamp = (millis = Date.now(), node = 'dev1') => `${String(millis).padStart(15, '0')}:0000:${node}`;

/**
 * The changes a device sends to create a row whole, as the repositories do: every field
 * of the row schema (defaults filled in), one change each, one stamp. For tests and the
 * bench, which must speak the protocol exactly like a tablet.
 */
export function createRowChanges(
	table: SyncedTableName,
	rowId: string,
	fields: Record<string, unknown>,
	{ projectId = 'p1', userId = 'u1', hlc = stamp() }: { projectId?: string; userId?: string; hlc?: string } = {}
): WireChange[] {
	const row = addressedRowSchema(table).parse({
		createdAt: new Date().toISOString(),
		createdBy: userId,
		deleted: 0,
		...fields,
		id: rowId,
		projectId,
		updatedAt: hlc
	}) as Record<string, unknown>;
	return Object.entries(row)
		.filter(([field]) => field !== 'id' && field !== 'projectId' && field !== 'updatedAt')
		.map(([field, value]) => ({ opId: `op-${rowId}-${field}-${++counter}-${Math.random().toString(36).slice(2, 8)}`, hlc, table, rowId, field, value }));
}

/** One field change of an existing row. */
export function fieldChange(table: SyncedTableName | 'noteUpdates', rowId: string, field: string, value: unknown, hlc = stamp()): WireChange {
	return { opId: `op-${rowId}-${field}-${++counter}-${Math.random().toString(36).slice(2, 8)}`, hlc, table, rowId, field, value };
}
