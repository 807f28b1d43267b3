import { syncedTableNames, type FieldworkDb, type OutboxChange } from '$lib/data/db';
import { authorshipFieldsOf } from '$lib/domain/authorship';
import { newId } from '$lib/domain/ids';
import { fieldClocksKey, type FieldClocks } from './fieldClocks';
import { fieldChangesOf, isRowChange, rowChangeFields } from './rowChange';

/** The rows of a project in one table (the projects table is keyed by the project's own id). */
async function projectRows(db: FieldworkDb, table: (typeof syncedTableNames)[number], projectId: string): Promise<Record<string, unknown>[]> {
	if (table === 'projects') return [await db.projects.get(projectId)].filter((r) => r !== undefined) as Record<string, unknown>[];
	return (await db.table(table).where('projectId').equals(projectId).toArray()) as Record<string, unknown>[];
}

/**
 * Before a device signs in, its work is attributed to `local-<deviceId>`. When such a
 * project is first put on a server, that work becomes the signed-in person's: the server
 * accepts a row only in the name of the one who pushes it. Each table's rows and their
 * queued changes are rewritten together, before anything is pushed (the project has
 * never been on a server, so no other device holds these values). Reads first and writes
 * only what changes, in small transactions: sharing a project made while signed in
 * writes nothing here. Returns how many rows were claimed.
 */
export async function claimLocalWork(db: FieldworkDb, projectId: string, localId: string, userId: string): Promise<number> {
	if (localId === userId) return 0;
	const claim = (row: Record<string, unknown>, fields: string[]) => {
		const copy = { ...row };
		for (const f of fields) if (copy[f] === localId) copy[f] = userId;
		return copy;
	};
	let claimed = 0;
	for (const table of syncedTableNames) {
		const fields = authorshipFieldsOf(table);
		const changed = (await projectRows(db, table, projectId)).filter((row) => fields.some((f) => row[f] === localId)).map((row) => claim(row, fields));
		if (changed.length === 0) continue;
		await db.transaction('rw', [table], () => db.table(table).bulkPut(changed));
		claimed += changed.length;
	}
	const rewritten = (await db.outbox.where('projectId').equals(projectId).toArray()).flatMap((c): OutboxChange[] => {
		const fields = authorshipFieldsOf(c.table);
		if (isRowChange(c)) {
			const row = rowChangeFields(c) ?? {};
			return fields.some((f) => row[f] === localId) ? [{ ...c, value: claim(row, fields) }] : [];
		}
		return c.value === localId && fields.includes(c.field) ? [{ ...c, value: userId }] : [];
	});
	if (rewritten.length) await db.outbox.bulkPut(rewritten);
	return claimed;
}

/**
 * A project that came to this device as a whole (restored from a backup file) has no
 * queued changes: the restore applied it as the sync does, with no outbox. Before such a
 * project is first put on a server, every field of every row that is not already queued is
 * queued with the stamp it has on the device, and its note updates are marked unsent, so
 * the server receives the project whole. A project made on this device is queued already
 * (each row as one whole-row change) and gets nothing more. Returns how many changes were
 * queued.
 */
export async function queueWholeProject(db: FieldworkDb, projectId: string): Promise<number> {
	// A queued `$row` change holds every field of its row: those fields are queued too.
	const queued = new Set(
		(await db.outbox.where('projectId').equals(projectId).toArray()).flatMap((c) => fieldChangesOf(c).map((f) => `${f.table}/${f.rowId}/${f.field}`))
	);
	const added: OutboxChange[] = [];
	for (const table of syncedTableNames) {
		const rows = await projectRows(db, table, projectId);
		const clocks = await db.syncState.bulkGet(rows.map((r) => fieldClocksKey(table, String(r.id))));
		rows.forEach((row, i) => {
			const stamps = (clocks[i]?.value as FieldClocks | undefined) ?? {};
			for (const [field, value] of Object.entries(row)) {
				if (field === 'id' || field === 'projectId' || field === 'updatedAt') continue;
				if (queued.has(`${table}/${row.id}/${field}`)) continue;
				const hlc = stamps[field] ?? String(row.updatedAt);
				added.push({ opId: newId(), hlc, projectId, table, rowId: String(row.id), field, value });
			}
		});
	}
	const sent = await db.noteUpdates.where('projectId').equals(projectId).filter((u) => u.synced === 1).primaryKeys();
	if (added.length === 0 && sent.length === 0) return 0;
	await db.transaction('rw', ['outbox', 'noteUpdates'], async () => {
		if (added.length) await db.outbox.bulkAdd(added);
		if (sent.length) await db.noteUpdates.where('seq').anyOf(sent as number[]).modify({ synced: 0 });
	});
	return added.length;
}

/** Everything a project needs before its first push to a server (see the two steps above). */
export async function prepareFirstPush(db: FieldworkDb, projectId: string, who: { localId: string; userId: string }): Promise<void> {
	await queueWholeProject(db, projectId);
	await claimLocalWork(db, projectId, who.localId, who.userId);
}
