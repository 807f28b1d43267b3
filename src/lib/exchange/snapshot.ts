import type { OutboxChange } from '$lib/data/db';
import { syncedTableNames, type SyncedTableName, type SyncedTables } from '$lib/domain/tables';
import type { Project } from '$lib/domain/project';
import type { FieldClocks } from '$lib/sync/fieldClocks';

/**
 * Everything an export needs from one project, as plain data: the browser
 * builds it from IndexedDB, the server from its stored rows, and every
 * exporter is a pure function of it – one implementation on both sides.
 */
export type SnapshotRows = { [K in SyncedTableName]: SyncedTables[K][] };

export interface SnapshotNoteUpdate {
	id: string;
	noteId: string;
	update: Uint8Array;
	createdAt: string;
	/** 0 while the server has not acknowledged it (kept in a backup, so it is still sent after a restore). */
	synced: 0 | 1;
}

export interface SnapshotUser {
	id: string;
	name: string;
}

export interface ProjectSnapshot {
	project: Project;
	/** Every row of the project, tombstones included (a backup keeps them; exports leave them out). */
	rows: SnapshotRows;
	noteUpdates: SnapshotNoteUpdate[];
	/** Names for the user ids rows carry, where known. */
	users: SnapshotUser[];
	/** The bytes of an attachment, fetched only when an exporter needs them (audio can be large). */
	blob(sha256: string): Promise<Uint8Array | undefined>;
}

/** What only a backup carries on top: the per-field clocks and the changes not yet sent. */
export interface BackupSource extends ProjectSnapshot {
	fieldClocks: Record<string, FieldClocks>;
	outbox: OutboxChange[];
}

/** Progress of a long export, for the progress bar: `done` of `total` steps. */
export type ProgressFn = (done: number, total: number) => void;

export function emptyRows(): SnapshotRows {
	return Object.fromEntries(syncedTableNames.map((t) => [t, []])) as unknown as SnapshotRows;
}

/** Rows that are not tombstones. */
export function live<T extends { deleted: 0 | 1 }>(rows: readonly T[]): T[] {
	return rows.filter((r) => !r.deleted);
}

/** Key of a row's field clocks in a backup. */
export const clockKey = (table: string, rowId: string) => `${table}/${rowId}`;

/** Lets the page repaint between steps of a long export. */
export const yieldToUi = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
