import type { PullResponse, WireChange } from '$lib/sync/wire';
import type { SqlClient } from './sql';

export const MAX_PULL_CHANGES = 1000;
/**
 * A page also ends once its values pass this many bytes (as JSON text), so a project of
 * long notes and big first pushes is pulled in pages of the same order as devices push
 * (`PUSH_TARGET_BYTES`), never one page of a thousand 600 KB notes. The first change of a
 * page and the rest of its write always go out, whatever their size.
 */
export const MAX_PULL_BYTES = 4 * 1024 * 1024;

/** A page of a pull. `snapshot` says the page came from the current state, not the log (for logs and tests; devices need not know). */
export type PullPage = PullResponse & { snapshot?: true };

type Row = { seq: string | number; op_id: string; tbl: string; row_id: string; field: string; value: unknown; hlc: string; user_id?: string | null; base_hlc?: string | null };

/**
 * Changes after `after`, in sequence order. A page never ends in the middle of one
 * write (same row, same HLC), so a device never shows half a new row.
 *
 * Pruned changes (the content of rows deleted longer than the prune horizon, see
 * `prune.ts`) and quarantined note updates (`quarantine.ts`) are never returned. A cursor older than the project's highest pruned
 * change cannot replay the log, so it is answered from the current state instead: see
 * `snapshotPage`.
 */
export async function pullChanges(
	sql: SqlClient,
	projectId: string,
	after: number,
	limit = MAX_PULL_CHANGES,
	{ skipNode, maxBytes = MAX_PULL_BYTES }: { skipNode?: string; maxBytes?: number } = {}
): Promise<PullPage> {
	const [state] = await sql.query<{ pruned_through: string | number }>('select pruned_through from prune_state where project_id = $1', [
		projectId
	]);
	if (state && after < Number(state.pruned_through)) return snapshotPage(sql, projectId, after, limit, maxBytes);
	return logPage(sql, projectId, after, limit, maxBytes, skipNode);
}

/**
 * A log page. With `skipNode`, changes stamped by that device (the HLC ends in its node
 * id) are left out: it wrote them and holds them already, so sharing a project does not
 * bring everything back down again. The cursor still moves past them.
 */
async function logPage(sql: SqlClient, projectId: string, after: number, limit: number, maxBytes: number, skipNode?: string): Promise<PullPage> {
	// A quarantined note update keeps its place (the cursor moves past it) but is not served.
	const select = `select seq, op_id, tbl, row_id, field, value, hlc, user_id, base_hlc,
		(tbl = 'noteUpdates' and exists (select 1 from quarantined_note_updates q where q.op_id = changes.op_id)) as quarantined
		from changes`;
	type LogRow = Row & { quarantined: boolean };
	const rows = await sql.query<LogRow & CutColumns>(
		byteBounded(`${select} where project_id = $1 and seq > $2 and pruned_at is null order by seq limit $3`, 'seq'),
		[projectId, after, limit + 1, maxBytes]
	);
	const { page: head, hasMore: more } = cut(rows, limit);
	let page: LogRow[] = head;
	let hasMore = more;
	if (hasMore) {
		const last = page[page.length - 1];
		const rest = await sql.query<LogRow>(
			`${select} where project_id = $1 and seq > $2 and row_id = $3 and hlc = $4 and pruned_at is null order by seq`,
			[projectId, last.seq, last.row_id, last.hlc]
		);
		page = page.concat(rest);
		const lastSeq = Number(page[page.length - 1].seq);
		hasMore = (await sql.query(`select 1 from changes where project_id = $1 and seq > $2 and pruned_at is null limit 1`, [projectId, lastSeq])).length > 0;
	}
	const cursor = page.length ? Number(page[page.length - 1].seq) : after;
	const own = skipNode ? `:${skipNode}` : null;
	return { changes: page.filter((r) => !r.quarantined && !(own && r.hlc.endsWith(own))).map(toChange), cursor, hasMore };
}

/**
 * The project as it is now, for a device whose cursor is older than the pruned part of
 * the log: every field's winning value with its own stamp and sequence number (the
 * number of the change that set it), and every note update still held, in sequence
 * order after `after`. Applied with the usual rule – per field, the greater HLC wins –
 * this gives the device exactly what replaying the whole log would, minus what was
 * pruned and minus values that lost anyway. A field the device already holds from
 * before its cursor is not sent again: its winner is at or before the cursor.
 *
 * Pages follow the same rules as the log: up to `limit` items, never ending inside one
 * write. A field set by a created row's `$row` change goes out as a field change of its
 * own, with the op id `<opId>#<field>` (as a device names them), so the client sees plain
 * field changes either way. A field that changes while a device pages through moves to a later number and
 * comes in a later page (or in the log). The last page moves the cursor to the top of
 * the log as read in the same statement: everything up to there is in the state sent.
 */
