import type { SyncedTableName } from './tables';

/**
 * Who a row or a field speaks for. The server checks every push against these rules so
 * that no device can put words or decisions in a colleague's name; the client reads the
 * same rules to offer only what the signed-in person may do.
 *
 * - `createdBy` is set once, by the person who creates the row, and never changes.
 * - Fields that name the person who did something (`reviewedBy` of an entry, the `voter`
 *   of a vote, the `coder` of a coding, the `taggedBy` of a tagging) may only name the
 *   person writing them (or be cleared, where clearing is allowed).
 * - Rows that are one person's own decision (a vote, a coding, a comment) are changed
 *   only by that person: a colleague's coding is theirs to remove, never mine.
 */

/** Fields that, when written with a non-empty value, must name the writer. */
const actorFields: Partial<Record<SyncedTableName, readonly string[]>> = {
	entries: ['reviewedBy'],
	votes: ['voter'],
	codings: ['coder'],
	taggings: ['taggedBy'],
	erasures: ['erasedBy']
};

/**
 * Tables whose ids are derived from what they stand for, so two people can create the
 * same row offline (the same tag on the same highlight, a session's one note, a card in a
 * cluster): each create then names its own writer, and the later one wins the field.
 */
const sharedCreateTables = new Set<SyncedTableName>(['taggings', 'notes', 'clusterMembers']);

/** Tables whose rows belong to one person, and the field that names them. */
const ownerField: Partial<Record<SyncedTableName, string>> = {
	votes: 'voter',
	codings: 'coder',
	comments: 'createdBy',
	// A consent record says who recorded it; nobody rewrites someone else's record.
	consentEvents: 'createdBy'
};

export type AuthorshipProblem = { field: string; reason: 'not_you' | 'created_by_changed' | 'not_your_row' };

/**
 * Checks one write of `fields` to a row of `table` by `userId`. `existing` is the row as
 * the server holds it (undefined for a create).
 */
export function authorshipProblem(
	table: SyncedTableName,
	fields: Record<string, unknown>,
	userId: string,
	existing: Record<string, unknown> | undefined
): AuthorshipProblem | null {
	if ('createdBy' in fields) {
		if (!existing && fields.createdBy !== userId) return { field: 'createdBy', reason: 'not_you' };
		if (existing && existing.createdBy !== undefined && fields.createdBy !== existing.createdBy) {
			const sharedCreate = sharedCreateTables.has(table) && fields.createdBy === userId;
			if (!sharedCreate) return { field: 'createdBy', reason: 'created_by_changed' };
		}
	}
	for (const field of actorFields[table] ?? []) {
		if (!(field in fields)) continue;
		const value = fields[field];
		if (value !== null && value !== '' && value !== userId) return { field, reason: 'not_you' };
	}
	const owner = ownerField[table];
	if (owner && existing) {
		const ownedBy = existing[owner];
		if (typeof ownedBy === 'string' && ownedBy !== '' && ownedBy !== userId) {
			const field = Object.keys(fields)[0] ?? owner;
			return { field, reason: 'not_your_row' };
		}
	}
	return null;
}

/** The fields the authorship rules read from a stored row. */
export function authorshipFieldsOf(table: SyncedTableName): string[] {
	const fields = new Set(['createdBy', ...(actorFields[table] ?? [])]);
	const owner = ownerField[table];
	if (owner) fields.add(owner);
	return [...fields];
}

/**
 * Fields whose values merge rather than compete, so that a later value replacing an
 * earlier one is never a conflict to show: a note's text is a snapshot of its merged
 * Yjs document; a tag, a coding or a card's place on a shared-id row is the same act
 * done twice; who created a shared-id row is bookkeeping.
 */
export function isMergedField(table: SyncedTableName, field: string): boolean {
	if (table === 'notes') return field === 'text' || field === 'createdBy' || field === 'createdAt';
	if (table === 'taggings' || table === 'codings') return true;
	if (sharedCreateTables.has(table)) return field === 'createdBy' || field === 'createdAt';
	return false;
}
