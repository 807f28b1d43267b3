import { z } from 'zod';
import { syncedTableNames, type SyncedTableName } from '$lib/domain/tables';
import type { SqlClient } from './sql';

/**
 * Erasure on the server. Deleting is a tombstone (`deleted = 1`), so the deletion syncs
 * and can be undone; once a row has stayed deleted for longer than the prune horizon, its
 * content is removed from the field state and from the change log. The row itself stays,
 * as a tombstone of the fields in `keptFields`, so every device still learns that it is
 * deleted. A deleted note takes its Yjs updates with it.
 *
 * A pruned change keeps its place in the log without its value (`pruned_at` set), so a
 * device re-sending that op is acknowledged and the op is not applied again. Pulls never
 * return a pruned change; a device whose cursor is older than the project's
 * `prune_state.pruned_through` gets a snapshot instead (see `pull.ts`).
 */

/** 30 days: the span the bin on a device offers a restore for (see `data/bin.ts`). */
export const DEFAULT_PRUNE_HORIZON_HOURS = 30 * 24;
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** What every tombstone keeps: that it is deleted, and when and by whom the row was made. */
const keptEverywhere = ['deleted', 'createdAt', 'createdBy'] as const;

/**
 * Per table, the fields a tombstone keeps besides `keptEverywhere`: ids of the rows it
 * belonged to and the users it names (the push checks authorship against them), never
 * words, numbers, dates or choices. Everything not listed is content and is pruned –
 * a field added to a schema later is pruned unless it is added here.
 * A participant keeps nothing of its own: code, age, life stage, municipality,
 * attributes and consent all go.
 */
const keptReferences: Record<SyncedTableName, readonly string[]> = {
	projects: [],
	regions: ['parentId'],
	lifeStages: [],
	participants: [],
	sessions: [],
	notes: ['sessionId'],
	entries: ['sessionId', 'highlightId', 'participantId', 'attachmentId', 'reviewedBy'],
	highlights: ['noteId', 'sessionId', 'entryId'],
	codes: ['parentId'],
	taggings: ['targetId', 'kind', 'tagId', 'taggedBy'],
	codings: ['targetId', 'codeId', 'coder'],
	attachments: ['sessionId', 'entryId', 'participantId'],
	boards: [],
	clusters: ['boardId'],
	clusterMembers: ['boardId', 'clusterId', 'entryId'],
	insights: [],
	innovationAreas: [],
	comments: ['targetId'],
	votes: ['clusterId', 'voter'],
	consentEvents: ['participantId'],
	// The audit record of an erasure holds no content: it is kept whole.
	erasures: ['participantId', 'code', 'erasedBy', 'erasedAt', 'reason', 'rowIds', 'noteIds']
};

/** The fields of a row of `table` that survive pruning (none for note updates). */
export function keptFields(table: string): readonly string[] {
	if (!(syncedTableNames as readonly string[]).includes(table)) return [];
	return [...keptEverywhere, ...keptReferences[table as SyncedTableName]];
}

/** (table, field) pairs of every kept field, as two arrays for `unnest`. */
function keptPairs(): [string[], string[]] {
	const tables: string[] = [];
	const fields: string[] = [];
	for (const table of syncedTableNames) {
		for (const field of keptFields(table)) {
			tables.push(table);
			fields.push(field);
		}
	}
	return [tables, fields];
}

const horizonSchema = z.coerce.number().positive().max(24 * 365 * 10);

/**
 * The undo window, from `PRUNE_HORIZON_HOURS` (hours, fractions allowed; default 720, 30 days).
 * A value that is not a positive number stops the server start with a clear message
 * rather than pruning on a horizon nobody chose.
 */
export function pruneHorizonHours(env: { PRUNE_HORIZON_HOURS?: string } = process.env): number {
	const raw = env.PRUNE_HORIZON_HOURS?.trim();
	if (!raw) return DEFAULT_PRUNE_HORIZON_HOURS;
	const parsed = horizonSchema.safeParse(raw);
	if (!parsed.success) throw new Error(`PRUNE_HORIZON_HOURS must be a positive number of hours, not "${raw}".`);
	return parsed.data;
}

export interface PruneOptions {
	/** The moment the horizon is measured back from (ms since the epoch); tests move it. */
	now?: number;
	horizonHours?: number;
	/** Where the one content-free summary line per pruned project goes. */
	log?: (line: string) => void;
}

export interface PruneSummary {
	/** Projects in which something was pruned. */
	projects: number;
	/** Tombstoned rows pruned for the first time in this run. */
	rows: number;
	/** Field values removed from the field state. */
	fields: number;
	/** Changes whose value was removed from the log (field changes and note updates). */
	changes: number;
}

