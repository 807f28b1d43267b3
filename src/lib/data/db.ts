import Dexie, { type EntityTable, type Table } from 'dexie';
import type { NoteUpdate } from '$lib/domain/note';
import type { StoredBlob } from '$lib/domain/attachment';
import { schemaVersions } from './schemaVersions';
import { mapCountsMiddleware, type MapCellCount, type MapEntryState } from './mapAggregate';
import { encryptionMiddleware } from '$lib/crypto/middleware';
import { blobBytesMiddleware } from './blobBytes';
import { reconnectTransactions } from './reconnect';
import type { SyncedTableName, SyncedTables } from '$lib/domain/tables';
import type { StoredSearchIndex } from '$lib/search/persisted';

/** One per-field change waiting to be pushed. Written in the same transaction as the row. */
export interface OutboxChange {
	opId: string;
	hlc: string;
	/** For an edit: the stamp of the value it replaced on this device. */
	base?: string;
	projectId: string;
	table: SyncedTableName;
	rowId: string;
	field: string;
	value: unknown;
}

/** A value that lost a last-writer-wins conflict, or was overwritten by a newer remote edit. */
export interface HistoryRecord {
	id?: number;
	projectId: string;
	table: SyncedTableName;
	rowId: string;
	field: string;
	value: unknown;
	hlc: string;
	/** The stamp of the value that won. */
	supersededBy: string;
	at: string;
	/**
	 * The colleague, when known (a user id): who wrote the value that won over mine
	 * (`mineLost`, `restoredAfterDelete`), or whose value lost to mine (`theirsLost`).
	 */
	by?: string;
	/**
	 * What happened: my unsent value lost to a newer one (`mineLost`, also when the server
	 * said so of a pushed one), a colleague's older value arrived after mine and lost
	 * (`theirsLost`), or my edit of a row a colleague deleted brought it back
	 * (`restoredAfterDelete`). Older records have none.
	 */
	kind?: 'mineLost' | 'theirsLost' | 'restoredAfterDelete';
	/** Set when the person has dealt with it (kept mine, kept theirs, dismissed). */
	resolvedAt?: string;
}

/** A local change the server refused, with its reason; shown in the sync status. */
export interface RejectedRecord {
	opId: string;
	projectId: string;
	table: SyncedTableName | 'noteUpdates';
	rowId: string;
	field: string;
	value: unknown;
	hlc: string;
	code: string;
	message: string;
	at: string;
}

/** Why a pulled change was not applied on this device. */
export type SetAsideReason = 'unknown_table' | 'unknown_field' | 'invalid_value' | 'invalid_update';

/**
 * A pulled change this build could not apply, kept as it came with the reason:
 * shown under Settings → Sync and tried again with every later pull (an app
 * update may know its table or field).
 */
export interface SetAsideRecord {
	opId: string;
	projectId: string;
	seq: number;
	/** As the server sent it: possibly a table this build does not know. */
	table: string;
	rowId: string;
	field: string;
	value: unknown;
	hlc: string;
	reason: SetAsideReason;
	at: string;
}

export interface KeyValue<T = unknown> {
	key: string;
	value: T;
}

export { syncedTableNames, type SyncedTableName, type SyncedTables } from '$lib/domain/tables';

export type FieldworkDb = Dexie & { [K in SyncedTableName]: EntityTable<SyncedTables[K], 'id'> } & {
	noteUpdates: Table<NoteUpdate, number>;
	blobs: EntityTable<StoredBlob, 'sha256'>;
	outbox: EntityTable<OutboxChange, 'opId'>;
	syncState: EntityTable<KeyValue, 'key'>;
	settings: EntityTable<KeyValue, 'key'>;
	history: EntityTable<HistoryRecord, 'id'>;
	rejected: EntityTable<RejectedRecord, 'opId'>;
	setAside: EntityTable<SetAsideRecord, 'opId'>;
	searchIndex: EntityTable<StoredSearchIndex, 'projectId'>;
	mapEntries: EntityTable<MapEntryState, 'id'>;
	mapCells: EntityTable<MapCellCount, 'key'>;
};

export const defaultDbName = 'feltinnsikt';

/** Opens (and migrates) the local database. Tests pass their own name for isolation. */
export function openFieldworkDb(name = defaultDbName, upTo = Infinity, options: { dataKey?: () => Uint8Array | null } = {}): FieldworkDb {
	const db = new Dexie(name) as FieldworkDb;
	// Blobs as bytes where IndexedDB refuses a Blob (WebKit's private browsing: blobBytes.ts); nearest to IndexedDB.
	db.use(blobBytesMiddleware);
	// Encryption at rest (src/lib/crypto): a no-op until a PIN is set and the data key unlocked.
	db.use(encryptionMiddleware(options.dataKey));
	// The map's counts move with every write (data/mapAggregate.ts); above encryption, so it reads rows in the clear.
	db.use(mapCountsMiddleware);
	for (const v of schemaVersions) {
		if (v.version > upTo) break;
		const version = db.version(v.version).stores(v.stores);
		if (v.upgrade) version.upgrade(v.upgrade);
	}
	// A connection the browser takes away (iPadOS under memory pressure, WebKit's lost
	// storage server) is reopened and the transaction run again, never dropped.
	return reconnectTransactions(db);
}
