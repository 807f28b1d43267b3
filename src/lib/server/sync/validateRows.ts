import type { SyncedTableName } from '$lib/domain/tables';
import { authorshipFieldsOf, authorshipProblem } from '$lib/domain/authorship';
import { addressedRowSchema, requiredFields } from '$lib/domain/schemas';
import { fieldChangesOf } from '$lib/sync/rowChange';
import type { RejectedChange, WireChange } from '$lib/sync/wire';
import type { SqlClient } from './sql';

/** What the server holds of a row that the row checks need (see `storedRows`). */
export type StoredRow = Record<string, unknown>;

/** The changes of one push that write one row, with the latest value of each field. */
export interface RowWrite {
	table: SyncedTableName;
	rowId: string;
	changes: WireChange[];
	fields: Record<string, unknown>;
	newestHlc: string;
}

const rowKey = (table: string, rowId: string) => `${table}/${rowId}`;

/** Groups a push's field changes (note updates aside) by the row they write. */
export function rowWrites(changes: WireChange[]): RowWrite[] {
	const byRow = new Map<string, RowWrite & { stamps: Record<string, string> }>();
	for (const change of changes) {
		if (change.table === 'noteUpdates') continue;
		const key = rowKey(change.table, change.rowId);
		let row = byRow.get(key);
		if (!row) {
			row = { table: change.table, rowId: change.rowId, changes: [], fields: {}, stamps: {}, newestHlc: change.hlc };
			byRow.set(key, row);
		}
		row.changes.push(change);
		for (const c of fieldChangesOf(change)) {
			// Within one push, the newest stamp of a field is what the row ends up with.
			if (!Object.hasOwn(row.stamps, c.field) || c.hlc > row.stamps[c.field]) {
				row.stamps[c.field] = c.hlc;
				row.fields[c.field] = c.value;
			}
		}
		if (change.hlc > row.newestHlc) row.newestHlc = change.hlc;
	}
	return [...byRow.values()].map(({ stamps: _stamps, ...row }) => row);
}

/**
 * The stored fields the row checks read, for every row a push writes, in one query:
 * the authorship fields plus `createdAt` and `deleted`, which every whole row has — a row
 * with none of them was never created on the server.
 */
export async function storedRows(sql: SqlClient, projectId: string, writes: RowWrite[]): Promise<Map<string, StoredRow>> {
	const stored = new Map<string, StoredRow>();
	if (writes.length === 0) return stored;
	const fields = new Set(['createdAt', 'deleted']);
	for (const w of writes) for (const f of authorshipFieldsOf(w.table)) fields.add(f);
	const rows = await sql.query<{ tbl: string; row_id: string; field: string; value: unknown }>(
		`select tbl, row_id, field, value from field_state
		 where project_id = $1 and (tbl, row_id) in (select * from unnest($2::text[], $3::text[]))
		 and field = any($4::text[])`,
		[projectId, writes.map((w) => w.table), writes.map((w) => w.rowId), [...fields]]
	);
	for (const r of rows) {
		const key = rowKey(r.tbl, r.row_id);
		if (!stored.has(key)) stored.set(key, {});
		stored.get(key)![r.field] = r.value;
	}
	return stored;
}

/** Fields a create must carry: every field of the row schema that has no default. */
const createFields = (table: SyncedTableName) => requiredFields(table).filter((f) => f !== 'id' && f !== 'projectId' && f !== 'updatedAt');

/**
 * Checks each row a push writes as a whole: a row the server does not have must arrive
 * whole and valid against its full schema (never a half-made row that every tablet then
 * trips over), and whoever the row or its fields name must be the signed-in user.
 * Returns one refusal per change of every failing row.
 */
export function validateRows(writes: RowWrite[], stored: Map<string, StoredRow>, ctx: { projectId: string; userId: string }): RejectedChange[] {
	const rejected: RejectedChange[] = [];
	const refuse = (w: RowWrite, code: RejectedChange['code'], message: string) => {
		for (const c of w.changes) rejected.push({ opId: c.opId, code, message });
	};
	for (const w of writes) {
		const existing = stored.get(rowKey(w.table, w.rowId));
		if (!existing) {
			const missing = createFields(w.table).filter((f) => !(f in w.fields));
			if (!('createdAt' in w.fields) && !('createdBy' in w.fields)) {
				// Every create stamps both: this is an edit of a row that was never created here.
				refuse(w, 'row_missing', `The server has no ${w.table} row ${w.rowId}; it must be created whole first.`);
				continue;
			}
			if (missing.length > 0) {
				refuse(w, 'row_incomplete', `A new ${w.table} row needs every field; missing: ${missing.join(', ')}.`);
				continue;
			}
			const whole = addressedRowSchema(w.table).safeParse({ ...w.fields, id: w.rowId, projectId: ctx.projectId, updatedAt: w.newestHlc });
			if (!whole.success) {
				const fields = [...new Set(whole.error.issues.map((i) => String(i.path[0] ?? '')))].join(', ');
				refuse(w, 'row_incomplete', `The new ${w.table} row is not valid as a whole (${fields}).`);
				continue;
			}
		}
		const problem = authorshipProblem(w.table, w.fields, ctx.userId, existing);
		if (problem) {
			const why =
				problem.reason === 'not_your_row'
					? `This ${w.table} row belongs to someone else; only they can change it.`
					: problem.reason === 'created_by_changed'
						? `Who created a ${w.table} row cannot change.`
						: `${w.table}.${problem.field} must name the signed-in user.`;
			refuse(w, 'wrong_author', why);
		}
	}
	return rejected;
}
