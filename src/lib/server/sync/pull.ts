import type { PullResponse, WireChange } from '$lib/sync/wire';
import type { SqlClient } from './sql';

export const MAX_PULL_CHANGES = 1000;

/**
 * Changes after `after`, in sequence order. A page never ends in the middle of
 * one write (same row, same HLC), so a device never shows half a new row.
 */
export async function pullChanges(sql: SqlClient, projectId: string, after: number, limit = MAX_PULL_CHANGES): Promise<PullResponse> {
	type Row = { seq: string | number; op_id: string; tbl: string; row_id: string; field: string; value: unknown; hlc: string };
	const select = `select seq, op_id, tbl, row_id, field, value, hlc from changes`;
	const rows = await sql.query<Row>(`${select} where project_id = $1 and seq > $2 order by seq limit $3`, [projectId, after, limit + 1]);
	let page = rows.slice(0, limit);
	let hasMore = rows.length > limit;
	if (hasMore) {
		const last = page[page.length - 1];
		const rest = await sql.query<Row>(`${select} where project_id = $1 and seq > $2 and row_id = $3 and hlc = $4 order by seq`, [
			projectId,
			last.seq,
			last.row_id,
			last.hlc
		]);
		page = page.concat(rest.filter((r) => Number(r.seq) > Number(last.seq)));
		const lastSeq = Number(page[page.length - 1].seq);
		hasMore = (await sql.query(`select 1 from changes where project_id = $1 and seq > $2 limit 1`, [projectId, lastSeq])).length > 0;
	}
	const changes = page.map((r) => ({
		seq: Number(r.seq),
		opId: r.op_id,
		table: r.tbl as WireChange['table'],
		rowId: r.row_id,
		field: r.field,
		value: r.value,
		hlc: r.hlc
	}));
	return { changes, cursor: changes.length ? changes[changes.length - 1].seq : after, hasMore };
}
