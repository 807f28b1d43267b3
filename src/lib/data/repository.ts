import { rowField } from '$lib/sync/rowChange';
import type { z } from 'zod';
import { newId } from '$lib/domain/ids';
import { NotFoundError, ValidationError, parseOrThrow, type FieldIssue } from '$lib/domain/validation';
import { readFieldClocks, stampFields } from '$lib/sync/fieldClocks';
import { isHlc, type HybridClock } from '$lib/sync/hlc';
import type { DataContext } from './context';
import type { OutboxChange, SyncedTableName, SyncedTables } from './db';

/**
 * Whether this device's user may write `field` of a row in `table` of a project (their
 * role there). Installed by the app once the role is known; without one, everything is
 * allowed (a project only on this tablet has no roles).
 */
export type WritePolicy = (projectId: string, table: SyncedTableName, field: string) => boolean;

const policies = new WeakMap<DataContext, WritePolicy>();

/** Makes every repository of `ctx` refuse, before anything is written, what `policy` forbids. */
export function setWritePolicy(ctx: DataContext, policy: WritePolicy | null): void {
	if (policy) policies.set(ctx, policy);
	else policies.delete(ctx);
}

/**
 * A write the user's role may not make: refused on the device, so no screen can queue a
 * change the server would refuse. A validation error on the field (code `roleForbidden`),
 * so every form shows it in the user's language.
 */
export class WriteForbiddenError extends ValidationError {
	constructor(
		readonly table: SyncedTableName,
		readonly field: string
	) {
		super([{ path: field, code: 'roleForbidden' }]);
		this.name = 'WriteForbiddenError';
	}
}

export interface RepositoryOptions<N extends SyncedTableName, S extends z.ZodObject> {
	table: N;
	/** Validates what a caller may write (no id, stamps or tombstone). */
	fields: S;
	/** Rules across fields, checked on the merged row before anything is written. */
	check?: (row: SyncedTables[N]) => FieldIssue[];
	/**
	 * A rule that reads other tables (consent before capture): run inside the write's
	 * transaction, which then also spans `tables`, before a row is created or any of
	 * `fields` changes. It throws to refuse; nothing is written then.
	 */
	admit?: AdmitRule<N>;
}

export interface AdmitRule<N extends SyncedTableName> {
	tables: readonly string[];
	fields: readonly string[];
	check: (db: DataContext['db'], row: SyncedTables[N]) => Promise<void>;
}

const clockKey = 'clock';

/**
 * The only door to a synced table. Each write validates, stamps the row with an
 * HLC, and appends one outbox change per written field in the same IndexedDB
 * transaction – so a change is either saved and queued for sync, or neither.
 */
export class Repository<N extends SyncedTableName, S extends z.ZodObject = z.ZodObject> {
	readonly table: N;
	private readonly partialFields: z.ZodObject;

	constructor(
		protected readonly ctx: DataContext,
		private readonly options: RepositoryOptions<N, S>
	) {
		this.table = options.table;
		this.partialFields = options.fields.partial();
	}

	protected get store() {
		return this.ctx.db.table<SyncedTables[N], string>(this.table);
	}

	async get(id: string): Promise<SyncedTables[N] | undefined> {
		return this.store.get(id);
	}

	async require(id: string): Promise<SyncedTables[N]> {
		const row = await this.get(id);
		if (!row) throw new NotFoundError(this.table, id);
		return row;
	}

	/** Live rows of a project (tombstones left out). */
	async listByProject(projectId: string): Promise<SyncedTables[N][]> {
		const rows = await this.store.where('projectId').equals(projectId).toArray();
		return rows.filter((r) => !r.deleted);
	}

