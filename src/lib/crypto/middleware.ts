import type { DBCore, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';
import { mappedCursor } from '$lib/data/mappedCursor';
import { openLegacyValue, openValue, sealValue } from './rowCipher';
import { activeDataKey, LockedError } from './session';

/**
 * Encryption at rest as a Dexie DBCore middleware: every value that goes to
 * IndexedDB keeps in the clear only what IndexedDB itself must read – the primary
 * key and every index's key path (the tables' indexes in schemaVersions.ts), and
 * the `blob` of a blobs row, which is sealed by its writer (blobSeal.ts) because a
 * Blob cannot be read synchronously. All the rest of the row goes into one
 * XChaCha20-Poly1305 ciphertext under `sealedField`, field names included (rowCipher.ts).
 *
 * Writes are sealed while a data key is unlocked; rows written before a PIN was set
 * are read as they are until the migration rewrites them (migrate.ts). A sealed row
 * read without a key throws LockedError, never a half row.
 */
export const sealedField = '$sealed2';
/** Where the first release kept its AES-GCM ciphertext; read, never written. */
export const legacySealedField = '$sealed';

/** Fields a table stores beside the ciphertext although they are no index: sealed separately by their writer. */
const sealedByWriter: Record<string, string[]> = { blobs: ['blob'] };

function topLevel(keyPath: string | string[] | null): string[] {
	if (keyPath === null) return [];
	return (Array.isArray(keyPath) ? keyPath : [keyPath]).map((path) => path.split('.')[0]);
}

/** The fields of a table that stay clear: its primary key and the key path of every index. */
export function clearFields(schema: DBCoreTableSchema): Set<string> {
	const fields = new Set(topLevel(schema.primaryKey.keyPath));
	for (const index of schema.indexes) for (const field of topLevel(index.keyPath)) fields.add(field);
	for (const field of sealedByWriter[schema.name] ?? []) fields.add(field);
	return fields;
}

type Row = Record<string, unknown>;

export function isSealedRow(value: unknown): value is Row {
	return !!value && typeof value === 'object' && ((value as Row)[sealedField] instanceof Uint8Array || (value as Row)[legacySealedField] instanceof Uint8Array);
}

export function sealRow(key: Uint8Array, clear: Set<string>, row: unknown): unknown {
	if (!row || typeof row !== 'object' || isSealedRow(row)) return row;
	const out: Row = {};
	const content: Row = {};
	for (const [field, value] of Object.entries(row as Row)) {
		if (clear.has(field)) out[field] = value;
		else if (value !== undefined) content[field] = value;
	}
	out[sealedField] = sealValue(key, content);
	return out;
}

export function openRow(key: Uint8Array | null, row: unknown): unknown {
	if (!isSealedRow(row)) return row;
	if (!key) throw new LockedError();
	const { [sealedField]: sealed, [legacySealedField]: legacy, ...clear } = row;
	const content = sealed instanceof Uint8Array ? openValue(key, sealed) : openLegacyValue(key, legacy as Uint8Array);
	return { ...clear, ...(content as Row) };
}

function encryptingTable(table: DBCoreTable, key: () => Uint8Array | null): DBCoreTable {
	const clear = clearFields(table.schema);
	return {
		...table,
		mutate(req) {
			const dataKey = key();
			if (!dataKey || (req.type !== 'add' && req.type !== 'put')) return table.mutate(req);
			return table.mutate({ ...req, values: req.values.map((value) => sealRow(dataKey, clear, value)) });
		},
		get: (req) => table.get(req).then((row) => openRow(key(), row)),
		getMany: (req) => table.getMany(req).then((rows) => rows.map((row) => openRow(key(), row))),
		query: (req) =>
			table.query(req).then((res) => (req.values ? { ...res, result: res.result.map((row) => openRow(key(), row)) } : res)),
		openCursor: (req) => table.openCursor(req).then((cursor) => (cursor && req.values ? mappedCursor(cursor, (row) => openRow(key(), row)) : cursor))
	};
}

/** The middleware for `db.use`; `key` defaults to the page's unlocked key (session.ts), tests pass their own. */
export function encryptionMiddleware(key: () => Uint8Array | null = activeDataKey): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'encryptionAtRest',
		create(down) {
			return { ...down, table: (name) => encryptingTable(down.table(name), key) };
		}
	};
}
