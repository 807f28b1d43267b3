import { syncedTableNames, type SyncedTableName } from '$lib/domain/tables';
import { validRows } from '$lib/data/wholeRows';
import type { ProjectSnapshot, SnapshotRows } from './snapshot';
import { redactSnapshot } from './redact';

/**
 * The rows an export can trust: each valid against its table's full row
 * schema. A partial row – a field change whose row this device or server never
 * received whole – is left out of the file (and counted), never exported half
 * and never the reason an export fails. A withdrawn participant's words are
 * left out too (`redactSnapshot`), so every exporter obeys consent without
 * knowing of it. The backup keeps every row as it is.
 */
export interface Exportable extends ProjectSnapshot {
	/** Rows left out because they are not whole, per table (tables with none are absent). */
	partialRows: Partial<Record<SyncedTableName, number>>;
}

const checked = new WeakSet<ProjectSnapshot>();

export function exportable(s: ProjectSnapshot): Exportable {
	// Exporters call one another (a report reads the evidence view): check once.
	if (checked.has(s)) return s as Exportable;
	const rows = {} as Record<SyncedTableName, unknown[]>;
	const partialRows: Exportable['partialRows'] = {};
	for (const table of syncedTableNames) {
		const all = s.rows[table];
		const valid = validRows(table, all);
		rows[table] = valid;
		if (valid.length < all.length) partialRows[table] = all.length - valid.length;
	}
	const redacted = redactSnapshot({ ...s, rows: rows as unknown as SnapshotRows }, s.rows);
	const result: Exportable = { ...redacted, partialRows, blob: s.blob };
	checked.add(result);
	return result;
}

/** How many rows an export of this snapshot leaves out. */
export function partialRowCount(s: ProjectSnapshot): number {
	return Object.values(exportable(s).partialRows).reduce((n, c) => n + (c ?? 0), 0);
}