	async create(projectId: string, input: z.input<S>, id: string = newId()): Promise<SyncedTables[N]> {
		const fields = parseOrThrow(this.options.fields, input) as Partial<SyncedTables[N]>;
		return this.ctx.db.transaction('rw', this.writeTables(), async () => {
			const existing = await this.store.get(id);
			// A derived id (taggings, cluster members) may already exist as a tombstone: revive it.
			if (existing) return this.write(existing, { ...fields, deleted: 0 } as Partial<SyncedTables[N]>);
			const { row, hlc, written } = this.newRow(projectId, fields, id);
			await this.options.admit?.check(this.ctx.db, row);
			await this.store.add(row);
			await this.queue(row, written, hlc, { whole: true });
			return row;
		});
	}

	/**
	 * A new row as `create` makes it – validated, checked, stamped, with its one outbox
	 * change and its field clocks – but nothing written: `BulkWriter` (bulk.ts) writes many
	 * of these in one go. It runs `admitRule` itself, once the rows it depends on are in.
	 */
	stageCreate(projectId: string, input: z.input<S>, id: string = newId()): StagedRow<N> {
		const fields = parseOrThrow(this.options.fields, input) as Partial<SyncedTables[N]>;
		const { row, hlc, written } = this.newRow(projectId, fields, id);
		const clocks = Object.fromEntries(written.map((f) => [f, hlc]));
		return { table: this.table, row, change: wholeRowChange(this.table, row, written, hlc), clocks };
	}

	/** The rule across tables a new row must pass (consent before capture), if any. */
	get admitRule(): AdmitRule<N> | undefined {
		return this.options.admit;
	}

	/** Stamps and checks a new row; `written` are the fields its change carries and its clocks cover. */
	private newRow(projectId: string, fields: Partial<SyncedTables[N]>, id: string): { row: SyncedTables[N]; hlc: string; written: string[] } {
		const hlc = this.ctx.clock.tick();
		const row = {
			...fields,
			id,
			projectId,
			createdAt: this.ctx.now().toISOString(),
			createdBy: this.ctx.actor(),
			updatedAt: hlc,
			deleted: 0
		} as unknown as SyncedTables[N];
		this.checkRow(row);
		this.checkRole(projectId, Object.keys(fields).concat(['deleted']));
		// One change carries the whole new row (see sync/rowChange.ts); id and projectId
		// address it, updatedAt is its stamp.
		return { row, hlc, written: Object.keys(row).filter((k) => k !== 'id' && k !== 'projectId' && k !== 'updatedAt') };
	}

	async update(id: string, patch: Partial<z.input<S>>): Promise<SyncedTables[N]> {
		const parsed = parseOrThrow(this.partialFields, patch) as Record<string, unknown>;
		// Zod fills defaults even for keys a partial schema leaves out; a patch must only touch what it names.
		const valid = Object.fromEntries(Object.keys(patch).filter((k) => k in parsed).map((k) => [k, parsed[k]])) as Partial<SyncedTables[N]>;
		return this.ctx.db.transaction('rw', this.writeTables(), async () => {
			const row = await this.store.get(id);
			if (!row || row.deleted) throw new NotFoundError(this.table, id);
			const admit = this.options.admit;
			if (admit && Object.keys(valid).some((k) => admit.fields.includes(k))) await admit.check(this.ctx.db, { ...row, ...valid });
			return this.write(row, valid);
		});
	}

	/** The tables a create or update writes in (and reads, for an admit rule). */
	private writeTables(): string[] {
		return [this.table, 'outbox', 'syncState', ...(this.options.admit?.tables ?? [])];
	}

	/** Tombstone: the row stays (for sync and undo) but leaves every view. */
	async remove(id: string): Promise<void> {
		await this.ctx.db.transaction('rw', [this.table, 'outbox', 'syncState'], async () => {
			const row = await this.require(id);
			if (!row.deleted) await this.write(row, { deleted: 1 } as Partial<SyncedTables[N]>);
		});
	}

