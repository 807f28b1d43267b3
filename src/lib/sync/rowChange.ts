import type { WireChange } from './wire';

/**
 * A created row travels as one change of the pseudo-field `$row` whose value holds every
 * field of the row (all but `id`, `projectId` and `updatedAt`, which the change itself
 * carries). One change instead of one per field: a 10k-entry project is ~10k changes to
 * share, not ~400k, and the server checks the new row whole because it arrives whole.
 * After the create, each field still syncs on its own, last writer wins per field: a
 * `$row` change is, for every field it holds, a field change with the row's stamp.
 */
export const rowField = '$row';

export function isRowChange(change: Pick<WireChange, 'field'>): boolean {
	return change.field === rowField;
}

/** The fields a `$row` change holds (own keys only), or null when its value is not an object. */
export function rowChangeFields(change: Pick<WireChange, 'value'>): Record<string, unknown> | null {
	const value = change.value;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	// fromEntries defines own properties: a key `__proto__` stays a (refused) field, never a prototype.
	return Object.fromEntries(Object.entries(value));
}

/**
 * A change as the field changes it stands for: a `$row` change becomes one change per
 * field (same op, same stamp), anything else stays as it is. With `distinctIds`, each
 * field's change gets an op id of its own (`<opId>#<field>`), for a device that keeps
 * changes it cannot apply one by one.
 */
export function fieldChangesOf<C extends WireChange>(change: C, { distinctIds = false } = {}): C[] {
	if (!isRowChange(change)) return [change];
	const fields = rowChangeFields(change) ?? {};
	return Object.entries(fields).map(([field, value]) => ({ ...change, field, value, ...(distinctIds ? { opId: `${change.opId}#${field}` } : {}) }));
}