/**
 * Prunes every project once: the content of rows whose current `deleted` value is 1 and
 * was received by the server more than the horizon before `now`. The horizon counts from
 * when the server received the deletion, not from the device's clock. A row restored
 * within the window has `deleted = 0` and is not touched.
 */
export async function pruneDeleted(sql: SqlClient, options: PruneOptions = {}): Promise<PruneSummary> {
	const now = new Date(options.now ?? Date.now());
	const horizonHours = options.horizonHours ?? pruneHorizonHours();
	const cutoff = new Date(now.getTime() - horizonHours * 3600_000);
	const log = options.log ?? ((line: string) => console.info(line));
	const projects = await sql.query<{ project_id: string }>(
		`select distinct f.project_id from field_state f join changes c on c.seq = f.seq
		 where f.field = 'deleted' and f.value in ('1'::jsonb, 'true'::jsonb) and c.received_at <= $1::timestamptz`,
		[cutoff.toISOString()]
	);
	const summary: PruneSummary = { projects: 0, rows: 0, fields: 0, changes: 0 };
	for (const { project_id: projectId } of projects) {
		const result = await pruneProject(sql, projectId, cutoff, now);
		if (result.fields + result.changes === 0 && result.rows === 0) continue;
		summary.projects++;
		summary.rows += result.rows;
		summary.fields += result.fields;
		summary.changes += result.changes;
		log(JSON.stringify({ event: 'sync.prune', at: now.toISOString(), projectId, ...result }));
	}
	if (summary.fields + summary.changes > 0) await reclaimSpace(sql, log);
	return summary;
}

type Victim = { tbl: string; row_id: string; deleted_seq: number | string; handled: boolean };

