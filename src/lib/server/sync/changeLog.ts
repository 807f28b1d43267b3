import type { Role } from '$lib/domain/permissions';
import { isMergedField } from '$lib/domain/authorship';
import { mayWrite } from '$lib/domain/permissions';
import type { OvertakenChange, PushResponse, RejectedChange, WireChange } from '$lib/sync/wire';
import type { SqlClient } from './sql';
import { fieldChangesOf } from '$lib/sync/rowChange';
import { validateChange } from './validateChange';
import { rowWrites, storedRows, validateRows, type RowWrite } from './validateRows';
import { consentRefusals } from './consentCheck';
import { applyErasures, erasedNoteUpdates, erasureRefusals } from './erasure';

export interface PushInput {
	projectId: string;
	userId: string;
	role: Role;
	changes: WireChange[];
	now?: number;
}

/**
 * Applies a push in one transaction: all changes are valid and applied, or the
 * push is refused whole with the reasons. Each change is checked alone (schema,
 * role, clock) and each row as a whole (a new row arrives whole; authors are the
 * signed-in user). Each op is applied once (a re-sent op is acknowledged again,
 * not re-applied), gets the next sequence number, and wins its field only if its
 * HLC is newer (last writer wins, per field). Set-based: a push of 1000 changes is
 * a handful of statements, not a round trip per change.
 */
export async function pushChanges(sql: SqlClient, input: PushInput): Promise<PushResponse> {
	const now = input.now ?? Date.now();
	const single = input.changes
		.map((c) => validateChange(c, { projectId: input.projectId, role: input.role, now }))
		.filter((r): r is RejectedChange => r !== null);
	if (single.length > 0) return { accepted: [], rejected: single };
	if (input.changes.length === 0) return { accepted: [], rejected: [] };

	return sql.transaction(async (tx) => {
		// One writer per project at a time, so sequence order is commit order and a
		// puller never skips a change that commits late with a lower number. The row
		// checks read under the same lock, so what they saw is what the push applies to.
		await tx.query('select pg_advisory_xact_lock(hashtext($1))', [input.projectId]);
		const writes = rowWrites(input.changes);
		const stored = await storedRows(tx, input.projectId, writes);
		const rows = validateRows(writes, stored, input)
			.concat(await takenCodes(tx, input.projectId, writes))
			.concat(await consentRefusals(tx, input.projectId, writes, stored))
			.concat(await erasureRefusals(tx, input.projectId, writes, stored))
			.concat(await erasedNoteUpdates(tx, input.projectId, input.changes));
		if (rows.length > 0) return { accepted: [], rejected: rows };
		const editedDeleted = await editsOfDeletedRows(tx, input, writes, stored);

		const c = input.changes;
		const inserted = await tx.query<{ seq: string | number; op_id: string }>(
			`insert into changes (op_id, project_id, tbl, row_id, field, value, hlc, user_id, base_hlc)
			 select u.op_id, $1, u.tbl, u.row_id, u.field, u.value::jsonb, u.hlc, $2, u.base
			 from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) with ordinality
			   as u(op_id, tbl, row_id, field, value, hlc, base, ord)
			 order by u.ord
			 on conflict (op_id) do nothing
			 returning seq, op_id`,
			[
				input.projectId,
				input.userId,
				c.map((x) => x.opId),
				c.map((x) => x.table),
				c.map((x) => x.rowId),
				c.map((x) => x.field),
				c.map((x) => JSON.stringify(x.value ?? null)),
				c.map((x) => x.hlc),
				c.map((x) => x.base ?? null)
			]
		);
		const seqOf = new Map(inserted.map((r) => [r.op_id, Number(r.seq)]));
		// Field state: one upsert per field, the newest new op of each field in this push
		// (a statement may not touch the same row twice).
		const newest = new Map<string, WireChange & { seq: number }>();
		for (const change of c) {
			const seq = seqOf.get(change.opId);
			if (seq === undefined || change.table === 'noteUpdates') continue;
			// A whole-row change sets each of its fields, with the row's stamp and number.
			for (const x of fieldChangesOf(change)) {
				const key = `${x.table}\u0000${x.rowId}\u0000${x.field}`;
				const held = newest.get(key);
				if (!held || x.hlc > held.hlc) newest.set(key, { ...x, seq });
			}
		}
		let overtaken: OvertakenChange[] = [];
		if (newest.size > 0) {
			const f = [...newest.values()];
			const won = await tx.query<{ tbl: string; row_id: string; field: string }>(
				`insert into field_state (project_id, tbl, row_id, field, value, hlc, seq)
				 select $1, u.tbl, u.row_id, u.field, u.value::jsonb, u.hlc, u.seq
				 from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) as u(tbl, row_id, field, value, hlc, seq)
				 on conflict (project_id, tbl, row_id, field) do update
				 set value = excluded.value, hlc = excluded.hlc, seq = excluded.seq
				 where field_state.hlc collate "C" < excluded.hlc collate "C"
				 returning tbl, row_id, field`,
				[
					input.projectId,
					f.map((x) => x.table),
					f.map((x) => x.rowId),
					f.map((x) => x.field),
					f.map((x) => JSON.stringify(x.value ?? null)),
					f.map((x) => x.hlc),
					f.map((x) => x.seq)
				]
			);
			overtaken = await overtakenChanges(tx, input.projectId, f, won);
		}
		overtaken = overtaken.concat(editedDeleted);
		// An erasure in this push takes the participant's content out of everything now, in
		// this transaction; a note update for a note an erasure cut is cut again.
		await applyErasures(tx, { projectId: input.projectId, userId: input.userId, changes: c, now }, writes, stored);
		return { accepted: c.map((x) => x.opId), rejected: [], ...(overtaken.length ? { overtaken } : {}) };
	});
}

