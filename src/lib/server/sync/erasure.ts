import { addressOf, erasureFields, erasureScope, type ErasureRows } from '$lib/domain/erasure';
import type { RejectedChange, WireChange } from '$lib/sync/wire';
import { eraseNoteText, textOfNoteUpdate } from '$lib/notes/eraseNoteText';
import type { SqlClient } from './sql';
import type { RowWrite, StoredRow } from './validateRows';

/**
 * Erasure on the server (see `domain/erasure.ts` and docs/sync-protocol.md section 8).
 * An erasure arrives as a push of a new `erasures` row, written by an owner. In the same
 * transaction as that push the server removes the participant's content from everything
 * it holds: the rows' field state, their values in the change log (each change keeps its
 * place without its value, as pruning does, so a device re-sending the op is acknowledged
 * and nothing is stored again), the Yjs updates of notes that were theirs alone, the text
 * under their highlights in the other notes (folded into one update without it), their
 * photos' and recordings' bytes, and their consent records. What stays is the erasure
 * row: the audit record, ids and the pseudonym only.
 *
 * From then on a push that would store anything of theirs again – an offline tablet's
 * queued edit, a backup restored on a tablet and pushed – is refused (`erased`), and a
 * note update for a note their text was cut from is stored and then cut again.
 */

type Fields = Record<string, unknown>;

export interface ErasureRecord {
	id: string;
	participantId: string;
	rowIds: string[];
	noteIds: string[];
}

/** The erasures a project holds, as field state (every erasure row is written whole, once). */
async function storedErasures(tx: SqlClient, projectId: string): Promise<ErasureRecord[]> {
	const rows = await tx.query<{ row_id: string; field: string; value: unknown }>(
		`select row_id, field, value from field_state where project_id = $1 and tbl = 'erasures' and field in ('participantId', 'rowIds', 'noteIds')`,
		[projectId]
	);
	const byId = new Map<string, Fields>();
	for (const r of rows) {
		if (!byId.has(r.row_id)) byId.set(r.row_id, {});
		byId.get(r.row_id)![r.field] = r.value;
	}
	return [...byId].flatMap(([id, f]) => (typeof f.participantId === 'string' ? [recordOf(id, f)] : []));
}

function recordOf(id: string, f: Fields): ErasureRecord {
	const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
	return { id, participantId: String(f.participantId), rowIds: strings(f.rowIds), noteIds: strings(f.noteIds) };
}

/** New erasure rows of this push, whole (validateRows has checked them). */
function erasuresIn(writes: readonly RowWrite[], stored: Map<string, StoredRow>): { record: ErasureRecord; write: RowWrite }[] {
	return writes
		.filter((w) => w.table === 'erasures' && !stored.has(`erasures/${w.rowId}`))
		.flatMap((w) => {
			const parsed = erasureFields.safeParse(w.fields);
			return parsed.success ? [{ record: { id: w.rowId, participantId: parsed.data.participantId, rowIds: parsed.data.rowIds, noteIds: parsed.data.noteIds }, write: w }] : [];
		});
}

const erasedMessage = 'This belongs to a participant who was erased for good; the server does not store it again.';

/**
 * Refusals for a push: an edit or deletion of an erasure record (`erasure_final`), and
 * anything of an erased participant (`erased`): a change to a row an erasure named, a
 * participant row of theirs, a row attributed to them, a note update of a note that was
 * theirs alone. Runs under the push's lock, after the row checks.
 */
