import type { FieldworkDb } from '$lib/data/db';

/**
 * The HLC of the value each field of a row holds on this device, so a pulled
 * change can be compared per field (last writer wins per field). Kept in
 * `syncState`, which every write transaction already includes.
 */
export type FieldClocks = Record<string, string>;

export const fieldClocksKey = (table: string, rowId: string) => `fc:${table}/${rowId}`;
const key = fieldClocksKey;

export async function readFieldClocks(db: FieldworkDb, table: string, rowId: string): Promise<FieldClocks> {
	return ((await db.syncState.get(key(table, rowId)))?.value as FieldClocks | undefined) ?? {};
}

export async function writeFieldClocks(db: FieldworkDb, table: string, rowId: string, clocks: FieldClocks): Promise<void> {
	await db.syncState.put({ key: key(table, rowId), value: clocks });
}

export async function stampFields(db: FieldworkDb, table: string, rowId: string, fields: string[], hlc: string): Promise<void> {
	const clocks = await readFieldClocks(db, table, rowId);
	for (const f of fields) clocks[f] = hlc;
	await writeFieldClocks(db, table, rowId, clocks);
}
