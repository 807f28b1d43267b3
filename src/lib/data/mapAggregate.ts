import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type DBCoreTransaction, type Middleware, type Transaction } from 'dexie';
import { requiredFields } from '$lib/domain/schemas';
import type { SyncedTableName } from '$lib/domain/tables';

/**
 * The map's counts, kept as they are written. Opening the map used to read
 * every entry, tagging, participant and session of the project (≈ 50k rows at
 * 10k entries) to count its cells; now it reads one row per cell.
 *
 * Two tables, both derived (never synced, rebuilt by the schema upgrade):
 * - `mapEntries`: per piece of evidence, its live region and life-stage tags and
 *   the cells it counts in now (`*cells` is indexed, so a tapped cell finds its
 *   evidence without a scan);
 * - `mapCells`: per cell of a project, how many visible pieces of evidence and
 *   how many unknown unknowns it holds.
 *
 * A Dexie DBCore middleware keeps them in the same IndexedDB transaction as every
 * write to the tables the counts depend on – a repository write, a pulled change
 * (applyRemote), a restore, the bin, the bulk path – so no write path can forget
 * them. The rules are those of `computeMapGrid` (mapCounts.ts), which stays the
 * oracle: mapAggregate.test.ts checks the two agree after random writes.
 */

/** Who counts where, per piece of evidence. */
export interface MapEntryState {
	id: string;
	/** Tagging id → [kind, tagId, projectId] of its live region and life-stage taggings. */
	tags: Record<string, [TagKindCounted, string, string]>;
	/** `cellId`s it counts in now. */
	cells: string[];
	/** Whether it counted as an unknown unknown. */
	unknown: boolean;
}

export interface MapCellCount {
	/** `cellId(projectId, regionId, stageId)`. */
	key: string;
	projectId: string;
	regionId: string;
	stageId: string;
	count: number;
	unknowns: number;
}

type TagKindCounted = 'region' | 'lifeStage';
type Row = Record<string, unknown> & { id: string };

export const mapEntriesTable = 'mapEntries';
export const mapCellsTable = 'mapCells';

export const cellId = (projectId: string, regionId: string, stageId: string) => `${projectId}|${regionId}|${stageId}`;

/** The tables a change in which can move a count. */
const sources = new Set<string>(['entries', 'taggings', 'regions', 'participants', 'sessions']);
/** What the upkeep reads and writes, added to every write transaction over a source. */
const upkeepTables = [...sources, mapEntriesTable, mapCellsTable];

/** Reads and writes of the upkeep: DBCore inside a write, Dexie tables in the schema upgrade. */
interface Store {
	get(table: string, keys: string[]): Promise<(Row | undefined)[]>;
	byIndex(table: string, index: string, value: string): Promise<Row[]>;
	put(table: string, rows: object[]): Promise<void>;
	remove(table: string, keys: string[]): Promise<void>;
}

const whole = (table: SyncedTableName, row: Row | undefined): row is Row => {
	if (!row) return false;
	for (const f of requiredFields(table)) if (row[f] === undefined) return false;
	return true;
};
const live = (table: SyncedTableName, row: Row | undefined, projectId: string): row is Row => whole(table, row) && !row.deleted && row.projectId === projectId;
const withdrawn = (p: Row) => (p.consent as { status?: string } | null | undefined)?.status === 'withdrawn';

/** A tagging as the counts see it: [kind, tagId, projectId] when it is live and counted, else null. */
function countedTag(t: Row | undefined): [TagKindCounted, string, string] | null {
	if (!whole('taggings', t) || t.deleted) return null;
	if (t.kind !== 'region' && t.kind !== 'lifeStage') return null;
	return [t.kind, String(t.tagId), String(t.projectId)];
}

/** Tag changes to apply to an entry's state before its cells are worked out again. */
type TagDelta = Map<string, [TagKindCounted, string, string] | null>;

/**
 * Works out again the cells of these pieces of evidence and moves the counts by the
 * difference. `deltas` (entry id → tagging id → its counted form or null) updates
 * their tags first.
 */