export async function erasureRefusals(tx: SqlClient, projectId: string, writes: readonly RowWrite[], stored: Map<string, StoredRow>): Promise<RejectedChange[]> {
	const rejected: RejectedChange[] = [];
	const refuse = (w: RowWrite, code: RejectedChange['code'], message: string) => {
		for (const c of w.changes) rejected.push({ opId: c.opId, code, message });
	};
	for (const w of writes) {
		if (w.table === 'erasures' && stored.has(`erasures/${w.rowId}`)) refuse(w, 'erasure_final', 'An erasure is final: its record cannot be changed or deleted.');
	}
	const erasures = await storedErasures(tx, projectId);
	if (erasures.length === 0) return rejected;
	const participants = new Set(erasures.map((e) => e.participantId));
	const addresses = await erasedAddresses(tx, projectId, erasures);
	for (const w of writes) {
		if (w.table === 'erasures') continue;
		const attributed = typeof w.fields.participantId === 'string' && participants.has(w.fields.participantId);
		if (addresses.has(addressOf(w.table, w.rowId)) || attributed) refuse(w, 'erased', erasedMessage);
	}
	return rejected;
}

/**
 * Every row an erasure took: those the erasing device listed, the participants, and what
 * the server found and erased beyond that list (its audit lines, see `applyErasures`).
 */
async function erasedAddresses(tx: SqlClient, projectId: string, erasures: readonly ErasureRecord[]): Promise<Set<string>> {
	const addresses = new Set(erasures.flatMap((e) => e.rowIds));
	for (const e of erasures) addresses.add(addressOf('participants', e.participantId));
	const audited = await tx.query<{ tbl: string; row_id: string }>(
		`select a.tbl, a.row_id from prune_audit a where a.project_id = $1
		   and a.deleted_seq in (select seq from changes where project_id = $1 and tbl = 'erasures')`,
		[projectId]
	);
	for (const r of audited) addresses.add(addressOf(r.tbl, r.row_id));
	return addresses;
}

/** Note updates of a push, which are not row writes. */
export async function erasedNoteUpdates(tx: SqlClient, projectId: string, changes: readonly WireChange[]): Promise<RejectedChange[]> {
	const updates = changes.filter((c) => c.table === 'noteUpdates');
	if (updates.length === 0) return [];
	const erasures = await storedErasures(tx, projectId);
	if (erasures.length === 0) return [];
	const addresses = await erasedAddresses(tx, projectId, erasures);
	const whole = new Set([...addresses].flatMap((a) => (a.startsWith('notes/') ? [a.slice(6)] : [])));
	return updates.filter((c) => whole.has(c.rowId)).map((c) => ({ opId: c.opId, code: 'erased' as const, message: erasedMessage }));
}

/** The fields the scope reads, per table. */
const scopeFields: Record<keyof ErasureRows, readonly string[]> = {
	participants: ['deleted'],
	consentEvents: ['participantId'],
	sessions: ['participantIds'],
	notes: ['sessionId'],
	entries: ['participantId', 'sessionId', 'highlightId', 'attachmentId'],
	highlights: ['entryId', 'sessionId', 'noteId', 'text'],
	attachments: ['participantId', 'entryId', 'sessionId', 'sha256'],
	taggings: ['targetId'],
	codings: ['targetId'],
	clusterMembers: ['entryId'],
	comments: ['targetId']
};

async function scopeRows(tx: SqlClient, projectId: string): Promise<ErasureRows & { quotes: Map<string, string> }> {
	const tables = Object.keys(scopeFields);
	const fields = [...new Set(Object.values(scopeFields).flat())];
	const rows = await tx.query<{ tbl: string; row_id: string; field: string; value: unknown }>(
		`select tbl, row_id, field, value from field_state where project_id = $1 and tbl = any($2::text[]) and field = any($3::text[])`,
		[projectId, tables, fields]
	);
	const byTable = new Map<string, Map<string, Fields>>();
	for (const r of rows) {
		if (!(scopeFields[r.tbl as keyof ErasureRows] ?? []).includes(r.field)) continue;
		if (!byTable.has(r.tbl)) byTable.set(r.tbl, new Map());
		const t = byTable.get(r.tbl)!;
		if (!t.has(r.row_id)) t.set(r.row_id, { id: r.row_id });
		t.get(r.row_id)![r.field] = r.value;
	}
	const list = (t: string) => [...(byTable.get(t)?.values() ?? [])] as never[];
	const quotes = new Map<string, string>();
	for (const h of byTable.get('highlights')?.values() ?? []) if (typeof h.text === 'string') quotes.set(String(h.id), h.text);
	return {
		participants: list('participants'),
		consentEvents: list('consentEvents'),
		sessions: list('sessions'),
		notes: list('notes'),
		entries: list('entries'),
		highlights: list('highlights'),
		attachments: list('attachments'),
		taggings: list('taggings'),
		codings: list('codings'),
		clusterMembers: list('clusterMembers'),
		comments: list('comments'),
		quotes
	};
}

