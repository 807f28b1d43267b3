import type { SyncedTableName } from './tables';

export const roles = ['owner', 'researcher', 'reviewer'] as const;
export type Role = (typeof roles)[number];

/** What review work writes: a reviewer may do all of it, but never edit evidence or notes. */
const reviewTables = new Set<string>(['boards', 'clusters', 'clusterMembers', 'insights', 'innovationAreas', 'comments', 'votes']);
const reviewFieldsOfEntries = new Set(['reviewStatus', 'reviewedBy', 'reviewedAt']);

/**
 * Whether a member with `role` may write `field` of a row in `table`. The
 * server checks every change against this; the client uses it to hide what a
 * role cannot do. `noteUpdates` is the notes' CRDT log.
 */
export function mayWrite(role: Role, table: SyncedTableName | 'noteUpdates', field: string): boolean {
	// Erasure cannot be undone: only an owner erases (see `erasure.ts`).
	if (table === 'erasures') return role === 'owner';
	if (role === 'owner' || role === 'researcher') return table !== 'projects' || role === 'owner' || field !== 'deleted';
	if (reviewTables.has(table)) return true;
	if (table === 'entries') return reviewFieldsOfEntries.has(field);
	return false;
}