async function recount(store: Store, ids: Iterable<string>, deltas: Map<string, TagDelta> = new Map()): Promise<void> {
	const entryIds = [...new Set(ids)];
	if (entryIds.length === 0) return;
	const [states, entries] = await Promise.all([
		store.get(mapEntriesTable, entryIds) as Promise<(MapEntryState | undefined)[]>,
		store.get('entries', entryIds)
	]);

	// Everything the rules read, in a few bulk reads.
	const sessionIds = new Set<string>();
	for (const e of entries) if (e?.sessionId) sessionIds.add(String(e.sessionId));
	const sessions = await getMap(store, 'sessions', sessionIds);
	const participantIds = new Set<string>();
	for (const e of entries) if (e?.participantId) participantIds.add(String(e.participantId));
	for (const s of sessions.values()) for (const id of (s?.participantIds as string[] | undefined) ?? []) participantIds.add(id);
	const participants = await getMap(store, 'participants', participantIds);
	const nextTags = entryIds.map((id, i) => {
		const tags = { ...(states[i]?.tags ?? {}) };
		for (const [tid, tag] of deltas.get(id) ?? []) {
			if (tag) tags[tid] = tag;
			else delete tags[tid];
		}
		return tags;
	});
	const regions = new Map<string, Row | undefined>();
	const wantRegions = async (keys: Iterable<string>) => {
		const missing = [...new Set(keys)].filter((k) => !regions.has(k));
		if (missing.length) (await store.get('regions', missing)).forEach((r, i) => regions.set(missing[i], r));
	};
	await wantRegions(nextTags.flatMap((tags) => Object.values(tags).filter((t) => t[0] === 'region').map((t) => t[1])));
	await wantRegions([...regions.values()].flatMap((r) => (r?.parentId ? [String(r.parentId)] : [])));
	await wantRegions([...regions.values()].flatMap((r) => (r?.parentId ? [String(r.parentId)] : [])));

	const isField = (r: Row, projectId: string) => r.parentId === null || !live('regions', regions.get(String(r.parentId)), projectId);
	/** The top-level field a tagged region's evidence also counts in (as computeMapGrid rolls it up). */
	const fieldOf = (regionId: string, projectId: string): string | null => {
		const r = regions.get(regionId);
		if (!live('regions', r, projectId)) return null;
		if (isField(r, projectId)) return r.id;
		const parent = regions.get(String(r.parentId))!;
		return isField(parent, projectId) ? parent.id : null;
	};
	const hiddenParticipant = (id: unknown, projectId: string) => {
		const p = typeof id === 'string' ? participants.get(id) : undefined;
		return live('participants', p, projectId) && withdrawn(p);
	};
	const hiddenSession = (id: unknown, projectId: string) => {
		const s = typeof id === 'string' ? sessions.get(id) : undefined;
		if (!live('sessions', s, projectId)) return false;
		const members = (s.participantIds as string[] | undefined) ?? [];
		return members.length > 0 && members.every((m) => hiddenParticipant(m, projectId));
	};

	const deltaOf = new Map<string, { projectId: string; regionId: string; stageId: string; count: number; unknowns: number }>();
	const move = (key: string, by: number, unknown: boolean) => {
		const [projectId, regionId, stageId] = key.split('|');
		const d = deltaOf.get(key) ?? { projectId, regionId, stageId, count: 0, unknowns: 0 };
		d.count += by;
		if (unknown) d.unknowns += by;
		deltaOf.set(key, d);
	};
	const statePuts: MapEntryState[] = [];
	const stateDeletes: string[] = [];
	entryIds.forEach((id, i) => {
		const e = entries[i];
		const tags = nextTags[i];
		let cells: string[] = [];
		let unknown = false;
		if (whole('entries', e) && !e.deleted) {
			const projectId = String(e.projectId);
			const visible = !hiddenParticipant(e.participantId, projectId) && !hiddenSession(e.sessionId, projectId);
			const regionIds = new Set<string>();
			const stageIds = new Set<string>();
			for (const [kind, tagId, tagProject] of Object.values(tags)) {
				if (tagProject !== projectId) continue;
				if (kind === 'lifeStage') stageIds.add(tagId);
				else {
					regionIds.add(tagId);
					const field = fieldOf(tagId, projectId);
					if (field) regionIds.add(field);
				}
			}
			if (visible && stageIds.size > 0) for (const r of regionIds) for (const s of stageIds) cells.push(cellId(projectId, r, s));
			cells = cells.sort();
			unknown = e.kind === 'unknown';
		}
		const before = states[i];
		for (const key of before?.cells ?? []) move(key, -1, before!.unknown);
		for (const key of cells) move(key, 1, unknown);
		if (cells.length === 0 && Object.keys(tags).length === 0) {
			if (before) stateDeletes.push(id);
		} else statePuts.push({ id, tags, cells, unknown });
	});
	if (statePuts.length) await store.put(mapEntriesTable, statePuts);
	if (stateDeletes.length) await store.remove(mapEntriesTable, stateDeletes);

	const keys = [...deltaOf.keys()].filter((k) => deltaOf.get(k)!.count !== 0 || deltaOf.get(k)!.unknowns !== 0);
	if (keys.length === 0) return;
	const stored = (await store.get(mapCellsTable, keys)) as unknown as (MapCellCount | undefined)[];
	const cellPuts: MapCellCount[] = [];
	const cellDeletes: string[] = [];
	keys.forEach((key, i) => {
		const d = deltaOf.get(key)!;
		const count = (stored[i]?.count ?? 0) + d.count;
		const unknowns = (stored[i]?.unknowns ?? 0) + d.unknowns;
		if (count <= 0) cellDeletes.push(key);
		else cellPuts.push({ key, projectId: d.projectId, regionId: d.regionId, stageId: d.stageId, count, unknowns });
	});
	if (cellPuts.length) await store.put(mapCellsTable, cellPuts);
	if (cellDeletes.length) await store.remove(mapCellsTable, cellDeletes);
}

