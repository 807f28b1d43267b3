import type { z } from 'zod';
import { codingId } from '$lib/domain/coding';
import { taggingId, type TagKind, type Tagging } from '$lib/domain/tagging';
import { fieldClocksKey } from '$lib/sync/fieldClocks';
import type { DataContext } from './context';
import { syncedTableNames, type OutboxChange, type SyncedTableName, type SyncedTables } from './db';
import { saveClock, type Repository, type StagedRow } from './repository';
import type { Repositories } from './repositories';

/**
 * The bulk door to the synced tables, for what arrives by the thousand (a demo file,
 * an import): each row is validated, checked against the role and stamped exactly
 * as `Repository.create` does it – its own HLC, one outbox change with the whole row,
 * its field clocks – but the rows are written with one `bulkAdd` per table in one
 * transaction, not three awaited writes each. Per row the result is what the
 * repositories would have written (bulk.test.ts holds the two side by side).
 *
 * Rows are staged in the order a caller would create them; nothing is written until
 * `flush`. A rule across tables (consent before capture) runs at `flush`, after the
 * participants and sessions staged with it are in, so evidence can be staged in the
 * same batch as the people it is about. If any row is refused, nothing is written.
 */
export class BulkWriter {
	private staged: StagedRow[] = [];
	private byKey = new Map<string, StagedRow>();

	constructor(
		private readonly ctx: DataContext,
		private readonly repos: Repositories
	) {}

	/** How many rows wait for `flush`. */
	get size(): number {
		return this.staged.length;
	}

	/**
	 * Stages a new row. The same id staged twice is one row (a tag given twice); with
	 * other values it is a mistake of the caller, refused at once.
	 */
	create<N extends SyncedTableName, S extends z.ZodObject>(repo: Repository<N, S>, projectId: string, input: z.input<S>, id?: string): SyncedTables[N] {
		if (id !== undefined) {
			const known = this.byKey.get(`${repo.table}/${id}`);
			if (known) return known.row as SyncedTables[N];
		}
		const staged = repo.stageCreate(projectId, input, id);
		this.staged.push(staged);
		this.byKey.set(`${repo.table}/${staged.row.id}`, staged);
		// The rule is of this row's own table; the map holds rows of every table.
		admits.set(staged, repo.admitRule as Repository<SyncedTableName>['admitRule']);
		return staged.row;
	}

	/** `TaggingRepository.tag` in bulk: the shared tag, and for a code this coder's own coding. */
	tag(projectId: string, targetId: string, kind: TagKind, tagId: string): Tagging {
		const coder = this.ctx.actor();
		if (kind === 'code') this.create(this.repos.codings, projectId, { targetId, codeId: tagId, coder }, codingId(targetId, tagId, coder));
		return this.create(this.repos.taggings, projectId, { targetId, kind, tagId, taggedBy: coder }, taggingId(targetId, kind, tagId));
	}

	/**
	 * Writes every staged row in one transaction (joining the caller's, if it spans the
	 * synced tables, outbox and syncState). A row whose id is already stored (a tombstone
	 * of a derived id) is written through its repository instead, which revives it.
	 */
	async flush(): Promise<void> {
		const staged = this.staged;
		this.staged = [];
		this.byKey = new Map();
		if (staged.length === 0) return;
		const { db } = this.ctx;
		await db.transaction('rw', [...syncedTableNames, 'outbox', 'syncState'], async () => {
			const byTable = new Map<SyncedTableName, StagedRow[]>();
			for (const s of staged) {
				if (!byTable.has(s.table)) byTable.set(s.table, []);
				byTable.get(s.table)!.push(s);
			}
			const fresh = new Set<StagedRow>();
			const revived: StagedRow[] = [];
			for (const [table, rows] of byTable) {
				const stored = await db.table(table).bulkGet(rows.map((s) => s.row.id));
				rows.forEach((s, i) => {
					if (stored[i]) revived.push(s);
					else fresh.add(s);
				});
			}
			// Rows with no rule first, so a rule that reads them (the session, the participant) finds them.
			const ruled = staged.filter((s) => fresh.has(s) && admits.get(s));
			const plain = staged.filter((s) => fresh.has(s) && !admits.get(s));
			await this.write(plain);
			await this.admit(ruled);
			await this.write(ruled);
			for (const s of revived) await this.repoOf(s.table).create(s.row.projectId, s.row as never, s.row.id);
			// The clock survives reloads (see Repository.queue): once, after the last stamp.
			await saveClock({ db }, this.ctx.clock);
		});
	}

	private async write(rows: StagedRow[]): Promise<void> {
		if (rows.length === 0) return;
		const { db } = this.ctx;
		const byTable = new Map<SyncedTableName, unknown[]>();
		const changes: OutboxChange[] = [];
		const clocks: { key: string; value: Record<string, string> }[] = [];
		for (const s of rows) {
			if (!byTable.has(s.table)) byTable.set(s.table, []);
			byTable.get(s.table)!.push(s.row);
			changes.push(s.change);
			// A row that was not stored has no field clocks (applyRemote writes them with the row): they are new.
			clocks.push({ key: fieldClocksKey(s.table, s.row.id), value: s.clocks });
		}
		for (const [table, values] of byTable) await db.table(table).bulkAdd(values);
		await db.outbox.bulkAdd(changes);
		await db.syncState.bulkPut(clocks);
	}

	/** Runs each row's rule once per distinct question: evidence of one session asks the same thing. */
	private async admit(rows: StagedRow[]): Promise<void> {
		// One row per distinct question, then the questions one by one. Awaiting an answered
		// question again for every row was a long chain of awaits with no IndexedDB request
		// pending, in which IndexedDB committed the transaction under the writes still to come
		// (a demo of 200 pieces of evidence never finished loading).
		const questions = new Map<string, StagedRow>();
		for (const s of rows) {
			const rule = admits.get(s)!;
			const r = s.row as unknown as Record<string, unknown>;
			const key = `${s.table}|${s.row.projectId}|${rule.fields.map((f) => String(r[f] ?? '')).join('|')}`;
			if (!questions.has(key)) questions.set(key, s);
		}
		for (const s of questions.values()) await admits.get(s)!.check(this.ctx.db, s.row as never);
	}

	private repoOf(table: SyncedTableName): Repository<SyncedTableName> {
		// Every synced table has its repository under its own name.
		return this.repos[table] as unknown as Repository<SyncedTableName>;
	}
}

/** The rule each staged row must pass, by row (kept beside the row, not in it). */
const admits = new WeakMap<StagedRow, Repository<SyncedTableName>['admitRule']>();
