import type { FieldworkDb, HistoryRecord } from '$lib/data/db';
import { isMergedField } from '$lib/domain/authorship';

// Small on purpose: the header counts open conflicts on every screen.

/**
 * Records still to deal with: unresolved, and never a merged value (older versions listed
 * those by mistake). An item my edit brought back is one conflict: the colleague's
 * deletion arriving afterwards (an older `deleted`) is the same story, told once.
 */
export function openConflicts(records: HistoryRecord[]): HistoryRecord[] {
	const restored = new Set(records.filter((r) => r.kind === 'restoredAfterDelete').map((r) => `${r.table}/${r.rowId}`));
	return records.filter((r) => {
		if (r.resolvedAt) return false;
		if (r.kind === 'restoredAfterDelete') return true;
		if (r.field === 'deleted' && restored.has(`${r.table}/${r.rowId}`)) return false;
		return !isMergedField(r.table, r.field);
	});
}

/** How many conflicts are open in a project (the header's badge). */
export async function openConflictCount(db: FieldworkDb, projectId: string): Promise<number> {
	return openConflicts(await db.history.where('projectId').equals(projectId).toArray()).length;
}