const emptyRows: ErasureRows = {
	participants: [],
	consentEvents: [],
	sessions: [],
	notes: [],
	entries: [],
	highlights: [],
	attachments: [],
	taggings: [],
	codings: [],
	clusterMembers: [],
	comments: []
};

export interface ErasureSummary {
	rows: number;
	changes: number;
	notes: number;
	blobs: number;
}

/**
 * Carries out the erasures a push brings, and cuts again the notes a push wrote to whose
 * text an earlier erasure cut. Runs in the push's transaction after its changes are
 * stored, so the push and its erasure commit together or not at all.
 */
export async function applyErasures(
	tx: SqlClient,
	input: { projectId: string; userId: string; changes: readonly WireChange[]; now: number },
	writes: readonly RowWrite[],
	stored: Map<string, StoredRow>
): Promise<ErasureSummary> {
	const summary: ErasureSummary = { rows: 0, changes: 0, notes: 0, blobs: 0 };
	const fresh = erasuresIn(writes, stored);
	const touchedNotes = new Set(input.changes.filter((c) => c.table === 'noteUpdates').map((c) => c.rowId));
	if (fresh.length === 0 && touchedNotes.size === 0) return summary;
	const all = await storedErasures(tx, input.projectId);
	if (all.length === 0) return summary;
	const at = new Date(input.now).toISOString();
	let prunedThrough = 0;

	// Rows, values in the log, blobs: for the erasures this push brings.
	// The project's rows are read only for a new erasure; a later note update is cut by what
	// the erasures and their audit lines name (a push of typing must stay cheap).
	const rows = fresh.length > 0 ? await scopeRows(tx, input.projectId) : null;
	const scope = erasureScope(rows ?? emptyRows, new Set(all.map((e) => e.participantId)), all.flatMap((e) => e.rowIds));
	if (fresh.length > 0) {
		const tbls: string[] = [];
		const ids: string[] = [];
		for (const [table, set] of scope.rows) {
			for (const id of set) {
				tbls.push(table);
				ids.push(id);
			}
		}
		const removed = await tx.query<{ tbl: string; row_id: string }>(
			`delete from field_state s using unnest($2::text[], $3::text[]) as v(tbl, row_id)
			 where s.project_id = $1 and s.tbl = v.tbl and s.row_id = v.row_id returning s.tbl, s.row_id`,
			[input.projectId, tbls, ids]
		);
		const wholeNotes = [...scope.wholeNotes];
		const nulled = await tx.query<{ seq: number | string; tbl: string; row_id: string }>(
			`update changes c set value = null, pruned_at = $4::timestamptz
			 where c.project_id = $1 and c.pruned_at is null and (
			   (c.tbl, c.row_id) in (select * from unnest($2::text[], $3::text[]))
			   or (c.tbl = 'noteUpdates' and c.row_id = any($5::text[])))
			 returning c.seq, case when c.tbl = 'noteUpdates' then 'notes' else c.tbl end as tbl, c.row_id`,
			[input.projectId, tbls, ids, at, wholeNotes]
		);
		summary.changes += nulled.length;
		for (const r of nulled) prunedThrough = Math.max(prunedThrough, Number(r.seq));
		// One content-free line per erased row, tied to the erasure's change: the audit trail,
		// and the list the push checks against whatever the erasing device did not know of.
		const count = (list: { tbl: string; row_id: string }[]) => {
			const n = new Map<string, number>();
			for (const r of list) n.set(addressOf(r.tbl, r.row_id), (n.get(addressOf(r.tbl, r.row_id)) ?? 0) + 1);
			return n;
		};
		const fieldsOf = count(removed);
		const changesOf = count(nulled);
		const touched = ids.map((id, i) => addressOf(tbls[i], id)).filter((a) => fieldsOf.has(a) || changesOf.has(a));
		summary.rows = touched.length;
		for (const { record } of fresh) {
			if (touched.length === 0) break;
			await tx.query(
				`insert into prune_audit (project_id, tbl, row_id, deleted_seq, deleted_at, pruned_at, fields, changes)
				 select $1, split_part(u.address, '/', 1), substr(u.address, strpos(u.address, '/') + 1),
				   (select min(seq) from changes where project_id = $1 and tbl = 'erasures' and row_id = $2), $3::timestamptz, $3::timestamptz, u.fields, u.changes
				 from unnest($4::text[], $5::int[], $6::int[]) as u(address, fields, changes)`,
				[input.projectId, record.id, at, touched, touched.map((a) => fieldsOf.get(a) ?? 0), touched.map((a) => changesOf.get(a) ?? 0)]
			);
			break;
		}
		summary.blobs = await eraseBlobs(tx, input.projectId, scope.sha256s);
	}

	// Notes whose text attributed to an erased participant is cut: those a new erasure names,
	// and those this push wrote to (an offline tablet's typing merges, then is cut again).
	const known = await erasedAddresses(tx, input.projectId, all);
	const erasedHighlights = new Set([...(scope.rows.get('highlights') ?? []), ...[...known].flatMap((a) => (a.startsWith('highlights/') ? [a.slice(11)] : []))]);
	const cut = new Set([
		...scope.cutNotes.keys(),
		...all.flatMap((e) => e.noteIds),
		...[...known].flatMap((a) => (a.startsWith('noteUpdates/') ? [a.slice(12)] : []))
	]);
	const notes = fresh.length > 0 ? [...cut] : [...touchedNotes].filter((n) => cut.has(n));
	const quotes = rows ? [...erasedHighlights].map((id) => rows.quotes.get(id) ?? '').filter(Boolean) : [];
	const hlc = fresh[0]?.write.newestHlc ?? input.changes.find((c) => c.table === 'noteUpdates')!.hlc;
	for (const noteId of notes) {
		const held = await tx.query<{ seq: number | string; value: unknown }>(
			`select seq, value from changes c where project_id = $1 and tbl = 'noteUpdates' and row_id = $2 and pruned_at is null
			   and not exists (select 1 from quarantined_note_updates q where q.op_id = c.op_id)
			 order by seq`,
			[input.projectId, noteId]
		);
		if (held.length === 0) continue;
		const { update } = eraseNoteText(
			held.map((h) => ({ update: Buffer.from(String(h.value), 'base64') })),
			erasedHighlights,
			quotes
		);
		const nulled = await tx.query<{ seq: number | string }>(
			`update changes set value = null, pruned_at = $3::timestamptz where project_id = $1 and seq = any($2::bigint[]) returning seq`,
			[input.projectId, held.map((h) => Number(h.seq)), at]
		);
		summary.changes += nulled.length;
		for (const r of nulled) prunedThrough = Math.max(prunedThrough, Number(r.seq));
		await tx.query(
			`insert into changes (op_id, project_id, tbl, row_id, field, value, hlc, user_id) values ($1, $2, 'noteUpdates', $3, '$yjs', $4::jsonb, $5, $6)`,
			[crypto.randomUUID(), input.projectId, noteId, JSON.stringify(Buffer.from(update).toString('base64')), hlc, input.userId]
		);
		// The plain-text snapshot (`notes.text`) is a field of its own: it loses the same words,
		// its earlier values are emptied, and the cut text travels as a change devices pull.
		const text = textOfNoteUpdate(update);
		const [state] = await tx.query<{ value: unknown }>(`select value from field_state where project_id = $1 and tbl = 'notes' and row_id = $2 and field = 'text'`, [input.projectId, noteId]);
		if (state && state.value !== text) {
			const [written] = await tx.query<{ seq: number | string }>(
				`insert into changes (op_id, project_id, tbl, row_id, field, value, hlc, user_id) values ($1, $2, 'notes', $3, 'text', $4::jsonb, $5, $6) returning seq`,
				[crypto.randomUUID(), input.projectId, noteId, JSON.stringify(text), hlc, input.userId]
			);
			const emptied = await tx.query<{ seq: number | string }>(
				`update changes set value = null, pruned_at = $4::timestamptz where project_id = $1 and tbl = 'notes' and row_id = $2 and field = 'text' and seq <> $3 and pruned_at is null returning seq`,
				[input.projectId, noteId, Number(written.seq), at]
			);
			summary.changes += emptied.length;
			for (const r of emptied) prunedThrough = Math.max(prunedThrough, Number(r.seq));
			await tx.query(`update field_state set value = $3::jsonb, hlc = $4, seq = $5 where project_id = $1 and tbl = 'notes' and row_id = $2 and field = 'text'`, [
				input.projectId,
				noteId,
				JSON.stringify(text),
				hlc,
				Number(written.seq)
			]);
		}
		summary.notes++;
		// The note's audit line: its updates were folded and cut (by the first erasure only).
		if (fresh.length > 0) {
			await tx.query(
				`insert into prune_audit (project_id, tbl, row_id, deleted_seq, deleted_at, pruned_at, fields, changes)
				 values ($1, 'noteUpdates', $2, (select min(seq) from changes where project_id = $1 and tbl = 'erasures' and row_id = $3), $4::timestamptz, $4::timestamptz, 0, $5)`,
				[input.projectId, noteId, fresh[0].record.id, at, nulled.length]
			);
		}
	}
	if (prunedThrough > 0) {
		// Cursors below the removed values get a snapshot (see pull.ts), as after pruning.
		await tx.query(
			`insert into prune_state (project_id, pruned_through, checked_through, updated_at) values ($1, $2, 0, $3::timestamptz)
			 on conflict (project_id) do update set pruned_through = greatest(prune_state.pruned_through, excluded.pruned_through), updated_at = excluded.updated_at`,
			[input.projectId, prunedThrough, at]
		);
	}
	return summary;
}