async function getMap(store: Store, table: string, ids: Set<string>): Promise<Map<string, Row | undefined>> {
	const keys = [...ids];
	const rows = keys.length ? await store.get(table, keys) : [];
	return new Map(keys.map((k, i) => [k, rows[i]]));
}

/** Which pieces of evidence a write to `table` may move, and tag changes, from the rows before and after it. */
async function affected(store: Store, table: string, before: (Row | undefined)[], after: (Row | undefined)[]): Promise<{ ids: Set<string>; deltas: Map<string, TagDelta> }> {
	const ids = new Set<string>();
	const deltas = new Map<string, TagDelta>();
	const n = Math.max(before.length, after.length);
	if (table === 'taggings') {
		const note = (targetId: string, taggingId: string, tag: [TagKindCounted, string, string] | null) => {
			if (!deltas.has(targetId)) deltas.set(targetId, new Map());
			deltas.get(targetId)!.set(taggingId, tag);
			ids.add(targetId);
		};
		for (let i = 0; i < n; i++) {
			const [b, a] = [before[i], after[i]];
			// A tagging that moved (never done, but a hostile device could send it) leaves its old target.
			if (b?.targetId && b.targetId !== a?.targetId) note(String(b.targetId), b.id, null);
			if (a?.targetId) note(String(a.targetId), a.id, countedTag(a));
		}
		return { ids, deltas };
	}
	const changedRows: Row[] = [];
	for (let i = 0; i < n; i++) {
		const [b, a] = [before[i], after[i]];
		if (relevant(table, b) !== relevant(table, a)) changedRows.push((a ?? b)!);
	}
	if (changedRows.length === 0) return { ids, deltas };
	const addAll = (rows: Row[]) => rows.forEach((r) => ids.add(r.id));
	if (table === 'sessions') {
		for (const s of changedRows) addAll(await store.byIndex('entries', 'sessionId', s.id));
	} else if (table === 'participants') {
		for (const p of changedRows) {
			addAll(await store.byIndex('entries', 'participantId', p.id));
			const projectSessions = typeof p.projectId === 'string' ? await store.byIndex('sessions', 'projectId', p.projectId) : [];
			for (const s of projectSessions) if (((s.participantIds as string[] | undefined) ?? []).includes(p.id)) addAll(await store.byIndex('entries', 'sessionId', s.id));
		}
	} else if (table === 'regions') {
		// A region's evidence rolls up to its field: a region that moves or goes changes its own,
		// its sub-regions' and (a field that goes makes its sub-regions fields) theirs' in turn.
		const regionIds = new Set<string>();
		for (const r of changedRows) {
			regionIds.add(r.id);
			for (const child of await store.byIndex('regions', 'parentId', r.id)) {
				regionIds.add(child.id);
				for (const grandchild of await store.byIndex('regions', 'parentId', child.id)) regionIds.add(grandchild.id);
			}
		}
		for (const id of regionIds) for (const t of await store.byIndex('taggings', 'tagId', id)) if (t.targetId) ids.add(String(t.targetId));
	}
	return { ids, deltas };
}

