import type { SyncedTableName } from '$lib/data/db';
import { mayWrite, type Role } from '$lib/domain/permissions';
import { canEditEvidence } from './roles';

/**
 * The member's role in the active project, as the review screens use it. Until
 * the client learns the role from the server everyone works as a researcher;
 * call `setReviewRole` with the project membership's role and the review
 * screens hide evidence editing for reviewers.
 */
export const reviewRole = $state<{ role: Role }>({ role: 'researcher' });

export function setReviewRole(role: Role): void {
	reviewRole.role = role;
}

/** For components: whether the current role may edit evidence. */
export function evidenceEditable(): boolean {
	return canEditEvidence(reviewRole.role);
}

/**
 * For components: whether the current role may write `field` of `table` – the same rule
 * the server and the repositories hold to (`mayWrite`), so a screen offers only what
 * will be kept.
 */
export function can(table: SyncedTableName | 'noteUpdates', field: string): boolean {
	return mayWrite(reviewRole.role, table, field);
}
