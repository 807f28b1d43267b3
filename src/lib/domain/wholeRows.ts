import { addressedRowSchema as addressed, requiredFields } from './schemas';
import type { SyncedTableName, SyncedTables } from './tables';

/**
 * Whole rows only. A row on a device can be partial – a pulled field change
 * for a row whose creation this device has not received, or that was never
 * pushed whole. It stays in the database, since a later pull may complete it,
 * but no screen or export shows it: code that reads a row trusts its type, and
 * half a row broke the library, the review queue and the capture list. Rows
 * are returned as stored (not parsed copies), so fields a newer build added
 * are kept.
 *
 * Two strengths, for two costs:
 * - `wholeRows` (screens, re-run on every write over tens of thousands of
 *   rows): every field the full row schema requires is present. Values need
 *   no second look there: every write path checks them – repositories on a
 *   local write, `applyRemote` per field on a pull.
 * - `validRows` (exports, once per file): valid against the full row schema.
 */
export function wholeRows<T extends SyncedTableName>(table: T, rows: readonly SyncedTables[T][]): SyncedTables[T][] {
	const fields = requiredFields(table);
	const n = fields.length;
	return rows.filter((row) => {
		const r = row as unknown as Record<string, unknown>;
		for (let i = 0; i < n; i++) if (r[fields[i]] === undefined) return false;
		return true;
	});
}

export function validRows<T extends SyncedTableName>(table: T, rows: readonly SyncedTables[T][]): SyncedTables[T][] {
	const schema = addressed(table);
	return rows.filter((row) => schema.safeParse(row).success);
}