/** One project, in one transaction under the project's push lock (pushes wait, then see the result). */
async function pruneProject(sql: SqlClient, projectId: string, cutoff: Date, now: Date): Promise<Omit<PruneSummary, 'projects'>> {
	const [keepTables, keepFields] = keptPairs();
	return sql.transaction(async (tx) => {
		await tx.query('select pg_advisory_xact_lock(hashtext($1))', [projectId]);
		// `handled`: this very tombstone was pruned by an earlier run; only content that
		// arrived since (a late edit from a device that was offline) is left to remove.
		const victims = await tx.query<Victim>(
			`select f.tbl, f.row_id, f.seq as deleted_seq,
			   exists (select 1 from prune_audit a
			           where a.project_id = f.project_id and a.tbl = f.tbl and a.row_id = f.row_id and a.deleted_seq = f.seq) as handled
			 from field_state f join changes c on c.seq = f.seq
			 where f.project_id = $1 and f.field = 'deleted' and f.value in ('1'::jsonb, 'true'::jsonb)
			   and c.received_at <= $2::timestamptz`,
			[projectId, cutoff.toISOString()]
		);
		if (victims.length === 0) return { rows: 0, fields: 0, changes: 0 };
		const [state] = await tx.query<{ pruned_through: number | string; checked_through: number | string }>(
			'select pruned_through, checked_through from prune_state where project_id = $1',
			[projectId]
		);
		const checkedThrough = Number(state?.checked_through ?? 0);
		const [{ top }] = await tx.query<{ top: number | string }>('select coalesce(max(seq), 0) as top from changes where project_id = $1', [
			projectId
		]);

		const key = (tbl: string, rowId: string) => `${tbl}\u0000${rowId}`;
		const removedFields = new Map<string, number>();
		const removed = await tx.query<{ tbl: string; row_id: string }>(
			`delete from field_state s using unnest($2::text[], $3::text[]) as v(tbl, row_id)
			 where s.project_id = $1 and s.tbl = v.tbl and s.row_id = v.row_id
			   and (s.tbl, s.field) not in (select * from unnest($4::text[], $5::text[]))
			 returning s.tbl, s.row_id`,
			[projectId, victims.map((v) => v.tbl), victims.map((v) => v.row_id), keepTables, keepFields]
		);
		for (const r of removed) removedFields.set(key(r.tbl, r.row_id), (removedFields.get(key(r.tbl, r.row_id)) ?? 0) + 1);

		// The log: every content change of a row pruned for the first time (the whole log
		// of the project is read once), only changes since the last run for the others.
		const removedChanges = new Map<string, number>();
		let prunedThrough = Number(state?.pruned_through ?? 0);
		const nullChanges = async (rows: Victim[], afterSeq: number) => {
			if (rows.length === 0) return;
			const nulled = await tx.query<{ seq: number | string; tbl: string; row_id: string }>(
				`update changes c set value = null, pruned_at = $6::timestamptz
				 from unnest($2::text[], $3::text[]) as v(tbl, row_id)
				 where c.project_id = $1 and c.seq > $7 and c.pruned_at is null and c.row_id = v.row_id
				   and (c.tbl = v.tbl or (v.tbl = 'notes' and c.tbl = 'noteUpdates'))
				   and (c.tbl, c.field) not in (select * from unnest($4::text[], $5::text[]))
				 returning c.seq, v.tbl, v.row_id`,
				[projectId, rows.map((v) => v.tbl), rows.map((v) => v.row_id), keepTables, keepFields, now.toISOString(), afterSeq]
			);
			for (const r of nulled) {
				removedChanges.set(key(r.tbl, r.row_id), (removedChanges.get(key(r.tbl, r.row_id)) ?? 0) + 1);
				prunedThrough = Math.max(prunedThrough, Number(r.seq));
			}
		};
		const fresh = victims.filter((v) => !v.handled);
		await nullChanges(fresh, 0);
		if (Number(top) > checkedThrough) await nullChanges(victims.filter((v) => v.handled), checkedThrough);

		// One audit line per pruned tombstone (and per later clean-up that removed something).
		const audit = victims
			.map((v) => ({ ...v, fields: removedFields.get(key(v.tbl, v.row_id)) ?? 0, changes: removedChanges.get(key(v.tbl, v.row_id)) ?? 0 }))
			.filter((v) => !v.handled || v.fields + v.changes > 0);
		if (audit.length > 0) {
			await tx.query(
				`insert into prune_audit (project_id, tbl, row_id, deleted_seq, deleted_at, pruned_at, fields, changes)
				 select $1, u.tbl, u.row_id, u.deleted_seq, c.received_at, $2::timestamptz, u.fields, u.changes
				 from unnest($3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[]) as u(tbl, row_id, deleted_seq, fields, changes)
				 join changes c on c.seq = u.deleted_seq`,
				[
					projectId,
					now.toISOString(),
					audit.map((a) => a.tbl),
					audit.map((a) => a.row_id),
					audit.map((a) => Number(a.deleted_seq)),
					audit.map((a) => a.fields),
					audit.map((a) => a.changes)
				]
			);
		}
		await tx.query(
			`insert into prune_state (project_id, pruned_through, checked_through, updated_at) values ($1, $2, $3, $4::timestamptz)
			 on conflict (project_id) do update set
			   pruned_through = greatest(prune_state.pruned_through, excluded.pruned_through),
			   checked_through = greatest(prune_state.checked_through, excluded.checked_through),
			   updated_at = excluded.updated_at`,
			[projectId, prunedThrough, Number(top), now.toISOString()]
		);
		let fields = 0;
		let changes = 0;
		for (const n of removedFields.values()) fields += n;
		for (const n of removedChanges.values()) changes += n;
		return { rows: fresh.length, fields, changes };
	});
}

/**
 * Lets the database reuse the space of the removed values at once (the embedded engine
 * has no autovacuum). Best effort: a failure here leaves the erasure done.
 */
async function reclaimSpace(sql: SqlClient, log: (line: string) => void): Promise<void> {
	try {
		await sql.query('vacuum field_state, changes');
	} catch (error) {
		log(JSON.stringify({ event: 'sync.prune_vacuum_failed', message: error instanceof Error ? error.message : String(error) }));
	}
}

export interface PruningOptions {
	intervalMs?: number;
	horizonHours?: number;
	log?: (line: string) => void;
}

/**
 * Prunes once now and then every hour, in the background: a timer that does not keep the
 * process alive, one run at a time, failures logged and retried at the next tick. Reads
 * the horizon at once, so a bad `PRUNE_HORIZON_HOURS` stops the start. Returns a stop.
 */
export function startPruning(storage: () => Promise<SqlClient>, options: PruningOptions = {}): () => void {
	const horizonHours = options.horizonHours ?? pruneHorizonHours();
	const log = options.log ?? ((line: string) => console.info(line));
	let running = false;
	const run = async () => {
		if (running) return;
		running = true;
		try {
			await pruneDeleted(await storage(), { horizonHours, log });
		} catch (error) {
			log(JSON.stringify({ event: 'sync.prune_failed', message: error instanceof Error ? error.message : String(error) }));
		} finally {
			running = false;
		}
	};
	void run();
	const timer = setInterval(() => void run(), options.intervalMs ?? PRUNE_INTERVAL_MS);
	timer.unref?.();
	return () => clearInterval(timer);
}
