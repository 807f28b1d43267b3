import { mayWrite, type Role } from '$lib/domain/permissions';
import { syncableField } from '$lib/domain/schemas';
import { MAX_DRIFT_MS, parseHlc } from '$lib/sync/hlc';
import { yjsField, type RejectedChange, type WireChange } from '$lib/sync/wire';

const MAX_YJS_UPDATE_CHARS = 2_000_000;

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
		if (typeof change.value !== 'string' || change.value.length > MAX_YJS_UPDATE_CHARS || !/^[A-Za-z0-9+/]*={0,2}$/.test(change.value)) {
			return reject('invalid_value', 'A note update must be base64 text.');
		}
	} else {
		if (change.table === 'projects' && change.rowId !== ctx.projectId) return reject('wrong_project', 'A project can only change itself.');
		const schema = syncableField(change.table, change.field);
		if (!schema) return reject('unknown_field', `${change.table} has no field ${change.field}.`);
		if (!schema.safeParse(change.value).success) return reject('invalid_value', `Invalid value for ${change.table}.${change.field}.`);
	}
	if (!mayWrite(ctx.role, change.table, change.field)) return reject('forbidden', `A ${ctx.role} may not change ${change.table}.${change.field}.`);
	return null;
}