	/** Undo of `remove`. */
	async restore(id: string): Promise<void> {
		await this.ctx.db.transaction('rw', [this.table, 'outbox', 'syncState'], async () => {
			const row = await this.require(id);
			if (row.deleted) await this.write(row, { deleted: 0 } as Partial<SyncedTables[N]>);
		});
	}

	/** Must run inside a transaction over this table, outbox and syncState. */
	protected async write(row: SyncedTables[N], patch: Partial<SyncedTables[N]>): Promise<SyncedTables[N]> {
		const changed = Object.keys(patch).filter(
			(k) => JSON.stringify((row as Record<string, unknown>)[k]) !== JSON.stringify((patch as Record<string, unknown>)[k])
		);
		if (changed.length === 0) return row;
		// The row may hold a value stamped by a device whose clock runs ahead: an edit of it must order after.
		if (isHlc(row.updatedAt)) this.ctx.clock.observe(row.updatedAt);
		const hlc = this.ctx.clock.tick();
		const next = { ...row, ...patch, updatedAt: hlc } as SyncedTables[N];
		this.checkRow(next);
		this.checkRole(row.projectId, changed);
		await this.store.put(next);
		await this.queue(next, changed, hlc);
		return next;
	}

	/** Refuses (before anything is written) a field the role may not write. */
	private checkRole(projectId: string, fields: string[]): void {
		const policy = policies.get(this.ctx);
		const refused = policy && fields.find((field) => !policy(projectId, this.table, field));
		if (refused) throw new WriteForbiddenError(this.table, refused);
	}

	private checkRow(row: SyncedTables[N]): void {
		const issues = this.options.check?.(row) ?? [];
		if (issues.length > 0) throw new ValidationError(issues);
	}

	private async queue(row: SyncedTables[N], fields: string[], hlc: string, { whole = false } = {}): Promise<void> {
		const values = row as Record<string, unknown>;
		const address = { hlc, projectId: row.projectId, table: this.table, rowId: row.id };
		// An edit names the stamp of the value it replaced (`base`), so another device can
		// tell an edit made without seeing its own value (a conflict) from one made after.
		const seen = whole ? {} : await readFieldClocks(this.ctx.db, this.table, row.id);
		const changes: OutboxChange[] = whole
			? [wholeRowChange(this.table, row, fields, hlc)]
			: fields.map((field) => ({ ...address, opId: newId(), field, value: values[field], ...(seen[field] ? { base: seen[field] } : {}) }));
		await this.ctx.db.outbox.bulkAdd(changes);
		await stampFields(this.ctx.db, this.table, row.id, fields, hlc);
		// The clock survives reloads, so a tablet whose wall clock jumps back still orders its own edits.
		await this.ctx.db.syncState.put({ key: clockKey, value: hlc });
	}
}

/** A new row ready to be written, with what its create queues for sync. */
export interface StagedRow<N extends SyncedTableName = SyncedTableName> {
	table: N;
	row: SyncedTables[N];
	change: OutboxChange;
	/** Its field clocks: every written field at the row's stamp. */
	clocks: Record<string, string>;
}

/** The one outbox change of a created row: every written field in one `$row` value. */
function wholeRowChange<N extends SyncedTableName>(table: N, row: SyncedTables[N], fields: string[], hlc: string): OutboxChange {
	const values = row as Record<string, unknown>;
	return { hlc, projectId: row.projectId, table, rowId: row.id, opId: newId(), field: rowField, value: Object.fromEntries(fields.map((field) => [field, values[field]])) };
}

/** Saves the clock's last stamp, so after a restart it never stamps below what the device has seen. */
export async function saveClock(ctx: { db: DataContext['db'] }, clock: HybridClock): Promise<void> {
	await ctx.db.syncState.put({ key: clockKey, value: clock.current() });
}

export async function readClockStart(ctx: Pick<DataContext, 'db'>): Promise<string | undefined> {
	const saved = await ctx.db.syncState.get(clockKey);
	return typeof saved?.value === 'string' ? saved.value : undefined;
}