/**
 * The new ops of a push that did not win their field (the stored value is newer), with
 * the winner's stamp and author, for the fields where a lost value is a conflict a person
 * should hear of (not merged values such as tags or a note's text).
 */
async function overtakenChanges(
	tx: SqlClient,
	projectId: string,
	candidates: (WireChange & { seq: number })[],
	won: { tbl: string; row_id: string; field: string }[]
): Promise<OvertakenChange[]> {
	const key = (t: string, r: string, f: string) => `${t}\u0000${r}\u0000${f}`;
	const winners = new Set(won.map((w) => key(w.tbl, w.row_id, w.field)));
	const lost = candidates.filter((c) => c.table !== 'noteUpdates' && !winners.has(key(c.table, c.rowId, c.field)) && !isMergedField(c.table, c.field));
	if (lost.length === 0) return [];
	const rows = await tx.query<{ tbl: string; row_id: string; field: string; hlc: string; user_id: string | null }>(
		`select s.tbl, s.row_id, s.field, s.hlc, c.user_id
		 from field_state s left join changes c on c.seq = s.seq
		 where s.project_id = $1 and (s.tbl, s.row_id, s.field) in (select * from unnest($2::text[], $3::text[], $4::text[]))`,
		[projectId, lost.map((c) => c.table), lost.map((c) => c.rowId), lost.map((c) => c.field)]
	);
	const byKey = new Map(rows.map((r) => [key(r.tbl, r.row_id, r.field), r]));
	return lost.flatMap((c) => {
		const winner = byKey.get(key(c.table, c.rowId, c.field));
		// Equal stamps are the same write sent twice, not a conflict.
		if (!winner || winner.hlc === c.hlc) return [];
		return [{ opId: c.opId, field: c.field, winnerHlc: winner.hlc, winnerUserId: winner.user_id ?? '' }];
	});
}

/**
 * Pseudonym codes are unique in a project (case-insensitive): two tablets that each
 * registered a P-001 offline would otherwise merge two young people into one code in every
 * analysis. A participant written with a code another live participant has is refused.
 */
async function takenCodes(tx: SqlClient, projectId: string, writes: RowWrite[]): Promise<RejectedChange[]> {
	const coded = writes.filter((w) => w.table === 'participants' && typeof w.fields.code === 'string' && w.fields.deleted !== 1);
	if (coded.length === 0) return [];
	const norm = (code: string) => code.trim().toLocaleLowerCase('nb');
	const taken = await tx.query<{ row_id: string; code: string }>(
		`select c.row_id, c.value #>> '{}' as code from field_state c
		 where c.project_id = $1 and c.tbl = 'participants' and c.field = 'code'
		   and lower(btrim(c.value #>> '{}')) = any($2::text[])
		   and not exists (select 1 from field_state d where d.project_id = c.project_id and d.tbl = 'participants'
		                   and d.row_id = c.row_id and d.field = 'deleted' and d.value = '1'::jsonb)`,
		[projectId, coded.map((w) => norm(String(w.fields.code)))]
	);
	const rejected: RejectedChange[] = [];
	const inPush = new Map<string, string>();
	for (const w of coded) {
		const code = norm(String(w.fields.code));
		const clash = taken.some((t) => t.row_id !== w.rowId && norm(t.code) === code) || (inPush.has(code) && inPush.get(code) !== w.rowId);
		inPush.set(code, w.rowId);
		if (clash) for (const c of w.changes) rejected.push({ opId: c.opId, code: 'code_taken', message: `Another participant already has the code ${String(w.fields.code)}.` });
	}
	return rejected;
}

/**
 * Edits of rows someone else deleted meanwhile: the edit is stored, and the answer says
 * so (as an overtaken `deleted` field) so the device can bring the row back rather than
 * lose a correction typed offline on an item a colleague deleted.
 */
async function editsOfDeletedRows(
	tx: SqlClient,
	{ projectId, role }: Pick<PushInput, 'projectId' | 'role'>,
	writes: RowWrite[],
	stored: Map<string, Record<string, unknown>>
): Promise<OvertakenChange[]> {
	const hit = writes.filter((w) => {
		// Only someone who may bring the row back is told to (a reviewer's review mark on
		// an entry a researcher deleted is kept, but the entry stays deleted).
		if (!mayWrite(role, w.table, 'deleted')) return false;
		const row = stored.get(`${w.table}/${w.rowId}`);
		if (!row || row.deleted !== 1 || Object.hasOwn(w.fields, 'deleted')) return false;
		return Object.keys(w.fields).some((f) => !isMergedField(w.table, f));
	});
	if (hit.length === 0) return [];
	const rows = await tx.query<{ tbl: string; row_id: string; hlc: string; user_id: string | null }>(
		`select s.tbl, s.row_id, s.hlc, c.user_id from field_state s left join changes c on c.seq = s.seq
		 where s.project_id = $1 and s.field = 'deleted' and (s.tbl, s.row_id) in (select * from unnest($2::text[], $3::text[]))`,
		[projectId, hit.map((w) => w.table), hit.map((w) => w.rowId)]
	);
	const byRow = new Map(rows.map((r) => [`${r.tbl}/${r.row_id}`, r]));
	return hit.flatMap((w) => {
		const deletion = byRow.get(`${w.table}/${w.rowId}`);
		return deletion ? [{ opId: w.changes[0].opId, field: 'deleted', winnerHlc: deletion.hlc, winnerUserId: deletion.user_id ?? '' }] : [];
	});
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
