import type { Role } from '$lib/domain/permissions';
import type { PushResponse, RejectedChange, WireChange } from '$lib/sync/wire';
import type { SqlClient } from './sql';
import { validateChange } from './validateChange';

export interface PushInput {
	projectId: string;
	userId: string;
	role: Role;
	changes: WireChange[];
	now?: number;
}

/**
 * Applies a push in one transaction: all changes are valid and applied, or the
 * push is refused whole with the reasons. Each op is applied once (a re-sent
 * op is acknowledged again, not re-applied), gets the next sequence number, and
 * wins its field only if its HLC is newer (last writer wins, per field).
 */
export async function pushChanges(sql: SqlClient, input: PushInput): Promise<PushResponse> {
	const now = input.now ?? Date.now();
	const rejected = input.changes
		.map((c) => validateChange(c, { projectId: input.projectId, role: input.role, now }))
		.filter((r): r is RejectedChange => r !== null);
	if (rejected.length > 0) return { accepted: [], rejected };

	await sql.transaction(async (tx) => {
		// One writer per project at a time, so sequence order is commit order and a
		// puller never skips a change that commits late with a lower number.
		await tx.query('select pg_advisory_xact_lock(hashtext($1))', [input.projectId]);
		for (const c of input.changes) {
			const inserted = await tx.query<{ seq: string | number }>(
				`insert into changes (op_id, project_id, tbl, row_id, field, value, hlc, user_id)
				 values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
				 on conflict (op_id) do nothing returning seq`,
				[c.opId, input.projectId, c.table, c.rowId, c.field, JSON.stringify(c.value ?? null), c.hlc, input.userId]
			);
			if (inserted.length === 0 || c.table === 'noteUpdates') continue;
			await tx.query(
				`insert into field_state (project_id, tbl, row_id, field, value, hlc, seq)
				 values ($1, $2, $3, $4, $5::jsonb, $6, $7)
				 on conflict (project_id, tbl, row_id, field) do update
				 set value = excluded.value, hlc = excluded.hlc, seq = excluded.seq
				 where field_state.hlc < excluded.hlc`,
				[input.projectId, c.table, c.rowId, c.field, JSON.stringify(c.value ?? null), c.hlc, inserted[0].seq]
			);
		}
	});
	return { accepted: input.changes.map((c) => c.opId), rejected: [] };
}

/** The server's current view of a project: row id → field → value. Used by tests and exports. */
export async function projectState(sql: SqlClient, projectId: string): Promise<Map<string, Record<string, unknown>>> {
	const rows = await sql.query<{ tbl: string; row_id: string; field: string; value: unknown }>(
		`select tbl, row_id, field, value from field_state where project_id = $1`,
		[projectId]
	);
	const state = new Map<string, Record<string, unknown>>();
	for (const r of rows) {
		const key = `${r.tbl}/${r.row_id}`;
		if (!state.has(key)) state.set(key, {});
		state.get(key)![r.field] = r.value;
	}
	return state;
}
