import { mayWrite, type Role } from '$lib/domain/permissions';
import { syncableField } from '$lib/domain/schemas';
import { MAX_DRIFT_MS, parseHlc } from '$lib/sync/hlc';
import { checkNoteUpdate } from './noteUpdateCheck';
import { fieldChangesOf, isRowChange, rowChangeFields } from '$lib/sync/rowChange';
import { yjsField, type RejectedChange, type WireChange } from '$lib/sync/wire';

/**
 * Checks one change against the schema, the member's role and the clock. The
 * server trusts nothing a device sends: a change that fails any check is
 * refused with a reason, and the push it came in writes nothing.
 */
export function validateChange(change: WireChange, ctx: { projectId: string; role: Role; now: number }): RejectedChange | null {
	const reject = (code: RejectedChange['code'], message: string): RejectedChange => ({ opId: change.opId, code, message });
	if (parseHlc(change.hlc).millis - ctx.now > MAX_DRIFT_MS) {
		return reject('clock_ahead', 'The device clock is too far ahead of the server; correct the date and time on the device.');
	}
	if (change.table === 'noteUpdates') {
		if (change.field !== yjsField) return reject('unknown_field', `Note updates carry only ${yjsField}.`);
		if (typeof change.value !== 'string') return reject('invalid_value', 'A note update must be base64 text.');
		// Applied to a scratch document before it is stored: one bad update must never stop a note opening anywhere.
		const verdict = checkNoteUpdate(change.value);
		if (!verdict.ok) return reject(verdict.reason === 'not_base64' ? 'invalid_value' : 'invalid_update', verdict.message);
		if (!mayWrite(ctx.role, change.table, change.field)) return reject('forbidden', `A ${ctx.role} may not change ${change.table}.${change.field}.`);
		return null;
	}
	if (change.table === 'projects' && change.rowId !== ctx.projectId) return reject('wrong_project', 'A project can only change itself.');
	if (isRowChange(change) && !rowChangeFields(change)) return reject('invalid_value', `A new ${change.table} row must be an object of fields.`);
	// A `$row` change is checked as each of the field changes it holds.
	for (const c of fieldChangesOf(change)) {
		const schema = syncableField(change.table, c.field);
		if (!schema) return reject('unknown_field', `${change.table} has no field ${c.field}.`);
		if (!schema.safeParse(c.value).success) return reject('invalid_value', `Invalid value for ${change.table}.${c.field}.`);
		if (!mayWrite(ctx.role, change.table, c.field)) return reject('forbidden', `A ${ctx.role} may not change ${change.table}.${c.field}.`);
	}
	return null;
}