/**
 * The bytes of erased photos and recordings: this project's claim on each hash and any
 * upload in progress go; the content goes when no project claims it any more and no live
 * attachment of this project still names it.
 */
async function eraseBlobs(tx: SqlClient, projectId: string, sha256s: ReadonlySet<string>): Promise<number> {
	if (sha256s.size === 0) return 0;
	const still = await tx.query<{ sha: string }>(
		`select distinct value #>> '{}' as sha from field_state where project_id = $1 and tbl = 'attachments' and field = 'sha256' and value #>> '{}' = any($2::text[])`,
		[projectId, [...sha256s]]
	);
	const kept = new Set(still.map((s) => s.sha));
	const gone = [...sha256s].filter((s) => !kept.has(s));
	if (gone.length === 0) return 0;
	await tx.query('delete from blob_upload_chunks where project_id = $1 and sha256 = any($2::text[])', [projectId, gone]);
	await tx.query('delete from blob_uploads where project_id = $1 and sha256 = any($2::text[])', [projectId, gone]);
	await tx.query('delete from blob_projects where project_id = $1 and sha256 = any($2::text[])', [projectId, gone]);
	const orphans = await tx.query<{ sha256: string }>(
		`select b.sha256 from blobs b where b.sha256 = any($1::text[]) and not exists (select 1 from blob_projects p where p.sha256 = b.sha256)`,
		[gone]
	);
	const shas = orphans.map((o) => o.sha256);
	if (shas.length > 0) {
		await tx.query('delete from blob_chunks where sha256 = any($1::text[])', [shas]);
		await tx.query('delete from blobs where sha256 = any($1::text[])', [shas]);
	}
	return gone.length;
}