/** What of a row of these tables the counts depend on, as a string to compare. */
function relevant(table: string, row: Row | undefined): string {
	if (!whole(table as SyncedTableName, row)) return 'none';
	const base = `${row.projectId}|${row.deleted ? 1 : 0}`;
	if (table === 'participants') return `${base}|${withdrawn(row) ? 1 : 0}`;
	if (table === 'sessions') return `${base}|${JSON.stringify(row.participantIds ?? [])}`;
	if (table === 'regions') return `${base}|${row.parentId ?? ''}`;
	return base;
}

/**
 * Dexie's zone (its "PSD": the current transaction of the calling code). The layers
 * below (Dexie's hooks middleware) read it on every call, and a native `await` in this
 * middleware loses it, so each call below is made inside the zone the write came in.
 */
type Zone = unknown;
const zones = Dexie.Promise as unknown as { PSD: Zone; usePSD<T>(zone: Zone, fn: () => T): T };

/** The upkeep over DBCore, inside the write's own transaction. */
function coreStore(down: DBCore, trans: DBCoreTransaction, zone: Zone): Store {
	const table = (name: string): DBCoreTable => {
		const t = down.table(name);
		return {
			...t,
			getMany: (req) => zones.usePSD(zone, () => t.getMany(req)),
			query: (req) => zones.usePSD(zone, () => t.query(req)),
			mutate: (req) => zones.usePSD(zone, () => t.mutate(req))
		};
	};
	return {
		get: (name, keys) => table(name).getMany({ trans, keys }),
		async byIndex(name, index, value) {
			const t = table(name);
			const idx = t.schema.getIndexByKeyPath(index);
			if (!idx) throw new Error(`map counts: ${name} has no index ${index}`);
			return (await t.query({ trans, values: true, query: { index: idx, range: { type: 1, lower: value, upper: value } } })).result;
		},
		async put(name, rows) {
			await table(name).mutate({ type: 'put', trans, values: rows });
		},
		async remove(name, keys) {
			await table(name).mutate({ type: 'delete', trans, keys });
		}
	};
}

const keysOf = (req: DBCoreMutateRequest): string[] | null => {
	if (req.type === 'delete') return req.keys as string[];
	if (req.type === 'deleteRange') return null;
	return (req.keys as string[] | undefined) ?? req.values.map((v: { id: string }) => v.id);
};

/**
 * The middleware (registered in db.ts above encryption, so it sees rows in the clear):
 * every write transaction over a source table also spans the derived tables, and each
 * write to a source moves the counts before the transaction can commit. Inert on a
 * database older than the version that has the tables.
 */