async function snapshotPage(sql: SqlClient, projectId: string, after: number, limit: number, maxBytes: number): Promise<PullPage> {
	const items = `
		select f.seq, case when c.field = '$row' then c.op_id || '#' || f.field else coalesce(c.op_id, 'fs:' || f.seq || '#' || f.field) end as op_id,
		  f.tbl, f.row_id, f.field, f.value, f.hlc
		from field_state f left join changes c on c.seq = f.seq
		where f.project_id = $1 and f.seq > $2
		union all
		select seq, op_id, tbl, row_id, field, value, hlc from changes
		where project_id = $1 and seq > $2 and tbl = 'noteUpdates' and pruned_at is null
		  and not exists (select 1 from quarantined_note_updates q where q.op_id = changes.op_id)`;
	// One statement, so the top of the log and the page are read from the same moment.
	const rows = await sql.query<Row & CutColumns & { top: string | number }>(
		`with top as (select coalesce(max(seq), 0) as top from changes where project_id = $1),
		 page as (${byteBounded(`select * from (${items}) s order by seq, tbl, row_id, field limit $3`, 'seq, tbl, row_id, field')})
		 select t.top, p.* from top t left join page p on true order by p.seq, p.tbl, p.row_id, p.field`,
		[projectId, after, limit + 1, maxBytes]
	);
	const top = Number(rows[0]?.top ?? 0);
	const found = rows.filter((r) => r.seq !== null && r.seq !== undefined);
	const { page: head, hasMore } = cut(found, limit);
	if (!hasMore) {
		const changes = head.map(toChange);
		return { changes, cursor: Math.max(after, top, changes.at(-1)?.seq ?? 0), hasMore: false, snapshot: true };
	}
	let page: Row[] = head;
	const last = page[page.length - 1];
	// The rest of the last write: a created row's fields share one number (its `$row`
	// change), so the rest may sit at that same number as well as after it.
	const rest = await sql.query<Row>(
		`select * from (${items}) s where seq >= $3 and row_id = $4 and hlc = $5 order by seq, tbl, row_id, field`,
		[projectId, after, Number(last.seq), last.row_id, last.hlc]
	);
	const itemKey = (r: Row) => `${r.seq}\u0000${r.tbl}\u0000${r.row_id}\u0000${r.field}\u0000${r.op_id}`;
	const held = new Set(page.map(itemKey));
	page = page.concat(rest.filter((r) => !held.has(itemKey(r))));
	const changes = page.map(toChange);
	return { changes, cursor: changes[changes.length - 1].seq, hasMore: true, snapshot: true };
}

/** Columns `byteBounded` adds: how many rows the count-limited page had, before the byte cut. */
type CutColumns = { fetched: string | number };

/**
 * Wraps a page query (ordered, with `limit $3`) so it returns only the rows that start
 * within `$4` bytes of values: a running sum over the page, computed on the database so
 * the values past the cut never reach this process. The first row always starts at 0.
 */
function byteBounded(pageQuery: string, order: string): string {
	return `select * from (
		select b.*, sum(b.len) over (order by ${order} rows unbounded preceding) as run, count(*) over () as fetched
		from (select q.*, coalesce(octet_length(q.value::text), 0) as len from (${pageQuery}) q) b
	) c where c.run - c.len < $4 order by ${order}`;
}

/** The page from count- and byte-bounded rows, and whether more follow. */
function cut<T extends CutColumns>(rows: T[], limit: number): { page: T[]; hasMore: boolean } {
	const fetched = Number(rows[0]?.fetched ?? 0);
	if (rows.length < fetched) return { page: rows.slice(0, limit), hasMore: true };
	return { page: rows.slice(0, limit), hasMore: fetched > limit };
}

function toChange(r: Row) {
	return {
		seq: Number(r.seq),
		opId: r.op_id,
		table: r.tbl as WireChange['table'],
		rowId: r.row_id,
		field: r.field,
		value: r.value,
		hlc: r.hlc,
		// Who wrote it (log pages), so a device can say whose value won or lost.
		...(r.user_id ? { userId: r.user_id } : {}),
		...(r.base_hlc ? { base: r.base_hlc } : {})
	};
}
