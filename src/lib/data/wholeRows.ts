import type { FieldworkDb, SyncedTableName, SyncedTables } from './db';
import { wholeRows } from '$lib/domain/wholeRows';

// The rules are pure (shared with the server's exports); the read is the device's.
export { validRows, wholeRows } from '$lib/domain/wholeRows';

/** The whole rows of one table of a project, tombstones included: the read every screen starts from. */
export async function wholeProjectRows<T extends SyncedTableName>(db: FieldworkDb, table: T, projectId: string): Promise<SyncedTables[T][]> {
	const rows = (await db.table(table).where('projectId').equals(projectId).toArray()) as SyncedTables[T][];
	return wholeRows(table, rows);
}