export const mapCountsMiddleware: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'mapCounts',
	level: 20,
	create(down) {
		const names = new Set(down.schema.tables.map((t) => t.name));
		if (!upkeepTables.every((t) => names.has(t))) return {};
		return {
			transaction(stores, mode, options) {
				const scope = mode === 'readwrite' && stores.some((s) => sources.has(s)) ? [...new Set([...stores, ...upkeepTables])] : stores;
				return down.transaction(scope, mode, options);
			},
			table(name) {
				const table = down.table(name);
				if (!sources.has(name)) return table;
				return {
					...table,
					async mutate(req) {
						const idb = req.trans as unknown as IDBTransaction;
						// During a schema upgrade, before the version that made the derived tables: that version builds them.
						if (!idb.objectStoreNames?.contains(mapCellsTable)) return table.mutate(req);
						const zone = zones.PSD;
						const store = coreStore(down, req.trans, zone);
						const inZone = <T>(fn: () => T) => zones.usePSD(zone, fn);
						const keys = keysOf(req);
						if (keys === null) {
							const res = await table.mutate(req);
							await inZone(() => rebuild(store, down, req.trans, zone));
							return res;
						}
						if (name === 'entries') {
							// The evidence itself: its cells are worked out from the stored row, nothing to compare.
							const res = await table.mutate(req);
							await recount(store, keys);
							return res;
						}
						const before = req.type === 'add' ? [] : await inZone(() => table.getMany({ trans: req.trans, keys }));
						const res = await inZone(() => table.mutate(req));
						// Read back, not taken from the request: a failed add left the stored row as it was.
						const after = req.type === 'delete' ? [] : await inZone(() => table.getMany({ trans: req.trans, keys }));
						const { ids, deltas } = await affected(store, name, before, after);
						await recount(store, ids, deltas);
						return res;
					}
				};
			}
		};
	}
};

/** Everything again from the source tables (after a `clear()` of one): rare, so a full read is fine. */
async function rebuild(store: Store, down: DBCore, trans: DBCoreTransaction, zone: Zone): Promise<void> {
	const any = { type: 3, lower: -Infinity, lowerOpen: false, upper: [[]], upperOpen: false } as const;
	const all = async (name: string) =>
		(await zones.usePSD(zone, () => down.table(name).query({ trans, values: true, query: { index: down.table(name).schema.primaryKey, range: any } }))).result as Row[];
	await zones.usePSD(zone, () => down.table(mapEntriesTable).mutate({ type: 'deleteRange', trans, range: any }));
	await zones.usePSD(zone, () => down.table(mapCellsTable).mutate({ type: 'deleteRange', trans, range: any }));
	await recountFrom(store, await all('entries'), await all('taggings'));
}

async function recountFrom(store: Store, entries: Row[], taggings: Row[]): Promise<void> {
	const deltas = new Map<string, TagDelta>();
	for (const t of taggings) {
		const tag = countedTag(t);
		if (!tag || !t.targetId) continue;
		const target = String(t.targetId);
		if (!deltas.has(target)) deltas.set(target, new Map());
		deltas.get(target)!.set(t.id, tag);
	}
	const ids = [...new Set([...entries.map((e) => e.id), ...deltas.keys()])];
	// In slices, so a 50k-entry project does not hold every state in memory at once.
	for (let i = 0; i < ids.length; i += 2000) {
		const slice = ids.slice(i, i + 2000);
		await recount(store, slice, new Map(slice.filter((id) => deltas.has(id)).map((id) => [id, deltas.get(id)!])));
	}
}

/** The schema upgrade that adds the tables: counts every database already holds, once. */
export async function buildMapCounts(tx: Transaction): Promise<void> {
	const store: Store = {
		get: (name, keys) => tx.table(name).bulkGet(keys),
		byIndex: (name, index, value) => tx.table(name).where(index).equals(value).toArray(),
		put: async (name, rows) => void (await tx.table(name).bulkPut(rows)),
		remove: (name, keys) => tx.table(name).bulkDelete(keys)
	};
	await recountFrom(store, await tx.table('entries').toArray(), await tx.table('taggings').toArray());
}
