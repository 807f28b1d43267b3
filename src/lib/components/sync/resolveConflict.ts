import type { SyncedTableName } from '$lib/data/db';
import type { LocalData } from '$lib/data/local';
import { actionFor, type ConflictChoice, type ConflictItem } from './conflictItems';

/** The part of a repository a conflict choice uses (every synced table's repository has it). */
interface Writable {
	update(id: string, patch: Record<string, unknown>): Promise<unknown>;
	remove(id: string): Promise<void>;
}

/**
 * Carries out a choice: a kept value is written again through the repository (a new,
 * newer edit that syncs and wins on every tablet, checked like any other edit), a
 * deletion goes through the repository too; then the record is marked dealt with and
 * leaves the list. A write the role may not make throws before anything is marked.
 */
export async function resolveConflict({ db, repos, ctx }: Pick<LocalData, 'db' | 'repos' | 'ctx'>, item: ConflictItem, choice: ConflictChoice): Promise<void> {
	const action = actionFor(item, choice);
	const repo = (table: SyncedTableName) => (repos as unknown as Record<SyncedTableName, Writable>)[table];
	if (action.write) await repo(action.write.table).update(action.write.rowId, { [action.write.field]: action.write.value });
	if (action.remove) await repo(item.table).remove(item.rowId);
	await db.history.update(item.id, { resolvedAt: ctx.now().toISOString() });
}
